//! The diary's operations over the store.

use chrono::{DateTime, TimeDelta, Utc};

use super::{CheckInError, Visit, VisitEnd};
use crate::store::{CheckoutKind, NewVisit, PosterKind, Store, VisitRecord, visits};
use crate::venue::cwa::CwaPoster;
use crate::venue::{DefaultStay, ScannedPoster, SignedPoster};

/// Days a visit is kept after it ended, unless the user sets another retention.
pub const DEFAULT_RETENTION_DAYS: u32 = 21;
/// A rescan of the same poster this soon after checking in is a duplicate camera read, not a
/// check-out: cameras deliver the same code in many consecutive frames.
pub const RESCAN_GRACE_SECONDS: i64 = 120;

/// The stay of a visit from a CWA poster that suggests no check-in length.
pub const CWA_FALLBACK_STAY_MINUTES: u32 = 120;

/// What scanning a poster did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckInOutcome {
    /// A new visit began; `closed_previous` is the open visit elsewhere that this closed.
    CheckedIn {
        /// The new visit.
        visit: Visit,
        /// The visit at another venue that was still open, now closed at the same instant.
        closed_previous: Option<Visit>,
    },
    /// The poster of the open visit's venue was scanned again: the visit is closed.
    CheckedOut {
        /// The closed visit.
        visit: Visit,
    },
    /// The same poster was scanned again within [`RESCAN_GRACE_SECONDS`] (a duplicate camera
    /// read): nothing changed.
    AlreadyCheckedIn {
        /// The open visit.
        visit: Visit,
    },
}

/// Checks in at the venue of a verified poster at `now` (UTC; truncated to whole seconds).
///
/// Also deletes visits past retention, in the same transaction.
pub fn check_in(store: &mut Store, poster: &SignedPoster, now: DateTime<Utc>) -> Result<CheckInOutcome, CheckInError> {
    let venue = poster.poster();
    let visit = NewVisit {
        poster_kind: PosterKind::Healthpass,
        venue_id: Some(venue.venue_id()),
        venue_name: venue.name(),
        venue_address: venue.address(),
        category: venue.category(),
        default_stay: venue.default_stay(),
        poster: poster.bytes(),
        checked_in_at: whole_seconds(now),
    };
    record_check_in(store, &visit)
}

/// Checks in from an unsigned event poster (Corona-Warn-App or CrowdNotifier) at `now`, as
/// [`check_in`] does.
///
/// The visit is marked unverified ([`PosterKind::Cwa`] for both formats: the stored payload's
/// version tells them apart again when the location id is derived): its description becomes the venue
/// name, its location type the category, and its default check-in length (rounded to the
/// nearest allowed stay) the default stay, else [`CWA_FALLBACK_STAY_MINUTES`].
pub fn check_in_cwa(store: &mut Store, poster: &CwaPoster, now: DateTime<Utc>) -> Result<CheckInOutcome, CheckInError> {
    let minutes = poster.default_check_in_minutes().unwrap_or(CWA_FALLBACK_STAY_MINUTES);
    let visit = NewVisit {
        poster_kind: PosterKind::Cwa,
        venue_id: None,
        venue_name: poster.description(),
        venue_address: poster.address(),
        category: poster.location_type().category(),
        default_stay: DefaultStay::nearest(minutes),
        poster: poster.payload(),
        checked_in_at: whole_seconds(now),
    };
    record_check_in(store, &visit)
}

/// Checks in at whichever kind of poster was scanned: [`check_in`] or [`check_in_cwa`].
pub fn check_in_scanned(store: &mut Store, poster: &ScannedPoster, now: DateTime<Utc>) -> Result<CheckInOutcome, CheckInError> {
    match poster {
        ScannedPoster::Signed(poster) => check_in(store, poster, now),
        ScannedPoster::Event(poster) => check_in_cwa(store, poster, now),
    }
}

/// Checks in with `visit` (or out, when it is the open visit's venue again), after deleting
/// visits past retention, in one transaction.
fn record_check_in(store: &mut Store, visit: &NewVisit<'_>) -> Result<CheckInOutcome, CheckInError> {
    let now = visit.checked_in_at;
    let retention = retention_days(store)?;
    let tx = store.write()?;
    let (visits_gone, alerts_gone) = delete_past_retention(&tx, retention_cutoff(now, retention))?;
    let purged = visits_gone + alerts_gone;
    let open = open_visit(&tx, now)?;
    let mut closed_previous = None;
    if let Some(open) = open {
        if same_venue(&open, visit) {
            if (now - open.checked_in_at).num_seconds() < RESCAN_GRACE_SECONDS {
                return Ok(CheckInOutcome::AlreadyCheckedIn { visit: Visit::at(open, now) });
            }
            let closed = close(&tx, open.id, now, CheckoutKind::Rescan)?;
            tx.commit()?;
            checkpoint_after(store, purged)?;
            return Ok(CheckInOutcome::CheckedOut { visit: closed });
        }
        closed_previous = Some(close(&tx, open.id, now, CheckoutKind::Superseded)?);
    }
    let id = visits::insert(&tx, visit)?;
    let visit = read_visit(&tx, id, now)?;
    tx.commit()?;
    checkpoint_after(store, purged)?;
    Ok(CheckInOutcome::CheckedIn { visit, closed_previous })
}

