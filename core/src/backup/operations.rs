//! The backup operations a phone or the CLI calls: switch on, back up now, restore on a new
//! phone, delete the server's copy. Blocking (they talk to the server): shells call them off
//! the UI thread. Each takes an explicit `now` (UTC).

use std::sync::Arc;

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
use crate::remote::{ServerClient, Transport};
use crate::store::Store;

/// Writes a stale backup is retried after merging before the phone gives up for now.
const STALE_RETRIES: usize = 3;

/// Switches backup on with a fresh recovery code (wrapped by `passphrase` at `cost` if given)
/// and uploads the first backup to `server_url` through `transport`. Returns the code, to be
/// shown once.
pub fn enable(
    store: &mut Store,
    transport: &Arc<dyn Transport>,
    server_url: &str,
    passphrase: Option<(&str, PassphraseCost)>,
    now: DateTime<Utc>,
) -> Result<RecoveryCode, BackupError> {
    client(transport, server_url)?;
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
    back_up(store, transport, &mut setup, now)?;
    Ok(code)
}

/// Backs up now with the setup kept in `store`, through `transport`; the server's new version.
pub fn back_up_now(store: &mut Store, transport: &Arc<dyn Transport>, now: DateTime<Utc>) -> Result<String, BackupError> {
    let mut setup = BackupSetup::load(store)?.ok_or(BackupError::NotEnabled)?;
    back_up(store, transport, &mut setup, now)
}

/// Uploads a snapshot of `store`; if another device wrote since this one last did, restores
/// that device's backup into the store first (nothing twice) and tries again. The setup
/// (version and history) is saved in `store` whatever the outcome.
fn back_up(
    store: &mut Store,
    transport: &Arc<dyn Transport>,
    setup: &mut BackupSetup,
    now: DateTime<Utc>,
) -> Result<String, BackupError> {
    let outcome = upload_merging(store, transport, setup, now);
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

fn upload_merging(
    store: &mut Store,
    transport: &Arc<dyn Transport>,
    setup: &mut BackupSetup,
    now: DateTime<Utc>,
) -> Result<String, BackupError> {
    let keys = BackupKeys::derive(&setup.code);
    for _ in 0..STALE_RETRIES {
        let blob = seal(&snapshot(store, now)?.to_json(), &setup.key)?;
        match server::upload(client(transport, &setup.server)?, &keys, blob, setup.version.as_deref()) {
            Err(BackupError::Stale) => {
                let stored = server::download(client(transport, &setup.server)?, &keys)?;
                restore(store, BackupContents::from_json(&open_with(&stored.blob, &setup.key)?)?, now)?;
                setup.version = Some(stored.version);
            }
            outcome => return outcome,
        }
    }
    Err(BackupError::Stale)
}

/// Restores the backup of `code` from `server_url` (through `transport`) into `store` (merging
/// with what the phone has), and keeps the setup so this phone backs up to the same blob from
/// now on.
pub fn restore_from_server(
    store: &mut Store,
    transport: &Arc<dyn Transport>,
    server_url: &str,
    code: &RecoveryCode,
    passphrase: Option<&str>,
    now: DateTime<Utc>,
) -> Result<RestoreSummary, BackupError> {
    let keys = BackupKeys::derive(code);
    let StoredBlob { blob, version } = server::download(client(transport, server_url)?, &keys)?;
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

/// Deletes the server's copy (through `transport`) and switches backup off on this phone.
pub fn delete_server_copy(store: &mut Store, transport: &Arc<dyn Transport>) -> Result<(), BackupError> {
    let setup = BackupSetup::load(store)?.ok_or(BackupError::NotEnabled)?;
    match server::delete(client(transport, &setup.server)?, &BackupKeys::derive(&setup.code)) {
        Ok(()) | Err(BackupError::NotFound) => {}
        Err(error) => return Err(error),
    }
    BackupSetup::forget(store)?;
    Ok(())
}

fn client(transport: &Arc<dyn Transport>, server_url: &str) -> Result<ServerClient, BackupError> {
    ServerClient::new(server_url, Arc::clone(transport)).map_err(|_| BackupError::Refused("invalid_server_url".to_owned()))
}
