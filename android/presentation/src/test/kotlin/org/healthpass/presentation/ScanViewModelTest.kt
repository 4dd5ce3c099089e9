package org.healthpass.presentation

import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertIs
import org.healthpass.core.HealthPassport
import org.healthpass.tests.Posters
import org.healthpass.tests.TEN_AM
import org.healthpass.tests.lumaFrameOf
import org.junit.After
import org.junit.Before
import org.junit.Test

/** The scan and history view-models against the real core and real poster images. */
class ScanViewModelTest {
    private lateinit var passport: HealthPassport
    private var now = TEN_AM
    private val clock = Clock { now }

    @Before
    fun open() {
        passport = HealthPassport.open(Files.createTempDirectory("healthpass-vm").resolve("p.db").toString(), UrlConnectionTransport())
        passport.setTrustedRegistryKeys(listOf(Posters.registryPublicKey))
    }

    @After
    fun close() = passport.close()

    @Test
    fun posterFrameShowsCheckInConfirmationAndFurtherFramesAreIgnoredUntilDismissed() {
        val seen = mutableListOf<ScanState>()
        val scan = ScanViewModel(passport, clock) { seen += it }
        val frame = lumaFrameOf(Posters.create("Mal Bekasi Raya").first, padding = 8)

        scan.onFrame(frame.bytes, frame.width, frame.height, frame.rowStride)
        val confirmation = assertIs<ScanState.Confirmation>(scan.state)
        assertEquals(UiText.CHECKED_IN, confirmation.headline)
        assertEquals("Mal Bekasi Raya", confirmation.visit.venueName)
        assertEquals(UiText.CATEGORY_SHOP, confirmation.visit.category)
        assertEquals(true, confirmation.visit.canCheckOut)

        now += 1_800 // the same poster half an hour later checks out, but the card is still up
        scan.onFrame(frame.bytes, frame.width, frame.height, frame.rowStride)
        assertEquals(1, seen.size)

        scan.dismiss()
        scan.onFrame(frame.bytes, frame.width, frame.height, frame.rowStride)
        assertEquals(UiText.CHECKED_OUT, assertIs<ScanState.Confirmation>(scan.state).headline)
    }

    @Test
    fun frameWithoutCodeKeepsScanningAndBadFrameIsACameraProblem() {
        val scan = ScanViewModel(passport, clock)
        scan.onFrame(ByteArray(64 * 48) { -1 }, 64, 48, 64)
        assertEquals(ScanState.Scanning, scan.state)
        scan.onFrame(ByteArray(10), 64, 48, 64)
        assertEquals(ScanState.Refused(UiText.CAMERA_PROBLEM), scan.state)
    }

    @Test
    fun posterFromAnUntrustedRegistryIsRefusedWithItsOwnMessage() {
        passport.setTrustedRegistryKeys(emptyList())
        val scan = ScanViewModel(passport, clock)
        val frame = lumaFrameOf(Posters.create("Toko Lain").first)
        scan.onFrame(frame.bytes, frame.width, frame.height, frame.rowStride)
        assertEquals(ScanState.Refused(UiText.UNKNOWN_REGISTRY), scan.state)
    }

    @Test
    fun historyListsVisitsChecksOutAndReportsNoOpenVisit() {
        val history = HistoryViewModel(passport, clock)
        assertEquals(true, history.refresh().isEmpty)
        passport.checkInQr(Posters.create("Kantor Kecamatan Klojen").second, now)

        now += 600
        val afterCheckOut = history.checkOut()
        assertEquals(listOf(UiText.ENDING_MANUAL), afterCheckOut.rows.map { it.ending })
        assertEquals(false, afterCheckOut.rows.single().canCheckOut)
        assertEquals(UiText.NO_OPEN_VISIT, history.checkOut().message)
        assertEquals(true, history.exportCsv()!!.contains("Kantor Kecamatan Klojen"))
        assertEquals(true, history.deleteEverything().isEmpty)
    }
}