/// Whether a scan is of the open visit's venue: the same registry venue for healthpass
/// posters, the same payload (hence location id) for CWA posters.
fn same_venue(open: &VisitRecord, scanned: &NewVisit<'_>) -> bool {
    open.poster_kind == scanned.poster_kind
        && match scanned.poster_kind {
            PosterKind::Healthpass => open.venue_id == scanned.venue_id,
            PosterKind::Cwa => open.poster == scanned.poster,
        }
}

/// Checks out of the open visit at `now`; [`CheckInError::NoOpenVisit`] when there is none.
pub fn check_out(store: &mut Store, now: DateTime<Utc>) -> Result<Visit, CheckInError> {
    let now = whole_seconds(now);
    let tx = store.write()?;
    let open = open_visit(&tx, now)?.ok_or(CheckInError::NoOpenVisit)?;
    let closed = close(&tx, open.id, now, CheckoutKind::Manual)?;
    tx.commit()?;
    Ok(closed)
}

/// Every visit, newest check-in first, with ends as of `now`.
pub fn history(store: &Store, now: DateTime<Utc>) -> Result<Vec<Visit>, CheckInError> {
    let records = visits::all_newest_first(store.read())?;
    Ok(records.into_iter().map(|record| Visit::at(record, now)).collect())
}

/// Deletes visits (and exposure alerts about them) that ended more than the retention before
/// `now`, then checkpoints the log so their pages leave the file; returns how many visits.
pub fn purge(store: &mut Store, now: DateTime<Utc>) -> Result<usize, CheckInError> {
    let cutoff = retention_cutoff(whole_seconds(now), retention_days(store)?);
    let tx = store.write()?;
    let (visits_gone, alerts_gone) = delete_past_retention(&tx, cutoff)?;
    tx.commit()?;
    checkpoint_after(store, visits_gone + alerts_gone)?;
    Ok(visits_gone)
}

/// Deletes visits that ended before `cutoff` and the alerts about them: nothing about a visit
/// outlives the retention. Returns how many visits and how many alerts went.
fn delete_past_retention(conn: &rusqlite::Connection, cutoff: DateTime<Utc>) -> Result<(usize, usize), CheckInError> {
    let visits_gone = visits::delete_ended_before(conn, cutoff)?;
    let alerts_gone = crate::exposure::alerts::delete_for_visits_ended_before(conn, cutoff)?;
    Ok((visits_gone, alerts_gone))
}

/// Checkpoints the log when `deleted` rows went, so they are gone from the file too.
fn checkpoint_after(store: &Store, deleted: usize) -> Result<(), CheckInError> {
    if deleted > 0 {
        store.checkpoint()?;
    }
    Ok(())
}

/// The retention in days: the user's setting, else [`DEFAULT_RETENTION_DAYS`].
pub fn retention_days(store: &Store) -> Result<u32, CheckInError> {
    Ok(store.retention_days()?.unwrap_or(DEFAULT_RETENTION_DAYS))
}

/// Sets the retention to `days` (1–365).
pub fn set_retention_days(store: &mut Store, days: u32) -> Result<(), CheckInError> {
    if !(1..=365).contains(&days) {
        return Err(CheckInError::InvalidRetention);
    }
    Ok(store.set_retention_days(days)?)
}

/// The latest visit if it is still open at `now`; a `now` before the latest check-in is refused.
fn open_visit(conn: &rusqlite::Connection, now: DateTime<Utc>) -> Result<Option<VisitRecord>, CheckInError> {
    let Some(latest) = visits::latest(conn)? else {
        return Ok(None);
    };
    if now < latest.checked_in_at {
        return Err(CheckInError::ClockBehind);
    }
    let is_open = Visit::at(latest.clone(), now).end == VisitEnd::Open;
    Ok(is_open.then_some(latest))
}

/// Closes visit `id` and reads it back.
fn close(conn: &rusqlite::Connection, id: i64, now: DateTime<Utc>, kind: CheckoutKind) -> Result<Visit, CheckInError> {
    visits::close(conn, id, now, kind)?;
    read_visit(conn, id, now)
}

fn read_visit(conn: &rusqlite::Connection, id: i64, now: DateTime<Utc>) -> Result<Visit, CheckInError> {
    let record = visits::by_id(conn, id)?.ok_or(crate::store::StoreError::InvalidRow("visit vanished"))?;
    Ok(Visit::at(record, now))
}

fn retention_cutoff(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    now - TimeDelta::days(i64::from(days))
}

fn whole_seconds(instant: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(instant.timestamp(), 0).unwrap_or(instant)
}
