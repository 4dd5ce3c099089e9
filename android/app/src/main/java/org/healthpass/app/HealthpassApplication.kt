package org.healthpass.app

import android.app.Application
import org.healthpass.core.HealthPassport

/** Opens the one [HealthPassport] of the app, in the app's private files directory. */
class HealthpassApplication : Application() {
    /** Shared by every screen; the core serialises calls. */
    val passport: HealthPassport by lazy {
        HealthPassport.open(filesDir.resolve("healthpass.db").path).also { passport ->
            val keys = BuildConfig.REGISTRY_PUBLIC_KEYS.split(',').map(String::trim).filter(String::isNotEmpty)
            passport.setTrustedRegistryKeys(keys)
        }
    }
}
