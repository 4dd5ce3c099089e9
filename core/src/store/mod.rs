//! The phone's SQLite file: opening it safely, its schema, and the rows the diary and the
//! certificate wallet keep.
//!
//! Durability: WAL with `synchronous=FULL`. In WAL mode `NORMAL` survives an app crash but may
//! lose the last commits on a power cut; a check-in the user was shown as done must survive
//! both, and one fsync per check-in is cheap at the rate people walk into buildings.

pub(crate) mod background;
pub(crate) mod certificates;
mod error;
pub(crate) mod matched_bundles;
mod schema;
pub(crate) mod settings;
pub(crate) mod visits;

use std::path::Path;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use certificates::{CertificateRecord, NewCertificate};
pub use error::StoreError;
pub use schema::{LATEST_VERSION, apply_migrations};
pub use visits::{CheckoutKind, NewVisit, PosterKind, VisitRecord};

/// The one writer connection to a healthpass database file.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) the database at `path`, applies pending migrations and sets the
    /// durability and privacy pragmas. A file written by a newer app version is refused.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Deleted visits are overwritten, not left readable in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Starts a write transaction that holds the write lock from its first statement.
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// The read connection for queries outside a transaction.
    pub(crate) fn read(&self) -> &Connection {
        &self.conn
    }

    /// The schema version of the open file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Runs `PRAGMA integrity_check`; `Ok(())` when SQLite reports the file intact.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let report: String = self.conn.pragma_query_value(None, "integrity_check", |row| row.get(0))?;
        if report == "ok" { Ok(()) } else { Err(StoreError::Corrupt(report)) }
    }

    /// Copies the write-ahead log into the database file and empties it. After a deletion the
    /// deleted rows' old pages would otherwise stay readable in the main file until SQLite's
    /// next automatic checkpoint (which may be 1,000 pages of writes away).
    pub(crate) fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// Removes every row the user owns, then rewrites the file so nothing deleted stays on disk.
    pub fn delete_everything(&mut self) -> Result<(), StoreError> {
        let tx = self.write()?;
        visits::delete_all(&tx)?;
        certificates::delete_all(&tx)?;
        matched_bundles::delete_all(&tx)?;
        settings::delete_all(&tx)?;
        background::delete_all(&tx)?;
        tx.commit()?;
        self.conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
