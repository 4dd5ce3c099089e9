package org.healthpass.presentation

import org.healthpass.core.CheckInOutcome
import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException
import org.healthpass.core.InternalException
import org.healthpass.core.PosterKind
import org.healthpass.core.Visit
import org.healthpass.core.VisitEnd

/** What the scan screen shows. */
sealed interface ScanState {
    /** The camera is live and frames go to the core. */
    data object Scanning : ScanState

    /** A poster was read: the check-in (or check-out) confirmation. */
    data class Confirmation(
        /** [UiText.CHECKED_IN], [UiText.CHECKED_OUT] or [UiText.ALREADY_CHECKED_IN]. */
        val headline: UiText,
        /** The visit as it now stands. */
        val visit: VisitRow,
        /** The venue whose open visit this check-in closed, if any. */
        val closedPreviousVenue: String?,
    ) : ScanState

    /** The code was refused; [message] says why and what to do. */
    data class Refused(val message: UiText) : ScanState
}

/**
 * The scan screen: camera frames in, confirmation or refusal out. No rule lives here: the core
 * verifies the poster and decides check-in, check-out or duplicate read.
 *
 * Thread-safe: the camera analyser calls [onFrame] on its own thread; [state] is read from the
 * UI thread through [observer].
 */
class ScanViewModel(
    private val passport: HealthPassport,
    private val clock: Clock = Clock.SYSTEM,
    /** Called with every new state, on the thread that caused it. */
    private val observer: (ScanState) -> Unit = {},
) {
    /** The current state. */
    @Volatile
    var state: ScanState = ScanState.Scanning
        private set

    /**
     * One camera frame (8-bit luma plane). Ignored unless scanning, so the confirmation stays up
     * while the camera keeps delivering the same code.
     */
    @Synchronized
    fun onFrame(luma: ByteArray, width: Int, height: Int, rowStride: Int) {
        if (state != ScanState.Scanning) return
        val next = try {
            val outcome = passport.checkInFrame(luma, width.toUInt(), height.toUInt(), rowStride.toUInt(), clock.nowUnixSeconds())
            outcome?.let(::confirmation) ?: return
        } catch (refusal: HealthpassException.DecoderFailure) {
            return // one bad frame; the next one will do
        } catch (refusal: HealthpassException) {
            ScanState.Refused(refusal.toUiText())
        } catch (panic: InternalException) {
            ScanState.Refused(UiText.INTERNAL_PROBLEM) // a bug in the core, caught at the FFI
        }
        publish(next)
    }

    /** Back to scanning after the citizen read the confirmation or refusal. */
    @Synchronized
    fun dismiss() = publish(ScanState.Scanning)

    private fun publish(next: ScanState) {
        state = next
        observer(next)
    }

    private fun confirmation(outcome: CheckInOutcome): ScanState.Confirmation = when (outcome) {
        is CheckInOutcome.CheckedIn ->
            ScanState.Confirmation(UiText.CHECKED_IN, VisitRow.of(outcome.visit), outcome.closedPrevious?.venueName)
        is CheckInOutcome.CheckedOut -> ScanState.Confirmation(UiText.CHECKED_OUT, VisitRow.of(outcome.visit), null)
        is CheckInOutcome.AlreadyCheckedIn -> ScanState.Confirmation(UiText.ALREADY_CHECKED_IN, VisitRow.of(outcome.visit), null)
    }
}

/** One visit as a list row or confirmation card shows it; times stay UTC seconds until drawn. */
data class VisitRow(
    val visitId: Long,
    val venueName: String,
    val venueAddress: String,
    val category: UiText,
    val checkedInAt: Long,
    val endedAt: Long?,
    val ending: UiText,
    /** Whether a check-out button belongs on this row. */
    val canCheckOut: Boolean,
    /** False for a Corona-Warn-App or CrowdNotifier event poster: show [UiText.UNVERIFIED_EVENT_POSTER]. */
    val verified: Boolean,
) {
    companion object {
        /** The row for [visit]. */
        fun of(visit: Visit) = VisitRow(
            visitId = visit.id,
            venueName = visit.venueName,
            venueAddress = visit.venueAddress,
            category = visit.category.toUiText(),
            checkedInAt = visit.checkedInAt,
            endedAt = visit.end.endedAt(),
            ending = visit.end.toUiText(),
            canCheckOut = visit.end == VisitEnd.Open,
            verified = visit.posterKind == PosterKind.HEALTHPASS,
        )
    }
}

/** When the visit ended, Unix seconds; null while it is open. */
fun VisitEnd.endedAt(): Long? = when (this) {
    VisitEnd.Open -> null
    is VisitEnd.CheckedOut -> at
    is VisitEnd.DefaultStayElapsed -> at
}
