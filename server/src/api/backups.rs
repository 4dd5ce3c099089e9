//! `GET | PUT | DELETE /v1/backups/{blob_id}`: citizens' end-to-end-encrypted backups.
//!
//! No account: the blob id and the write credential (a bearer token) are both derived from the
//! citizen's recovery code, and the server keeps only the credential's SHA-256. A request
//! whose credential does not match is answered exactly like one for an id that does not exist
//! (404), so nobody without the code can read, overwrite, delete or even learn that a backup
//! exists; there is no listing. Writes are compare-and-swap on the version (`If-Match`), so a
//! device that missed another's write is refused (412) instead of erasing it.
//!
//! Limits: [`MAX_BACKUP_BYTES`] per blob, [`WRITES_PER_HOUR`] writes per blob, the failed-
//! credential limit per client address, and blobs untouched for [`UNTOUCHED_LIFETIME`] are
//! deleted (swept at most hourly, before any backup request is served).

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{TimeDelta, Utc};
use healthpass_core::backup::format::{MAX_BLOB_LEN, check_header};
use healthpass_core::backup::keys::{BlobId, WriteCredential};

use super::AppState;
use super::attempts::{AttemptLimiter, Limits, UPLOAD_CODE_LIMITS};
use super::error::ApiError;
use crate::db::BackupKey;

/// Largest backup accepted, in bytes: the largest blob the backup format produces.
pub const MAX_BACKUP_BYTES: usize = MAX_BLOB_LEN;
/// Writes one backup may take per hour (a phone backs up after a quiet period, so a person
/// with two devices stays far below it).
pub const WRITES_PER_HOUR: usize = 60;
/// Backups nobody read or wrote for this long are deleted.
pub const UNTOUCHED_LIFETIME: TimeDelta = TimeDelta::days(90);
/// Seconds between sweeps of untouched backups.
const SWEEP_EVERY_SECONDS: i64 = 3600;

/// The backup routes' limits, shared by all requests.
pub struct BackupGuards {
    failures: AttemptLimiter<IpAddr>,
    writes: AttemptLimiter<[u8; 16]>,
    last_sweep: AtomicI64,
}

impl Default for BackupGuards {
    fn default() -> Self {
        BackupGuards {
            // Wrong credentials count like wrong upload codes.
            failures: AttemptLimiter::new(UPLOAD_CODE_LIMITS),
            // Writes are bounded per backup only, as many backups as there are phones.
            writes: AttemptLimiter::new(Limits {
                per_client: WRITES_PER_HOUR,
                global: usize::MAX,
                window: Duration::from_secs(3600),
            }),
            last_sweep: AtomicI64::new(i64::MIN),
        }
    }
}

/// Returns the blob with its version as ETag.
pub async fn read(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(blob_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let key = admit(&state, client.ip(), &blob_id, &headers).await?;
    let Some(stored) = state.database.read_backup(key, Utc::now().timestamp()).await? else {
        return Err(refuse(&state, client.ip()));
    };
    let headers = [
        (CONTENT_TYPE, "application/octet-stream".to_owned()),
        (ETAG, etag(stored.version)),
        (CACHE_CONTROL, "no-store".to_owned()),
    ];
    Ok((headers, stored.blob).into_response())
}

/// Creates (`If-None-Match: *`) or replaces (`If-Match: "<version>"`) the blob.
pub async fn write(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(blob_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = admit(&state, client.ip(), &blob_id, &headers).await?;
    let blob = body.map_err(|_| ApiError::PayloadTooLarge)?;
    if blob.len() > MAX_BACKUP_BYTES {
        return Err(ApiError::PayloadTooLarge);
    }
    check_header(&blob)
        .map_err(|_| ApiError::InvalidField("invalid_backup", "the body is not a healthpass backup".to_owned()))?;
    state.backups.writes.check(key.blob_id, Instant::now()).map_err(|retry_after| ApiError::RateLimited { retry_after })?;
    let now = Utc::now().timestamp();
    let (status, version) = match precondition(&headers)? {
        Precondition::Create => {
            if !state.database.create_backup(key, blob.to_vec(), now).await? {
                return Err(stale_or_refused(&state, client.ip(), key).await?);
            }
            (StatusCode::CREATED, 1)
        }
        Precondition::Replace(version) => match state.database.replace_backup(key, version, blob.to_vec(), now).await? {
            Some(new) => (StatusCode::OK, new),
            None => return Err(stale_or_refused(&state, client.ip(), key).await?),
        },
    };
    state.backups.writes.record(key.blob_id, Instant::now());
    tracing::info!(bytes = blob.len(), "backup stored");
    Ok((status, [(ETAG, etag(version))]).into_response())
}

/// Deletes the blob.
pub async fn delete(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(blob_id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let key = admit(&state, client.ip(), &blob_id, &headers).await?;
    if !state.database.delete_backup(key).await? {
        return Err(refuse(&state, client.ip()));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// What a write asks for.
enum Precondition {
    Create,
    Replace(i64),
}

fn precondition(headers: &HeaderMap) -> Result<Precondition, ApiError> {
    if headers.get(IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == b"*") {
        return Ok(Precondition::Create);
    }
    let version = headers
        .get(IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().strip_prefix('"')?.strip_suffix('"')?.parse::<i64>().ok())
        .ok_or(ApiError::PreconditionRequired)?;
    Ok(Precondition::Replace(version))
}

/// Sweeps untouched backups if due, checks the client's failure limit, and reads the blob id
/// and credential of the request.
async fn admit(state: &AppState, client: IpAddr, blob_id: &str, headers: &HeaderMap) -> Result<BackupKey, ApiError> {
    sweep_if_due(state).await?;
    state.backups.failures.check(client, Instant::now()).map_err(|retry_after| ApiError::RateLimited { retry_after })?;
    let blob_id = BlobId::from_hex(blob_id).ok_or(ApiError::NotFound)?;
    let credential_hash = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(WriteCredential::hash_of_text)
        .ok_or(ApiError::Unauthorized)?;
    Ok(BackupKey { blob_id: blob_id.0, credential_hash })
}

/// A write that changed nothing: stale if the caller holds the credential, else not found.
async fn stale_or_refused(state: &AppState, client: IpAddr, key: BackupKey) -> Result<ApiError, ApiError> {
    Ok(match state.database.backup_version(key).await? {
        Some(current) => ApiError::StaleBackup { current },
        None => refuse(state, client),
    })
}

/// Counts a request that named no backup its credential opens, and answers 404.
fn refuse(state: &AppState, client: IpAddr) -> ApiError {
    state.backups.failures.record(client, Instant::now());
    ApiError::NotFound
}

/// Deletes backups untouched for [`UNTOUCHED_LIFETIME`], at most once per hour.
async fn sweep_if_due(state: &AppState) -> Result<(), ApiError> {
    let now = Utc::now().timestamp();
    let last = state.backups.last_sweep.load(Ordering::Relaxed);
    if now.saturating_sub(last) < SWEEP_EVERY_SECONDS
        || state.backups.last_sweep.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_err()
    {
        return Ok(());
    }
    let cutoff = now.saturating_sub(UNTOUCHED_LIFETIME.num_seconds());
    let deleted = state.database.delete_backups_untouched_since(cutoff).await?;
    if deleted > 0 {
        tracing::info!(deleted, "untouched backups deleted");
    }
    Ok(())
}

fn etag(version: i64) -> String {
    format!("\"{version}\"")
}
