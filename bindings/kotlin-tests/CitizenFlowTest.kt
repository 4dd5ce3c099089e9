package org.healthpass.tests

import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.healthpass.core.CheckInOutcome
import org.healthpass.core.CheckoutKind
import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException
import org.healthpass.core.VenueCategory
import org.healthpass.core.PosterKind
import org.healthpass.core.VisitEnd
import org.healthpass.core.decodeFrame
import org.healthpass.presentation.VisitRow
import org.junit.After
import org.junit.Before
import org.junit.Test
import org.healthpass.presentation.UrlConnectionTransport

/** The citizen's flow through the generated Kotlin bindings and the real native library. */
class CitizenFlowTest {
    private lateinit var passport: HealthPassport

    @Before
    fun open() {
        val dir = Files.createTempDirectory("healthpass-store").toFile()
        passport = HealthPassport.open(dir.resolve("passport.db").path, UrlConnectionTransport())
        passport.setTrustedRegistryKeys(listOf(Posters.registryPublicKey))
    }

    @After
    fun close() = passport.close()

    @Test
    fun posterImageDecodedOnTheJvmChecksInThenCheckOutAndHistory() {
        val (png, _) = Posters.create("Toko Maju")
        val frame = lumaFrameOf(png, padding = 16)

        val outcome = passport.checkInFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), TEN_AM)

        val checkedIn = assertIs<CheckInOutcome.CheckedIn>(outcome)
        assertEquals("Toko Maju", checkedIn.visit.venueName)
        assertEquals(VenueCategory.SHOP, checkedIn.visit.category)
        assertEquals(VisitEnd.Open, checkedIn.visit.end)
        assertEquals(TEN_AM, checkedIn.visit.checkedInAt)
        assertNull(checkedIn.closedPrevious)

        val closed = passport.checkOut(TEN_AM + 1_500)
        assertEquals(VisitEnd.CheckedOut(TEN_AM + 1_500, CheckoutKind.MANUAL), closed.end)
        assertEquals(listOf(closed), passport.history(TEN_AM + 2_000))
        assertTrue(passport.exportCsv(TEN_AM + 2_000).contains("Toko Maju"))
    }

    @Test
    fun anEventPosterChecksInAsAnUnverifiedVisit() {
        // A Corona-Warn-App poster from ../shared/venueqr/vectors.json (see its README).
        val vectors = java.io.File(System.getProperty("healthpass.venueqr") ?: error("set -Dhealthpass.venueqr=DIR"), "vectors.json").readText()
        val url = Regex("\"id\": \"ios-agway\"[^}]*?\"url\": \"([^\"]+)\"").find(vectors)?.groupValues?.get(1) ?: error("no ios-agway vector")

        val checkedIn = assertIs<CheckInOutcome.CheckedIn>(passport.checkInQr(url, TEN_AM))
        assertEquals(PosterKind.CWA, checkedIn.visit.posterKind)
        assertNull(checkedIn.visit.venueId)
        assertEquals(false, VisitRow.of(checkedIn.visit).verified, "the scan screen shows the unverified notice")
        assertFailsWith<HealthpassException.NotAPoster> { passport.checkInQr("https://example.org/menu", TEN_AM + 60) }
    }

    @Test
    fun rescanningTheSamePosterAfterTwoMinutesChecksOut() {
        val (_, url) = Posters.create("Mal Bekasi Raya")
        assertIs<CheckInOutcome.CheckedIn>(passport.checkInQr(url, TEN_AM))
        assertIs<CheckInOutcome.AlreadyCheckedIn>(passport.checkInQr(url, TEN_AM + 30))
        val out = assertIs<CheckInOutcome.CheckedOut>(passport.checkInQr(url, TEN_AM + 1_800))
        assertEquals(CheckoutKind.RESCAN, assertIs<VisitEnd.CheckedOut>(out.visit.end).kind)
    }

    @Test
    fun decodeFrameReturnsThePosterText() {
        val (png, url) = Posters.create("Kantor Kecamatan Klojen")
        val frame = lumaFrameOf(png)
        assertEquals(listOf(url), decodeFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt()))
    }

    @Test
    fun forgedPosterRaisesForgedSignatureAndWritesNothing() {
        val (_, url) = Posters.create("Toko Asli")
        assertFailsWith<HealthpassException.ForgedSignature> { passport.checkInQr(Posters.forge(url), TEN_AM) }
        assertEquals(emptyList(), passport.history(TEN_AM))
    }

    @Test
    fun refusalsArriveAsTheirOwnExceptions() {
        val (_, url) = Posters.create("Toko Jauh")
        assertFailsWith<HealthpassException.NotAPoster> { passport.checkInQr("https://example.com/menu", TEN_AM) }
        val expired = assertFailsWith<HealthpassException.Expired> { passport.checkInQr(url, TEN_AM + 400L * 86_400) }
        assertTrue(expired.validUntilUnixSeconds > TEN_AM)
        assertFailsWith<HealthpassException.NoOpenVisit> { passport.checkOut(TEN_AM) }
        assertFailsWith<HealthpassException.InvalidRegistryKey> { passport.setTrustedRegistryKeys(listOf("nonsense")) }
        passport.setTrustedRegistryKeys(emptyList())
        assertFailsWith<HealthpassException.UnknownKey> { passport.checkInQr(url, TEN_AM) }
    }

    @Test
    fun frameWhoseBytesDoNotFitItsGeometryRaisesInvalidFrame() {
        assertFailsWith<HealthpassException.InvalidFrame> {
            passport.checkInFrame(ByteArray(100), 640u, 480u, 640u, TEN_AM)
        }
        assertFailsWith<HealthpassException.InvalidFrame> { decodeFrame(ByteArray(100), 64u, 48u, 32u) }
        assertNull(passport.checkInFrame(ByteArray(64 * 48) { -1 }, 64u, 48u, 64u, TEN_AM))
    }

    @Test
    fun deleteEverythingEmptiesTheDiary() {
        val (_, url) = Posters.create("Toko Hapus")
        passport.checkInQr(url, TEN_AM)
        passport.deleteEverything()
        assertEquals(emptyList(), passport.history(TEN_AM))
    }
}
