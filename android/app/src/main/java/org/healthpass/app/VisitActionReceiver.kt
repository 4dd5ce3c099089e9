package org.healthpass.app

import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch

/** The visit notification's "Check out" and "Snooze" buttons: the core acts, the plan updates the notification. */
class VisitActionReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val background = (context.applicationContext as HealthpassApplication).background
        val pending = goAsync()
        CoroutineScope(Dispatchers.IO).launch {
            try {
                when (intent.action) {
                    CHECK_OUT -> background.checkOut()
                    SNOOZE -> background.snooze()
                }
            } finally {
                pending.finish()
            }
        }
    }

    companion object {
        /** Action of the "Check out" button. */
        const val CHECK_OUT = "org.healthpass.app.CHECK_OUT"

        /** Action of the "Snooze" button. */
        const val SNOOZE = "org.healthpass.app.SNOOZE"

        /** The broadcast a button sends. */
        fun pendingIntent(context: Context, action: String): PendingIntent = PendingIntent.getBroadcast(
            context,
            action.hashCode(),
            Intent(context, VisitActionReceiver::class.java).setAction(action),
            PendingIntent.FLAG_IMMUTABLE,
        )
    }
}
