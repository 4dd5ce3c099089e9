package org.healthpass.presentation

import org.healthpass.core.BackupStatus
import org.healthpass.core.BackupTransfer
import org.healthpass.core.HealthPassport
import org.healthpass.core.QrModules
import org.healthpass.core.qrModules
import org.healthpass.core.recoverySheetPdf

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
    /** The QR code of [recoveryCodeToShowOnce], shown with it (and printed on its sheet), or null. */
    val recoveryCodeQr: QrModules? = null,
    /** Moving the diary, wallet and alerts to a new phone without the server. */
    val transfer: TransferState = TransferState.Idle,
    /** What a restore added: visits, certificates, alerts ([UiText.BACKUP_RESTORED]), or null. */
    val restored: Triple<Int, Int, Int>? = null,
    /** A message to show once (done, offline, wrong code, …), or null. */
    val message: UiText? = null,
)

/** The phone-to-phone transfer, as the "Move to a new phone" section shows it. */
sealed interface TransferState {
    /** Nothing under way. */
    data object Idle : TransferState

    /** Old phone: showing [qr] for the new phone to scan, serving the diary once. */
    data class Offering(val qr: QrModules) : TransferState

    /** Old phone: the new phone fetched the diary ([UiText.TRANSFER_SENT]). */
    data object Sent : TransferState

    /** New phone: scanning the old phone's QR code, then fetching ([UiText.TRANSFER_SCAN]). */
    data object Waiting : TransferState

    /** New phone: what the transfer added: visits, certificates, alerts ([UiText.BACKUP_RESTORED]). */
    data class Received(val visits: Int, val certificates: Int, val alerts: Int) : TransferState

    /** Either phone: why the transfer stopped (offline, not a transfer code, …). */
    data class Failed(val message: UiText) : TransferState
}

/** The text every transfer QR code starts with; other codes the camera sees are ignored. */
const val TRANSFER_QR_PREFIX = "HPTX1:"

/** How long the old phone waits for the new one to fetch, in seconds. */
const val TRANSFER_WAIT_SECONDS: UInt = 300u

/**
 * The backup settings screen: switch on (the code is shown once), back up now, restore on a new
 * phone with the recovery code (and passphrase), delete the server's copy, and move everything
 * to a new phone over the local network without the server. Every call that talks to the server
 * or the other phone suspends off the UI thread; the server URL comes with the app.
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

    /** The old phone's prepared transfer while [TransferState.Offering]. */
    @Volatile
    private var offer: BackupTransfer? = null

    /** Reloads whether backup is on and when it last ran. */
    fun refresh(): BackupState {
        state = callCore({ state.copy(message = it) }) { load() }
        return state
    }

    /** Switches backup on (with [passphrase] if not blank) and uploads the first backup. */
    suspend fun enable(passphrase: String?): BackupState {
        state = callCore({ state.copy(message = it) }) {
            val code = passport.enableBackup(serverUrl, passphrase?.takeIf { it.isNotBlank() }, clock.nowUnixSeconds())
            load().copy(recoveryCodeToShowOnce = code, recoveryCodeQr = qrModules(code))
        }
        return state
    }

    /**
     * The printable recovery sheet (a one-page A4 PDF with the code and its QR code), offered
     * only while the code is shown once; null once it is hidden.
     */
    fun recoverySheet(): ByteArray? {
        val code = state.recoveryCodeToShowOnce ?: return null
        return callCore({ state = state.copy(message = it); null }) { recoverySheetPdf(code) }
    }

    /** Hides the recovery code (the citizen wrote it down or saved the sheet); it is not shown again. */
    fun hideRecoveryCode(): BackupState {
        state = state.copy(recoveryCodeToShowOnce = null, recoveryCodeQr = null)
        return state
    }

    /**
     * Old phone: prepares the transfer on this phone's [localIp] (its Wi-Fi or hotspot address)
     * and shows its QR code; then [serveTransfer] waits for the new phone.
     */
    fun offerTransfer(localIp: String): BackupState {
        state = callCore({ state.copy(transfer = TransferState.Failed(it)) }) {
            val prepared = passport.prepareTransfer(localIp, clock.nowUnixSeconds())
            val qr = qrModules(prepared.qrText())
            offer?.close()
            offer = prepared
            state.copy(transfer = TransferState.Offering(qr))
        }
        return state
    }

    /** Old phone: serves the offered transfer once, waiting at most [waitSeconds] for the new phone. */
    suspend fun serveTransfer(waitSeconds: UInt = TRANSFER_WAIT_SECONDS): BackupState {
        val prepared = offer ?: return state
        state = callCore({ state.copy(transfer = TransferState.Failed(it)) }) {
            prepared.serveOnce(waitSeconds)
            state.copy(transfer = TransferState.Sent)
        }
        offer = null
        prepared.close()
        return state
    }

    /** New phone: the camera is looking for the old phone's QR code. */
    fun scanForTransfer(): BackupState {
        state = state.copy(transfer = TransferState.Waiting)
        return state
    }

    /** New phone: the transfer QR text in a camera frame, or null (other codes are ignored). */
    fun transferCodeIn(luma: ByteArray, width: Int, height: Int, rowStride: Int): String? =
        callCore({ null }) { firstCode(luma, width, height, rowStride) }?.takeIf { it.startsWith(TRANSFER_QR_PREFIX) }

    /** New phone: fetches what the scanned [qrText] offers from the old phone and merges it in. */
    suspend fun receiveTransfer(qrText: String): BackupState {
        state = callCore({ state.copy(transfer = TransferState.Failed(it)) }) {
            val added = passport.receiveTransfer(qrText, clock.nowUnixSeconds())
            load().copy(transfer = TransferState.Received(added.visits.toInt(), added.certificates.toInt(), added.alerts.toInt()))
        }
        return state
    }

    /** Ends the transfer section's result (sent, received, failed) and goes back to idle. */
    fun closeTransfer(): BackupState {
        offer?.close()
        offer = null
        state = state.copy(transfer = TransferState.Idle)
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
