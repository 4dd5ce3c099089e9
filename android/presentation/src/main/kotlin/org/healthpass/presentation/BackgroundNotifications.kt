package org.healthpass.presentation

import org.healthpass.core.BackgroundRun
import org.healthpass.core.ExposureNotice
import org.healthpass.core.HealthPassport
import org.healthpass.core.HealthpassException
import org.healthpass.core.NotificationPlan
import org.healthpass.core.VisitNotice

/**
 * Where the background work's decisions go. The Android shell posts notifications with
 * NotificationManager and schedules WorkManager; tests record the calls.
 */
interface NotificationSink {
    /** Posts (or replaces) the exposure notification on the alerts channel; tapping it opens the alerts screen. */
    fun showExposure(notice: ExposureNotice)

    /** Posts (or updates) the ongoing visit notification with "Check out" and "Snooze"; it sounds only when [VisitNotice.remindNow]. */
    fun showVisit(notice: VisitNotice)

    /** Removes the visit notification: no visit is open. */
    fun removeVisit()

    /** Asks to be woken at [unixSeconds] (UTC) for the next sync, reminder or automatic check-out. */
    fun wakeAt(unixSeconds: Long)
}

/**
 * The phone's background behaviour: every decision (when to sync, which alerts are new, when the
 * check-out reminder is due, the words in the phone's [locale]) is the core's; this only hands
 * the core's plan to the [sink]. Call from a worker thread.
 */
class BackgroundNotifications(
    private val passport: HealthPassport,
    private val serverUrl: String,
    private val publisherKeys: List<String>,
    private val locale: String,
    private val sink: NotificationSink,
    private val minOverlapMinutes: UInt = 15u,
    private val clock: Clock = Clock.SYSTEM,
) {
    /** The background worker's run: syncs when a sync is due, then shows what is new. */
    suspend fun onWake(): BackgroundRun {
        val run = passport.backgroundWake(serverUrl, publisherKeys, minOverlapMinutes, locale, clock.nowUnixSeconds())
        show(run.plan)
        return run
    }

    /** Shows the current plan: after a check-in or check-out on a screen, and at app start. */
    fun refresh(): NotificationPlan = show(passport.planNotifications(locale, clock.nowUnixSeconds()))

    /** The "Check out" action. A visit that closed meanwhile leaves nothing to do but remove the notification. */
    fun checkOut(): NotificationPlan {
        try {
            passport.checkOut(clock.nowUnixSeconds())
        } catch (_: HealthpassException.NoOpenVisit) {
        }
        return refresh()
    }

    /** The "Snooze" action: still here, remind me later. A visit that closed meanwhile, or one a day long, stays as it is. */
    fun snooze(): NotificationPlan {
        try {
            passport.snoozeReminder(clock.nowUnixSeconds())
        } catch (_: HealthpassException.NoOpenVisit) {
        } catch (_: HealthpassException.StayTooLong) {
        }
        return refresh()
    }

    /** The alerts screen was shown: what it showed is not notified later. */
    fun alertsSeen() = passport.alertsSeen(clock.nowUnixSeconds())

    private fun show(plan: NotificationPlan): NotificationPlan {
        plan.exposure?.let(sink::showExposure)
        plan.visit?.let(sink::showVisit) ?: sink.removeVisit()
        sink.wakeAt(plan.wakeAt)
        return plan
    }
}
