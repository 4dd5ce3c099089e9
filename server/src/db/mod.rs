//! The server's state: accounts, venues, cases and upload codes, submitted reports awaiting
//! review, vaccination counts and occupancy counters.
//!
//! Two backends with the same schema ([`schema`]) and the same behaviour: a SQLite file under
//! the data directory (the default) and PostgreSQL (`--database postgres://…`). Every write is
//! committed before the method returns, so an answered request is durable.
//!
//! What the state never holds: a poster, its seed, a location id or tag; an upload code (only
//! its HMAC); which case a submission came from. Submissions are sealed (see
//! [`crate::vault`]) and deleted when published or rejected; codes when used or expired.

mod postgres;
mod queries;
mod records;
mod schema;
mod sqlite;

use std::path::PathBuf;

use healthpass_core::store::StoreError;
use thiserror::Error;

use crate::accounts::{Account, Role};
use crate::tokens::{hash_secret, new_api_token};
pub use records::{
    BackupKey, CodeLookup, DayCounts, Decision, DecisionOutcome, NewCode, NewSubmission, NewVenue, Redemption, StoredBackup,
    StoredSubmission, SubmissionKind,
};

/// Where the state lives.
#[derive(Debug, Clone)]
pub enum DatabaseLocation {
    /// `server.db` in this data directory.
    SqliteIn(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/dbname`).
    Postgres(String),
}

/// Why a state operation failed.
#[derive(Debug, Error)]
pub enum DbError {
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// Opening or migrating the SQLite file failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// PostgreSQL failed, or the URL is not one.
    #[error("postgresql: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// No PostgreSQL connection could be had from the pool.
    #[error("postgresql connection: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// The PostgreSQL schema is newer than this server.
    #[error("the database schema is version {found}; this server knows up to {supported}")]
    NewerSchema {
        /// Version found in the database.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// The SQLite file could not be created private to the server user.
    #[error("the state file: {0}")]
    File(std::io::Error),
    /// A blocking database task was cancelled or panicked.
    #[error("database task failed")]
    Task,
}

/// Handle to the state; cheap to clone, shared by all requests.
#[derive(Clone)]
pub enum Database {
    /// A SQLite file.
    Sqlite(sqlite::SqliteState),
    /// A PostgreSQL database.
    Postgres(postgres::PostgresState),
}

/// Calls the same method on whichever backend is open.
macro_rules! dispatch {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Database::Sqlite(state) => state.$method($($arg),*).await,
            Database::Postgres(state) => state.$method($($arg),*).await,
        }
    };
}

mod follow_ups;
mod venue_admin;

pub use follow_ups::NewFollowUp;
pub use venue_admin::OperatorVenue;

impl Database {
    /// Opens (or creates) the state at `location` and brings its schema up to date.
    pub async fn open(location: &DatabaseLocation) -> Result<Self, DbError> {
        Ok(match location {
            DatabaseLocation::SqliteIn(dir) => Database::Sqlite(sqlite::SqliteState::open(&dir.join("server.db")).await?),
            DatabaseLocation::Postgres(url) => Database::Postgres(postgres::PostgresState::open(url).await?),
        })
    }

    /// Creates an account and returns its API token, which is stored only as a hash.
    pub async fn add_account(&self, name: &str, role: Role) -> Result<String, DbError> {
        let token = new_api_token();
        let token_hash = hash_secret(&token);
        dispatch!(self.insert_account(name, role, &token_hash))?;
        Ok(token)
    }

    /// The account whose token hashes to `token_hash`, if any.
    pub async fn account_by_token_hash(&self, token_hash: &str) -> Result<Option<Account>, DbError> {
        dispatch!(self.account_by_token_hash(token_hash))
    }

    /// Records a newly registered venue.
    pub async fn insert_venue(&self, venue: NewVenue) -> Result<(), DbError> {
        dispatch!(self.insert_venue(venue))
    }

    /// The operator account that registered `venue_id`, if the venue exists.
    pub async fn venue_operator(&self, venue_id: [u8; 16]) -> Result<Option<i64>, DbError> {
        dispatch!(self.venue_operator(venue_id))
    }

    /// Opens a case for `officer_id` with one upload code; returns the case id. The case and
    /// the code are not linked in the state.
    pub async fn insert_case(&self, officer_id: i64, code: NewCode) -> Result<i64, DbError> {
        dispatch!(self.insert_case(officer_id, code))
    }

    /// Deletes every code whose lifetime ended at or before `now` (Unix seconds), remembering
    /// only its hash as spent.
    pub async fn delete_expired_codes(&self, now: i64) -> Result<(), DbError> {
        dispatch!(self.delete_expired_codes(now))
    }

    /// What is known of the code whose hash is `code_hash` at `now`.
    pub async fn code_lookup(&self, code_hash: &str, now: i64) -> Result<CodeLookup, DbError> {
        dispatch!(self.code_lookup(code_hash, now))
    }

    /// Whether an upload with these report bytes (their SHA-256) awaits review or publication.
    pub async fn upload_stored(&self, reports_hash: [u8; 32]) -> Result<bool, DbError> {
        dispatch!(self.upload_stored(reports_hash))
    }

    /// Redeems a code for `submission` in one transaction: the code is deleted (its hash kept
    /// as used) and the submission stored, or nothing changes and the reason is returned.
    pub async fn redeem_upload(&self, code_hash: &str, now: i64, submission: NewSubmission) -> Result<Redemption, DbError> {
        dispatch!(self.redeem_upload(code_hash, now, submission))
    }

    /// Stores a venue warning posted by the venue's operator; returns the submission id.
    pub async fn insert_venue_warning(&self, venue_id: [u8; 16], submission: NewSubmission) -> Result<i64, DbError> {
        dispatch!(self.insert_venue_warning(venue_id, submission))
    }

    /// At most `limit` submissions awaiting an officer's decision with ids after `after`,
    /// oldest first (one page of the review list).
    pub async fn pending(&self, after: i64, limit: i64) -> Result<Vec<StoredSubmission>, DbError> {
        dispatch!(self.pending(after, limit))
    }

    /// Approves a pending submission, or rejects and deletes it.
    pub async fn decide(&self, kind: SubmissionKind, id: i64, decision: Decision) -> Result<DecisionOutcome, DbError> {
        dispatch!(self.decide(kind, id, decision))
    }

    /// Approved submissions awaiting publication, oldest first.
    pub async fn approved(&self) -> Result<Vec<StoredSubmission>, DbError> {
        dispatch!(self.approved())
    }

    /// Deletes published submissions, in one transaction.
    pub async fn delete_published(&self, ids: Vec<i64>) -> Result<(), DbError> {
        dispatch!(self.delete_published(ids))
    }

    /// The vault key names of every stored submission.
    pub async fn submission_key_names(&self) -> Result<std::collections::HashSet<String>, DbError> {
        dispatch!(self.submission_key_names())
    }

    /// Counts one issued vaccination certificate (date, dose number, doses in the series).
    pub async fn insert_vaccination(&self, vaccinated_on: &str, dose: i64, total_doses: i64) -> Result<(), DbError> {
        dispatch!(self.insert_vaccination(vaccinated_on, dose, total_doses))
    }

    /// Vaccination counts per day, oldest first.
    pub async fn vaccination_counts(&self) -> Result<Vec<DayCounts>, DbError> {
        dispatch!(self.vaccination_counts())
    }

    /// Adds `change` to an opted-in venue's occupancy (never below 0); the new value, or
    /// `None` if the venue does not exist or did not opt in.
    pub async fn change_occupancy(&self, venue_id: [u8; 16], change: i64) -> Result<Option<i64>, DbError> {
        dispatch!(self.change_occupancy(venue_id, change))
    }

    /// An opted-in venue's occupancy, or `None`.
    pub async fn occupancy(&self, venue_id: [u8; 16]) -> Result<Option<i64>, DbError> {
        dispatch!(self.occupancy(venue_id))
    }

    /// The backup `key` names, if its credential matches; marks it used at `now`.
    pub async fn read_backup(&self, key: BackupKey, now: i64) -> Result<Option<StoredBackup>, DbError> {
        dispatch!(self.read_backup(key, now))
    }

    /// Stores a new backup at version 1; false if one exists under that id.
    pub async fn create_backup(&self, key: BackupKey, blob: Vec<u8>, now: i64) -> Result<bool, DbError> {
        dispatch!(self.create_backup(key, blob, now))
    }

    /// Replaces the backup `key` names if it is still at `version`; the new version, or `None`.
    pub async fn replace_backup(&self, key: BackupKey, version: i64, blob: Vec<u8>, now: i64) -> Result<Option<i64>, DbError> {
        dispatch!(self.replace_backup(key, version, blob, now))
    }

    /// The current version of the backup `key` names, if its credential matches.
    pub async fn backup_version(&self, key: BackupKey) -> Result<Option<i64>, DbError> {
        dispatch!(self.backup_version(key))
    }

    /// Deletes the backup `key` names if its credential matches; whether one was deleted.
    pub async fn delete_backup(&self, key: BackupKey) -> Result<bool, DbError> {
        dispatch!(self.delete_backup(key))
    }

    /// Deletes backups nobody read or wrote since `cutoff` (Unix seconds); how many.
    pub async fn delete_backups_untouched_since(&self, cutoff: i64) -> Result<u64, DbError> {
        dispatch!(self.delete_backups_untouched_since(cutoff))
    }
}

#[cfg(test)]
mod backup_tests;
#[cfg(test)]
mod code_tests;
