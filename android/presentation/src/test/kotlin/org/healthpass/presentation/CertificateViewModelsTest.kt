package org.healthpass.presentation

import java.io.File
import java.nio.file.Files
import kotlin.test.assertEquals
import kotlin.test.assertIs
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import org.healthpass.core.CounterService
import org.healthpass.core.HealthPassport
import org.healthpass.core.StatusColour
import org.healthpass.tests.CERTIFICATE_CLOCK
import org.healthpass.tests.Certificates
import org.healthpass.tests.lumaFrameOf
import org.junit.After
import org.junit.Before
import org.junit.Test

/** The status, wallet and verifier view-models against the real core and real EU DCC vectors. */
class CertificateViewModelsTest {
    private lateinit var passport: HealthPassport
    private val clock = Clock { CERTIFICATE_CLOCK }

    @Before
    fun open() {
        passport = HealthPassport.open(Files.createTempDirectory("healthpass-vm-certs").resolve("p.db").toString(), UrlConnectionTransport())
        passport.setTrustRoots(listOf(Certificates.trustRoot))
        passport.installTrustList(Certificates.trustList())
    }

    @After
    fun close() = passport.close()

    @Test
    fun walletAddsListsAndRemovesAndStatusCardReadsWithoutColour() {
        val wallet = WalletViewModel(passport, clock)
        val status = StatusViewModel(passport, clock)
        assertEquals(true, wallet.refresh().isEmpty)
        assertEquals(true, status.refresh().isEmpty)

        val added = wallet.add(Certificates.belgianTwoDoses)
        assertEquals(UiText.CERTIFICATE_ADDED, added.message)
        val row = added.rows.single()
        assertEquals("Peter Paul Maria Ebraert", row.holder)
        assertEquals(UiText.FORMAT_EU_DCC, row.format)
        assertEquals(listOf(EntryLine(UiText.ENTRY_VACCINATION, listOf(2, 2))), row.entries)
        assertEquals(UiText.CERTIFICATE_DUPLICATE, wallet.add(Certificates.belgianTwoDoses).message)
        assertEquals(UiText.NOT_A_CERTIFICATE, wallet.add("https://example.com").message)

        val card = status.refresh().cards.single()
        assertEquals(StatusColour.YELLOW, card.colour)
        assertEquals(StatusIcon.CAUTION, card.icon)
        assertEquals(UiText.COLOUR_YELLOW, card.colourText)
        assertEquals(UiText.REASON_TWO_DOSES, card.reasonText)

        assertEquals(true, wallet.remove(row.id).isEmpty)
        assertEquals(UiText.CERTIFICATE_NOT_FOUND, wallet.remove(row.id).message)
    }

    @Test
    fun walletAddsACertificateFromACameraFrame() {
        val wallet = WalletViewModel(passport, clock)
        assertEquals(WalletState(), wallet.onFrame(ByteArray(64 * 48) { -1 }, 64, 48, 64)) // no code yet
        val frame = lumaFrameOf(Certificates.belgianPicture(), padding = 4)
        val added = wallet.onFrame(frame.bytes, frame.width, frame.height, frame.rowStride)
        assertEquals(UiText.CERTIFICATE_ADDED, added.message)
        assertEquals(listOf("Peter Paul Maria Ebraert"), added.rows.map { it.holder })
        assertEquals(UiText.CAMERA_PROBLEM, wallet.onFrame(ByteArray(10), 64, 48, 64).message)
    }

    @Test
    fun verifierAllowsDeniesAndTurnsRefusalsIntoDenials() {
        val verifier = VerifierViewModel(passport, clock)
        val allowed = assertIs<VerifierState.Checked>(verifier.check(Certificates.belgianTwoDoses)).result
        assertEquals(true, allowed.allowed)
        assertEquals(UiText.VERIFIER_ALLOW to StatusIcon.CHECK, allowed.headline to allowed.icon)
        assertEquals(UiText.REASON_AT_LEAST_ONE_DOSE, allowed.reasonText)
        assertEquals("Peter Paul Maria Ebraert" to "1980-01-14", allowed.name to allowed.dateOfBirth)

        verifier.selectService(CounterService.MALL)
        val mall = assertIs<VerifierState.Checked>(verifier.check(Certificates.belgianTwoDoses))
        assertEquals(CounterService.MALL, mall.service)
        assertEquals(UiText.VERIFIER_DENY to StatusIcon.STOP, mall.result.headline to mall.result.icon)
        assertEquals(UiText.REASON_STATUS_NOT_GREEN, mall.result.reasonText)
        assertEquals(StatusColour.YELLOW, mall.result.colour)

        verifier.dismiss()
        val forged = assertIs<VerifierState.Checked>(verifier.check(Certificates.invalidSignature)).result
        assertEquals(false, forged.allowed)
        assertEquals(UiText.CERTIFICATE_FORGED, forged.reasonText)
        assertNull(forged.name)
        val unknown = assertIs<VerifierState.Checked>(verifier.check(Certificates.austrianUnlisted)).result
        assertEquals(UiText.CERTIFICATE_UNKNOWN_SIGNER, unknown.reasonText)

        verifier.dismiss()
        verifier.onFrame(ByteArray(64 * 48) { -1 }, 64, 48, 64) // no code: keep scanning
        assertEquals(VerifierState.Scanning(CounterService.MALL), verifier.state)
        val picture = lumaFrameOf(Certificates.belgianPicture())
        verifier.onFrame(picture.bytes, picture.width, picture.height, picture.rowStride)
        assertEquals(UiText.REASON_STATUS_NOT_GREEN, assertIs<VerifierState.Checked>(verifier.state).result.reasonText)
    }

    @Test
    fun everyReasonCodeOfTheBuiltInRulesHasItsOwnText() {
        val rules = File(System.getProperty("healthpass.rules") ?: "core/rules")
        val codes = rules.listFiles { f -> f.name.endsWith(".json") }.orEmpty().flatMap { file ->
            Regex("\"(?:reason|allow_reason|deny_reason)\"\\s*:\\s*\"([a-z0-9_]+)\"").findAll(file.readText()).map { it.groupValues[1] }
        }.toSet()
        assertEquals(true, codes.size >= 19, "read only $codes")
        for (code in codes) assertNotNull(reasonText(code), "no UiText for reason $code")
        assertNull(reasonText("a_code_from_a_newer_rule_set"))
    }
}
