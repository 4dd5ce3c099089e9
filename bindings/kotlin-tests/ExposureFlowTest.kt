package org.healthpass.tests

import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlinx.coroutines.runBlocking
import org.healthpass.core.ExposureAdvice
import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException
import org.healthpass.core.Language
import org.healthpass.presentation.AlertRow
import org.healthpass.presentation.AlertsViewModel
import org.healthpass.presentation.UiText
import org.junit.After
import org.junit.Before
import org.junit.Test
import org.healthpass.presentation.UrlConnectionTransport

/**
 * Exposure warnings through the bindings against the real server binary on loopback: check in
 * from a poster frame, upload with an officer's code, sync and get alerted. The officer's and
 * operator's steps use the `healthpass` CLI, as their own tools would.
 */
class ExposureFlowTest {
    private val dir: File = Files.createTempDirectory("healthpass-exposure").toFile()
    private lateinit var server: TestServer
    private lateinit var url: String
    private lateinit var officer: String

    /**
     * The visits start two days ago on a whole hour (10-minute windows are then the visits
     * themselves): a phone trusts only windows that ended before the hour that publishes them,
     * and the story publishes now.
     */
    private val start: Long = (System.currentTimeMillis() / 1000 - 2 * 86_400).let { it - Math.floorMod(it, 3600L) }

    private fun rfc3339(unixSeconds: Long): String = java.time.Instant.ofEpochSecond(unixSeconds).toString()

    @Before
    fun startServer() {
        val data = File(dir, "server")
        officer = ServerCli.run("add-officer", "Dr. Sari", "--data", data.path).trim().lines().last()
        val operator = ServerCli.run("add-operator", "Pengelola", "--data", data.path).trim().lines().last()
        server = TestServer(data)
        url = server.url
        Cli.run(
            "operator", "register-venue", "--server", url, "--token", operator, "--name", "Mal Olympic Garden",
            "--address", "Jl. Kawi 24, Malang", "--category", "mall", "--stay", "120", "--valid-from", rfc3339(start - 3600),
            "--poster", File(dir, "mall.png").path, "--poster-text-out", File(dir, "mall.poster").path,
        )
    }

    @After
    fun stopServer() = server.stop()

    private fun publicKey(kind: String): String = server.publicKey(kind)

    private fun citizen(name: String): HealthPassport =
        HealthPassport.open(File(dir, "$name.db").path, UrlConnectionTransport()).also { it.setTrustedRegistryKeys(listOf(publicKey("registry"))) }

