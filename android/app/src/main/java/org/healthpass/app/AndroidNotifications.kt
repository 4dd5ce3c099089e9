package org.healthpass.app

import android.app.NotificationChannel
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.work.ExistingWorkPolicy
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.WorkManager
import java.util.concurrent.TimeUnit
import org.healthpass.core.ExposureNotice
import org.healthpass.core.VisitNotice
import org.healthpass.presentation.NotificationSink
import org.healthpass.presentation.UiText

/** Channel of exposure alerts: high importance, they matter. */
const val ALERTS_CHANNEL = "alerts"

/** Channel of the ongoing visit notification and its check-out reminder. */
const val VISITS_CHANNEL = "visits"

/** Intent extra asking [MainActivity] to open a tab ("alerts"). */
const val EXTRA_OPEN_TAB = "org.healthpass.app.OPEN_TAB"

private const val EXPOSURE_ID = 1
private const val VISIT_ID = 2

/** Creates both channels (idempotent; Android keeps the user's settings of existing channels). */
fun createNotificationChannels(context: Context) {
    val manager = context.getSystemService(NotificationManager::class.java)
    manager.createNotificationChannel(
        NotificationChannel(ALERTS_CHANNEL, context.getString(UiText.CHANNEL_ALERTS.stringRes()), NotificationManager.IMPORTANCE_HIGH),
    )
    // Default importance so the reminder can sound; the ongoing notification itself is posted silently.
    manager.createNotificationChannel(
        NotificationChannel(VISITS_CHANNEL, context.getString(UiText.CHANNEL_VISITS.stringRes()), NotificationManager.IMPORTANCE_DEFAULT),
    )
}

/** Posts the core's plan with NotificationManager and asks WorkManager to wake the app when the plan says. */
class AndroidNotifications(private val context: Context) : NotificationSink {
    private val manager = NotificationManagerCompat.from(context)

    override fun showExposure(notice: ExposureNotice) {
        val open = Intent(context, MainActivity::class.java).putExtra(EXTRA_OPEN_TAB, "alerts")
            .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK or Intent.FLAG_ACTIVITY_CLEAR_TASK)
        val notification = NotificationCompat.Builder(context, ALERTS_CHANNEL)
            .setSmallIcon(R.drawable.ic_alert)
            .setContentTitle(notice.title)
            .setContentText(notice.body)
            .setStyle(NotificationCompat.BigTextStyle().bigText(notice.body))
            .setNumber(notice.newAlerts.toInt())
            .setContentIntent(PendingIntent.getActivity(context, 0, open, PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT))
            .setAutoCancel(true)
            // The words name no venue, yet whether someone was exposed is still private on a lock screen.
            .setVisibility(NotificationCompat.VISIBILITY_PRIVATE)
            .build()
        if (manager.areNotificationsEnabled()) manager.notify(EXPOSURE_ID, notification)
    }

    override fun showVisit(notice: VisitNotice) {
        val notification = NotificationCompat.Builder(context, VISITS_CHANNEL)
            .setSmallIcon(R.drawable.ic_visit)
            .setContentTitle(notice.title)
            .setContentText(notice.body)
            .setStyle(NotificationCompat.BigTextStyle().bigText(notice.body))
            .setOngoing(true)
            .setWhen(notice.checkedInAt * 1000)
            .setUsesChronometer(true)
            .setSilent(!notice.remindNow)
            .setTimeoutAfter((notice.automaticEnd - System.currentTimeMillis() / 1000).coerceAtLeast(0) * 1000)
            .setContentIntent(PendingIntent.getActivity(context, 1, Intent(context, MainActivity::class.java), PendingIntent.FLAG_IMMUTABLE))
            .addAction(0, notice.checkOutLabel, VisitActionReceiver.pendingIntent(context, VisitActionReceiver.CHECK_OUT))
            .addAction(0, notice.snoozeLabel, VisitActionReceiver.pendingIntent(context, VisitActionReceiver.SNOOZE))
            .build()
        if (manager.areNotificationsEnabled()) manager.notify(VISIT_ID, notification)
    }

    override fun removeVisit() = manager.cancel(VISIT_ID)

    override fun wakeAt(unixSeconds: Long) {
        val delay = (unixSeconds - System.currentTimeMillis() / 1000).coerceAtLeast(0)
        val request = OneTimeWorkRequestBuilder<BackgroundWorker>().setInitialDelay(delay, TimeUnit.SECONDS).build()
        WorkManager.getInstance(context).enqueueUniqueWork(BackgroundWorker.WAKE, ExistingWorkPolicy.REPLACE, request)
    }
}
