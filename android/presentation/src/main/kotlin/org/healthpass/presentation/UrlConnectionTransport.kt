package org.healthpass.presentation

import java.io.ByteArrayOutputStream
import java.io.IOException
import java.io.InputStream
import java.net.HttpURLConnection
import java.net.SocketTimeoutException
import java.net.URL
import javax.net.ssl.SSLException
import org.healthpass.core.HttpHeader
import org.healthpass.core.HttpReply
import org.healthpass.core.HttpRequest
import org.healthpass.core.HttpTransport
import org.healthpass.core.TransportException

/**
 * The core's HTTP transport on [HttpURLConnection], the same class on Android and on the JVM
 * the tests run on: on a phone the system's trust store, proxy and network security config
 * apply, and the core library ships no TLS stack of its own.
 *
 * It only moves bytes; the core judges every reply. So it follows no redirect (the core refuses
 * a 3xx), hands back every status with its body, and reads at most `maxReplyBytes + 1` bytes
 * (the core refuses a longer body). `connectTimeoutMillis` bounds connecting;
 * `timeoutMillis` bounds each read (HttpURLConnection has no whole-exchange timeout).
 * The core calls [send] from its own background thread, never the UI thread.
 */
class UrlConnectionTransport : HttpTransport {
    override fun send(request: HttpRequest): HttpReply {
        val connection = try {
            URL(request.url).openConnection() as HttpURLConnection
        } catch (failure: IOException) {
            throw TransportException.Other()
        }
        try {
            return exchange(connection, request)
        } catch (timeout: SocketTimeoutException) {
            throw TransportException.TimedOut()
        } catch (tls: SSLException) {
            throw TransportException.Tls()
        } catch (unreachable: IOException) {
            throw TransportException.Offline()
        } catch (other: RuntimeException) {
            throw TransportException.Other()
        } finally {
            connection.disconnect()
        }
    }

    private fun exchange(connection: HttpURLConnection, request: HttpRequest): HttpReply {
        connection.instanceFollowRedirects = false
        connection.useCaches = false
        connection.connectTimeout = request.connectTimeoutMillis.toMillis()
        connection.readTimeout = request.timeoutMillis.toMillis()
        connection.requestMethod = request.method.name
        for (header in request.headers) connection.setRequestProperty(header.name, header.value)
        if (request.body.isNotEmpty()) {
            connection.doOutput = true
            connection.setFixedLengthStreamingMode(request.body.size)
            connection.outputStream.use { it.write(request.body) }
        }
        val status = connection.responseCode
        if (status !in 100..599) throw TransportException.Other()
        val headers = connection.headerFields.flatMap { (name, values) ->
            // The null name is the status line.
            if (name == null) emptyList() else values.map { HttpHeader(name, it) }
        }
        // 4xx and 5xx bodies (the server's error code) come from the error stream.
        val stream = if (status >= 400) connection.errorStream else connection.inputStream
        val limit = request.maxReplyBytes.coerceAtMost(Int.MAX_VALUE.toULong() - 1u).toInt() + 1
        val body = stream?.use { readAtMost(it, limit) } ?: ByteArray(0)
        return HttpReply(status.toUShort(), headers, body)
    }

    /** At most [limit] bytes of [stream]. */
    private fun readAtMost(stream: InputStream, limit: Int): ByteArray {
        val out = ByteArrayOutputStream()
        val buffer = ByteArray(8192)
        while (out.size() < limit) {
            val read = stream.read(buffer, 0, minOf(buffer.size, limit - out.size()))
            if (read < 0) break
            out.write(buffer, 0, read)
        }
        return out.toByteArray()
    }

    /** Milliseconds as HttpURLConnection takes them. */
    private fun UInt.toMillis(): Int = coerceAtMost(Int.MAX_VALUE.toUInt()).toInt()
}
