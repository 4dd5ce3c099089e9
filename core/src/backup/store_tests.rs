//! Snapshot and restore on real SQLite files: what is kept, nothing twice, nothing half.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::BackupError;
use super::contents::BackupContents;
use super::format::{ContentKey, open, seal};
use super::keys::BackupKeys;
use super::recovery_code::RecoveryCode;
use super::restore::{RestoreSummary, restore};
use super::snapshot::snapshot;
use crate::certificate::test_support::{issuer, santoso_vaccination};
use crate::checkin::{check_in, check_out, history, purge, set_retention_days, visited_locations};
use crate::exposure::alerts;
use crate::exposure::{Advice, ExposureAlert, exposure_alerts};
use crate::store::Store;
use crate::venue::{DefaultStay, RegistrySigningKey, SignedPoster, VenueCategory, VenueDetails, VenuePoster};
use crate::wallet::{add_certificate, list_certificates};

/// The fixture of [`a_backup_made_before_a_schema_migration_restores_after_it`]: written by this
/// format (1) at store schema version 4 with [`FIXTURE_CODE`]. Never regenerate it: it stands
/// for a backup an older app made.
const FIXTURE: &[u8] = include_bytes!("testdata/format1-schema4.hpbk");
const FIXTURE_CODE: &str = "38CN-GPRX-38E1-GQ6W-SDCS-MQGB-9HNT";

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).single().unwrap_or_default() + TimeDelta::minutes(minutes)
}

fn store_in(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(&dir.path().join(name)).unwrap()
}

fn poster(key: &RegistrySigningKey, name: &str) -> SignedPoster {
    let details = VenueDetails {
        name: name.into(),
        address: "Jl. Merdeka 5, Malang".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(60).unwrap(),
        valid_from: t(-10_000),
        valid_until: t(100_000),
    };
    key.sign_poster(VenuePoster::for_new_venue(details).unwrap())
}

/// A phone with two visits (one checked out), two family certificates, an alert and a
/// retention of 14 days.
fn filled_phone(store: &mut Store) {
    let registry = RegistrySigningKey::generate();
    check_in(store, &poster(&registry, "Indomaret Sukun"), t(0)).unwrap();
    check_out(store, t(20)).unwrap();
    check_in(store, &poster(&registry, "Pasar Besar"), t(60)).unwrap();
    let issuer = issuer();
    let now = crate::certificate::test_support::at("2022-08-01T10:00:00Z");
    add_certificate(store, &santoso_vaccination(&issuer, "Budi", 1), None, now).unwrap();
    add_certificate(store, &santoso_vaccination(&issuer, "Ani", 1), Some("Ibu"), now).unwrap();
    let visit = history(store, t(90)).unwrap().into_iter().find(|v| v.venue_name == "Indomaret Sukun").unwrap();
    let alert = ExposureAlert {
        id: 0,
        visit_id: visit.id,
        venue_name: visit.venue_name,
        visit_start: t(0),
        visit_end: t(20),
        warning_start: t(-30),
        warning_end: t(30),
        advice: Advice::GetTested,
        overlap_minutes: 20,
        bundle_hour: 491_000,
        received_at: t(80),
    };
    alerts::insert(store.read(), &alert).unwrap();
    set_retention_days(store, 14).unwrap();
}

/// What a citizen sees of a phone, without row ids: visits, certificates, alerts, retention.
type Seen = (Vec<String>, Vec<(String, String)>, Vec<(String, i64)>, Option<u32>);

/// What a citizen sees of a phone, without row ids.
fn seen(store: &Store, now: DateTime<Utc>) -> Seen {
    let visits =
        history(store, now).unwrap().into_iter().map(|v| format!("{} {} {:?}", v.venue_name, v.checked_in_at, v.end)).collect();
    let certificates = list_certificates(store).unwrap().into_iter().map(|e| (e.holder, e.qr_text)).collect();
    let alerts = exposure_alerts(store).unwrap().into_iter().map(|a| (a.venue_name, a.warning_start.timestamp())).collect();
    (visits, certificates, alerts, store.retention_days().unwrap())
}

