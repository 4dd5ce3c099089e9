package org.healthpass.presentation

import com.sun.net.httpserver.HttpServer
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.nio.file.Files
import java.util.concurrent.atomic.AtomicInteger
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlinx.coroutines.runBlocking
import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException
import org.healthpass.core.HttpHeader
import org.healthpass.core.HttpMethod
import org.healthpass.core.HttpRequest
import org.healthpass.core.TransportException
import org.junit.After
import org.junit.Before
import org.junit.Test

/**
 * The HttpURLConnection transport against a real HTTP server on loopback (the JDK's): it moves
 * bytes and nothing more (a redirect comes back as the reply, a long body is cut one byte past
 * the cap for the core to refuse), and its failures keep their kind.
 */
class UrlConnectionTransportTest {
    private val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)
    private val targetHits = AtomicInteger()
    private var received: Triple<String, String?, ByteArray>? = null
    private val base get() = "http://127.0.0.1:${server.address.port}"

    @Before
    fun serve() {
        server.createContext("/redirect") { exchange ->
            exchange.responseHeaders.add("Location", "$base/target")
            exchange.sendResponseHeaders(307, -1)
            exchange.close()
        }
        server.createContext("/target") { exchange ->
            targetHits.incrementAndGet()
            exchange.sendResponseHeaders(200, -1)
            exchange.close()
        }
        server.createContext("/large") { exchange ->
            exchange.sendResponseHeaders(200, 10_000)
            exchange.responseBody.use { it.write(ByteArray(10_000) { 7 }) }
        }
        server.createContext("/refused") { exchange ->
            val body = """{"error":"code_used","message":"used"}""".toByteArray()
            exchange.sendResponseHeaders(409, body.size.toLong())
            exchange.responseBody.use { it.write(body) }
        }
        server.createContext("/echo") { exchange ->
            received = Triple(exchange.requestMethod, exchange.requestHeaders.getFirst("If-Match"), exchange.requestBody.readBytes())
            exchange.responseHeaders.add("ETag", "\"3\"")
            exchange.sendResponseHeaders(201, -1)
            exchange.close()
        }
        server.start()
    }

    @After
    fun stop() = server.stop(0)

    private fun request(path: String, method: HttpMethod = HttpMethod.GET, body: ByteArray = ByteArray(0), cap: ULong = 1024u, timeout: UInt = 5_000u) =
        HttpRequest(method, "$base$path", listOf(HttpHeader("If-Match", "\"2\"")), body, timeout, timeout, cap)

    @Test
    fun aRedirectIsTheReplyAndIsNeverFollowed() {
        val reply = UrlConnectionTransport().send(request("/redirect"))
        assertEquals(307, reply.status.toInt())
        assertEquals("$base/target", reply.headers.first { it.name.equals("location", ignoreCase = true) }.value)
        assertEquals(0, targetHits.get())
    }

    @Test
    fun aBodyIsReadOneBytePastTheCapAtMost() {
        assertEquals(101, UrlConnectionTransport().send(request("/large", cap = 100u)).body.size)
        assertEquals(10_000, UrlConnectionTransport().send(request("/large", cap = 10_000u)).body.size)
    }

    @Test
    fun anErrorReplyKeepsItsStatusAndBody() {
        val reply = UrlConnectionTransport().send(request("/refused", HttpMethod.POST, "{}".toByteArray()))
        assertEquals(409, reply.status.toInt())
        assertEquals("""{"error":"code_used","message":"used"}""", reply.body.decodeToString())
    }

    @Test
    fun theMethodHeadersAndBodyAreSent() {
        val reply = UrlConnectionTransport().send(request("/echo", HttpMethod.PUT, "blob".toByteArray()))
        assertEquals(201, reply.status.toInt())
        assertEquals("\"3\"", reply.headers.first { it.name.equals("etag", ignoreCase = true) }.value)
        val (method, ifMatch, body) = received!!
        assertEquals("PUT" to "\"2\"", method to ifMatch)
        assertContentEquals("blob".toByteArray(), body)
    }

    @Test
    fun aClosedPortIsOfflineAndASilentServerTimesOut() {
        val closed = ServerSocket(0).use { it.localPort }
        val offline = request("/").copy(url = "http://127.0.0.1:$closed/")
        assertFailsWith<TransportException.Offline> { UrlConnectionTransport().send(offline) }
        ServerSocket(0).use { silent ->
            val slow = request("/", timeout = 300u).copy(url = "http://127.0.0.1:${silent.localPort}/")
            assertFailsWith<TransportException.TimedOut> { UrlConnectionTransport().send(slow) }
        }
    }

    @Test
    fun thePassportRefusesARedirectTheTransportHandsBack() = runBlocking {
        val passport = HealthPassport.open(Files.createTempDirectory("healthpass-http").resolve("p.db").toString(), UrlConnectionTransport())
        server.createContext("/v1/trust-list") { exchange ->
            exchange.responseHeaders.add("Location", "$base/target")
            exchange.sendResponseHeaders(302, -1)
            exchange.close()
        }
        assertFailsWith<HealthpassException.ServerReplyInvalid> { passport.syncDocuments(base) }
        assertEquals(0, targetHits.get(), "the redirect was not followed")
        passport.close()
    }
}
