//! End-to-end-encrypted backups against the real server on loopback, with phones as real
//! SQLite files driven through the core's backup operations. Each scenario runs on SQLite and
//! on PostgreSQL.

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use healthpass_core::backup::BackupError;
use healthpass_core::backup::keys::BackupKeys;
use healthpass_core::backup::operations::{back_up_now, delete_server_copy, enable, restore_from_server};
use healthpass_core::backup::recovery_code::RecoveryCode;
use healthpass_core::backup::server::backup_path;
use healthpass_core::backup::setup::BackupSetup;
use healthpass_core::checkin::{check_in, history};
use healthpass_core::store::Store;
use healthpass_core::venue::{DefaultStay, RegistrySigningKey, SignedPoster, VenueCategory, VenueDetails, VenuePoster};
use healthpass_core::wallet::{add_certificate, list_certificates};
use healthpass_e2e::server_client::{ServerFixture, error_of, reply};
use healthpass_e2e::{Backend, ServerProcess, healthpass_ok, issue_vaccination, on_both_backends};
use reqwest::StatusCode;

on_both_backends!(
    a_new_phone_restores_what_the_old_one_backed_up_until_it_is_deleted,
    the_server_never_holds_a_venue_name_or_a_certificate_in_clear,
    a_wrong_code_and_a_tampered_blob_are_typed_errors_that_change_nothing,
    two_devices_writing_at_once_both_end_up_with_everything,
    nobody_without_the_code_can_read_overwrite_delete_or_probe,
    a_backup_takes_at_most_60_writes_an_hour,
    a_backup_untouched_for_90_days_is_deleted_by_the_running_server,
);

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn phone(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name)).unwrap()
}

fn poster(registry: &RegistrySigningKey, name: &str) -> SignedPoster {
    let details = VenueDetails {
        name: name.into(),
        address: "Jl. Kawi 12, Malang".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(60).unwrap(),
        valid_from: now() - TimeDelta::days(30),
        valid_until: now() + TimeDelta::days(30),
    };
    registry.sign_poster(VenuePoster::for_new_venue(details).unwrap())
}

fn venues(store: &Store) -> Vec<String> {
    let mut names: Vec<String> = history(store, now()).unwrap().into_iter().map(|v| v.venue_name).collect();
    names.sort();
    names
}

fn a_new_phone_restores_what_the_old_one_backed_up_until_it_is_deleted(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let phones = tempfile::tempdir().unwrap();
    let registry = RegistrySigningKey::generate();
    let mut old = phone(phones.path(), "old.db");
    check_in(&mut old, &poster(&registry, "Toko Buku Gramedia"), now() - TimeDelta::minutes(10)).unwrap();
    let code = enable(&mut old, &f.server.url, None, now()).unwrap();

    let mut new = phone(phones.path(), "new.db");
    let typed = RecoveryCode::parse(&code.to_text().to_lowercase().replace('-', " ")).unwrap();
    let summary = restore_from_server(&mut new, &f.server.url, &typed, None, now()).unwrap();
    assert_eq!(summary.visits, 1);
    assert_eq!(venues(&new), ["Toko Buku Gramedia"]);
    assert!(BackupSetup::load(&new).unwrap().is_some(), "the new phone backs up to the same blob from now on");

    delete_server_copy(&mut old).unwrap();
    assert!(BackupSetup::load(&old).unwrap().is_none());
    let mut third = phone(phones.path(), "third.db");
    assert!(matches!(restore_from_server(&mut third, &f.server.url, &code, None, now()), Err(BackupError::NotFound)));
    assert!(matches!(back_up_now(&mut old, now()), Err(BackupError::NotEnabled)));
}

