//! User settings and small pieces of state kept in the store (key/value rows).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError};

/// Key of the visit retention, in days.
pub(crate) const RETENTION_DAYS: &str = "retention_days";

impl Store {
    /// The visit retention in days, if the user set one.
    pub fn retention_days(&self) -> Result<Option<u32>, StoreError> {
        let value = get(self.read(), RETENTION_DAYS)?;
        value.map(|v| v.parse().map_err(|_| StoreError::InvalidRow("retention_days"))).transpose()
    }

    /// Stores the visit retention in days.
    pub fn set_retention_days(&mut self, days: u32) -> Result<(), StoreError> {
        set(self.read(), RETENTION_DAYS, &days.to_string())
    }
}

/// The value stored under `key`, if any.
pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0)).optional()?)
}

/// Stores `value` under `key`, replacing what was there.
pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Deletes the value stored under `key`, if any.
pub(crate) fn delete(conn: &Connection, key: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}

/// Deletes every setting.
pub(super) fn delete_all(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM settings", [])?;
    Ok(())
}
