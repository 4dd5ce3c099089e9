//! The visit diary as it crosses the boundary: the core's own types, exported as they are.
//!
//! uniffi needs the fields and variants of a type of another crate listed again; a mismatch
//! with the core's definition fails to compile, so these are declarations, not copies. Instants
//! cross as [`UnixSeconds`](crate::time::UnixSeconds), venue ids as their 32 hex digits.

use healthpass_core::checkin::{CheckInOutcome, Visit, VisitEnd};
use healthpass_core::store::{CheckoutKind, PosterKind};
use healthpass_core::venue::{VenueCategory, VenueId};

use crate::time::UnixSeconds;

// A venue's registry id crosses as the 32 lower-case hex digits its `Display` writes.
uniffi::custom_type!(VenueId, String, {
    remote,
    lower: |id| id.to_string(),
    try_lift: |hex| Ok(hex.parse::<VenueId>()?),
});

/// What kind of place a venue is. Shells localise the name.
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

/// Which kind of poster a visit was checked in from: `Healthpass` (its registry signature
/// vouched for the venue's name and address) or `Cwa` (an unsigned Corona-Warn-App or
/// CrowdNotifier event poster: show that its text is unverified).
#[uniffi::remote(Enum)]
pub enum PosterKind {
    Healthpass,
    Cwa,
}

/// How a visit was checked out: by hand, by rescanning the poster, or by checking in elsewhere.
#[uniffi::remote(Enum)]
pub enum CheckoutKind {
    Manual,
    Rescan,
    Superseded,
}

/// How a visit ended, or that it is still going on, as of the instant it was read.
#[uniffi::remote(Enum)]
pub enum VisitEnd {
    Open,
    CheckedOut { at: UnixSeconds, kind: CheckoutKind },
    DefaultStayElapsed { at: UnixSeconds },
}

/// One visit in the diary, as of the instant it was read; `venue_id` is null for an event
/// poster (which has none).
#[uniffi::remote(Record)]
pub struct Visit {
    pub id: i64,
    pub poster_kind: PosterKind,
    pub venue_id: Option<VenueId>,
    pub venue_name: String,
    pub venue_address: String,
    pub category: VenueCategory,
    pub checked_in_at: UnixSeconds,
    pub end: VisitEnd,
}

/// What scanning a venue poster did to the diary: a new visit (closing the open one
/// elsewhere), a check-out (the open visit's poster again), or nothing (the same poster again
/// within two minutes: a duplicate camera read).
#[uniffi::remote(Enum)]
pub enum CheckInOutcome {
    CheckedIn { visit: Visit, closed_previous: Option<Visit> },
    CheckedOut { visit: Visit },
    AlreadyCheckedIn { visit: Visit },
}
