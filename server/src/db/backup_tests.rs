//! Backup rows on a real SQLite state file (PostgreSQL runs the same statements from
//! `queries.rs`; the HTTP scenarios in tests/tests/server_backups.rs run on both backends).

use super::{BackupKey, Database, DatabaseLocation};

const DAY: i64 = 86_400;

fn key(id: u8, credential: u8) -> BackupKey {
    BackupKey { blob_id: [id; 16], credential_hash: [credential; 32] }
}

async fn open(dir: &tempfile::TempDir) -> Database {
    Database::open(&DatabaseLocation::SqliteIn(dir.path().to_owned())).await.unwrap()
}

#[tokio::test]
async fn writes_are_compare_and_swap_and_need_the_credential() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir).await;
    assert!(db.create_backup(key(1, 1), b"v1".to_vec(), 100).await.unwrap());
    assert!(!db.create_backup(key(1, 2), b"other".to_vec(), 100).await.unwrap(), "one blob per id");
    assert_eq!(db.replace_backup(key(1, 2), 1, b"theirs".to_vec(), 101).await.unwrap(), None, "wrong credential");
    assert_eq!(db.replace_backup(key(1, 1), 1, b"v2".to_vec(), 102).await.unwrap(), Some(2));
    assert_eq!(db.replace_backup(key(1, 1), 1, b"stale".to_vec(), 103).await.unwrap(), None, "stale version");
    assert_eq!(db.backup_version(key(1, 1)).await.unwrap(), Some(2));
    assert_eq!(db.backup_version(key(1, 2)).await.unwrap(), None);
    let read = db.read_backup(key(1, 1), 104).await.unwrap().unwrap();
    assert_eq!((read.version, read.blob.as_slice()), (2, &b"v2"[..]));
    assert!(db.read_backup(key(1, 2), 104).await.unwrap().is_none());
    assert!(!db.delete_backup(key(1, 2)).await.unwrap());
    assert!(db.delete_backup(key(1, 1)).await.unwrap());
    assert!(db.read_backup(key(1, 1), 105).await.unwrap().is_none());
}

#[tokio::test]
async fn backups_untouched_for_90_days_are_deleted_and_reading_counts_as_a_touch() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&dir).await;
    let now = 1_000 * DAY;
    db.create_backup(key(1, 1), b"abandoned".to_vec(), now - 91 * DAY).await.unwrap();
    db.create_backup(key(2, 2), b"read lately".to_vec(), now - 91 * DAY).await.unwrap();
    db.create_backup(key(3, 3), b"written lately".to_vec(), now - 10 * DAY).await.unwrap();
    db.read_backup(key(2, 2), now - 5 * DAY).await.unwrap().unwrap();
    assert_eq!(db.delete_backups_untouched_since(now - 90 * DAY).await.unwrap(), 1);
    assert!(db.read_backup(key(1, 1), now).await.unwrap().is_none());
    assert!(db.read_backup(key(2, 2), now).await.unwrap().is_some());
    assert!(db.read_backup(key(3, 3), now).await.unwrap().is_some());
}
