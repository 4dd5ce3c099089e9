//! The backup calls on a healthpass server (docs/PROTOCOL.md, "Backups"): every call names the
//! blob by its id and authorises itself with the write credential, both derived from the
//! recovery code. Versions are the server's ETags (`"1"`, `"2"`, …); a write names the version
//! it replaces, so a device that missed another's write is refused instead of erasing it.

use super::BackupError;
use super::format::MAX_BLOB_LEN;
use super::keys::BackupKeys;
use crate::remote::{Fetched, RemoteError, ServerClient};

/// The blob the server holds and its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    /// The encrypted blob.
    pub blob: Vec<u8>,
    /// The server's version of it, to name in the next write.
    pub version: String,
}

/// The path of the backup of `keys` on the server.
pub fn backup_path(keys: &BackupKeys) -> String {
    format!("/v1/backups/{}", keys.blob_id.to_hex())
}

/// Downloads the backup of `keys` from `server`.
pub fn download(server: ServerClient, keys: &BackupKeys) -> Result<StoredBlob, BackupError> {
    let client = server.with_token(&keys.credential.to_text());
    match client.fetch(&backup_path(keys), None, MAX_BLOB_LEN as u64).map_err(from_remote)? {
        Fetched::Body { bytes, etag: Some(version), .. } => Ok(StoredBlob { blob: bytes, version }),
        Fetched::Body { etag: None, .. } | Fetched::NotModified { .. } => {
            Err(BackupError::Refused("unexpected_reply".to_owned()))
        }
    }
}

/// Uploads `blob` as the backup of `keys`: replacing `replaces` (a version read before), or
/// creating it if `None`. The new version; [`BackupError::Stale`] if another device wrote first.
pub fn upload(server: ServerClient, keys: &BackupKeys, blob: Vec<u8>, replaces: Option<&str>) -> Result<String, BackupError> {
    let client = server.with_token(&keys.credential.to_text());
    client
        .put_bytes(&backup_path(keys), blob, replaces)
        .map_err(from_remote)?
        .ok_or_else(|| BackupError::Refused("unexpected_reply".to_owned()))
}

/// Deletes the server's copy of the backup of `keys`.
pub fn delete(server: ServerClient, keys: &BackupKeys) -> Result<(), BackupError> {
    server.with_token(&keys.credential.to_text()).delete(&backup_path(keys)).map_err(from_remote)
}

/// The backup meaning of a failed call.
fn from_remote(error: RemoteError) -> BackupError {
    match error {
        error if error.is_unreachable() => BackupError::Offline,
        RemoteError::Refused { status: 404, .. } => BackupError::NotFound,
        RemoteError::Refused { status: 412, .. } => BackupError::Stale,
        other => BackupError::Refused(other.code().to_owned()),
    }
}
