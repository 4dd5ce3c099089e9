//! Plain records and enums that cross the boundary, converted from the core's types.

use healthpass_core::checkin;
use healthpass_core::store::CheckoutKind;
use healthpass_core::venue::VenueCategory;

use crate::time::to_unix_seconds;

/// The core's venue category, exposed as it is (no copy to convert): the variants are listed
/// again only because uniffi needs them for a type of another crate, and a mismatch with the
/// core's enum fails to compile. Shells localise the name.
#[uniffi::remote(Enum)]
pub enum VenueCategory {
    Mall,
    Shop,
    GovernmentOffice,
    Restaurant,
    PlaceOfWorship,
    Workplace,
    School,
    Healthcare,
    Transport,
    Lodging,
    Other,
}

/// How a visit ended, or that it is still going on, as of the instant it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum VisitEnding {
    /// The citizen is still there (the default stay has not run out).
    Open,
    /// Checked out by hand.
    Manual,
    /// Checked out by scanning the same venue's poster again.
    Rescan,
    /// Closed by checking in at another venue.
    Superseded,
    /// Closed automatically when the venue's default stay ran out.
    Automatic,
}

/// One visit in the diary, as of the instant it was read.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Visit {
    /// Stable id of the visit in this diary.
    pub id: i64,
    /// The venue's registry id, 32 lower-case hex digits; empty for an unverified CWA poster.
    pub venue_id: String,
    /// The venue's name, from its signed poster (or a CWA poster's description).
    pub venue_name: String,
    /// The venue's address, from its poster.
    pub venue_address: String,
    /// Whether a registry signature vouched for name and address (false for CWA posters).
    pub verified: bool,
    /// The venue's category.
    pub category: VenueCategory,
    /// Check-in instant, Unix seconds UTC.
    pub checked_in_at: i64,
    /// When the visit ended, Unix seconds UTC; `null`/`nil` while it is open.
    pub ended_at: Option<i64>,
    /// How it ended, or [`VisitEnding::Open`].
    pub ending: VisitEnding,
}

impl From<checkin::Visit> for Visit {
    fn from(visit: checkin::Visit) -> Self {
        let ending = match visit.end {
            checkin::VisitEnd::Open => VisitEnding::Open,
            checkin::VisitEnd::CheckedOut(_, CheckoutKind::Manual) => VisitEnding::Manual,
            checkin::VisitEnd::CheckedOut(_, CheckoutKind::Rescan) => VisitEnding::Rescan,
            checkin::VisitEnd::CheckedOut(_, CheckoutKind::Superseded) => VisitEnding::Superseded,
            checkin::VisitEnd::DefaultStayElapsed(_) => VisitEnding::Automatic,
        };
        Visit {
            id: visit.id,
            venue_id: visit.venue_id.map(|id| id.to_string()).unwrap_or_default(),
            verified: visit.verified(),
            venue_name: visit.venue_name,
            venue_address: visit.venue_address,
            category: visit.category,
            checked_in_at: to_unix_seconds(visit.checked_in_at),
            ended_at: visit.end.instant().map(to_unix_seconds),
            ending,
        }
    }
}

/// What scanning a venue poster did to the diary.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum CheckInOutcome {
    /// A new visit began; `closed_previous` is the open visit elsewhere that this closed.
    CheckedIn {
        /// The new visit.
        visit: Visit,
        /// The visit at another venue that was still open, now closed at the same instant.
        closed_previous: Option<Visit>,
    },
    /// The poster of the open visit's venue was scanned again: that visit is now closed.
    CheckedOut {
        /// The closed visit.
        visit: Visit,
    },
    /// The same poster was scanned again within two minutes of checking in (a duplicate
    /// camera read): nothing changed.
    AlreadyCheckedIn {
        /// The open visit.
        visit: Visit,
    },
}

impl From<checkin::CheckInOutcome> for CheckInOutcome {
    fn from(outcome: checkin::CheckInOutcome) -> Self {
        match outcome {
            checkin::CheckInOutcome::CheckedIn { visit, closed_previous } => {
                CheckInOutcome::CheckedIn { visit: visit.into(), closed_previous: closed_previous.map(Visit::from) }
            }
            checkin::CheckInOutcome::CheckedOut(visit) => CheckInOutcome::CheckedOut { visit: visit.into() },
            checkin::CheckInOutcome::AlreadyCheckedIn(visit) => CheckInOutcome::AlreadyCheckedIn { visit: visit.into() },
        }
    }
}
