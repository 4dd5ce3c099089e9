//! The record of warning bundles already matched, so a sync fetches each bundle once, and
//! the deletion of everything exposure warnings left in the store. (The alerts table itself
//! is read and written by `crate::exposure`, which owns the alert type.)

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::StoreError;

/// Whether the bundle of `hour` was already matched.
pub(crate) fn bundle_processed(conn: &Connection, hour: u64) -> Result<bool, StoreError> {
    let hour = i64::try_from(hour).map_err(|_| StoreError::InvalidRow("bundle_hour"))?;
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM warning_bundles WHERE hour = ?1)", [hour], |row| row.get(0))?)
}

/// Records that the hour `hour` with summary digest `sha256` was matched at `at`, and how
/// many of its reports carrying the phone's tags were ignored.
pub(crate) fn mark_bundle_processed(
    conn: &Connection,
    hour: u64,
    sha256: &[u8; 32],
    ignored: usize,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let hour = i64::try_from(hour).map_err(|_| StoreError::InvalidRow("bundle_hour"))?;
    let ignored = i64::try_from(ignored).map_err(|_| StoreError::InvalidRow("ignored"))?;
    conn.execute(
        "INSERT INTO warning_bundles (hour, sha256, ignored, processed_at) VALUES (?1, ?2, ?3, ?4)",
        params![hour, sha256.as_slice(), ignored, at.timestamp()],
    )?;
    Ok(())
}

/// How many reports carrying the phone's tags were ignored in the hours still listed.
pub(crate) fn ignored_total(conn: &Connection) -> Result<u64, StoreError> {
    let total: i64 = conn.query_row("SELECT COALESCE(SUM(ignored), 0) FROM warning_bundles", [], |row| row.get(0))?;
    u64::try_from(total).map_err(|_| StoreError::InvalidRow("ignored"))
}

/// Forgets matched bundles older than `hour` (they are no longer listed by any index).
pub(crate) fn forget_bundles_before(conn: &Connection, hour: u64) -> Result<(), StoreError> {
    let hour = i64::try_from(hour).map_err(|_| StoreError::InvalidRow("bundle_hour"))?;
    conn.execute("DELETE FROM warning_bundles WHERE hour < ?1", [hour])?;
    Ok(())
}

/// Deletes every alert and the bundle record.
pub(super) fn delete_all(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("DELETE FROM alerts; DELETE FROM warning_bundles;")?;
    Ok(())
}
