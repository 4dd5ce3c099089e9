//! The server's state: accounts, registered venues, cases and their upload codes.
//!
//! One SQLite file (`DATA/server.db`, WAL, `synchronous=FULL`) behind one connection; every
//! write is its own transaction, so a request that was answered is on disk.

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use healthpass_core::store::{StoreError, apply_migrations};
use healthpass_core::venue::SignedPoster;
use rusqlite::{Connection, OptionalExtension, params};
use thiserror::Error;

use crate::accounts::{Account, Role};

/// Schema migrations of the server state; entry `i` takes version `i` to `i + 1`. Append only.
const MIGRATIONS: &[&str] = &["CREATE TABLE accounts (
        id          INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        role        TEXT    NOT NULL CHECK (role IN ('health_officer', 'venue_operator')),
        token_hash  TEXT    NOT NULL UNIQUE,
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE venues (
        venue_id    BLOB    PRIMARY KEY CHECK (length(venue_id) = 16),
        operator_id INTEGER NOT NULL REFERENCES accounts (id),
        poster      BLOB    NOT NULL,
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE cases (
        id          INTEGER PRIMARY KEY,
        officer_id  INTEGER NOT NULL REFERENCES accounts (id),
        created_at  INTEGER NOT NULL
    );
    CREATE TABLE upload_codes (
        code_hash   TEXT    PRIMARY KEY,
        case_id     INTEGER NOT NULL REFERENCES cases (id),
        expires_at  INTEGER NOT NULL,
        used_at     INTEGER
    );"];

/// Why a state operation failed.
#[derive(Debug, Error)]
pub enum DbError {
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// Opening or migrating the file failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A blocking database task was cancelled or panicked.
    #[error("database task failed")]
    Task,
}

/// Handle to the state; cheap to clone, shared by all requests.
#[derive(Clone)]
pub struct Database {
    conn: Arc<Mutex<Connection>>,
}

impl Database {
    /// Opens (or creates) `data_dir/server.db` and brings its schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Self, DbError> {
        let path = data_dir.join("server.db");
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection, DbError> {
            let mut conn = Connection::open(path)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            apply_migrations(&mut conn, MIGRATIONS)?;
            Ok(conn)
        })
        .await
        .map_err(|_| DbError::Task)??;
        Ok(Database { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `work` on the connection on a blocking thread.
    async fn with<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A poisoned lock means a panic mid-request; SQLite rolled that transaction back.
            let mut guard = conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            work(&mut guard)
        })
        .await
        .map_err(|_| DbError::Task)?
    }

    /// Stores an account with its token hash.
    pub async fn insert_account(&self, name: &str, role: Role, token_hash: &str) -> Result<(), DbError> {
        let (name, token_hash) = (name.to_owned(), token_hash.to_owned());
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO accounts (name, role, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![name, role.name(), token_hash, Utc::now().timestamp()],
            )?;
            Ok(())
        })
        .await
    }

    /// The account whose token hashes to `token_hash`, if any.
    pub async fn account_by_token_hash(&self, token_hash: String) -> Result<Option<Account>, DbError> {
        self.with(move |conn| {
            let row: Option<(i64, String)> = conn
                .query_row("SELECT id, role FROM accounts WHERE token_hash = ?1", [token_hash], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            Ok(row.and_then(|(id, role)| Role::from_name(&role).map(|role| Account { id, role })))
        })
        .await
    }

    /// Records a venue registered by `operator_id` with its signed poster.
    pub async fn insert_venue(&self, operator_id: i64, poster: &SignedPoster) -> Result<(), DbError> {
        let (venue_id, bytes) = (poster.poster().venue_id().0, poster.bytes().to_vec());
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO venues (venue_id, operator_id, poster, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![venue_id.as_slice(), operator_id, bytes, Utc::now().timestamp()],
            )?;
            Ok(())
        })
        .await
    }

    /// Opens a case for `officer_id` with one upload code (stored as its hash); returns the case id.
    pub async fn insert_case(&self, officer_id: i64, code_hash: String, expires_at: DateTime<Utc>) -> Result<i64, DbError> {
        self.with(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO cases (officer_id, created_at) VALUES (?1, ?2)",
                params![officer_id, Utc::now().timestamp()],
            )?;
            let case_id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO upload_codes (code_hash, case_id, expires_at) VALUES (?1, ?2, ?3)",
                params![code_hash, case_id, expires_at.timestamp()],
            )?;
            tx.commit()?;
            Ok(case_id)
        })
        .await
    }
}
