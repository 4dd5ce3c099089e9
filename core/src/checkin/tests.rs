use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;
use crate::store::{CheckoutKind, PosterKind, Store};
use crate::venue::cwa::{CwaPoster, read_crowdnotifier_text, read_cwa_text};
use crate::venue::{DefaultStay, RegistrySigningKey, SignedPoster, VenueCategory, VenueDetails, VenuePoster};

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    key: RegistrySigningKey,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("diary.db")).unwrap();
    Fixture { _dir: dir, store, key: RegistrySigningKey::generate() }
}

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).single().unwrap_or_default() + TimeDelta::minutes(minutes)
}

impl Fixture {
    fn poster(&self, name: &str, stay_minutes: u32) -> SignedPoster {
        let details = VenueDetails {
            name: name.into(),
            address: "Jl. Merdeka 5, Malang".into(),
            category: VenueCategory::Shop,
            default_stay: DefaultStay::from_minutes(stay_minutes).unwrap(),
            valid_from: t(-10_000),
            valid_until: t(100_000),
        };
        self.key.sign_poster(VenuePoster::for_new_venue(details).unwrap())
    }

    fn check_in(&mut self, poster: &SignedPoster, minutes: i64) -> CheckInOutcome {
        check_in(&mut self.store, poster, t(minutes)).unwrap()
    }

    fn history(&self, minutes: i64) -> Vec<Visit> {
        history(&self.store, t(minutes)).unwrap()
    }
}

fn checked_in(outcome: CheckInOutcome) -> (Visit, Option<Visit>) {
    match outcome {
        CheckInOutcome::CheckedIn { visit, closed_previous } => (visit, closed_previous),
        other => panic!("expected a check-in, got {other:?}"),
    }
}

#[test]
fn check_in_then_out_by_hand() {
    let mut f = fixture();
    let shop = f.poster("Indomaret Sukun", 60);
    let (visit, previous) = checked_in(f.check_in(&shop, 0));
    assert_eq!((visit.venue_name.as_str(), visit.end, previous), ("Indomaret Sukun", VisitEnd::Open, None));
    let out = check_out(&mut f.store, t(20)).unwrap();
    assert_eq!(out.end, VisitEnd::CheckedOut { at: t(20), kind: CheckoutKind::Manual });
    assert_eq!(f.history(30), vec![out]);
}

#[test]
fn scanning_the_same_poster_again_checks_out() {
    let mut f = fixture();
    let shop = f.poster("Toko Buku", 60);
    f.check_in(&shop, 0);
    match f.check_in(&shop, 25) {
        CheckInOutcome::CheckedOut { visit } => {
            assert_eq!(visit.end, VisitEnd::CheckedOut { at: t(25), kind: CheckoutKind::Rescan })
        }
        other => panic!("expected a check-out, got {other:?}"),
    }
    assert_eq!(f.history(30).len(), 1);
}

#[test]
fn a_repeated_camera_read_within_the_grace_period_changes_nothing() {
    let mut f = fixture();
    let shop = f.poster("Toko Buku", 60);
    let (visit, _) = checked_in(f.check_in(&shop, 0));
    assert_eq!(f.check_in(&shop, 1), CheckInOutcome::AlreadyCheckedIn { visit: visit.clone() });
    assert_eq!(f.history(1), vec![visit]);
}

#[test]
fn visit_ends_automatically_after_the_default_stay() {
    let mut f = fixture();
    let shop = f.poster("Alfamart", 45);
    f.check_in(&shop, 0);
    assert_eq!(f.history(44)[0].end, VisitEnd::Open);
    assert_eq!(f.history(45)[0].end, VisitEnd::DefaultStayElapsed { at: t(45) });
    assert!(matches!(check_out(&mut f.store, t(50)), Err(CheckInError::NoOpenVisit)));
    // After the stay ran out, the same poster starts a new visit instead of checking out.
    checked_in(f.check_in(&shop, 60));
    assert_eq!(f.history(61).len(), 2);
}

