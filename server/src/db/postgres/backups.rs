//! Backup blobs in PostgreSQL; methods documented on [`crate::db::Database`].

use tokio_postgres::types::ToSql;

use super::PostgresState;
use crate::db::records::{BackupKey, StoredBackup};
use crate::db::{DbError, queries as q};

impl PostgresState {
    pub async fn read_backup(&self, key: BackupKey, now: i64) -> Result<Option<StoredBackup>, DbError> {
        let params: [&(dyn ToSql + Sync); 3] = [&now, &key.blob_id.as_slice(), &key.credential_hash.as_slice()];
        let row = self.query_opt(q::READ_BACKUP, &params).await?;
        Ok(row.map(|r| StoredBackup { version: r.get(0), blob: r.get(1) }))
    }

    pub async fn create_backup(&self, key: BackupKey, blob: Vec<u8>, now: i64) -> Result<bool, DbError> {
        let params: [&(dyn ToSql + Sync); 4] = [&key.blob_id.as_slice(), &key.credential_hash.as_slice(), &blob, &now];
        Ok(self.execute(q::INSERT_BACKUP, &params).await? == 1)
    }

    pub async fn replace_backup(&self, key: BackupKey, version: i64, blob: Vec<u8>, now: i64) -> Result<Option<i64>, DbError> {
        let params: [&(dyn ToSql + Sync); 5] = [&blob, &now, &key.blob_id.as_slice(), &key.credential_hash.as_slice(), &version];
        Ok(self.query_opt(q::REPLACE_BACKUP, &params).await?.map(|r| r.get(0)))
    }

    pub async fn backup_version(&self, key: BackupKey) -> Result<Option<i64>, DbError> {
        let params: [&(dyn ToSql + Sync); 2] = [&key.blob_id.as_slice(), &key.credential_hash.as_slice()];
        Ok(self.query_opt(q::BACKUP_VERSION, &params).await?.map(|r| r.get(0)))
    }

    pub async fn delete_backup(&self, key: BackupKey) -> Result<bool, DbError> {
        let params: [&(dyn ToSql + Sync); 2] = [&key.blob_id.as_slice(), &key.credential_hash.as_slice()];
        Ok(self.execute(q::DELETE_BACKUP, &params).await? == 1)
    }

    pub async fn delete_backups_untouched_since(&self, cutoff: i64) -> Result<u64, DbError> {
        self.execute(q::DELETE_UNTOUCHED_BACKUPS, &[&cutoff]).await
    }
}
