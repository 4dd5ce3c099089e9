package org.healthpass.presentation

import org.healthpass.core.Advice
import org.healthpass.core.CounterService
import org.healthpass.core.HealthPassport
import org.healthpass.core.StatusColour

/** What a counter officer sees after a scan: the answer first, then why, then who. */
data class VerifierResult(
    val allowed: Boolean,
    /** [UiText.VERIFIER_ALLOW] or [UiText.VERIFIER_DENY]. */
    val headline: UiText,
    /** [StatusIcon.CHECK] for allow, [StatusIcon.STOP] for deny: never the colour alone. */
    val icon: StatusIcon,
    /** Why: the reason code's text, or the refusal's text when the certificate was refused. */
    val reasonText: UiText?,
    /** The rule's own advice (shown when [reasonText] is null); null for a refused certificate. */
    val advice: Advice?,
    /** The status colour behind the answer, for services that ask for one. */
    val colour: StatusColour?,
    /** The holder's name, to compare with an identity card; null for a refused certificate. */
    val name: String?,
    /** The holder's date of birth as written; null for a refused certificate. */
    val dateOfBirth: String?,
)

/** What the verifier screen shows. */
sealed interface VerifierState {
    /** The camera is live, checking for [service]. */
    data class Scanning(val service: CounterService) : VerifierState

    /** A certificate was checked for [service]. */
    data class Checked(val service: CounterService, val result: VerifierResult) : VerifierState
}

/**
 * The counter officer's verifier mode: scan a citizen's certificate, get allow or deny for the
 * chosen service offline, seeing only name and date of birth. Nothing is stored. A certificate
 * the core refuses (forged, expired, unknown signer…) is a deny with that reason.
 */
class VerifierViewModel(
    private val passport: HealthPassport,
    private val clock: Clock = Clock.SYSTEM,
    service: CounterService = CounterService.PUBLIC_SERVICE,
) {
    /** The current state. */
    @Volatile
    var state: VerifierState = VerifierState.Scanning(service)
        private set

    private val service: CounterService get() = when (val s = state) {
        is VerifierState.Scanning -> s.service
        is VerifierState.Checked -> s.service
    }

    /** Switches the service checked for, back to scanning. */
    @Synchronized
    fun selectService(service: CounterService) {
        state = VerifierState.Scanning(service)
    }

    /** Checks a certificate's QR text (from a scanner or [onFrame]). */
    @Synchronized
    fun check(qrText: String): VerifierState {
        val service = service
        val result = callCore(::refused) {
            val check = passport.verifyForService(service, qrText, clock.nowUnixSeconds())
            VerifierResult(
                allowed = check.allowed,
                headline = if (check.allowed) UiText.VERIFIER_ALLOW else UiText.VERIFIER_DENY,
                icon = if (check.allowed) StatusIcon.CHECK else StatusIcon.STOP,
                reasonText = reasonText(check.reason),
                advice = check.advice,
                colour = check.status?.colour,
                name = check.name,
                dateOfBirth = check.dateOfBirth,
            )
        }
        state = VerifierState.Checked(service, result)
        return state
    }

    /** One camera frame; ignored while a result is shown or when it holds no code. */
    @Synchronized
    fun onFrame(luma: ByteArray, width: Int, height: Int, rowStride: Int) {
        if (state !is VerifierState.Scanning) return
        val text = callCore({ null }) { firstCode(luma, width, height, rowStride) } ?: return
        check(text)
    }

    /** Back to scanning for the next citizen. */
    @Synchronized
    fun dismiss() {
        state = VerifierState.Scanning(service)
    }

    private fun refused(why: UiText) = VerifierResult(
        allowed = false, headline = UiText.VERIFIER_DENY, icon = StatusIcon.STOP, reasonText = why,
        advice = null, colour = null, name = null, dateOfBirth = null,
    )
}