#[test]
fn checking_in_elsewhere_closes_the_open_visit_at_that_moment() {
    let mut f = fixture();
    let (mall, office) = (f.poster("Mal Olympic Garden", 180), f.poster("Kantor Kecamatan", 60));
    f.check_in(&mall, 0);
    let (visit, previous) = checked_in(f.check_in(&office, 30));
    let previous = previous.unwrap();
    assert_eq!(previous.end, VisitEnd::CheckedOut { at: t(30), kind: CheckoutKind::Superseded });
    let history = f.history(31);
    assert_eq!(history, vec![visit, previous], "newest first");
}

#[test]
fn a_clock_before_the_latest_check_in_is_refused_and_writes_nothing() {
    let mut f = fixture();
    let (a, b) = (f.poster("A", 60), f.poster("B", 60));
    f.check_in(&a, 10);
    assert!(matches!(check_in(&mut f.store, &b, t(5)), Err(CheckInError::ClockBehind)));
    assert!(matches!(check_out(&mut f.store, t(5)), Err(CheckInError::ClockBehind)));
    let history = f.history(11);
    assert_eq!((history.len(), history[0].end), (1, VisitEnd::Open));
}

#[test]
fn purge_deletes_only_visits_past_retention() {
    let mut f = fixture();
    let (old, recent) = (f.poster("Lama", 60), f.poster("Baru", 60));
    let day = 24 * 60;
    f.check_in(&old, 0); // ends automatically at minute 60
    f.check_in(&recent, 10 * day);
    assert_eq!(purge(&mut f.store, t(21 * day + 59)).unwrap(), 0, "ended 20 days 23 hours 59 minutes ago");
    assert_eq!(purge(&mut f.store, t(21 * day + 61)).unwrap(), 1);
    assert_eq!(f.history(21 * day + 61)[0].venue_name, "Baru");
    set_retention_days(&mut f.store, 7).unwrap();
    assert_eq!(purge(&mut f.store, t(17 * day + 62)).unwrap(), 1);
    assert!(f.history(17 * day + 62).is_empty());
}

#[test]
fn check_in_purges_expired_visits_too() {
    let mut f = fixture();
    let (old, new) = (f.poster("Lama", 60), f.poster("Baru", 60));
    f.check_in(&old, 0);
    f.check_in(&new, 30 * 24 * 60);
    let names: Vec<_> = f.history(30 * 24 * 60).into_iter().map(|v| v.venue_name).collect();
    assert_eq!(names, ["Baru"]);
}

#[test]
fn retention_outside_one_to_365_days_is_refused() {
    let mut f = fixture();
    for days in [0, 366] {
        assert!(matches!(set_retention_days(&mut f.store, days), Err(CheckInError::InvalidRetention)));
    }
    assert_eq!(retention_days(&f.store).unwrap(), DEFAULT_RETENTION_DAYS);
}

#[test]
fn csv_export_neutralises_formulas_and_quotes_cells() {
    let mut f = fixture();
    for (minutes, name) in [(0, "=HYPERLINK(\"x\")"), (100, "+1"), (200, "-2"), (300, "@SUM(A1)"), (400, "Toko \"Maju\", Jaya")] {
        let poster = f.poster(name, 60);
        f.check_in(&poster, minutes);
    }
    let csv = export_csv(&f.history(1000));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "visit_id,venue_name,venue_address,category,checked_in_at,checked_out_at,checkout,verified");
    assert!(lines[1].starts_with("\"5\",\"Toko \"\"Maju\"\", Jaya\",\"Jl. Merdeka 5, Malang\",\"shop\","), "{}", lines[1]);
    for (line, cell) in lines[2..6].iter().zip(["'@SUM(A1)", "'-2", "'+1", "'=HYPERLINK(\"\"x\"\")"]) {
        assert!(line.contains(&format!(",\"{cell}\",")), "{line}");
    }
    assert!(lines[1].ends_with(",\"2026-11-23T14:40:00Z\",\"2026-11-23T15:40:00Z\",\"automatic\",\"true\""), "{}", lines[1]);
}

