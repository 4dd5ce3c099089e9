//! Storage failures.

use thiserror::Error;

/// Why the store could not do what was asked. Messages hold no user data.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite reported an error (I/O, locking, …).
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// The device's storage is full: the change was rolled back and the file is intact; it
    /// can be retried once space is freed.
    #[error("the device's storage is full; nothing was changed")]
    DiskFull,
    /// The file was written by a newer app version whose schema this build does not know.
    #[error("the database has schema version {found}; this build knows up to {supported}")]
    NewerSchema {
        /// Version found in the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// `PRAGMA integrity_check` reported damage.
    #[error("the database file is damaged: {0}")]
    Corrupt(String),
    /// A stored value is outside what this build writes (a damaged or tampered file).
    #[error("a stored value is invalid: {0}")]
    InvalidRow(&'static str),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
            StoreError::DiskFull
        } else {
            StoreError::Sqlite(error)
        }
    }
}
