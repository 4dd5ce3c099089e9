//! The one row the phone's background work keeps between wake-ups: the sync schedule and the
//! check-out reminder already shown.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::visits::instant;

/// What the background work remembers between wake-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct BackgroundState {
    /// Syncs that failed in a row since the last one that succeeded.
    pub sync_failures: u32,
    /// When the next sync is due (UTC); `None` before the first one, which is due at once.
    pub sync_due_at: Option<DateTime<Utc>>,
    /// The check-out reminder already shown: the visit's id and the instant it was due.
    pub reminder_shown: Option<(i64, DateTime<Utc>)>,
}

/// The stored state; the default before anything was recorded.
pub(crate) fn read(conn: &Connection) -> Result<BackgroundState, StoreError> {
    let row = conn
        .query_row("SELECT sync_failures, sync_due_at, reminded_visit_id, reminder_shown_for FROM background", [], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, Option<i64>>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })
        .optional()?;
    let Some((failures, due, visit, shown_for)) = row else {
        return Ok(BackgroundState::default());
    };
    let reminder_shown = match (visit, shown_for) {
        (Some(visit), Some(at)) => Some((visit, instant(at)?)),
        (None, None) => None,
        _ => return Err(StoreError::InvalidRow("reminder")),
    };
    Ok(BackgroundState {
        sync_failures: u32::try_from(failures).map_err(|_| StoreError::InvalidRow("sync_failures"))?,
        sync_due_at: due.map(instant).transpose()?,
        reminder_shown,
    })
}

/// Replaces the stored state with `state`.
pub(crate) fn write(conn: &Connection, state: &BackgroundState) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO background (id, sync_failures, sync_due_at, reminded_visit_id, reminder_shown_for)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET sync_failures = excluded.sync_failures, sync_due_at = excluded.sync_due_at,
             reminded_visit_id = excluded.reminded_visit_id, reminder_shown_for = excluded.reminder_shown_for",
        params![
            state.sync_failures,
            state.sync_due_at.map(|at| at.timestamp()),
            state.reminder_shown.map(|(visit, _)| visit),
            state.reminder_shown.map(|(_, at)| at.timestamp()),
        ],
    )?;
    Ok(())
}

/// Forgets the state (the next sync is due at once).
pub(super) fn delete_all(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM background", [])?;
    Ok(())
}
