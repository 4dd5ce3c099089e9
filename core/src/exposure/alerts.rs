//! Exposure alerts: matches kept on the phone, with the venue name from the phone's own visit.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};

use super::{Advice, ExposureMatch};
use crate::store::{Store, StoreError, matched_bundles, visits};

const COLUMNS: &str = "id, visit_id, venue_name, visit_start, visit_end, warning_start, warning_end, advice, \
                       overlap_minutes, bundle_hour, received_at";

/// A published warning that overlapped one of the phone's visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposureAlert {
    /// The alert's id on this phone.
    pub id: i64,
    /// The diary visit it concerns.
    pub visit_id: i64,
    /// The venue's name, from the local visit.
    pub venue_name: String,
    /// The visit's check-in.
    pub visit_start: DateTime<Utc>,
    /// The visit's end.
    pub visit_end: DateTime<Utc>,
    /// Start of the confirmed case's presence.
    pub warning_start: DateTime<Utc>,
    /// End of the confirmed case's presence.
    pub warning_end: DateTime<Utc>,
    /// What to do.
    pub advice: Advice,
    /// Minutes of overlap.
    pub overlap_minutes: i64,
    /// The hour slot of the bundle it came from.
    pub bundle_hour: u64,
    /// When the phone found the match.
    pub received_at: DateTime<Utc>,
}

impl ExposureAlert {
    /// The instant of close contact: the start of the overlap.
    pub fn contact_at(&self) -> DateTime<Utc> {
        self.visit_start.max(self.warning_start)
    }
}

/// Every stored alert, newest warning first.
pub fn exposure_alerts(store: &Store) -> Result<Vec<ExposureAlert>, StoreError> {
    all_newest_first(store.read())
}

/// The latest close contact among the stored alerts whose advice the rule set in force counts
/// as a close contact (`close_contact`: under the 2021 and 2022 rules only `isolate`); an
/// alert with other advice is shown but does not change the colour.
pub fn latest_close_contact(store: &Store, close_contact: &[Advice]) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(exposure_alerts(store)?.iter().filter(|a| close_contact.contains(&a.advice)).map(ExposureAlert::contact_at).max())
}

/// How many published reports carrying one of this phone's tags were ignored because their
/// window broke the bounds (too long, after their bundle's hour, outside the infectious
/// period, or undecryptable), over the hours still listed: shown, never alerted.
pub fn ignored_warnings(store: &Store) -> Result<u64, StoreError> {
    matched_bundles::ignored_total(store.read())
}

/// Stores `matches` found in the bundle of `hour` inside the caller's transaction; returns
/// how many are new (a warning already alerted for the same visit is not stored twice).
pub(crate) fn record_matches(
    conn: &Connection,
    matches: &[ExposureMatch],
    hour: u64,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let mut new: u32 = 0;
    for found in matches {
        // A visit purged between reading and matching leaves nothing to alert about.
        let Some(visit) = visits::by_id(conn, found.visit_id)? else {
            continue;
        };
        let alert = ExposureAlert {
            id: 0,
            visit_id: visit.id,
            venue_name: visit.venue_name,
            visit_start: found.visit_start,
            visit_end: found.visit_end,
            warning_start: found.window.start,
            warning_end: found.window.end,
            advice: found.window.advice,
            overlap_minutes: found.overlap.num_minutes(),
            bundle_hour: hour,
            received_at: now,
        };
        if insert(conn, &alert)? {
            new = new.saturating_add(1);
        }
    }
    Ok(new)
}

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
    newest_first(conn, "")
}

/// Alerts no notification has shown yet, newest warning first.
pub(crate) fn not_notified(conn: &Connection) -> Result<Vec<ExposureAlert>, StoreError> {
    newest_first(conn, "WHERE notified_at IS NULL")
}

/// The alerts that pass `filter` (a constant `WHERE` clause, or nothing), newest warning first.
fn newest_first(conn: &Connection, filter: &'static str) -> Result<Vec<ExposureAlert>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM alerts {filter} ORDER BY warning_start DESC, id DESC");
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], from_row)?;
    rows.map(|row| row?).collect()
}

/// Records that every alert not shown yet was shown (in a notification or on the alerts screen) at `at`.
pub(crate) fn mark_all_notified(conn: &Connection, at: DateTime<Utc>) -> Result<(), StoreError> {
    conn.execute("UPDATE alerts SET notified_at = ?1 WHERE notified_at IS NULL", [at.timestamp()])?;
    Ok(())
}

/// Deletes alerts about visits that ended before `cutoff`; returns how many. The phone's own
/// visit end decides, never the publisher's `warning_end`, so a warning cannot keep itself.
pub(crate) fn delete_for_visits_ended_before(conn: &Connection, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
    Ok(conn.execute("DELETE FROM alerts WHERE visit_end < ?1", [cutoff.timestamp()])?)
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
