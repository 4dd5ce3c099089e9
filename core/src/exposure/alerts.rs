//! Exposure alerts: matches kept on the phone, with the venue name from the phone's own visit.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::{Advice, ExposureMatch};
use crate::store::{Store, StoreError, alerts, visits};

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
    alerts::all_newest_first(store.read())
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
    alerts::ignored_total(store.read())
}

/// Stores `matches` found in the bundle of `hour` inside the caller's transaction; returns
/// how many are new (a warning already alerted for the same visit is not stored twice).
pub(crate) fn record_matches(
    conn: &Connection,
    matches: &[ExposureMatch],
    hour: u64,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let mut new = 0;
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
        if alerts::insert(conn, &alert)? {
            new += 1;
        }
    }
    Ok(new)
}
