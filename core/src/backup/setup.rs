//! What the phone keeps about its backup, in its own store (settings row `backup`): the server,
//! the recovery code (so later backups need nothing from the citizen), the content key (so a
//! passphrase is typed once), the server's version of the blob, and the backup history the
//! schedule reads. The store file is the phone's private storage; whoever reads it reads the
//! diary anyway (docs/THREAT_MODEL.md, "Backups").

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::format::ContentKey;
use super::recovery_code::RecoveryCode;
use super::schedule::BackupHistory;
use crate::store::{Store, StoreError, settings};

/// The settings key of the backup setup.
const SETTINGS_KEY: &str = "backup";

/// A phone's backup setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSetup {
    /// The server's base URL.
    pub server: String,
    /// The recovery code.
    pub code: RecoveryCode,
    /// The key backups are sealed under.
    pub key: ContentKey,
    /// The server's version of the blob this phone last wrote or read.
    pub version: Option<String>,
    /// When changes happened and backups ran.
    pub history: BackupHistory,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    server: String,
    code: String,
    key: String,
    version: Option<String>,
    last_change: Option<i64>,
    last_success: Option<i64>,
    last_attempt: Option<i64>,
    consecutive_failures: u32,
}

impl BackupSetup {
    /// The setup kept in `store`, if backup is on.
    pub fn load(store: &Store) -> Result<Option<Self>, StoreError> {
        let Some(text) = settings::get(store.read(), SETTINGS_KEY)? else { return Ok(None) };
        let invalid = || StoreError::InvalidRow("backup");
        let stored: Stored = serde_json::from_str(&text).map_err(|_| invalid())?;
        let key =
            URL_SAFE_NO_PAD.decode(&stored.key).ok().and_then(|bytes| ContentKey::from_bytes(&bytes)).ok_or_else(invalid)?;
        let instant = |seconds: Option<i64>| seconds.map(|s| DateTime::from_timestamp(s, 0).ok_or_else(invalid)).transpose();
        Ok(Some(BackupSetup {
            server: stored.server,
            code: RecoveryCode::parse(&stored.code).map_err(|_| invalid())?,
            key,
            version: stored.version,
            history: BackupHistory {
                last_change: instant(stored.last_change)?,
                last_success: instant(stored.last_success)?,
                last_attempt: instant(stored.last_attempt)?,
                consecutive_failures: stored.consecutive_failures,
            },
        }))
    }

    /// Keeps the setup in `store`, replacing the one there.
    pub fn save(&self, store: &Store) -> Result<(), StoreError> {
        let stored = Stored {
            server: self.server.clone(),
            code: self.code.to_text(),
            key: URL_SAFE_NO_PAD.encode(self.key.to_bytes()),
            version: self.version.clone(),
            last_change: self.history.last_change.map(|t| t.timestamp()),
            last_success: self.history.last_success.map(|t| t.timestamp()),
            last_attempt: self.history.last_attempt.map(|t| t.timestamp()),
            consecutive_failures: self.history.consecutive_failures,
        };
        // A struct of strings and integers always serialises.
        settings::set(store.read(), SETTINGS_KEY, &serde_json::to_string(&stored).unwrap_or_default())
    }

    /// Removes the setup from `store` (backup switched off).
    pub fn forget(store: &Store) -> Result<(), StoreError> {
        settings::delete(store.read(), SETTINGS_KEY)
    }

    /// Records a change to what the backup keeps, at `now`.
    pub fn record_change(store: &Store, now: DateTime<Utc>) -> Result<(), StoreError> {
        let Some(mut setup) = Self::load(store)? else { return Ok(()) };
        setup.history.last_change = Some(now);
        setup.save(store)
    }
}
