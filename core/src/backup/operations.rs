//! The backup operations a phone or the CLI calls: switch on, back up now, restore on a new
//! phone, delete the server's copy. Blocking (they talk to the server): shells call them off
//! the UI thread. Each takes an explicit `now` (UTC).

use chrono::{DateTime, Utc};

use super::BackupError;
use super::contents::BackupContents;
use super::format::{ContentKey, open, open_with, seal};
use super::keys::{BackupKeys, PassphraseCost};
use super::recovery_code::RecoveryCode;
use super::restore::{RestoreSummary, restore};
use super::schedule::BackupHistory;
use super::server::{self, StoredBlob};
use super::setup::BackupSetup;
use super::snapshot::snapshot;
use crate::remote::ServerClient;
use crate::store::Store;

/// Writes a stale backup is retried after merging before the phone gives up for now.
const STALE_RETRIES: usize = 3;

/// Switches backup on with a fresh recovery code (wrapped by `passphrase` at `cost` if given)
/// and uploads the first backup. Returns the code, to be shown once.
pub fn enable(
    store: &mut Store,
    server_url: &str,
    passphrase: Option<(&str, PassphraseCost)>,
    now: DateTime<Utc>,
) -> Result<RecoveryCode, BackupError> {
    ServerClient::new(server_url).map_err(|_| BackupError::Refused("invalid_server_url".to_owned()))?;
    let code = RecoveryCode::generate();
    let keys = BackupKeys::derive(&code);
    let key = match passphrase {
        Some((passphrase, cost)) => ContentKey::with_passphrase(&keys, passphrase, cost)?,
        None => ContentKey::plain(&keys),
    };
    let mut setup = BackupSetup {
        server: server_url.to_owned(),
        code: code.clone(),
        key,
        version: None,
        history: BackupHistory { last_change: Some(now), ..BackupHistory::default() },
    };
    back_up(store, &mut setup, now)?;
    Ok(code)
}

/// Backs up now with the setup kept in `store`; the server's new version.
pub fn back_up_now(store: &mut Store, now: DateTime<Utc>) -> Result<String, BackupError> {
    let mut setup = BackupSetup::load(store)?.ok_or(BackupError::NotEnabled)?;
    back_up(store, &mut setup, now)
}

/// Uploads a snapshot of `store`; if another device wrote since this one last did, restores
/// that device's backup into the store first (nothing twice) and tries again. The setup
/// (version and history) is saved in `store` whatever the outcome.
fn back_up(store: &mut Store, setup: &mut BackupSetup, now: DateTime<Utc>) -> Result<String, BackupError> {
    let outcome = upload_merging(store, setup, now);
    setup.history.last_attempt = Some(now);
    match &outcome {
        Ok(version) => {
            setup.version = Some(version.clone());
            setup.history.last_success = Some(now);
            setup.history.consecutive_failures = 0;
        }
        Err(_) => setup.history.consecutive_failures = setup.history.consecutive_failures.saturating_add(1),
    }
    setup.save(store)?;
    outcome
}

fn upload_merging(store: &mut Store, setup: &mut BackupSetup, now: DateTime<Utc>) -> Result<String, BackupError> {
    let keys = BackupKeys::derive(&setup.code);
    for _ in 0..STALE_RETRIES {
        let blob = seal(&snapshot(store, now)?.to_json(), &setup.key)?;
        match server::upload(client(&setup.server)?, &keys, blob, setup.version.as_deref()) {
            Err(BackupError::Stale) => {
                let stored = server::download(client(&setup.server)?, &keys)?;
                restore(store, BackupContents::from_json(&open_with(&stored.blob, &setup.key)?)?, now)?;
                setup.version = Some(stored.version);
            }
            outcome => return outcome,
        }
    }
    Err(BackupError::Stale)
}

/// Restores the backup of `code` from `server_url` into `store` (merging with what the phone
/// has), and keeps the setup so this phone backs up to the same blob from now on.
pub fn restore_from_server(
    store: &mut Store,
    server_url: &str,
    code: &RecoveryCode,
    passphrase: Option<&str>,
    now: DateTime<Utc>,
) -> Result<RestoreSummary, BackupError> {
    let keys = BackupKeys::derive(code);
    let StoredBlob { blob, version } = server::download(client(server_url)?, &keys)?;
    let (contents, key) = open(&blob, &keys, passphrase)?;
    let summary = restore(store, BackupContents::from_json(&contents)?, now)?;
    let setup = BackupSetup {
        server: server_url.to_owned(),
        code: code.clone(),
        key,
        version: Some(version),
        history: BackupHistory { last_success: Some(now), last_attempt: Some(now), ..BackupHistory::default() },
    };
    setup.save(store)?;
    Ok(summary)
}

/// Deletes the server's copy and switches backup off on this phone.
pub fn delete_server_copy(store: &mut Store) -> Result<(), BackupError> {
    let setup = BackupSetup::load(store)?.ok_or(BackupError::NotEnabled)?;
    match server::delete(client(&setup.server)?, &BackupKeys::derive(&setup.code)) {
        Ok(()) | Err(BackupError::NotFound) => {}
        Err(error) => return Err(error),
    }
    BackupSetup::forget(store)?;
    Ok(())
}

fn client(server_url: &str) -> Result<ServerClient, BackupError> {
    ServerClient::new(server_url).map_err(|_| BackupError::Refused("invalid_server_url".to_owned()))
}
