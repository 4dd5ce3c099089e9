//! The fields a venue poster carries, each checked against the poster rules when built.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};

use super::{FieldError, PosterCommitment};

/// Longest venue name or address, in characters (Unicode scalar values).
pub const MAX_TEXT_CHARS: usize = 100;

/// A venue's identity in the registry: 16 random bytes, stable across reprinted posters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VenueId(pub [u8; 16]);

impl VenueId {
    /// A fresh random id from the operating system's generator.
    pub fn random() -> Self {
        VenueId(crate::random::bytes())
    }
}

impl fmt::Display for VenueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl FromStr for VenueId {
    type Err = FieldError;

    /// The id [`VenueId`]'s `Display` wrote: 32 lower-case hex digits.
    fn from_str(hex: &str) -> Result<Self, FieldError> {
        let bytes = data_encoding::HEXLOWER.decode(hex.as_bytes()).map_err(|_| FieldError::VenueId)?;
        bytes.try_into().map(VenueId).map_err(|_| FieldError::VenueId)
    }
}

/// What kind of place a venue is. The wire code is one byte; unknown codes are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VenueCategory {
    /// A shopping mall.
    Mall,
    /// A minimarket or other shop.
    Shop,
    /// A government office serving the public.
    GovernmentOffice,
    /// A restaurant, café or food court.
    Restaurant,
    /// A mosque, church, temple or other place of worship.
    PlaceOfWorship,
    /// An office, factory or other workplace.
    Workplace,
    /// A school or university.
    School,
    /// A hospital, clinic or puskesmas.
    Healthcare,
    /// A station, terminal, port or airport.
    Transport,
    /// A hotel or other lodging.
    Lodging,
    /// Anything else.
    Other,
}

impl VenueCategory {
    /// Every category, in wire-code order.
    pub const ALL: [VenueCategory; 11] = [
        VenueCategory::Mall,
        VenueCategory::Shop,
        VenueCategory::GovernmentOffice,
        VenueCategory::Restaurant,
        VenueCategory::PlaceOfWorship,
        VenueCategory::Workplace,
        VenueCategory::School,
        VenueCategory::Healthcare,
        VenueCategory::Transport,
        VenueCategory::Lodging,
        VenueCategory::Other,
    ];

    /// The one-byte code on the wire (1-based position in [`VenueCategory::ALL`]).
    pub fn wire_code(self) -> u8 {
        // ALL has 11 entries, so the position always fits a byte.
        Self::ALL.iter().position(|c| *c == self).map_or(0, |i| i as u8 + 1)
    }

    /// The category of a wire code, or [`FieldError::Category`] for an unknown code.
    pub fn from_wire_code(code: u8) -> Result<Self, FieldError> {
        usize::from(code).checked_sub(1).and_then(|i| Self::ALL.get(i).copied()).ok_or(FieldError::Category)
    }

    /// The stable lower-case name used by the CLI, JSON and the store.
    pub fn name(self) -> &'static str {
        match self {
            VenueCategory::Mall => "mall",
            VenueCategory::Shop => "shop",
            VenueCategory::GovernmentOffice => "government_office",
            VenueCategory::Restaurant => "restaurant",
            VenueCategory::PlaceOfWorship => "place_of_worship",
            VenueCategory::Workplace => "workplace",
            VenueCategory::School => "school",
            VenueCategory::Healthcare => "healthcare",
            VenueCategory::Transport => "transport",
            VenueCategory::Lodging => "lodging",
            VenueCategory::Other => "other",
        }
    }
}

impl FromStr for VenueCategory {
    type Err = FieldError;

    fn from_str(name: &str) -> Result<Self, FieldError> {
        Self::ALL.into_iter().find(|c| c.name() == name).ok_or(FieldError::Category)
    }
}

/// How long a visit lasts when the citizen does not check out: 15 min – 23 h 45, in 15-minute steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DefaultStay {
    quarter_hours: u8,
}

impl DefaultStay {
    /// The shortest default stay, 15 minutes.
    pub const MIN_MINUTES: u32 = 15;
    /// The longest default stay, 23 h 45.
    pub const MAX_MINUTES: u32 = 23 * 60 + 45;

    /// A default stay of `minutes`, refused unless it is a whole number of 15-minute steps in range.
    pub fn from_minutes(minutes: u32) -> Result<Self, FieldError> {
        if !(Self::MIN_MINUTES..=Self::MAX_MINUTES).contains(&minutes) || !minutes.is_multiple_of(15) {
            return Err(FieldError::DefaultStay);
        }
        u8::try_from(minutes / 15).map(|quarter_hours| DefaultStay { quarter_hours }).map_err(|_| FieldError::DefaultStay)
    }

    /// The allowed stay nearest to `minutes`: rounded to the nearest 15-minute step, then
    /// clamped to 15 min – 23 h 45 (how the Corona-Warn-App treats an event's suggested length).
    pub fn nearest(minutes: u32) -> Self {
        let steps = (minutes.saturating_add(7) / 15).clamp(Self::MIN_MINUTES / 15, Self::MAX_MINUTES / 15);
        // The clamp keeps steps at or below 95, which fits a byte.
        DefaultStay { quarter_hours: steps as u8 }
    }

    /// The stay as the number of 15-minute steps carried on the wire.
    pub fn quarter_hours(self) -> u8 {
        self.quarter_hours
    }

    /// The default stay from its wire form, with the same range check as [`DefaultStay::from_minutes`].
    pub fn from_quarter_hours(quarter_hours: u8) -> Result<Self, FieldError> {
        Self::from_minutes(u32::from(quarter_hours) * 15)
    }

