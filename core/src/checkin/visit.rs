//! A visit as the citizen sees it, with its end computed at the moment of reading.

use chrono::{DateTime, Utc};

use crate::store::{CheckoutKind, PosterKind, VisitRecord};
use crate::venue::{VenueCategory, VenueId};

/// How a visit ended, or that it is still going on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitEnd {
    /// The citizen is still there (the default stay, or the stay they extended, has not run out).
    Open,
    /// Closed by a check-out.
    CheckedOut {
        /// When (UTC).
        at: DateTime<Utc>,
        /// How: by hand, by rescanning the poster, or by checking in elsewhere.
        kind: CheckoutKind,
    },
    /// Closed automatically when the venue's default stay (or the stay the citizen extended) ran out.
    DefaultStayElapsed {
        /// When the stay ran out (UTC).
        at: DateTime<Utc>,
    },
}

impl VisitEnd {
    /// The instant the visit ended, if it has.
    pub fn instant(self) -> Option<DateTime<Utc>> {
        match self {
            VisitEnd::Open => None,
            VisitEnd::CheckedOut { at, .. } | VisitEnd::DefaultStayElapsed { at } => Some(at),
        }
    }

    /// The stable name of how the visit ended: `open`, `manual`, `rescan`, `superseded`, `automatic`.
    pub fn name(self) -> &'static str {
        match self {
            VisitEnd::Open => "open",
            VisitEnd::CheckedOut { kind, .. } => kind.name(),
            VisitEnd::DefaultStayElapsed { .. } => "automatic",
        }
    }
}

/// One visit in the diary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// Stable id of the visit in this diary.
    pub id: i64,
    /// Which kind of poster the visit was checked in from; see [`Visit::verified`].
    pub poster_kind: PosterKind,
    /// The venue's registry id; `None` for a CWA event poster.
    pub venue_id: Option<VenueId>,
    /// The venue's name, from its signed poster (or an unverified CWA poster's description).
    pub venue_name: String,
    /// The venue's address, from its poster.
    pub venue_address: String,
    /// The venue's category.
    pub category: VenueCategory,
    /// Check-in instant (UTC).
    pub checked_in_at: DateTime<Utc>,
    /// How and when the visit ended, as of the instant it was read.
    pub end: VisitEnd,
}

impl Visit {
    /// Whether a registry signature vouched for the venue name and address (false for CWA posters).
    pub fn verified(&self) -> bool {
        self.poster_kind.is_verified()
    }

    /// The visit as seen at `now`: an unclosed visit whose default stay ran out is closed then.
    pub(crate) fn at(record: VisitRecord, now: DateTime<Utc>) -> Self {
        let stay_over = record.automatic_end();
        let end = match record.closed {
            Some((at, kind)) => VisitEnd::CheckedOut { at, kind },
            None if now >= stay_over => VisitEnd::DefaultStayElapsed { at: stay_over },
            None => VisitEnd::Open,
        };
        Visit {
            id: record.id,
            poster_kind: record.poster_kind,
            venue_id: record.venue_id,
            venue_name: record.venue_name,
            venue_address: record.venue_address,
            category: record.category,
            checked_in_at: record.checked_in_at,
            end,
        }
    }
}
