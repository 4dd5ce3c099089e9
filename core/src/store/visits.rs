//! Visit rows: what was stored at check-in and how the visit was closed, if it was.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use crate::venue::{DefaultStay, VenueCategory, VenueId};

/// How a stored visit was closed. A visit closed by its default stay has no row change:
/// that close is computed when the visit is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutKind {
    /// The citizen checked out by hand.
    Manual,
    /// The citizen scanned the same venue's poster again.
    Rescan,
    /// The citizen checked in at another venue.
    Superseded,
}

impl CheckoutKind {
    /// The stable name used in the store, JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            CheckoutKind::Manual => "manual",
            CheckoutKind::Rescan => "rescan",
            CheckoutKind::Superseded => "superseded",
        }
    }

    pub(crate) fn from_name(name: &str) -> Result<Self, StoreError> {
        [CheckoutKind::Manual, CheckoutKind::Rescan, CheckoutKind::Superseded]
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or(StoreError::InvalidRow("checkout_kind"))
    }
}

/// Which kind of poster a visit was checked in from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PosterKind {
    /// A healthpass venue poster, whose registry signature was verified at check-in.
    Healthpass,
    /// A Corona-Warn-App event poster: unsigned, so its text is unverified.
    Cwa,
}

impl PosterKind {
    /// The stable name used in the store and JSON.
    pub fn name(self) -> &'static str {
        match self {
            PosterKind::Healthpass => "healthpass",
            PosterKind::Cwa => "cwa",
        }
    }

    /// Whether a signature vouched for the poster's venue name and address.
    pub fn is_verified(self) -> bool {
        self == PosterKind::Healthpass
    }

    pub(crate) fn from_name(name: &str) -> Result<Self, StoreError> {
        [PosterKind::Healthpass, PosterKind::Cwa]
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or(StoreError::InvalidRow("poster_kind"))
    }
}

/// A visit to insert: the venue as read from its poster, and the check-in instant.
#[derive(Debug, Clone)]
pub struct NewVisit<'a> {
    /// Which reader accepted the poster.
    pub poster_kind: PosterKind,
    /// The venue's registry id; `None` for a CWA poster (which has none).
    pub venue_id: Option<VenueId>,
    /// The venue's name (a CWA poster's description).
    pub venue_name: &'a str,
    /// The venue's address from the poster.
    pub venue_address: &'a str,
    /// The venue's category.
    pub category: VenueCategory,
    /// The venue's default stay.
    pub default_stay: DefaultStay,
    /// The poster's payload bytes (signed, or CWA's `QRCodePayload`), kept to derive the
    /// location id for exposure matching later.
    pub poster: &'a [u8],
    /// Check-in instant (UTC, whole seconds).
    pub checked_in_at: DateTime<Utc>,
}

/// A visit as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitRecord {
    /// Row id, stable for the life of the visit.
    pub id: i64,
    /// Which reader accepted the poster.
    pub poster_kind: PosterKind,
    /// The venue's registry id; `None` for a CWA poster.
    pub venue_id: Option<VenueId>,
    /// The venue's name.
    pub venue_name: String,
    /// The venue's address.
    pub venue_address: String,
    /// The venue's category.
    pub category: VenueCategory,
    /// The venue's default stay.
    pub default_stay: DefaultStay,
    /// The poster's payload bytes.
    pub poster: Vec<u8>,
    /// Check-in instant (UTC).
    pub checked_in_at: DateTime<Utc>,
    /// When and how the visit was closed, if a row change closed it.
    pub closed: Option<(DateTime<Utc>, CheckoutKind)>,
    /// The citizen said they were still there: the automatic check-out is not before this.
    pub stay_extended_to: Option<DateTime<Utc>>,
}

impl VisitRecord {
    /// When an unclosed visit closes by itself: the default stay after check-in, or later
    /// when the citizen said they were still there.
    pub fn automatic_end(&self) -> DateTime<Utc> {
        let stay_over = self.checked_in_at + self.default_stay.duration();
        self.stay_extended_to.map_or(stay_over, |extended| extended.max(stay_over))
    }
}

const COLUMNS: &str = "id, venue_id, venue_name, venue_address, category, default_stay_min, poster, \
                       checked_in_at, checked_out_at, checkout_kind, poster_kind, stay_extended_to";

