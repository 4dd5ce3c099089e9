package org.healthpass.app

import android.app.Application
import org.healthpass.core.HealthPassport
import org.healthpass.presentation.BackgroundNotifications
import org.healthpass.presentation.UrlConnectionTransport

/**
 * Opens the one [HealthPassport] of the app, in the app's private files directory, and sets up
 * the background work: notification channels and the periodic sync.
 */
class HealthpassApplication : Application() {
    override fun onCreate() {
        super.onCreate()
        createNotificationChannels(this)
        BackgroundWorker.schedulePeriodic(this)
    }

    /** Shared by every screen; the core serialises calls. */
    val passport: HealthPassport by lazy {
        HealthPassport.open(filesDir.resolve("healthpass.db").path, UrlConnectionTransport()).also { passport ->
            passport.setTrustedRegistryKeys(BuildConfig.REGISTRY_PUBLIC_KEYS.keyList())
            // The health authority's pinned root; the trust list and status rules kept by the
            // last sync (AlertsViewModel.sync) load with it.
            passport.setTrustRoots(BuildConfig.TRUST_ROOT_KEYS.keyList())
        }
    }

    /** The background sync and the notifications, in the phone's language. */
    val background: BackgroundNotifications by lazy {
        BackgroundNotifications(
            passport,
            BuildConfig.SERVER_URL,
            BuildConfig.PUBLISHER_KEYS.keyList(),
            resources.configuration.locales[0].toLanguageTag(),
            AndroidNotifications(this),
        )
    }
}

/** A comma-separated list of keys from the build configuration. */
private fun String.keyList(): List<String> = split(',').map(String::trim).filter(String::isNotEmpty)
