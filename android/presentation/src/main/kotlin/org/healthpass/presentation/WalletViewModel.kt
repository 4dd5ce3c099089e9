package org.healthpass.presentation

import org.healthpass.core.CertificateEntry
import org.healthpass.core.CertificateFormat
import org.healthpass.core.HealthPassport
import org.healthpass.core.TestKind
import org.healthpass.core.WalletCertificate

/** One line about what a certificate attests: a text key and its arguments in order. */
data class EntryLine(val text: UiText, val args: List<Any> = emptyList())

/** One certificate as the wallet list shows it. */
data class CertificateRow(
    val id: Long,
    /** The family member it belongs to. */
    val holder: String,
    /** The holder's date of birth as written on the certificate. */
    val dateOfBirth: String,
    val format: UiText,
    val entries: List<EntryLine>,
    /** The QR text, for the full-screen code shown at a counter. */
    val qrText: String,
) {
    companion object {
        /** The row for [certificate]. */
        fun of(certificate: WalletCertificate) = CertificateRow(
            id = certificate.id,
            holder = certificate.holder,
            dateOfBirth = certificate.dateOfBirth,
            format = when (certificate.format) {
                CertificateFormat.EU_DCC -> UiText.FORMAT_EU_DCC
                CertificateFormat.NZ_PASS -> UiText.FORMAT_NZ_PASS
            },
            entries = certificate.entries.map(::entryLine),
            qrText = certificate.qrText,
        )

        private fun entryLine(entry: CertificateEntry): EntryLine = when (entry) {
            is CertificateEntry.Vaccination ->
                EntryLine(UiText.ENTRY_VACCINATION, listOf(entry.doseNumber.toInt(), entry.seriesDoses.toInt()))
            is CertificateEntry.Test -> EntryLine(
                when {
                    entry.positive -> UiText.ENTRY_TEST_POSITIVE
                    entry.kind == TestKind.PCR -> UiText.ENTRY_PCR_NEGATIVE
                    else -> UiText.ENTRY_TEST_NEGATIVE
                },
            )
            is CertificateEntry.Recovery -> EntryLine(UiText.ENTRY_RECOVERY)
            is CertificateEntry.NzPass -> EntryLine(UiText.ENTRY_NZ_PASS)
        }
    }
}

/** What the wallet screen shows. */
data class WalletState(
    /** The family's certificates, by holder. */
    val rows: List<CertificateRow> = emptyList(),
    /** [UiText.CERTIFICATE_ADDED] after an add, a refusal's text, or null. */
    val message: UiText? = null,
) {
    /** Whether the "scan your certificate" hint shows instead of the list. */
    val isEmpty: Boolean get() = rows.isEmpty()
}

/** The family wallet: list, add (typed, pasted or scanned) and remove certificates. Call from a worker thread. */
class WalletViewModel(
    private val passport: HealthPassport,
    private val clock: Clock = Clock.SYSTEM,
) {
    /** The current state. */
    @Volatile
    var state: WalletState = WalletState()
        private set

    /** Reloads the list. */
    fun refresh(): WalletState = update { WalletState(rows = load()) }

    /** Adds the certificate with QR text [qrText] for [holder] (default: the name on it). */
    fun add(qrText: String, holder: String? = null): WalletState = update {
        passport.addCertificate(qrText, holder, clock.nowUnixSeconds())
        WalletState(rows = load(), message = UiText.CERTIFICATE_ADDED)
    }

    /** Adds the certificate in a camera frame; a frame without a code changes nothing. */
    fun onFrame(luma: ByteArray, width: Int, height: Int, rowStride: Int): WalletState {
        val text = callCore({ state = state.copy(message = it); null }) { firstCode(luma, width, height, rowStride) }
        return if (text == null) state else add(text)
    }

    /** Removes one certificate (the UI asks [UiText.REMOVE_CERTIFICATE_CONFIRM] first). */
    fun remove(id: Long): WalletState = update {
        passport.removeCertificate(id, clock.nowUnixSeconds())
        WalletState(rows = load())
    }

    private fun load(): List<CertificateRow> = passport.certificates().map(CertificateRow::of)

    private inline fun update(action: () -> WalletState): WalletState {
        state = callCore({ state.copy(message = it) }, action)
        return state
    }
}