fn the_server_never_holds_a_venue_name_or_a_certificate_in_clear(backend: Backend) {
    let f = ServerFixture::start(backend.clone(), &[]);
    let phones = tempfile::tempdir().unwrap();
    healthpass_ok(phones.path(), &["issuer", "keygen", "--valid-from", "2026-01-01T00:00:00Z", "--out-dir", "."]);
    issue_vaccination(phones.path(), "Budi", "1985-11-02", "1", "budi.txt");
    let certificate = std::fs::read_to_string(phones.path().join("budi.txt")).unwrap();
    let mut store = phone(phones.path(), "phone.db");
    check_in(&mut store, &poster(&RegistrySigningKey::generate(), "Klinik Sehat Sentosa"), now()).unwrap();
    add_certificate(&mut store, &certificate, None, now()).unwrap();
    enable(&mut store, &f.server.url, None, now()).unwrap();
    back_up_now(&mut store, now() + TimeDelta::seconds(1)).unwrap();

    let mut stored: Vec<Vec<u8>> = Vec::new();
    for entry in std::fs::read_dir(f.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            stored.push(std::fs::read(path).unwrap());
        }
    }
    if let Backend::Postgres(url) = &backend {
        let mut db = ::postgres::Client::connect(url, ::postgres::NoTls).unwrap();
        stored.extend(
            db.query("SELECT blob_id, credential_hash, blob FROM backups", &[])
                .unwrap()
                .iter()
                .flat_map(|row| [row.get::<_, Vec<u8>>(0), row.get(1), row.get(2)]),
        );
    }
    let certificate_body = certificate.trim().trim_start_matches("HC1:");
    let secrets: [&[u8]; 5] = [b"Klinik Sehat", b"Santoso", b"Jl. Kawi", &certificate_body.as_bytes()[..40], b"1985-11-02"];
    for bytes in &stored {
        for secret in secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret),
                "a server file holds {:?}",
                String::from_utf8_lossy(secret)
            );
        }
    }
    let log = ServerProcess::log(f.dir.path());
    assert!(log.contains("backup stored"), "the log is written: {log}");
    let setup = BackupSetup::load(&store).unwrap().unwrap();
    for secret in [setup.code.to_text(), BackupKeys::derive(&setup.code).credential.to_text()] {
        assert!(!log.contains(&secret), "the log holds the code or the credential");
    }
}

fn a_wrong_code_and_a_tampered_blob_are_typed_errors_that_change_nothing(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let phones = tempfile::tempdir().unwrap();
    let registry = RegistrySigningKey::generate();
    let mut old = phone(phones.path(), "old.db");
    check_in(&mut old, &poster(&registry, "Warung Bu Sri"), now()).unwrap();
    let code = enable(&mut old, &f.server.url, None, now()).unwrap();
    let mut new = phone(phones.path(), "new.db");
    check_in(&mut new, &poster(&registry, "Masjid Jami"), now()).unwrap();

    let other = RecoveryCode::generate();
    assert!(matches!(restore_from_server(&mut new, &f.server.url, &other, None, now()), Err(BackupError::NotFound)));
    let mut typo: Vec<char> = code.to_text().chars().collect();
    typo[3] = if typo[3] == 'A' { 'B' } else { 'A' };
    assert!(RecoveryCode::parse(&typo.into_iter().collect::<String>()).is_err());

    // Someone between the phone and the server alters the stored blob.
    let keys = BackupKeys::derive(&code);
    let url = format!("{}{}", f.server.url, backup_path(&keys));
    let response = f.http.get(&url).bearer_auth(keys.credential.to_text()).send().unwrap();
    let version = response.headers()["etag"].to_str().unwrap().to_owned();
    let mut blob = response.bytes().unwrap().to_vec();
    let last = blob.len() - 20;
    blob[last] ^= 0x40;
    let put = f.http.put(&url).bearer_auth(keys.credential.to_text()).header("if-match", version).body(blob).send().unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    assert!(matches!(restore_from_server(&mut new, &f.server.url, &code, None, now()), Err(BackupError::Tampered)));
    assert_eq!(venues(&new), ["Masjid Jami"], "the phone's own data is untouched");
    assert!(BackupSetup::load(&new).unwrap().is_none());
    let offline = "http://127.0.0.1:9";
    assert!(matches!(restore_from_server(&mut new, offline, &code, None, now()), Err(BackupError::Offline)));
}

