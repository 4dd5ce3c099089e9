package org.healthpass.tests

import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertIs
import kotlin.test.assertNull
import kotlin.test.assertTrue
import org.healthpass.core.CertificateEntry
import org.healthpass.core.CertificateFormat
import org.healthpass.core.CheckInOutcome
import org.healthpass.core.CounterService
import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException
import org.healthpass.core.ServiceStatus
import org.healthpass.core.StatusColour
import org.junit.After
import org.junit.Before
import org.junit.Test

/**
 * The citizen's whole flow through the generated Kotlin bindings and the real library: check in
 * from a poster image, receive the signed trust list, add a real EU DCC to the wallet, read the
 * status, and have it checked at a service counter.
 */
class CertificateFlowTest {
    private lateinit var passport: HealthPassport

    @Before
    fun open() {
        passport = HealthPassport.open(Files.createTempDirectory("healthpass-certs").resolve("passport.db").toString())
        passport.setTrustedRegistryKeys(listOf(Posters.registryPublicKey))
        assertNull(passport.setTrustRoots(listOf(Certificates.trustRoot)))
        val list = passport.installTrustList(Certificates.trustList())
        assertEquals(2u, list.signers)
        assertEquals(1_629_280_800L, list.issuedAt) // 2021-08-18T10:00:00Z, as signed
    }

    @After
    fun close() = passport.close()

    @Test
    fun checkInAddCertificateReadStatusAndVerifyAtACounter() {
        val frame = lumaFrameOf(Posters.create("Kantor Kecamatan Bekasi Timur").first, padding = 12)
        val checkIn = passport.checkInFrame(frame.bytes, frame.width.toUInt(), frame.height.toUInt(), frame.rowStride.toUInt(), TEN_AM)
        assertEquals("Kantor Kecamatan Bekasi Timur", assertIs<CheckInOutcome.CheckedIn>(checkIn).visit.venueName)

        val added = passport.addCertificate(Certificates.belgianTwoDoses, null, CERTIFICATE_CLOCK)
        assertEquals("Peter Paul Maria Ebraert", added.holder)
        assertEquals(CertificateFormat.EU_DCC, added.format)
        assertEquals("1980-01-14", added.dateOfBirth)
        assertEquals(listOf<CertificateEntry>(CertificateEntry.Vaccination(2u, 2u, "2021-07-03")), added.entries)
        assertEquals(listOf(added), passport.certificates())

        val status = passport.status(CERTIFICATE_CLOCK).single()
        assertEquals(StatusColour.YELLOW, status.colour)
        assertEquals("two_doses", status.reason)
        assertEquals("peduli-lindungi-2022", status.ruleSet)
        assertTrue(status.advice.id.isNotBlank() && status.advice.en.isNotBlank())

        val publicService = passport.verifyForService(CounterService.PUBLIC_SERVICE, added.qrText, CERTIFICATE_CLOCK)
        assertEquals(true, publicService.allowed)
        assertEquals("at_least_one_dose", publicService.reason)
        assertEquals("Peter Paul Maria Ebraert" to "1980-01-14", publicService.name to publicService.dateOfBirth)
        val mall = passport.verifyForService(CounterService.MALL, added.qrText, CERTIFICATE_CLOCK)
        assertEquals(false, mall.allowed)
        assertEquals(ServiceStatus(StatusColour.YELLOW, "two_doses"), mall.status)

        passport.removeCertificate(added.id, CERTIFICATE_CLOCK)
        assertEquals(emptyList(), passport.status(CERTIFICATE_CLOCK))
    }

    @Test
    fun forgedPosterAndBadCertificatesRaiseTheirOwnExceptions() {
        val (_, url) = Posters.create("Toko Asli")
        assertFailsWith<HealthpassException.ForgedSignature> { passport.checkInQr(Posters.forge(url), TEN_AM) }

        assertFailsWith<HealthpassException.CertificateForged> {
            passport.verifyForService(CounterService.PUBLIC_SERVICE, Certificates.invalidSignature, CERTIFICATE_CLOCK)
        }
        assertFailsWith<HealthpassException.CertificateUnknownSigner> {
            passport.verifyForService(CounterService.PUBLIC_SERVICE, Certificates.austrianUnlisted, CERTIFICATE_CLOCK)
        }
        val expired = assertFailsWith<HealthpassException.CertificateExpired> {
            passport.verifyForService(CounterService.PUBLIC_SERVICE, Certificates.belgianTwoDoses, TEN_AM)
        }
        assertTrue(expired.expiredAtUnixSeconds < TEN_AM)
        val damaged = assertFailsWith<HealthpassException.CertificateDamaged> { passport.addCertificate("HC1:not base45!", null, TEN_AM) }
        assertEquals("base45", damaged.reason)
        assertFailsWith<HealthpassException.NotACertificate> { passport.addCertificate(url, null, TEN_AM) }
        val first = passport.addCertificate(Certificates.belgianTwoDoses, "Peter", TEN_AM)
        val duplicate = assertFailsWith<HealthpassException.DuplicateCertificate> {
            passport.addCertificate(Certificates.belgianTwoDoses, null, TEN_AM)
        }
        assertEquals(first.id, duplicate.existingId)
        val list = String(Certificates.trustList())
        val signature = list.indexOf("\"signature\": \"") + 14
        val forgedList = list.replaceRange(signature, signature + 1, if (list[signature] == 'A') "B" else "A")
        assertFailsWith<HealthpassException.TrustFileForged> { passport.installTrustList(forgedList.toByteArray()) }
        assertFailsWith<HealthpassException.InvalidTrustRoot> { passport.setTrustRoots(listOf("nonsense")) }
    }
}
