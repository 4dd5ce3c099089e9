//! The 13 CWA location types (`TraceLocationType`) and the healthpass category each is shown as.

use super::CwaFieldError;
use crate::venue::VenueCategory;

/// What a CWA event poster says the place or event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CwaLocationType {
    /// `LOCATION_TYPE_UNSPECIFIED` (0).
    Unspecified,
    /// `LOCATION_TYPE_PERMANENT_OTHER` (1).
    PermanentOther,
    /// `LOCATION_TYPE_TEMPORARY_OTHER` (2).
    TemporaryOther,
    /// `LOCATION_TYPE_PERMANENT_RETAIL` (3).
    PermanentRetail,
    /// `LOCATION_TYPE_PERMANENT_FOOD_SERVICE` (4).
    PermanentFoodService,
    /// `LOCATION_TYPE_PERMANENT_CRAFT` (5).
    PermanentCraft,
    /// `LOCATION_TYPE_PERMANENT_WORKPLACE` (6).
    PermanentWorkplace,
    /// `LOCATION_TYPE_PERMANENT_EDUCATIONAL_INSTITUTION` (7).
    PermanentEducationalInstitution,
    /// `LOCATION_TYPE_PERMANENT_PUBLIC_BUILDING` (8).
    PermanentPublicBuilding,
    /// `LOCATION_TYPE_TEMPORARY_CULTURAL_EVENT` (9).
    TemporaryCulturalEvent,
    /// `LOCATION_TYPE_TEMPORARY_CLUB_ACTIVITY` (10).
    TemporaryClubActivity,
    /// `LOCATION_TYPE_TEMPORARY_PRIVATE_EVENT` (11).
    TemporaryPrivateEvent,
    /// `LOCATION_TYPE_TEMPORARY_WORSHIP_SERVICE` (12).
    TemporaryWorshipService,
}

impl CwaLocationType {
    /// Every type, in wire-code order (the code is the position).
    pub const ALL: [CwaLocationType; 13] = [
        CwaLocationType::Unspecified,
        CwaLocationType::PermanentOther,
        CwaLocationType::TemporaryOther,
        CwaLocationType::PermanentRetail,
        CwaLocationType::PermanentFoodService,
        CwaLocationType::PermanentCraft,
        CwaLocationType::PermanentWorkplace,
        CwaLocationType::PermanentEducationalInstitution,
        CwaLocationType::PermanentPublicBuilding,
        CwaLocationType::TemporaryCulturalEvent,
        CwaLocationType::TemporaryClubActivity,
        CwaLocationType::TemporaryPrivateEvent,
        CwaLocationType::TemporaryWorshipService,
    ];

    /// The type of wire code `code`, or [`CwaFieldError::LocationType`].
    pub fn from_code(code: u32) -> Result<Self, CwaFieldError> {
        usize::try_from(code).ok().and_then(|i| Self::ALL.get(i).copied()).ok_or(CwaFieldError::LocationType)
    }

    /// The wire code.
    pub fn code(self) -> u32 {
        // ALL has 13 entries, so the position always fits.
        Self::ALL.iter().position(|t| *t == self).map_or(0, |i| i as u32)
    }

    /// The healthpass category the diary shows for this type; types without a close match are `Other`.
    pub fn category(self) -> VenueCategory {
        match self {
            CwaLocationType::PermanentRetail => VenueCategory::Shop,
            CwaLocationType::PermanentFoodService => VenueCategory::Restaurant,
            CwaLocationType::PermanentWorkplace => VenueCategory::Workplace,
            CwaLocationType::PermanentEducationalInstitution => VenueCategory::School,
            CwaLocationType::PermanentPublicBuilding => VenueCategory::GovernmentOffice,
            CwaLocationType::TemporaryWorshipService => VenueCategory::PlaceOfWorship,
            _ => VenueCategory::Other,
        }
    }
}