    @Test
    fun aConfirmedCaseAlertsTheOverlappingVisitorOnlyAndTurnsHimBlack() = runBlocking {
        val frame = lumaFrameOf(File(dir, "mall.png"))
        val (ani, budi, citra) = listOf("ani", "budi", "citra").map(::citizen)
        ani.checkInFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), start)
        ani.checkOut(start + 90 * 60)
        budi.checkInFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), start + 30 * 60)
        budi.checkOut(start + 120 * 60)
        citra.checkInFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), start + 85 * 60)
        citra.checkOut(start + 150 * 60)
        val nextDay = System.currentTimeMillis() / 1000

        val code = Cli.run(
            "officer", "confirm-case", "--advice", "get_tested", "--infectious-from", rfc3339(start),
            "--infectious-until", rfc3339(start + 86_400), "--server", url, "--token", officer,
        ).trim().lines().last()
        val receipt = ani.uploadVisits(url, code, listOf(), 14u, nextDay)
        assertEquals(1u, receipt.visitsShared)
        assertEquals(2u, receipt.reports, "90 minutes from a whole hour: two hour slots")
        val reused = assertFailsWith<HealthpassException.ServerRefused> {
            ani.uploadVisits(url, code, listOf(), 14u, nextDay)
        }
        assertEquals("code_used", reused.code)
        val pending = Cli.run("officer", "review", "--server", url, "--token", officer).lines().map { it.substringBefore(' ') }
        Cli.run("officer", "review", "--server", url, "--token", officer, "--approve", pending.single { it.startsWith("upload-") })
        Cli.run("officer", "publish", "--server", url, "--token", officer)

        val publisher = listOf(publicKey("publisher"))
        assertEquals(1u, budi.syncWarnings(url, publisher, 15u, nextDay).newAlerts)
        assertEquals(0u, citra.syncWarnings(url, publisher, 15u, nextDay).newAlerts, "5 minutes of overlap")
        val alert = budi.exposureAlerts().single()
        assertEquals("Mal Olympic Garden", alert.venueName)
        assertEquals(60L, alert.overlapMinutes)
        assertEquals(ExposureAdvice.GET_TESTED, alert.advice)
        assertTrue(citra.exposureAlerts().isEmpty())
        assertTrue(budi.syncWarnings(url, publisher, 15u, nextDay).unchanged)
        val screen = AlertsViewModel(budi, url, publisher, clock = { nextDay }).refresh()
        assertEquals(listOf(AlertRow("Mal Olympic Garden", start + 30 * 60, start + 120 * 60, 60L, UiText.ADVICE_GET_TESTED)), screen.rows)

        // The alert offers a call-back from the health office; Citra, not alerted, is not offered one.
        assertTrue(screen.followUpOffered)
        val citraScreen = AlertsViewModel(citra, url, publisher, clock = { nextDay })
        assertFalse(citraScreen.refresh().followUpOffered)
        assertEquals(UiText.FOLLOW_UP_NOT_OFFERED, citraScreen.requestFollowUp("0812 3456 7890", "", Language.INDONESIAN).message)
        val budiScreen = AlertsViewModel(budi, url, publisher, clock = { nextDay })
        assertEquals(UiText.FOLLOW_UP_INVALID_PHONE, budiScreen.requestFollowUp("12-34", "Budi", Language.INDONESIAN).message)
        assertFailsWith<HealthpassException.InvalidCallerName> {
            budi.requestFollowUp(url, "081234567890", "B".repeat(101), Language.ENGLISH, nextDay)
        }
        assertEquals(UiText.FOLLOW_UP_SENT, budiScreen.requestFollowUp("+62 812-3456-7890", "Budi", Language.INDONESIAN).message)
    }

    @Test
    fun offlineAndBadInputAreTypedErrorsThatChangeNothing() = runBlocking {
        val budi = citizen("budi")
        val publisher = listOf(publicKey("publisher"))
        assertFailsWith<HealthpassException.Offline> { budi.syncWarnings("http://127.0.0.1:9", publisher, 15u, 0) }
        assertFailsWith<HealthpassException.InvalidServerUrl> { budi.syncWarnings("http://example.org", publisher, 15u, 0) }
        assertFailsWith<HealthpassException.InvalidPublisherKey> { budi.syncWarnings(url, listOf(publicKey("registry")), 15u, 0) }
        assertFailsWith<HealthpassException.UnknownVisit> {
            budi.uploadVisits(url, "AAAA-AAAA-AAAA", listOf(42L), 14u, 0)
        }
        assertFailsWith<HealthpassException.NothingToShare> { budi.uploadVisits(url, "AAAA-AAAA-AAAA", listOf(), 14u, 0) }
        val frame = lumaFrameOf(File(dir, "mall.png"))
        budi.checkInFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), start)
        budi.checkOut(start + 30 * 60)
        val wrongCode = assertFailsWith<HealthpassException.ServerRefused> {
            budi.uploadVisits(url, "AAAA-AAAA-AAAA", listOf(), 14u, System.currentTimeMillis() / 1000)
        }
        assertEquals("invalid_code", wrongCode.code)
        assertTrue(budi.exposureAlerts().isEmpty())
        val offline = AlertsViewModel(budi, "http://127.0.0.1:9", publisher, clock = { 0 }).sync()
        assertEquals(UiText.OFFLINE, offline.message)
        assertTrue(offline.isEmpty)
    }
}
