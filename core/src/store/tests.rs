use rusqlite::Connection;

use super::schema::MIGRATIONS;
use super::*;
use crate::venue::VenueId;

/// Writes a file at schema `version` by applying the first `version` migrations, as that
/// release of the app would have, with one visit in it when the schema has visits and one
/// wallet certificate when it has the wallet.
fn file_at_version(path: &Path, version: u32) {
    let conn = Connection::open(path).unwrap();
    for migration in &MIGRATIONS[..version as usize] {
        conn.execute_batch(migration).unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
    if (1..3).contains(&version) {
        conn.execute(
            "INSERT INTO visits (venue_id, venue_name, venue_address, category, default_stay_min, poster, checked_in_at)
             VALUES (zeroblob(16), 'Toko', 'Jl. 1', 'shop', 60, x'01', 1000)",
            [],
        )
        .unwrap();
    }
    if version >= 3 {
        conn.execute(
            "INSERT INTO visits (poster_kind, venue_id, venue_name, venue_address, category, default_stay_min, poster, checked_in_at)
             VALUES ('healthpass', zeroblob(16), 'Toko', 'Jl. 1', 'shop', 60, x'01', 1000)",
            [],
        )
        .unwrap();
    }
    if version >= 2 {
        conn.execute(
            "INSERT INTO certificates (holder, format, qr_text, fingerprint, added_at)
             VALUES ('Ibu', 'HC1', 'HC1:X', zeroblob(32), 1000)",
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
        // Visits from before CWA posters were read all came from signed healthpass posters.
        let kept = visits.iter().map(|v| (v.poster_kind, v.venue_id, v.venue_name.as_str())).collect::<Vec<_>>();
        let expected = if version >= 1 { vec![(PosterKind::Healthpass, Some(VenueId([0; 16])), "Toko")] } else { vec![] };
        assert_eq!(kept, expected, "from version {version}");
        let wallet = certificates::all(store.read()).unwrap();
        assert_eq!(wallet.len(), usize::from(version >= 2), "from version {version}");
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
    assert!(certificates::all(store.read()).unwrap().is_empty());
    assert_eq!(store.retention_days().unwrap(), None);
    drop(store);
    let raw = std::fs::read(&path).unwrap();
    assert!(!raw.windows(4).any(|w| w == b"Toko"), "the deleted venue name is still in the file");
    assert!(!raw.windows(5).any(|w| w == b"HC1:X"), "the deleted certificate is still in the file");
}

#[test]
fn schema_ties_the_venue_id_to_signed_healthpass_visits() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("healthpass.db")).unwrap();
    let insert = |kind: &str, venue_id: &str| {
        store.read().execute(
            &format!(
                "INSERT INTO visits (poster_kind, venue_id, venue_name, venue_address, category, default_stay_min, poster, checked_in_at)
                 VALUES ('{kind}', {venue_id}, 'Toko', 'Jl. 1', 'shop', 60, x'01', 1000)"
            ),
            [],
        )
    };
    assert!(insert("healthpass", "NULL").is_err(), "a healthpass visit needs its venue id");
    assert!(insert("cwa", "zeroblob(16)").is_err(), "a CWA visit has no venue id");
    assert!(insert("other", "NULL").is_err(), "unknown poster kind");
    insert("cwa", "NULL").unwrap();
    insert("healthpass", "zeroblob(16)").unwrap();
}

#[test]
fn warnings_v2_migration_matches_every_hour_again_and_counts_ignored_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("healthpass.db");
    file_at_version(&path, 4);
    Connection::open(&path)
        .unwrap()
        .execute("INSERT INTO warning_bundles (hour, sha256, processed_at) VALUES (7, zeroblob(32), 1000)", [])
        .unwrap();
    let mut store = Store::open(&path).unwrap();
    assert!(!matched_bundles::bundle_processed(store.read(), 7).unwrap(), "a v1 bundle record does not skip the v2 hour");
    let tx = store.write().unwrap();
    matched_bundles::mark_bundle_processed(&tx, 7, &[1; 32], 3, chrono::DateTime::from_timestamp(2000, 0).unwrap()).unwrap();
    tx.commit().unwrap();
    assert_eq!(matched_bundles::ignored_total(store.read()).unwrap(), 3);
    assert_eq!(visits::all_newest_first(store.read()).unwrap().len(), 1, "the diary keeps its visits");
}

#[test]
fn alerts_from_before_notifications_existed_count_as_notified() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("healthpass.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        apply_migrations(&mut conn, &MIGRATIONS[..5]).unwrap();
        conn.execute(
            "INSERT INTO alerts (visit_id, venue_name, visit_start, visit_end, warning_start, warning_end, advice,
                                 overlap_minutes, bundle_hour, received_at)
             VALUES (1, 'Toko', 0, 3600, 0, 3600, 'isolate', 60, 1, 3600)",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(crate::exposure::alerts::all_newest_first(store.read()).unwrap().len(), 1);
    assert_eq!(
        crate::exposure::alerts::not_notified(store.read()).unwrap(),
        vec![],
        "seen on the alerts screen, where sync was started"
    );
}