/// An unsigned event poster from the shared vectors (`../shared/venueqr`), by vector id.
fn cwa_vector(id: &str) -> CwaPoster {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/venueqr/vectors.json");
    let vectors: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vector = vectors["valid"].as_array().unwrap().iter().find(|v| v["id"] == id).unwrap();
    let url = vector["url"].as_str().unwrap();
    if vector["kind"] == "crowdnotifier" { read_crowdnotifier_text(url, None).unwrap() } else { read_cwa_text(url).unwrap() }
}

#[test]
fn a_cwa_poster_checks_in_unverified_with_its_rounded_default_stay() {
    let mut f = fixture();
    let agway = cwa_vector("ios-agway"); // suggests 28 minutes
    let (visit, _) = checked_in(check_in_cwa(&mut f.store, &agway, t(0)).unwrap());
    assert_eq!((visit.verified(), visit.poster_kind, visit.venue_id), (false, PosterKind::Cwa, None));
    assert_eq!((visit.venue_name.as_str(), visit.venue_address.as_str()), ("Agway Inc.", "1594 Deffe Avenue"));
    assert_eq!(visit.category, VenueCategory::Restaurant);
    assert_eq!(f.history(29)[0].end, VisitEnd::Open);
    assert_eq!(f.history(30)[0].end, VisitEnd::DefaultStayElapsed { at: t(30) }, "28 minutes round to 30");
    let csv = export_csv(&f.history(30));
    assert!(csv.ends_with(",\"automatic\",\"false\"\r\n"), "{csv}");
}

#[test]
fn a_cwa_poster_without_a_suggested_stay_gets_the_fallback() {
    let mut f = fixture();
    let party = cwa_vector("cwa-b64url-birthday");
    assert_eq!(party.default_check_in_minutes(), None);
    check_in_cwa(&mut f.store, &party, t(0)).unwrap();
    let fallback = i64::from(CWA_FALLBACK_STAY_MINUTES);
    assert_eq!(f.history(fallback)[0].end, VisitEnd::DefaultStayElapsed { at: t(fallback) });
}

#[test]
fn rescanning_a_cwa_poster_checks_out_and_another_poster_supersedes_it() {
    let mut f = fixture();
    let (agway, burlington) = (cwa_vector("ios-agway"), cwa_vector("ios-burlington-std-b64"));
    check_in_cwa(&mut f.store, &burlington, t(0)).unwrap();
    assert!(matches!(check_in_cwa(&mut f.store, &burlington, t(1)).unwrap(), CheckInOutcome::AlreadyCheckedIn { .. }));
    match check_in_cwa(&mut f.store, &burlington, t(10)).unwrap() {
        CheckInOutcome::CheckedOut { visit } => {
            assert_eq!(visit.end, VisitEnd::CheckedOut { at: t(10), kind: CheckoutKind::Rescan })
        }
        other => panic!("expected a check-out, got {other:?}"),
    }
    check_in_cwa(&mut f.store, &agway, t(20)).unwrap();
    let shop = f.poster("Toko Buku", 60);
    let (visit, previous) = checked_in(f.check_in(&shop, 25));
    assert_eq!(
        (visit.verified(), previous.map(|p| (p.verified(), p.end))),
        (true, Some((false, VisitEnd::CheckedOut { at: t(25), kind: CheckoutKind::Superseded })))
    );
}

#[test]
fn visited_locations_give_cwa_visits_their_cwa_location_id() {
    let mut f = fixture();
    let agway = cwa_vector("ios-agway");
    let shop = f.poster("Toko Buku", 60);
    f.check_in(&shop, 0);
    check_in_cwa(&mut f.store, &agway, t(10)).unwrap();
    let located = visited_locations(&f.store, t(20)).unwrap();
    let ids: Vec<[u8; 32]> = located.iter().map(|l| l.location.0).collect();
    let agway_id = crate::exposure::LocationId::of_cwa_poster(&agway).0;
    assert_eq!(data_encoding::HEXLOWER.encode(&agway_id), "2fff2f81e9ef08b1bd6f87258a0697b572887f1edd7137d82b15b395e11200bf");
    assert_eq!(ids, vec![agway_id, crate::exposure::LocationId::of_venue(&shop).unwrap().0], "newest first");
    assert_eq!((located[0].start, located[0].end), (t(10), t(20)));
}

