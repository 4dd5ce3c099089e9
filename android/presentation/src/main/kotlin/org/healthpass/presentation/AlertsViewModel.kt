package org.healthpass.presentation

import org.healthpass.core.ExposureAlert
import org.healthpass.core.HealthPassport
import org.healthpass.core.Language

/** One exposure alert as the alerts screen shows it ([UiText.ALERT_EXPOSURE] with name and minutes). */
data class AlertRow(
    /** The venue's name, from the phone's own visit. */
    val venueName: String,
    /** The visit's check-in, Unix seconds. */
    val visitStart: Long,
    /** The visit's end, Unix seconds. */
    val visitEnd: Long,
    /** Minutes the visit overlapped the confirmed case's presence. */
    val overlapMinutes: Long,
    /** What to do. */
    val advice: UiText,
) {
    companion object {
        /** The row of [alert]. */
        fun of(alert: ExposureAlert) =
            AlertRow(alert.venueName, alert.visitStart, alert.visitEnd, alert.overlapMinutes, alert.advice.toUiText())
    }
}

/** What the alerts screen shows. */
data class AlertsState(
    /** Alerts, newest warning first. */
    val rows: List<AlertRow> = emptyList(),
    /** Alerts the last sync added: notify ([UiText.ALERTS_NEW]) when above zero. */
    val newAlerts: Int = 0,
    /** A message to show once (offline, refused warnings, call-back sent), or null. */
    val message: UiText? = null,
    /**
     * Whether the "ask the health office to call me" button shows: after an exposure alert, or
     * with a family member's status red or black (the core decides).
     */
    val followUpOffered: Boolean = false,
) {
    /** Whether [UiText.ALERTS_EMPTY] shows instead of the list. */
    val isEmpty: Boolean get() = rows.isEmpty()
}

/**
 * Exposure alerts: the list, and a sync with the server that matches published warnings
 * against this phone's visits on the phone. [sync] suspends off the UI thread; the server URL
 * and the pinned publisher keys come with the app.
 */
class AlertsViewModel(
    private val passport: HealthPassport,
    private val serverUrl: String,
    private val publisherKeys: List<String>,
    private val minOverlapMinutes: UInt = 15u,
    private val clock: Clock = Clock.SYSTEM,
) {
    /** The current state. */
    @Volatile
    var state: AlertsState = AlertsState()
        private set

    /** Reloads the stored alerts. */
    fun refresh(): AlertsState {
        state = callCore({ state.copy(message = it) }) { loaded() }
        return state
    }

    /**
     * Fetches and matches new warnings, and the signed trust list and status rules when they
     * changed, then reloads; offline keeps the stored alerts.
     */
    suspend fun sync(): AlertsState {
        state = callCore({ state.copy(newAlerts = 0, message = it) }) {
            val summary = passport.syncWarnings(serverUrl, publisherKeys, minOverlapMinutes, clock.nowUnixSeconds())
            passport.syncDocuments(serverUrl)
            loaded().copy(newAlerts = summary.newAlerts.toInt())
        }
        return state
    }

    /**
     * Asks the health office to call [phone] back, addressing the citizen as [name] (blank: no
     * name), in [language]; only the number, the name and the language are sent. The message
     * says it was sent ([UiText.FOLLOW_UP_SENT]) or why not (a malformed number or name, not
     * offered, offline).
     */
    suspend fun requestFollowUp(phone: String, name: String, language: Language): AlertsState {
        state = callCore({ state.copy(message = it) }) {
            passport.requestFollowUp(serverUrl, phone, name.ifBlank { null }, language, clock.nowUnixSeconds())
            state.copy(message = UiText.FOLLOW_UP_SENT)
        }
        return state
    }

    private fun loaded(): AlertsState = AlertsState(
        rows = passport.exposureAlerts().map(AlertRow::of),
        followUpOffered = passport.followUpOffered(clock.nowUnixSeconds()),
    )
}