fn two_devices_writing_at_once_both_end_up_with_everything(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let dir = tempfile::tempdir().unwrap();
    let registry = RegistrySigningKey::generate();
    let mut phone_a = phone(dir.path(), "phone.db");
    check_in(&mut phone_a, &poster(&registry, "Alun-Alun"), now() - TimeDelta::hours(3)).unwrap();
    let code = enable(&mut phone_a, &f.server.url, None, now()).unwrap();
    let mut tablet = phone(dir.path(), "tablet.db");
    restore_from_server(&mut tablet, &f.server.url, &code, None, now()).unwrap();

    // Each device checks in somewhere else, then both back up at the same moment from stale versions.
    check_in(&mut phone_a, &poster(&registry, "Apotek K-24"), now() - TimeDelta::hours(2)).unwrap();
    check_in(&mut tablet, &poster(&registry, "Bakso President"), now() - TimeDelta::hours(1)).unwrap();
    let writers: Vec<_> = [phone_a, tablet]
        .into_iter()
        .map(|mut store| {
            std::thread::spawn(move || {
                back_up_now(&mut store, now()).unwrap();
                store
            })
        })
        .collect();
    let mut stores: Vec<Store> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    // The second to finish saw the first's backup (refused as stale, merged, retried); one more
    // round brings the first up to date too.
    for store in &mut stores {
        back_up_now(store, now()).unwrap();
    }
    let everything = ["Alun-Alun", "Apotek K-24", "Bakso President"];
    for store in &stores {
        assert_eq!(venues(store), everything);
        assert_eq!(list_certificates(store).unwrap().len(), 0);
    }
    let mut fresh = phone(dir.path(), "fresh.db");
    restore_from_server(&mut fresh, &f.server.url, &code, None, now()).unwrap();
    assert_eq!(venues(&fresh), everything, "the server's copy holds each visit once");
}

/// A server and a phone that switched backup on: the backup's keys, URL and first blob.
struct Enabled {
    f: ServerFixture,
    dir: tempfile::TempDir,
    store: Store,
    code: RecoveryCode,
    keys: BackupKeys,
    url: String,
    blob: Vec<u8>,
}

fn enabled(backend: Backend) -> Enabled {
    let f = ServerFixture::start(backend, &[]);
    let dir = tempfile::tempdir().unwrap();
    let mut store = phone(dir.path(), "phone.db");
    let code = enable(&mut store, &f.server.url, None, now()).unwrap();
    let keys = BackupKeys::derive(&code);
    let url = format!("{}{}", f.server.url, backup_path(&keys));
    let blob = f.http.get(&url).bearer_auth(keys.credential.to_text()).send().unwrap().bytes().unwrap().to_vec();
    Enabled { f, dir, store, code, keys, url, blob }
}

fn nobody_without_the_code_can_read_overwrite_delete_or_probe(backend: Backend) {
    let Enabled { f, dir, mut store, code, keys, url, blob } = enabled(backend);
    let stranger = BackupKeys::derive(&RecoveryCode::generate()).credential.to_text();

    let status = |request: reqwest::blocking::RequestBuilder| error_of(reply(request));
    let not_found = (StatusCode::NOT_FOUND, "not_found".to_owned());
    assert_eq!(status(f.http.get(&url)), (StatusCode::UNAUTHORIZED, "unauthorized".to_owned()));
    assert_eq!(status(f.http.get(&url).bearer_auth(&stranger)), not_found, "a wrong credential looks like no backup");
    let absent = format!("{}/v1/backups/{}", f.server.url, "0".repeat(32));
    assert_eq!(status(f.http.get(&absent).bearer_auth(&stranger)), not_found);
    assert_eq!(status(f.http.put(&url).bearer_auth(&stranger).header("if-match", "\"1\"").body(blob.clone())), not_found);
    assert_eq!(status(f.http.put(&url).bearer_auth(&stranger).header("if-none-match", "*").body(blob.clone())), not_found);
    assert_eq!(status(f.http.delete(&url).bearer_auth(&stranger)), not_found);
    assert_eq!(status(f.http.get(format!("{}/v1/backups", f.server.url)).bearer_auth(&stranger)).0, StatusCode::NOT_FOUND);

    let owner = keys.credential.to_text();
    assert_eq!(
        status(f.http.put(&url).bearer_auth(&owner).body(blob.clone())),
        (StatusCode::PRECONDITION_REQUIRED, "precondition_required".to_owned())
    );
    let stale = f.http.put(&url).bearer_auth(&owner).header("if-match", "\"7\"").body(blob.clone()).send().unwrap();
    assert_eq!((stale.status(), stale.headers()["etag"].to_str().unwrap()), (StatusCode::PRECONDITION_FAILED, "\"1\""));
    assert_eq!(status(f.http.put(&url).bearer_auth(&owner).header("if-match", "\"1\"").body("not a backup")).1, "invalid_backup");
    let huge = vec![0u8; healthpass_core::backup::format::MAX_BLOB_LEN + 1];
    assert_eq!(
        status(f.http.put(&url).bearer_auth(&owner).header("if-match", "\"1\"").body(huge)).0,
        StatusCode::PAYLOAD_TOO_LARGE
    );

    // Guessing credentials is limited per client address.
    for _ in 0..10 {
        let _ = f.http.get(&url).bearer_auth(&stranger).send().unwrap();
    }
    assert_eq!(status(f.http.get(&url).bearer_auth(&owner)), (StatusCode::TOO_MANY_REQUESTS, "rate_limited".to_owned()));

    // A refusing server is a typed error on the phone, which keeps its own data.
    let mut other = phone(dir.path(), "other.db");
    check_in(&mut other, &poster(&RegistrySigningKey::generate(), "Masjid Jami"), now()).unwrap();
    let refused = restore_from_server(&mut other, &f.server.url, &code, None, now());
    assert!(matches!(&refused, Err(BackupError::Refused(code)) if code == "rate_limited"), "{refused:?}");
    assert_eq!(venues(&other), ["Masjid Jami"]);
    assert!(BackupSetup::load(&other).unwrap().is_none());
    let refused = back_up_now(&mut store, now());
    assert!(matches!(&refused, Err(BackupError::Refused(code)) if code == "rate_limited"), "{refused:?}");
    assert_eq!(BackupSetup::load(&store).unwrap().unwrap().history.consecutive_failures, 1, "retried later");
}

