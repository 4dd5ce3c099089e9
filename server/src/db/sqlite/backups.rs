//! Backup blobs in the SQLite file; methods documented on [`crate::db::Database`].

use rusqlite::{OptionalExtension, params};

use super::SqliteState;
use crate::db::records::{BackupKey, StoredBackup};
use crate::db::{DbError, queries as q};

impl SqliteState {
    pub async fn read_backup(&self, key: BackupKey, now: i64) -> Result<Option<StoredBackup>, DbError> {
        self.with(move |conn| {
            let params = params![now, key.blob_id.as_slice(), key.credential_hash.as_slice()];
            Ok(conn.query_row(q::READ_BACKUP, params, |r| Ok(StoredBackup { version: r.get(0)?, blob: r.get(1)? })).optional()?)
        })
        .await
    }

    pub async fn create_backup(&self, key: BackupKey, blob: Vec<u8>, now: i64) -> Result<bool, DbError> {
        self.with(move |conn| {
            let params = params![key.blob_id.as_slice(), key.credential_hash.as_slice(), blob, now];
            Ok(conn.execute(q::INSERT_BACKUP, params)? == 1)
        })
        .await
    }

    pub async fn replace_backup(&self, key: BackupKey, version: i64, blob: Vec<u8>, now: i64) -> Result<Option<i64>, DbError> {
        self.with(move |conn| {
            let params = params![blob, now, key.blob_id.as_slice(), key.credential_hash.as_slice(), version];
            Ok(conn.query_row(q::REPLACE_BACKUP, params, |r| r.get(0)).optional()?)
        })
        .await
    }

    pub async fn backup_version(&self, key: BackupKey) -> Result<Option<i64>, DbError> {
        self.with(move |conn| {
            let params = params![key.blob_id.as_slice(), key.credential_hash.as_slice()];
            Ok(conn.query_row(q::BACKUP_VERSION, params, |r| r.get(0)).optional()?)
        })
        .await
    }

    pub async fn delete_backup(&self, key: BackupKey) -> Result<bool, DbError> {
        self.with(move |conn| {
            Ok(conn.execute(q::DELETE_BACKUP, params![key.blob_id.as_slice(), key.credential_hash.as_slice()])? == 1)
        })
        .await
    }

    pub async fn delete_backups_untouched_since(&self, cutoff: i64) -> Result<u64, DbError> {
        self.with(move |conn| Ok(conn.execute(q::DELETE_UNTOUCHED_BACKUPS, [cutoff])? as u64)).await
    }
}
