//! Exposure alerts and the record of warning bundles already matched.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

use super::StoreError;
use crate::exposure::{Advice, ExposureAlert};

const COLUMNS: &str = "id, visit_id, venue_name, visit_start, visit_end, warning_start, warning_end, advice, \
                       overlap_minutes, bundle_hour, received_at";

/// Inserts `alert` unless the same warning already alerted the same visit; true when inserted.
pub(crate) fn insert(conn: &Connection, alert: &ExposureAlert) -> Result<bool, StoreError> {
    let hour = i64::try_from(alert.bundle_hour).map_err(|_| StoreError::InvalidRow("bundle_hour"))?;
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO alerts (visit_id, venue_name, visit_start, visit_end, warning_start, warning_end, advice,
                                       overlap_minutes, bundle_hour, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            alert.visit_id,
            alert.venue_name,
            alert.visit_start.timestamp(),
            alert.visit_end.timestamp(),
            alert.warning_start.timestamp(),
            alert.warning_end.timestamp(),
            alert.advice.name(),
            alert.overlap_minutes,
            hour,
            alert.received_at.timestamp(),
        ],
    )?;
    Ok(inserted == 1)
}

/// Every alert, newest warning first.
pub(crate) fn all_newest_first(conn: &Connection) -> Result<Vec<ExposureAlert>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM alerts ORDER BY warning_start DESC, id DESC");
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], from_row)?;
    rows.map(|row| row?).collect()
}

/// Deletes alerts whose warning ended before `cutoff`; returns how many.
pub(crate) fn delete_ended_before(conn: &Connection, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM alerts WHERE warning_end < ?1", [cutoff.timestamp()])?)
}

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

fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<ExposureAlert, StoreError>> {
    let instant = |i: usize| -> rusqlite::Result<Result<DateTime<Utc>, StoreError>> {
        let seconds: i64 = row.get(i)?;
        Ok(DateTime::from_timestamp(seconds, 0).ok_or(StoreError::InvalidRow("alert time")))
    };
    let hour: i64 = row.get(9)?;
    let advice: String = row.get(7)?;
    let record = (|| -> Result<ExposureAlert, StoreError> {
        Ok(ExposureAlert {
            id: row.get(0)?,
            visit_id: row.get(1)?,
            venue_name: row.get(2)?,
            visit_start: instant(3)??,
            visit_end: instant(4)??,
            warning_start: instant(5)??,
            warning_end: instant(6)??,
            advice: Advice::from_name(&advice).ok_or(StoreError::InvalidRow("advice"))?,
            overlap_minutes: row.get(8)?,
            bundle_hour: u64::try_from(hour).map_err(|_| StoreError::InvalidRow("bundle_hour"))?,
            received_at: instant(10)??,
        })
    })();
    Ok(record)
}
