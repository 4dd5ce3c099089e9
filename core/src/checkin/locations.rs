//! The diary's visits as exposure matching needs them.

use chrono::{DateTime, Utc};

use super::{CheckInError, Visit};
use crate::exposure::{LocationId, VisitedLocation};
use crate::store::{PosterKind, Store, StoreError, VisitRecord, visits};
use crate::venue::cwa::parse_cwa_payload;
use crate::venue::stored_poster;

/// Every visit with its location id; a visit still open ends at `now`.
pub fn visited_locations(store: &Store, now: DateTime<Utc>) -> Result<Vec<VisitedLocation>, CheckInError> {
    let records = visits::all_newest_first(store.read())?;
    let mut located = Vec::with_capacity(records.len());
    for record in records {
        let location = location_of(&record)?;
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

/// The location id of a stored visit, from the poster bytes kept at check-in.
pub(crate) fn location_of(record: &VisitRecord) -> Result<LocationId, StoreError> {
    Ok(match record.poster_kind {
        PosterKind::Healthpass => {
            LocationId::of_venue(&stored_poster(&record.poster).map_err(damaged)?).ok_or_else(|| damaged(()))?
        }
        PosterKind::Cwa => LocationId::of_cwa_poster(&parse_cwa_payload(&record.poster).map_err(damaged)?),
    })
}

/// Stored poster bytes this build wrote no longer parse: the file was damaged or tampered with.
fn damaged<E>(_: E) -> StoreError {
    StoreError::InvalidRow("poster")
}
