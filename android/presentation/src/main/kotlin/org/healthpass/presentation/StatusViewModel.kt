package org.healthpass.presentation

import org.healthpass.core.HealthPassport

/** What the status screen shows. */
data class StatusState(
    /** One card per family member with a certificate. */
    val cards: List<StatusCard> = emptyList(),
    /** A message to show once (a refusal), or null. */
    val message: UiText? = null,
) {
    /** Whether the "add a certificate to see your status" text shows instead of cards. */
    val isEmpty: Boolean get() = cards.isEmpty()
}

/**
 * The status screen: each family member's colour, computed by the core from the certificates
 * that verify now under the rule set in use. Call from a worker thread.
 */
class StatusViewModel(
    private val passport: HealthPassport,
    private val clock: Clock = Clock.SYSTEM,
) {
    /** The current state. */
    @Volatile
    var state: StatusState = StatusState()
        private set

    /** Recomputes every card as of now. */
    fun refresh(): StatusState {
        state = callCore({ state.copy(message = it) }) {
            StatusState(cards = passport.status(clock.nowUnixSeconds()).map(StatusCard::of))
        }
        return state
    }
}