#[test]
fn a_phone_restored_from_its_backup_shows_the_same_diary_wallet_and_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let mut phone_a = store_in(&dir, "a.db");
    filled_phone(&mut phone_a);
    let keys = BackupKeys::derive(&RecoveryCode::generate());
    let blob = seal(&snapshot(&phone_a, t(90)).unwrap().to_json(), &ContentKey::plain(&keys)).unwrap();

    let mut phone_b = store_in(&dir, "b.db");
    let (json, _) = open(&blob, &keys, None).unwrap();
    let summary = restore(&mut phone_b, BackupContents::from_json(&json).unwrap(), t(90)).unwrap();
    assert_eq!(summary, RestoreSummary { visits: 2, certificates: 2, alerts: 1 });
    assert_eq!(seen(&phone_b, t(90)), seen(&phone_a, t(90)));
    let alert_b = &exposure_alerts(&phone_b).unwrap()[0];
    let visit_b = history(&phone_b, t(90)).unwrap().into_iter().find(|v| v.venue_name == "Indomaret Sukun").unwrap();
    assert_eq!(alert_b.visit_id, visit_b.id, "the alert points at the restored visit");
    // Exposure matching keeps working: the restored visits have the same locations.
    let located = |store: &Store| {
        let mut found: Vec<_> =
            visited_locations(store, t(90)).unwrap().into_iter().map(|v| (v.location, v.start, v.end)).collect();
        found.sort_by_key(|(_, start, _)| *start);
        found
    };
    assert_eq!(located(&phone_b), located(&phone_a));
}

#[test]
fn restoring_again_or_onto_a_phone_with_the_same_visits_adds_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut phone = store_in(&dir, "a.db");
    filled_phone(&mut phone);
    let before = seen(&phone, t(90));
    let backup = snapshot(&phone, t(90)).unwrap();
    assert_eq!(restore(&mut phone, backup.clone(), t(90)).unwrap(), RestoreSummary::default());
    assert_eq!(seen(&phone, t(90)), before);
    let mut tablet = store_in(&dir, "b.db");
    restore(&mut tablet, backup.clone(), t(90)).unwrap();
    restore(&mut tablet, backup, t(90)).unwrap();
    assert_eq!(seen(&tablet, t(90)), before);
}

#[test]
fn a_visit_checked_out_on_the_other_device_is_closed_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    let registry = RegistrySigningKey::generate();
    let mut phone = store_in(&dir, "a.db");
    check_in(&mut phone, &poster(&registry, "Apotek"), t(0)).unwrap();
    let open_copy = snapshot(&phone, t(5)).unwrap();
    check_out(&mut phone, t(10)).unwrap();
    let mut tablet = store_in(&dir, "b.db");
    restore(&mut tablet, open_copy, t(5)).unwrap();
    restore(&mut tablet, snapshot(&phone, t(11)).unwrap(), t(11)).unwrap();
    assert_eq!(seen(&tablet, t(11)), seen(&phone, t(11)));
}

#[test]
fn a_visit_purged_on_the_phone_is_gone_from_the_next_backup() {
    let dir = tempfile::tempdir().unwrap();
    let mut phone = store_in(&dir, "a.db");
    filled_phone(&mut phone);
    let later = t(0) + TimeDelta::days(14) + TimeDelta::minutes(45);
    assert_eq!(snapshot(&phone, later).unwrap().visits.len(), 1, "the first visit ended over 14 days before");
    purge(&mut phone, later).unwrap();
    let backup = snapshot(&phone, later).unwrap();
    assert_eq!(backup.visits.iter().map(|v| v.venue_name.as_str()).collect::<Vec<_>>(), ["Pasar Besar"]);
    assert!(backup.alerts.is_empty());
}

#[test]
fn a_malformed_entry_restores_nothing_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut phone = store_in(&dir, "a.db");
    filled_phone(&mut phone);
    let mut backup = snapshot(&phone, t(90)).unwrap();
    let mut tablet = store_in(&dir, "b.db");
    let registry = RegistrySigningKey::generate();
    check_in(&mut tablet, &poster(&registry, "Masjid"), t(70)).unwrap();
    let before = seen(&tablet, t(90));
    backup.certificates[1].qr_text = "HC1:not a certificate".to_owned();
    assert!(matches!(restore(&mut tablet, backup.clone(), t(90)), Err(BackupError::MalformedContents("certificate"))));
    backup.certificates.pop();
    backup.visits[0].poster = "AAAA".to_owned();
    assert!(matches!(restore(&mut tablet, backup, t(90)), Err(BackupError::MalformedContents("poster"))));
    assert_eq!(seen(&tablet, t(90)), before);
}

