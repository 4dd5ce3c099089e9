//! The diary's visits as exposure matching needs them.

use chrono::{DateTime, Utc};

use super::{CheckInError, Visit};
use crate::exposure::{LocationId, VisitedLocation};
use crate::store::{Store, visits};
use crate::venue::stored_poster;

/// Every visit with its location id; a visit still open ends at `now`.
pub fn visited_locations(store: &Store, now: DateTime<Utc>) -> Result<Vec<VisitedLocation>, CheckInError> {
    let records = visits::all_newest_first(store.read())?;
    let mut located = Vec::with_capacity(records.len());
    for record in records {
        let poster = stored_poster(&record.poster).map_err(|_| crate::store::StoreError::InvalidRow("poster"))?;
        let location = LocationId::of_venue(&poster);
        let visit = Visit::at(record, now);
        located.push(VisitedLocation {
            visit_id: visit.id,
            location,
            start: visit.checked_in_at,
            end: visit.end.instant().unwrap_or(now),
        });
    }
    Ok(located)
}
