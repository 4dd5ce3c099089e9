//! The end-to-end-encrypted backup of this passport (docs/PROTOCOL.md, "Backups"): switch on,
//! back up, restore on a new phone, delete the server's copy, when to back up next, and the
//! transfer from phone to phone without the server.
//!
//! Unlike the other network calls, these hold the store while they talk to the server: a
//! backup is a snapshot and a restore a merge, and neither may interleave with a check-in.
//! They run in the background (WorkManager, BGTaskScheduler), never from the UI thread.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::backup::keys::PassphraseCost;
use crate::backup::operations::{back_up_now, delete_server_copy, enable, restore_from_server};
use crate::backup::recovery_code::RecoveryCode;
use crate::backup::restore::RestoreSummary;
use crate::backup::schedule::{NextBackup, next_backup};
use crate::backup::setup::BackupSetup;
use crate::backup::transfer_link::{TransferSender, receive_transfer};

use super::{HealthPassport, PassportError};

/// The backup as a settings screen or `healthpass backup status` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupStatus {
    /// The server's base URL.
    pub server_url: String,
    /// The server's version of the blob this phone last wrote or read.
    pub version: Option<String>,
    /// The last backup the server acknowledged (UTC).
    pub last_backup: Option<DateTime<Utc>>,
    /// Failed attempts since then.
    pub failures: u32,
    /// When the next backup is due (UTC); none when nothing changed since the last one, or
    /// when the phone is offline and should try when the network returns.
    pub next_backup: Option<DateTime<Utc>>,
    /// Whether a passphrase protects the backup.
    pub passphrase: bool,
}

impl HealthPassport {
    /// Switches backup on with a fresh recovery code (and `passphrase`, if given, stretched with
    /// Argon2id at the phone's cost) and uploads the first backup to `server_url`; returns the
    /// code, to be shown once.
    pub fn enable_backup(
        &self,
        server_url: &str,
        passphrase: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<RecoveryCode, PassportError> {
        let passphrase = passphrase.map(|p| (p, PassphraseCost::PHONE));
        Ok(enable(&mut self.store(), server_url, passphrase, now)?)
    }

    /// Backs up now; another device's newer backup is merged in first. Returns the server's
    /// version of the new blob.
    pub fn back_up_now(&self, now: DateTime<Utc>) -> Result<String, PassportError> {
        Ok(back_up_now(&mut self.store(), now)?)
    }

    /// Restores the backup of `recovery_code` (its written form: dashes, spaces and case do not
    /// matter) from `server_url`, merged with what this phone has, and backs up to it from now
    /// on. The phone's data is untouched on any error.
    pub fn restore_backup(
        &self,
        server_url: &str,
        recovery_code: &str,
        passphrase: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<RestoreSummary, PassportError> {
        let code = RecoveryCode::parse(recovery_code).map_err(crate::backup::BackupError::from)?;
        Ok(restore_from_server(&mut self.store(), server_url, &code, passphrase, now)?)
    }

    /// Deletes the server's copy and switches backup off on this phone.
    pub fn delete_backup(&self) -> Result<(), PassportError> {
        Ok(delete_server_copy(&mut self.store())?)
    }

    /// Prepares a transfer to a new phone without the server: this passport's diary, wallet
    /// and alerts as of `now`, sealed under a one-time code and offered on a free port of
    /// `local_ip` (this phone's private or link-local address on the Wi-Fi or hotspot both
    /// phones share). Show its [`TransferSender::qr_text`] as a QR code, then call
    /// [`TransferSender::serve_once`] off the UI thread.
    pub fn prepare_transfer(&self, local_ip: IpAddr, now: DateTime<Utc>) -> Result<TransferSender, PassportError> {
        Ok(TransferSender::prepare(&self.store(), local_ip, now)?)
    }

    /// The new phone's side of a transfer: fetches what the scanned `qr_text` offers from the
    /// old phone and restores it, merged with what this phone has. The phone's data is
    /// untouched on any error.
    pub fn receive_transfer(&self, qr_text: &str, now: DateTime<Utc>) -> Result<RestoreSummary, PassportError> {
        let summary = receive_transfer(&mut self.store(), qr_text, now)?;
        self.record_backup_change(now)?;
        Ok(summary)
    }

    /// Records that the diary, wallet or alerts changed at `now`, so the next backup is
    /// scheduled (nothing happens when backup is off). Check-in, check-out, adding a
    /// certificate and a sync that found alerts record their change themselves.
    pub fn record_backup_change(&self, now: DateTime<Utc>) -> Result<(), PassportError> {
        Ok(BackupSetup::record_change(&self.store(), now)?)
    }

    /// The backup's state as of `now`, `offline` or not; `None` when backup is off.
    pub fn backup_status(&self, now: DateTime<Utc>, offline: bool) -> Result<Option<BackupStatus>, PassportError> {
        let Some(setup) = BackupSetup::load(&self.store())? else {
            return Ok(None);
        };
        let next_backup = match next_backup(now, &setup.history, offline) {
            NextBackup::At(at) => Some(at),
            NextBackup::UpToDate | NextBackup::WhenOnline => None,
        };
        Ok(Some(BackupStatus {
            server_url: setup.server,
            version: setup.version,
            last_backup: setup.history.last_success,
            failures: setup.history.consecutive_failures,
            next_backup,
            passphrase: setup.key.has_passphrase(),
        }))
    }
}