/// Inserts a visit and returns its id.
pub(crate) fn insert(conn: &Connection, visit: &NewVisit<'_>) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO visits (venue_id, venue_name, venue_address, category, default_stay_min, poster, checked_in_at, poster_kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            visit.venue_id.as_ref().map(|id| id.0.as_slice()),
            visit.venue_name,
            visit.venue_address,
            visit.category.name(),
            visit.default_stay.minutes(),
            visit.poster,
            visit.checked_in_at.timestamp(),
            visit.poster_kind.name(),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The visit with the latest check-in, if any.
pub(crate) fn latest(conn: &Connection) -> Result<Option<VisitRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM visits ORDER BY checked_in_at DESC, id DESC LIMIT 1");
    conn.query_row(&sql, [], from_row).optional()?.transpose()
}

/// The visit with `id`, if it exists.
pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<VisitRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM visits WHERE id = ?1");
    conn.query_row(&sql, [id], from_row).optional()?.transpose()
}

/// Every visit, newest check-in first.
pub(crate) fn all_newest_first(conn: &Connection) -> Result<Vec<VisitRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM visits ORDER BY checked_in_at DESC, id DESC");
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], from_row)?;
    rows.map(|row| row?).collect()
}

/// Records that visit `id` closed at `at` for `kind`.
pub(crate) fn close(conn: &Connection, id: i64, at: DateTime<Utc>, kind: CheckoutKind) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE visits SET checked_out_at = ?2, checkout_kind = ?3 WHERE id = ?1",
        params![id, at.timestamp(), kind.name()],
    )?;
    Ok(())
}

/// Records that the citizen of the open visit `id` is still there: it closes by itself no earlier than `to`.
pub(crate) fn extend_stay(conn: &Connection, id: i64, to: DateTime<Utc>) -> Result<(), StoreError> {
    conn.execute("UPDATE visits SET stay_extended_to = ?2 WHERE id = ?1", params![id, to.timestamp()])?;
    Ok(())
}

/// Deletes visits that ended before `cutoff`: closed before it, or whose automatic end
/// ([`VisitRecord::automatic_end`]) came before it.
pub(crate) fn delete_ended_before(conn: &Connection, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM visits WHERE COALESCE(checked_out_at,
                                           MAX(checked_in_at + default_stay_min * 60, COALESCE(stay_extended_to, 0))) < ?1",
        [cutoff.timestamp()],
    )?)
}

/// Deletes every visit.
pub(super) fn delete_all(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM visits", [])?;
    Ok(())
}

/// Maps a row to a record; a value this build never writes is [`StoreError::InvalidRow`].
fn from_row(row: &Row<'_>) -> rusqlite::Result<Result<VisitRecord, StoreError>> {
    let venue_id: Option<Vec<u8>> = row.get(1)?;
    let category: String = row.get(4)?;
    let stay: u32 = row.get(5)?;
    let checked_in_at: i64 = row.get(7)?;
    let checked_out_at: Option<i64> = row.get(8)?;
    let kind: Option<String> = row.get(9)?;
    let poster_kind: String = row.get(10)?;
    let stay_extended_to: Option<i64> = row.get(11)?;
    let (id, venue_name, venue_address, poster) = (row.get(0)?, row.get(2)?, row.get(3)?, row.get(6)?);
    Ok((|| {
        let closed = match (checked_out_at, kind) {
            (Some(at), Some(kind)) => Some((instant(at)?, CheckoutKind::from_name(&kind)?)),
            (None, None) => None,
            _ => return Err(StoreError::InvalidRow("checkout")),
        };
        Ok(VisitRecord {
            id,
            poster_kind: PosterKind::from_name(&poster_kind)?,
            venue_id: venue_id
                .map(|id| id.try_into().map(VenueId))
                .transpose()
                .map_err(|_| StoreError::InvalidRow("venue_id"))?,
            venue_name,
            venue_address,
            category: category.parse().map_err(|_| StoreError::InvalidRow("category"))?,
            default_stay: DefaultStay::from_minutes(stay).map_err(|_| StoreError::InvalidRow("default_stay_min"))?,
            poster,
            checked_in_at: instant(checked_in_at)?,
            closed,
            stay_extended_to: stay_extended_to.map(instant).transpose()?,
        })
    })())
}

/// The instant `seconds` after the Unix epoch; a value no clock writes is [`StoreError::InvalidRow`].
pub(super) fn instant(seconds: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp(seconds, 0).ok_or(StoreError::InvalidRow("timestamp"))
}
