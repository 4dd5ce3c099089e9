//! Why a diary operation was refused.

use thiserror::Error;

use crate::store::StoreError;

/// Why the diary refused an operation. Nothing was written when this is returned.
#[derive(Debug, Error)]
pub enum CheckInError {
    /// There is no open visit to check out of.
    #[error("no open visit to check out of")]
    NoOpenVisit,
    /// The given instant is before the latest check-in: the clock went backwards.
    #[error("the instant is before the latest check-in; is the clock right?")]
    ClockBehind,
    /// A retention outside 1–365 days was asked for.
    #[error("retention must be 1 to 365 days")]
    InvalidRetention,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl CheckInError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            CheckInError::NoOpenVisit => "no_open_visit",
            CheckInError::ClockBehind => "clock_behind",
            CheckInError::InvalidRetention => "invalid_retention",
            CheckInError::Store(_) => "storage",
        }
    }
}

impl From<rusqlite::Error> for CheckInError {
    fn from(error: rusqlite::Error) -> Self {
        CheckInError::Store(StoreError::from(error))
    }
}
