//! User settings kept in the store (key/value rows).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Store, StoreError};

/// Key of the visit retention, in days.
const RETENTION_DAYS: &str = "retention_days";

impl Store {
    /// The visit retention in days, if the user set one.
    pub fn retention_days(&self) -> Result<Option<u32>, StoreError> {
        let value: Option<String> =
            self.read().query_row("SELECT value FROM settings WHERE key = ?1", [RETENTION_DAYS], |row| row.get(0)).optional()?;
        value.map(|v| v.parse().map_err(|_| StoreError::InvalidRow("retention_days"))).transpose()
    }

    /// Stores the visit retention in days.
    pub fn set_retention_days(&mut self, days: u32) -> Result<(), StoreError> {
        self.read().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![RETENTION_DAYS, days.to_string()],
        )?;
        Ok(())
    }
}

/// Deletes every setting.
pub(super) fn delete_all(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("DELETE FROM settings", [])?;
    Ok(())
}