#[test]
fn a_crowdnotifier_visit_is_stored_as_cwa_and_keeps_its_pre_identity() {
    let mut f = fixture();
    let cn = cwa_vector("cn-v4-example");
    let (visit, _) = checked_in(check_in_cwa(&mut f.store, &cn, t(0)).unwrap());
    assert_eq!(
        (visit.verified(), visit.poster_kind, visit.venue_name.as_str(), visit.venue_address.as_str()),
        (false, PosterKind::Cwa, "grr", "")
    );
    assert_eq!(visit.category, VenueCategory::Other);
    let located = visited_locations(&f.store, t(20)).unwrap();
    let cn_id = crate::exposure::LocationId::of_cwa_poster(&cn);
    assert_eq!(cn.format(), crate::venue::cwa::EventFormat::CrowdNotifier);
    assert_eq!(located[0].location.0, cn_id.0, "the stored payload is read back as CrowdNotifier");
}

/// Stores an exposure alert about visit `visit` whose warning, as the publisher set it, runs
/// until 2100: the phone's retention must not depend on it.
fn alert_about(store: &mut Store, visit: &Visit) {
    let alert = crate::exposure::ExposureAlert {
        id: 0,
        visit_id: visit.id,
        venue_name: visit.venue_name.clone(),
        visit_start: visit.checked_in_at,
        visit_end: visit.checked_in_at + TimeDelta::hours(1),
        warning_start: visit.checked_in_at,
        warning_end: Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap(),
        advice: crate::exposure::Advice::Isolate,
        overlap_minutes: 60,
        bundle_hour: 1,
        received_at: visit.checked_in_at + TimeDelta::hours(2),
    };
    let tx = store.write().unwrap();
    assert!(crate::exposure::alerts::insert(&tx, &alert).unwrap());
    tx.commit().unwrap();
}

#[test]
fn alerts_go_with_their_visit_at_check_in_whatever_the_warnings_end() {
    let mut f = fixture();
    let (old, new) = (f.poster("Lama", 60), f.poster("Baru", 60));
    let (visit, _) = checked_in(f.check_in(&old, 0));
    alert_about(&mut f.store, &visit);
    assert_eq!(crate::exposure::exposure_alerts(&f.store).unwrap().len(), 1);
    f.check_in(&new, 30 * 24 * 60);
    assert!(crate::exposure::exposure_alerts(&f.store).unwrap().is_empty());
}

#[test]
fn purge_deletes_alerts_by_the_visits_end_not_the_publishers_warning_end() {
    let mut f = fixture();
    let old = f.poster("Lama", 60);
    let (visit, _) = checked_in(f.check_in(&old, 0));
    alert_about(&mut f.store, &visit);
    assert_eq!(purge(&mut f.store, t(30 * 24 * 60)).unwrap(), 1);
    assert!(crate::exposure::exposure_alerts(&f.store).unwrap().is_empty());
}

#[test]
fn a_purged_visit_leaves_no_trace_in_the_database_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.db");
    let key = RegistrySigningKey::generate();
    let details = VenueDetails {
        name: "Warung Rahasia Bu Tini".into(),
        address: "Jl. Merdeka 5, Malang".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(60).unwrap(),
        valid_from: t(-10_000),
        valid_until: t(100_000),
    };
    let poster = key.sign_poster(VenuePoster::for_new_venue(details).unwrap());
    // Closing the store checkpoints the visit into the main file.
    check_in(&mut Store::open(&path).unwrap(), &poster, t(0)).unwrap();
    let mut store = Store::open(&path).unwrap();
    let contains_name = || {
        ["diary.db", "diary.db-wal"].iter().any(|file| {
            let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
            bytes.windows(b"Rahasia".len()).any(|w| w == b"Rahasia")
        })
    };
    assert!(contains_name(), "the visit is in the file before the purge");
    assert_eq!(purge(&mut store, t(30 * 24 * 60)).unwrap(), 1);
    assert!(!contains_name(), "the purged visit is still readable in the database files");
}