    /// The stay in minutes.
    pub fn minutes(self) -> u32 {
        u32::from(self.quarter_hours) * 15
    }

    /// The stay as a duration.
    pub fn duration(self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.minutes()))
    }
}

/// Checks a venue name or address: 1–100 characters, none of them a control character.
pub fn is_valid_venue_text(text: &str) -> bool {
    let chars = text.chars().count();
    (1..=MAX_TEXT_CHARS).contains(&chars) && !text.chars().any(char::is_control)
}

/// The content of a venue poster, as the registry signs it. Built only through [`VenuePoster::new`],
/// so every value of this type satisfies the field rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenuePoster {
    venue_id: VenueId,
    name: String,
    address: String,
    category: VenueCategory,
    default_stay: DefaultStay,
    secret: PosterSecret,
    valid_from: DateTime<Utc>,
    valid_until: DateTime<Utc>,
}

/// What a poster carries of its location secret, by format version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PosterSecret {
    /// Format v1 (kept readable in diaries): a 16-byte seed the registry made and signed.
    RegistrySeed([u8; 16]),
    /// Format v2: the registry signed only a commitment; the operator's seed rides beside the
    /// signature in the poster URL ([`super::SignedPoster::seed`]).
    Commitment(PosterCommitment),
}

/// Longest validity of a v2 poster: a year. A photo of a poster lets its holder read that
/// venue's warnings until the poster expires, so posters must be reprinted (with a fresh seed).
pub const MAX_POSTER_VALIDITY_DAYS: i64 = 365;
/// Validity of a v2 poster when the operator names none: 90 days, a quarter. Short enough that
/// a photographed poster stops revealing the venue's warnings within a season; long enough that
/// an operator reprints four times a year, not every week.
pub const DEFAULT_POSTER_VALIDITY_DAYS: i64 = 90;

/// The operator's description of a venue, before the registry assigns id and seed.
#[derive(Debug, Clone)]
pub struct VenueDetails {
    /// Display name, 1–100 characters.
    pub name: String,
    /// Street address, 1–100 characters.
    pub address: String,
    /// Kind of place.
    pub category: VenueCategory,
    /// Stay assumed when the visitor does not check out.
    pub default_stay: DefaultStay,
    /// First instant the poster is valid (UTC, whole seconds).
    pub valid_from: DateTime<Utc>,
    /// Instant the poster stops being valid (UTC, whole seconds, exclusive).
    pub valid_until: DateTime<Utc>,
}

impl VenuePoster {
    /// A format-v1 poster for `details` with the given id and a 16-byte seed made by the
    /// registry (the server of issue 14 replaces this with [`VenuePoster::committed`]).
    ///
    /// Times are truncated to whole seconds, the precision of the wire format.
    pub fn new(venue_id: VenueId, seed: [u8; 16], details: VenueDetails) -> Result<Self, FieldError> {
        Self::with_secret(venue_id, PosterSecret::RegistrySeed(seed), details)
    }

    /// A format-v2 poster: the registry signs `commitment` to the operator's seed, never the
    /// seed itself. Validity is at most [`MAX_POSTER_VALIDITY_DAYS`].
    pub fn committed(venue_id: VenueId, commitment: PosterCommitment, details: VenueDetails) -> Result<Self, FieldError> {
        if details.valid_until - details.valid_from > TimeDelta::days(MAX_POSTER_VALIDITY_DAYS) {
            return Err(FieldError::ValidityTooLong);
        }
        Self::with_secret(venue_id, PosterSecret::Commitment(commitment), details)
    }

    fn with_secret(venue_id: VenueId, secret: PosterSecret, details: VenueDetails) -> Result<Self, FieldError> {
        if !is_valid_venue_text(&details.name) {
            return Err(FieldError::Name);
        }
        if !is_valid_venue_text(&details.address) {
            return Err(FieldError::Address);
        }
        let valid_from = whole_seconds(details.valid_from)?;
        let valid_until = whole_seconds(details.valid_until)?;
        if valid_from >= valid_until {
            return Err(FieldError::ValidityWindow);
        }
        Ok(VenuePoster {
            venue_id,
            name: details.name,
            address: details.address,
            category: details.category,
            default_stay: details.default_stay,
            secret,
            valid_from,
            valid_until,
        })
    }

    /// A poster for a new venue: a fresh random id and seed.
    pub fn for_new_venue(details: VenueDetails) -> Result<Self, FieldError> {
        Self::new(VenueId::random(), crate::random::bytes(), details)
    }

    /// The venue's registry id.
    pub fn venue_id(&self) -> VenueId {
        self.venue_id
    }
    /// The venue's display name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The venue's address.
    pub fn address(&self) -> &str {
        &self.address
    }
    /// The kind of place.
    pub fn category(&self) -> VenueCategory {
        self.category
    }
    /// The stay assumed when the visitor does not check out.
    pub fn default_stay(&self) -> DefaultStay {
        self.default_stay
    }
    /// What the poster carries of its location secret (v1 seed or v2 commitment).
    pub fn secret(&self) -> PosterSecret {
        self.secret
    }
    /// First instant the poster is valid (UTC).
    pub fn valid_from(&self) -> DateTime<Utc> {
        self.valid_from
    }
    /// Instant the poster stops being valid (UTC, exclusive).
    pub fn valid_until(&self) -> DateTime<Utc> {
        self.valid_until
    }
}

/// The instant truncated to whole seconds; instants before 1970 do not fit the wire format.
fn whole_seconds(instant: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    let seconds = instant.timestamp();
    if seconds < 0 {
        return Err(FieldError::ValidityWindow);
    }
    DateTime::from_timestamp(seconds, 0).ok_or(FieldError::ValidityWindow)
}
