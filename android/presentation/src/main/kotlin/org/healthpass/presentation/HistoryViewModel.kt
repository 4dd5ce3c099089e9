package org.healthpass.presentation

import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException

/** What the history screen shows. */
data class HistoryState(
    /** Visits, newest first, as of the last [HistoryViewModel.refresh]. */
    val rows: List<VisitRow> = emptyList(),
    /** A message to show once (a refusal), or null. */
    val message: UiText? = null,
) {
    /** Whether the "history is empty" text shows instead of the list. */
    val isEmpty: Boolean get() = rows.isEmpty()
}

/** The visit history: list, check out, export, delete everything. Call from a worker thread. */
class HistoryViewModel(
    private val passport: HealthPassport,
    private val clock: Clock = Clock.SYSTEM,
) {
    /** The current state. */
    @Volatile
    var state: HistoryState = HistoryState()
        private set

    /** Reloads the visits; ends are computed by the core as of now. */
    fun refresh(): HistoryState = update { HistoryState(rows = load()) }

    /** Checks out of the open visit. */
    fun checkOut(): HistoryState = update {
        passport.checkOut(clock.nowUnixSeconds())
        HistoryState(rows = load())
    }

    /** The diary as CSV for the share sheet, or null (with [HistoryState.message] set) on failure. */
    fun exportCsv(): String? = try {
        passport.exportCsv(clock.nowUnixSeconds())
    } catch (refusal: HealthpassException) {
        state = state.copy(message = refusal.toUiText())
        null
    }

    /** Deletes every visit and setting (the UI asks [UiText.DELETE_EVERYTHING_CONFIRM] first). */
    fun deleteEverything(): HistoryState = update {
        passport.deleteEverything()
        HistoryState()
    }

    private fun load(): List<VisitRow> = passport.history(clock.nowUnixSeconds()).map(VisitRow::of)

    private inline fun update(action: () -> HistoryState): HistoryState {
        state = callCore({ state.copy(message = it) }, action)
        return state
    }
}
