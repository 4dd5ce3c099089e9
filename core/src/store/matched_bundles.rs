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

/// Records that the bundle of `hour` with digest `sha256` was matched at `at`.
pub(crate) fn mark_bundle_processed(
    conn: &Connection,
    hour: u64,
    sha256: &[u8; 32],
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let hour = i64::try_from(hour).map_err(|_| StoreError::InvalidRow("bundle_hour"))?;
    conn.execute(
        "INSERT INTO warning_bundles (hour, sha256, processed_at) VALUES (?1, ?2, ?3)",
        params![hour, sha256.as_slice(), at.timestamp()],
    )?;
    Ok(())
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
