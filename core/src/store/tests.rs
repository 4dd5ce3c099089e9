use rusqlite::Connection;

use super::schema::MIGRATIONS;
use super::*;

/// Writes a file at schema `version` by applying the first `version` migrations, as that
/// release of the app would have, with one visit in it when the schema has visits.
fn file_at_version(path: &Path, version: u32) {
    let conn = Connection::open(path).unwrap();
    for migration in &MIGRATIONS[..version as usize] {
        conn.execute_batch(migration).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
    if version >= 1 {
        conn.execute(
            "INSERT INTO visits (venue_id, venue_name, venue_address, category, default_stay_min, poster, checked_in_at)
             VALUES (zeroblob(16), 'Toko', 'Jl. 1', 'shop', 60, x'01', 1000)",
            [],
        )
        .unwrap();
    }
}

#[test]
fn every_earlier_version_migrates_to_the_latest_and_keeps_its_visits() {
    for version in 0..=LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("healthpass.db");
        file_at_version(&path, version);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "from version {version}");
        let visits = visits::all_newest_first(store.read()).unwrap();
        assert_eq!(visits.len(), usize::from(version >= 1), "from version {version}");
        store.check_integrity().unwrap();
    }
}

#[test]
fn file_from_a_newer_app_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("healthpass.db");
    file_at_version(&path, LATEST_VERSION);
    Connection::open(&path).unwrap().pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    match Store::open(&path) {
        Err(StoreError::NewerSchema { found, supported }) => assert_eq!((found, supported), (LATEST_VERSION + 1, LATEST_VERSION)),
        other => panic!("expected NewerSchema, got {:?}", other.map(|_| ())),
    }
    let version: u32 = Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, LATEST_VERSION + 1);
}

#[test]
fn store_runs_in_wal_mode_with_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("healthpass.db")).unwrap();
    let mode: String = store.read().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    let sync: i64 = store.read().pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
    assert_eq!((mode.as_str(), sync), ("wal", 2));
}

#[test]
fn delete_everything_leaves_no_visit_or_setting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("healthpass.db");
    file_at_version(&path, LATEST_VERSION);
    let mut store = Store::open(&path).unwrap();
    store.set_retention_days(7).unwrap();
    store.delete_everything().unwrap();
    assert!(visits::all_newest_first(store.read()).unwrap().is_empty());
    assert_eq!(store.retention_days().unwrap(), None);
    drop(store);
    let raw = std::fs::read(&path).unwrap();
    assert!(!raw.windows(4).any(|w| w == b"Toko"), "the deleted venue name is still in the file");
}
