package org.healthpass.presentation

import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runBlocking
import org.healthpass.core.CheckInOutcome
import org.healthpass.core.HealthPassport
import org.healthpass.core.QrModules
import org.healthpass.core.decodeFrame
import org.healthpass.core.qrModules
import org.healthpass.tests.LumaFrame
import org.healthpass.tests.Posters
import org.healthpass.tests.TEN_AM
import org.healthpass.tests.TestServer
import org.junit.After
import org.junit.Before
import org.junit.Test

/**
 * The backup screen's recovery sheet and QR code, and the phone-to-phone transfer, against the
 * real core, the real server binary on loopback and a real transfer between two phones.
 */
class BackupViewModelTest {
    private val dir: File = Files.createTempDirectory("healthpass-backup-vm").toFile()
    private lateinit var server: TestServer
    private val clock = Clock { TEN_AM + 3_600 }
    private val phones = mutableListOf<HealthPassport>()

    @Before
    fun startServer() {
        server = TestServer(File(dir, "server"))
    }

    @After
    fun stop() {
        phones.forEach { it.close() }
        server.stop()
    }

    private fun phone(name: String): HealthPassport =
        HealthPassport.open(File(dir, "$name.db").path, UrlConnectionTransport()).also {
            it.setTrustedRegistryKeys(listOf(Posters.registryPublicKey))
            phones += it
        }

    private fun venues(phone: HealthPassport): List<String> = phone.history(clock.nowUnixSeconds()).map { it.venueName }

    /** [qr] drawn as a screen would: four light modules around, [scale] pixels per module. */
    private fun frameOf(qr: QrModules, scale: Int = 4): LumaFrame {
        val side = qr.side.toInt()
        val width = (side + 8) * scale
        val bytes = ByteArray(width * width) { 0xFF.toByte() }
        for (i in qr.dark.indices) {
            if (!qr.dark[i]) continue
            val (column, row) = (i % side + 4) to (i / side + 4)
            for (y in row * scale until (row + 1) * scale) bytes.fill(0, y * width + column * scale, y * width + (column + 1) * scale)
        }
        return LumaFrame(bytes, width, width, width)
    }

    @Test
    fun theSheetIsOfferedOnlyWhileTheCodeIsShownAndBothItAndTheScreenQrCarryTheCode() = runBlocking {
        val screen = BackupViewModel(phone("a"), server.url, clock)
        assertNull(screen.recoverySheet(), "no code, no sheet")
        val enabled = screen.enable(passphrase = null)
        val code = assertNotNull(enabled.recoveryCodeToShowOnce, "the code is shown once: ${enabled.message}")
        val qr = assertNotNull(enabled.recoveryCodeQr)
        assertEquals(qr.side.toInt() * qr.side.toInt(), qr.dark.size)
        val frame = frameOf(qr)
        assertEquals(listOf(code), decodeFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt()))

        val pdf = assertNotNull(screen.recoverySheet(), "offered while the code is shown")
        val text = String(pdf, Charsets.ISO_8859_1)
        assertTrue(text.startsWith("%PDF-1.4\n") && text.endsWith("%%EOF\n"), text.take(20))
        assertTrue(text.contains("($code) Tj"), "the code is printed as text")

        val hidden = screen.hideRecoveryCode()
        assertNull(hidden.recoveryCodeToShowOnce)
        assertNull(hidden.recoveryCodeQr)
        assertNull(screen.recoverySheet(), "not offered once the code is hidden")
        assertTrue(hidden.enabled)
    }

    @Test
    fun phoneAOffersTheTransferQrAndPhoneBScansItAndBothSeeTheVisit() = runBlocking {
        val (phoneA, phoneB) = phone("old") to phone("new")
        val (screenA, screenB) = BackupViewModel(phoneA, server.url, clock) to BackupViewModel(phoneB, server.url, clock)
        assertTrue(phoneA.checkInQr(Posters.create("Warung Sate Pak Kumis").second, TEN_AM) is CheckInOutcome.CheckedIn)

        assertEquals(TransferState.Failed(UiText.TRANSFER_CODE_INVALID), screenA.offerTransfer("8.8.8.8").transfer, "not a local address")
        val offering = assertIs<TransferState.Offering>(screenA.offerTransfer("127.0.0.1").transfer)
        assertEquals(TransferState.Waiting, screenB.scanForTransfer().transfer)
        val other = frameOf(qrModules("https://example.org/menu"))
        assertNull(screenB.transferCodeIn(other.bytes, other.width, other.height, other.rowStride), "other codes are ignored")
        val frame = frameOf(offering.qr)
        val scanned = assertNotNull(screenB.transferCodeIn(frame.bytes, frame.width, frame.height, frame.rowStride))
        assertTrue(scanned.startsWith(TRANSFER_QR_PREFIX), scanned)

        val (sent, received) = coroutineScope {
            val serving = async { screenA.serveTransfer(60u) }
            val received = screenB.receiveTransfer(scanned)
            serving.await() to received
        }
        assertEquals(TransferState.Sent, sent.transfer)
        assertEquals(TransferState.Received(visits = 1, certificates = 0, alerts = 0), received.transfer)
        assertEquals(listOf("Warung Sate Pak Kumis"), venues(phoneA))
        assertEquals(listOf("Warung Sate Pak Kumis"), venues(phoneB))

        assertEquals(TransferState.Failed(UiText.TRANSFER_CODE_INVALID), screenB.receiveTransfer("HPTX1:nonsense").transfer)
        assertEquals(TransferState.Failed(UiText.OFFLINE), screenB.receiveTransfer(scanned).transfer, "served once")
        assertEquals(TransferState.Idle, screenB.closeTransfer().transfer)
    }
}
