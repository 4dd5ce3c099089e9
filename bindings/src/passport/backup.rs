//! The end-to-end-encrypted backup on the phone (docs/PROTOCOL.md, "Backups"): switch on,
//! back up, restore on a new phone, delete the server's copy, when to back up next, and the
//! transfer from phone to phone without the server.
//! Network calls run on a thread of their own and are `suspend` functions in Kotlin (`async`
//! in Swift).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use healthpass_core::backup::restore::RestoreSummary;
use healthpass_core::backup::transfer_link::TransferSender;

use super::HealthPassport;
use super::background::off_the_calling_thread;
use crate::HealthpassError;
use crate::time::{from_unix_seconds, to_unix_seconds};

/// What a restore added to this phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct BackupRestored {
    /// Visits the phone did not have.
    pub visits: u32,
    /// Certificates the wallet did not have.
    pub certificates: u32,
    /// Alerts the phone did not have.
    pub alerts: u32,
}

impl From<RestoreSummary> for BackupRestored {
    fn from(added: RestoreSummary) -> Self {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        BackupRestored { visits: count(added.visits), certificates: count(added.certificates), alerts: count(added.alerts) }
    }
}

/// A transfer prepared on the old phone: its QR text to show, and the one fetch to serve.
#[derive(uniffi::Object)]
pub struct BackupTransfer {
    inner: TransferSender,
}

#[uniffi::export]
impl BackupTransfer {
    /// The text to show as a QR code for the new phone to scan (`HPTX1:…`).
    pub fn qr_text(&self) -> String {
        self.inner.qr_text()
    }

    /// Serves the transfer once, waiting at most `wait_seconds` for the new phone;
    /// [`HealthpassError::Offline`] when it did not come.
    pub async fn serve_once(self: Arc<Self>, wait_seconds: u32) -> Result<(), HealthpassError> {
        off_the_calling_thread(move || Ok(self.inner.serve_once(Duration::from_secs(u64::from(wait_seconds)))?)).await
    }
}

/// The backup as the settings screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BackupStatus {
    /// Whether backup is on.
    pub enabled: bool,
    /// The server's base URL, when on.
    pub server_url: Option<String>,
    /// The last backup the server acknowledged (Unix seconds UTC).
    pub last_backup_unix_seconds: Option<i64>,
    /// Failed attempts since then.
    pub failures: u32,
    /// When the next backup is due (Unix seconds UTC); none when nothing is due, or when the
    /// phone is offline and should try when the network returns.
    pub next_backup_unix_seconds: Option<i64>,
    /// Whether a passphrase protects the backup.
    pub passphrase: bool,
}

#[uniffi::export]
impl HealthPassport {
    /// Switches backup on with a fresh recovery code (and `passphrase`, if given, stretched
    /// with Argon2id) and uploads the first backup; returns the code in its written form, to
    /// be shown once.
    pub async fn enable_backup(
        self: Arc<Self>,
        server_url: String,
        passphrase: Option<String>,
        now_unix_seconds: i64,
    ) -> Result<String, HealthpassError> {
        off_the_calling_thread(move || {
            let now = from_unix_seconds(now_unix_seconds)?;
            Ok(self.inner.enable_backup(&server_url, passphrase.as_deref(), now)?.to_text())
        })
        .await
    }

    /// Backs up now (after a change, when [`HealthPassport::backup_status`] says it is due).
    /// Another device's newer backup is merged in first.
    pub async fn back_up_now(self: Arc<Self>, now_unix_seconds: i64) -> Result<(), HealthpassError> {
        off_the_calling_thread(move || {
            self.inner.back_up_now(from_unix_seconds(now_unix_seconds)?)?;
            Ok(())
        })
        .await
    }

    /// Restores the backup of `recovery_code` from `server_url` (merged with what this phone
    /// has) and backs up to it from now on. The phone's data is untouched on any error.
    pub async fn restore_backup(
        self: Arc<Self>,
        server_url: String,
        recovery_code: String,
        passphrase: Option<String>,
        now_unix_seconds: i64,
    ) -> Result<BackupRestored, HealthpassError> {
        off_the_calling_thread(move || {
            let now = from_unix_seconds(now_unix_seconds)?;
            Ok(BackupRestored::from(self.inner.restore_backup(&server_url, &recovery_code, passphrase.as_deref(), now)?))
        })
        .await
    }

    /// Deletes the server's copy and switches backup off on this phone.
    pub async fn delete_backup(self: Arc<Self>) -> Result<(), HealthpassError> {
        off_the_calling_thread(move || Ok(self.inner.delete_backup()?)).await
    }

    /// Prepares a transfer to a new phone without the server: this phone's diary, wallet and
    /// alerts as of `now_unix_seconds`, sealed under a one-time code and offered on a free port
    /// of `local_ip` (this phone's private or link-local address on the Wi-Fi or hotspot both
    /// phones share; anything else is [`HealthpassError::InvalidTransferCode`]). Show its
    /// [`BackupTransfer::qr_text`] as a QR code, then await [`BackupTransfer::serve_once`].
    pub fn prepare_transfer(&self, local_ip: String, now_unix_seconds: i64) -> Result<Arc<BackupTransfer>, HealthpassError> {
        let ip: IpAddr = local_ip.trim().parse().map_err(|_| HealthpassError::InvalidTransferCode)?;
        Ok(Arc::new(BackupTransfer { inner: self.inner.prepare_transfer(ip, from_unix_seconds(now_unix_seconds)?)? }))
    }

    /// The new phone's side: fetches what the scanned `qr_text` offers from the old phone and
    /// restores it, merged with what this phone has. The phone's data is untouched on any error.
    pub async fn receive_transfer(
        self: Arc<Self>,
        qr_text: String,
        now_unix_seconds: i64,
    ) -> Result<BackupRestored, HealthpassError> {
        off_the_calling_thread(move || {
            let added = self.inner.receive_transfer(&qr_text, from_unix_seconds(now_unix_seconds)?)?;
            Ok(BackupRestored::from(added))
        })
        .await
    }

    /// Records that the diary, wallet or alerts changed at `now_unix_seconds`, so the next
    /// backup is scheduled (a no-op when backup is off).
    pub fn record_backup_change(&self, now_unix_seconds: i64) -> Result<(), HealthpassError> {
        Ok(self.inner.record_backup_change(from_unix_seconds(now_unix_seconds)?)?)
    }

    /// The backup's state as of `now_unix_seconds`, `offline` or not.
    pub fn backup_status(&self, now_unix_seconds: i64, offline: bool) -> Result<BackupStatus, HealthpassError> {
        let status = self.inner.backup_status(from_unix_seconds(now_unix_seconds)?, offline)?;
        Ok(match status {
            None => BackupStatus {
                enabled: false,
                server_url: None,
                last_backup_unix_seconds: None,
                failures: 0,
                next_backup_unix_seconds: None,
                passphrase: false,
            },
            Some(status) => BackupStatus {
                enabled: true,
                server_url: Some(status.server_url),
                last_backup_unix_seconds: status.last_backup.map(to_unix_seconds),
                failures: status.failures,
                next_backup_unix_seconds: status.next_backup.map(to_unix_seconds),
                passphrase: status.passphrase,
            },
        })
    }
}