#[test]
fn a_backup_made_before_a_schema_migration_restores_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut phone = store_in(&dir, "new.db");
    let code = RecoveryCode::parse(FIXTURE_CODE).unwrap();
    let (json, _) = open(FIXTURE, &BackupKeys::derive(&code), None).unwrap();
    let contents = BackupContents::from_json(&json).unwrap();
    assert_eq!(contents.made_at, t(90).timestamp());
    let summary = restore(&mut phone, contents, t(90)).unwrap();
    assert_eq!(summary, RestoreSummary { visits: 2, certificates: 2, alerts: 1 });
    let (visits, certificates, alerts, retention) = seen(&phone, t(90));
    assert_eq!(visits.len(), 2);
    assert_eq!(certificates.iter().map(|(holder, _)| holder.as_str()).collect::<Vec<_>>(), ["Budi Santoso", "Ibu"]);
    assert_eq!(alerts, vec![("Indomaret Sukun".to_owned(), t(-30).timestamp())]);
    assert_eq!(retention, Some(14));
    assert_eq!(visited_locations(&phone, t(90)).unwrap().len(), 2);
}

#[test]
fn a_transfer_moves_the_diary_to_a_new_phone_over_the_local_network_once() {
    use super::transfer::TransferOffer;
    use super::transfer_link::{receive_transfer, serve_transfer_once, transfer_blob};
    let dir = tempfile::tempdir().unwrap();
    let mut old = store_in(&dir, "old.db");
    filled_phone(&mut old);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let offer = TransferOffer::new(listener.local_addr().unwrap()).unwrap();
    let blob = transfer_blob(&old, &offer, t(90)).unwrap();
    let serving = {
        let offer = offer.clone();
        std::thread::spawn(move || serve_transfer_once(&listener, &offer, &blob, std::time::Duration::from_secs(30)))
    };
    let mut new = store_in(&dir, "new.db");
    let wrong = TransferOffer { code: RecoveryCode::generate(), address: offer.address };
    assert!(matches!(receive_transfer(&mut new, &wrong.to_qr_text(), t(90)), Err(BackupError::NotFound)));
    let summary = receive_transfer(&mut new, &offer.to_qr_text(), t(90)).unwrap();
    assert_eq!(summary, RestoreSummary { visits: 2, certificates: 2, alerts: 1 });
    assert_eq!(seen(&new, t(90)), seen(&old, t(90)));
    serving.join().unwrap().unwrap();
    assert!(matches!(receive_transfer(&mut new, &offer.to_qr_text(), t(90)), Err(BackupError::Offline)), "served once");
}

#[test]
fn a_prepared_transfer_is_offered_on_the_local_network_and_served_once() {
    use super::transfer_link::{TransferSender, receive_transfer};
    let dir = tempfile::tempdir().unwrap();
    let mut old = store_in(&dir, "old.db");
    filled_phone(&mut old);
    let public = TransferSender::prepare(&old, "203.0.113.9".parse().unwrap(), t(90));
    assert!(matches!(public, Err(BackupError::InvalidTransferCode(_))), "{public:?}");
    let sender = std::sync::Arc::new(TransferSender::prepare(&old, "127.0.0.1".parse().unwrap(), t(90)).unwrap());
    let qr = sender.qr_text();
    let serving = {
        let sender = sender.clone();
        std::thread::spawn(move || sender.serve_once(std::time::Duration::from_secs(30)))
    };
    let mut new = store_in(&dir, "new.db");
    assert_eq!(receive_transfer(&mut new, &qr, t(90)).unwrap(), RestoreSummary { visits: 2, certificates: 2, alerts: 1 });
    serving.join().unwrap().unwrap();
    assert_eq!(seen(&new, t(90)), seen(&old, t(90)));
    assert!(matches!(sender.serve_once(std::time::Duration::from_secs(1)), Err(BackupError::Offline)), "served once");
    let mut late = store_in(&dir, "late.db");
    assert!(matches!(receive_transfer(&mut late, &qr, t(90)), Err(BackupError::Offline)), "its port is closed");
}