fn a_backup_takes_at_most_60_writes_an_hour(backend: Backend) {
    let Enabled { f, dir, keys, url, blob, .. } = enabled(backend);
    let owner = keys.credential.to_text();
    // The first write was `enable`'s.
    for version in 1..60 {
        let put = f.http.put(&url).bearer_auth(&owner).header("if-match", format!("\"{version}\"")).body(blob.clone());
        assert_eq!(put.send().unwrap().status(), StatusCode::OK, "write {}", version + 1);
    }
    let put = f.http.put(&url).bearer_auth(&owner).header("if-match", "\"60\"").body(blob.clone());
    assert_eq!(error_of(reply(put)), (StatusCode::TOO_MANY_REQUESTS, "rate_limited".to_owned()));
    let read = f.http.get(&url).bearer_auth(&owner).send().unwrap();
    assert_eq!(read.headers()["etag"].to_str().unwrap(), "\"60\"", "reading is not limited and the 61st write changed nothing");
    // The limit is per backup: another one is written at once.
    enable(&mut phone(dir.path(), "tablet.db"), &f.server.url, None, now()).unwrap();
}

fn a_backup_untouched_for_90_days_is_deleted_by_the_running_server(backend: Backend) {
    let mut f = ServerFixture::start(backend.clone(), &[]);
    let dir = tempfile::tempdir().unwrap();
    let abandoned = enable(&mut phone(dir.path(), "lost.db"), &f.server.url, None, now()).unwrap();
    let kept = enable(&mut phone(dir.path(), "kept.db"), &f.server.url, None, now()).unwrap();
    let blob_id = BackupKeys::derive(&abandoned).blob_id.0.to_vec();
    let long_ago = (now() - TimeDelta::days(91)).timestamp();
    let aged = match &backend {
        Backend::Sqlite => rusqlite::Connection::open(f.dir.path().join("server.db"))
            .unwrap()
            .execute("UPDATE backups SET touched_at = ?1 WHERE blob_id = ?2", rusqlite::params![long_ago, blob_id])
            .unwrap() as u64,
        Backend::Postgres(url) => ::postgres::Client::connect(url, ::postgres::NoTls)
            .unwrap()
            .execute("UPDATE backups SET touched_at = $1 WHERE blob_id = $2", &[&long_ago, &blob_id])
            .unwrap(),
    };
    assert_eq!(aged, 1);
    // A fresh process sweeps before the first backup request it serves.
    f.restart();
    let mut fresh = phone(dir.path(), "fresh.db");
    let gone = restore_from_server(&mut fresh, &f.server.url, &abandoned, None, now());
    assert!(matches!(gone, Err(BackupError::NotFound)), "{gone:?}");
    restore_from_server(&mut fresh, &f.server.url, &kept, None, now()).unwrap();
}
