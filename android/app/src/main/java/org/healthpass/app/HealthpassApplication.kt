package org.healthpass.app

import android.app.Application
import org.healthpass.core.HealthPassport

/** Opens the one [HealthPassport] of the app, in the app's private files directory. */
class HealthpassApplication : Application() {
    /** Shared by every screen; the core serialises calls. */
    val passport: HealthPassport by lazy {
        HealthPassport.open(filesDir.resolve("healthpass.db").path).also { passport ->
            passport.setTrustedRegistryKeys(BuildConfig.REGISTRY_PUBLIC_KEYS.keyList())
            // The health authority's pinned root; the trust list and status rules kept by the
            // last sync (AlertsViewModel.sync) load with it.
            passport.setTrustRoots(BuildConfig.TRUST_ROOT_KEYS.keyList())
        }
    }
}

/** A comma-separated list of keys from the build configuration. */
private fun String.keyList(): List<String> = split(',').map(String::trim).filter(String::isNotEmpty)
