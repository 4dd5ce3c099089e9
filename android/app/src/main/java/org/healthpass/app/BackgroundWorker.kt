package org.healthpass.app

import android.content.Context
import androidx.work.Constraints
import androidx.work.CoroutineWorker
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.NetworkType
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import java.util.concurrent.TimeUnit
import org.healthpass.core.HealthpassException
import org.healthpass.core.InternalException

/**
 * The background wake-up: the core syncs exposure warnings when its schedule says a sync is due
 * (a few times a day, backing off while offline or refused) and says what to show. Runs from the
 * periodic work (network required) and from the one-time wake the last plan asked for.
 */
class BackgroundWorker(context: Context, parameters: WorkerParameters) : CoroutineWorker(context, parameters) {
    override suspend fun doWork(): Result = try {
        (applicationContext as HealthpassApplication).background.onWake()
        Result.success()
    } catch (refusal: HealthpassException) {
        Result.retry() // the store was busy or failing; the core keeps its own back-off for the network
    } catch (panic: InternalException) {
        Result.failure()
    }

    companion object {
        /** Unique name of the one-time wake the plan asks for. */
        const val WAKE = "healthpass-wake"

        /** Unique name of the periodic sync. */
        const val PERIODIC = "healthpass-periodic-sync"

        /**
         * Schedules the periodic wake: every 6 hours with 2 hours of flex, only with a network.
         * The core decides within each run whether a sync is due.
         */
        fun schedulePeriodic(context: Context) {
            val request = PeriodicWorkRequestBuilder<BackgroundWorker>(6, TimeUnit.HOURS, 2, TimeUnit.HOURS)
                .setConstraints(Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build())
                .build()
            WorkManager.getInstance(context).enqueueUniquePeriodicWork(PERIODIC, ExistingPeriodicWorkPolicy.KEEP, request)
        }
    }
}
