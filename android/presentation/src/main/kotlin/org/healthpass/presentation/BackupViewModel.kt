package org.healthpass.presentation

import org.healthpass.core.BackupStatus
import org.healthpass.core.HealthPassport

/** What the backup settings screen shows. */
data class BackupState(
    /** Whether backup is on. */
    val enabled: Boolean = false,
    /** The last backup the server acknowledged, Unix seconds ([UiText.BACKUP_LAST]), or null. */
    val lastBackup: Long? = null,
    /** Whether a passphrase protects the backup. */
    val passphrase: Boolean = false,
    /** The recovery code, right after [BackupViewModel.enable] only ([UiText.BACKUP_RECOVERY_CODE_ONCE]); never stored. */
    val recoveryCodeToShowOnce: String? = null,
    /** What a restore added: visits, certificates, alerts ([UiText.BACKUP_RESTORED]), or null. */
    val restored: Triple<Int, Int, Int>? = null,
    /** A message to show once (done, offline, wrong code, …), or null. */
    val message: UiText? = null,
)

/**
 * The backup settings screen: switch on (the code is shown once), back up now, restore on a new
 * phone with the recovery code (and passphrase), delete the server's copy. Every call that
 * talks to the server suspends off the UI thread; the server URL comes with the app.
 */
class BackupViewModel(
    private val passport: HealthPassport,
    private val serverUrl: String,
    private val clock: Clock = Clock.SYSTEM,
) {
    /** The current state. */
    @Volatile
    var state: BackupState = BackupState()
        private set

    /** Reloads whether backup is on and when it last ran. */
    fun refresh(): BackupState {
        state = callCore({ state.copy(message = it) }) { load() }
        return state
    }

    /** Switches backup on (with [passphrase] if not blank) and uploads the first backup. */
    suspend fun enable(passphrase: String?): BackupState {
        state = callCore({ state.copy(message = it) }) {
            val code = passport.enableBackup(serverUrl, passphrase?.takeIf { it.isNotBlank() }, clock.nowUnixSeconds())
            load().copy(recoveryCodeToShowOnce = code)
        }
        return state
    }

    /** Backs up now. */
    suspend fun backUpNow(): BackupState {
        state = callCore({ state.copy(message = it) }) {
            passport.backUpNow(clock.nowUnixSeconds())
            load().copy(message = UiText.BACKUP_DONE)
        }
        return state
    }

    /** Restores with the typed [recoveryCode] (and [passphrase] if the backup has one). */
    suspend fun restore(recoveryCode: String, passphrase: String?): BackupState {
        state = callCore({ state.copy(message = it) }) {
            val added = passport.restoreBackup(serverUrl, recoveryCode, passphrase?.takeIf { it.isNotBlank() }, clock.nowUnixSeconds())
            load().copy(restored = Triple(added.visits.toInt(), added.certificates.toInt(), added.alerts.toInt()))
        }
        return state
    }

    /** Deletes the server's copy and switches backup off. */
    suspend fun delete(): BackupState {
        state = callCore({ state.copy(message = it) }) {
            passport.deleteBackup()
            load().copy(message = UiText.BACKUP_DELETED)
        }
        return state
    }

    private fun load(): BackupState {
        val status: BackupStatus = passport.backupStatus(clock.nowUnixSeconds(), false)
        return BackupState(enabled = status.enabled, lastBackup = status.lastBackupUnixSeconds, passphrase = status.passphrase)
    }
}
