//! Why a notification decision could not be made or recorded.

use thiserror::Error;

use crate::store::StoreError;

/// Why a background call failed. Messages hold no user data.
#[derive(Debug, Error)]
pub enum NotifyError {
    /// A snooze came when no visit was open (checked out, or closed by itself).
    #[error("no visit is open")]
    NoOpenVisit,
    /// A snooze would make the visit last longer than a day from its check-in.
    #[error("a visit cannot be extended past a day")]
    StayTooLong,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl NotifyError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            NotifyError::NoOpenVisit => "no_open_visit",
            NotifyError::StayTooLong => "stay_too_long",
            NotifyError::Store(_) => "storage",
        }
    }
}

impl From<rusqlite::Error> for NotifyError {
    fn from(error: rusqlite::Error) -> Self {
        NotifyError::Store(StoreError::Sqlite(error))
    }
}
