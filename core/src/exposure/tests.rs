use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;
use crate::checkin::{check_in, check_in_cwa, visited_locations};
use crate::status::RuleSet;
use crate::store::Store;
use crate::venue::cwa::read_cwa_text;
use crate::venue::{DefaultStay, RegistrySigningKey, VenueCategory, VenueDetails, VenueId, VenuePoster};

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn poster(venue: u8, seed: u8, valid_days: i64) -> VenuePoster {
    let details = VenueDetails {
        name: "Mal Olympic Garden".into(),
        address: "Jl. Kawi 24, Malang".into(),
        category: VenueCategory::Mall,
        default_stay: DefaultStay::from_minutes(120).unwrap(),
        valid_from: t(-100_000),
        valid_until: t(-100_000) + TimeDelta::days(valid_days),
    };
    VenuePoster::new(VenueId([venue; 16]), [seed; 16], details).unwrap()
}

/// The location id of a v1 `poster` (the key that signs it does not matter).
fn location(poster: &VenuePoster) -> LocationId {
    LocationId::of_venue(&RegistrySigningKey::generate().sign_poster(poster.clone())).unwrap()
}

fn window(start: i64, end: i64) -> WarningWindow {
    WarningWindow { start: t(start), end: t(end), advice: Advice::GetTested }
}

#[test]
fn location_id_survives_a_reprint_and_depends_on_the_seed() {
    let original = location(&poster(1, 9, 365));
    assert_eq!(location(&poster(1, 9, 730)), original, "reprinted with a new validity");
    assert_ne!(location(&poster(1, 8, 365)), original, "another seed");
    assert_ne!(location(&poster(2, 9, 365)), original, "another venue");
}

#[test]
fn report_opens_only_with_its_location() {
    let here = location(&poster(1, 9, 365));
    let elsewhere = location(&poster(2, 9, 365));
    let report = ProtectedReport::seal(&here, &window(0, 60));
    assert_eq!(report.location_hash, here.hash());
    assert_eq!(report.open(&here), Ok(window(0, 60)));
    assert_eq!(report.open(&elsewhere), Err(ReportError::Undecryptable));
    let read_back = ProtectedReport::from_bytes(&report.to_bytes()).unwrap();
    assert_eq!(read_back, report);
}

#[test]
fn a_report_moved_to_another_hash_or_altered_does_not_decrypt() {
    let here = location(&poster(1, 9, 365));
    let mut bytes = ProtectedReport::seal(&here, &window(0, 60)).to_bytes();
    bytes[PROTECTED_REPORT_LEN - 1] ^= 1;
    assert_eq!(ProtectedReport::from_bytes(&bytes).unwrap().open(&here), Err(ReportError::Undecryptable));
    let mut moved = ProtectedReport::seal(&here, &window(0, 60)).to_bytes();
    moved[0] ^= 1;
    assert_eq!(ProtectedReport::from_bytes(&moved).unwrap().open(&here), Err(ReportError::Undecryptable));
    assert_eq!(ProtectedReport::from_bytes(&bytes[1..]), Err(ReportError::Length));
    assert_eq!(ProtectedReport::decoy().open(&here), Err(ReportError::Undecryptable));
}

#[test]
fn uploads_always_carry_the_same_number_of_reports() {
    let here = location(&poster(1, 9, 365));
    let one = pad_with_decoys(vec![ProtectedReport::seal(&here, &window(0, 60))]).unwrap();
    let many = pad_with_decoys((0..100).map(|i| ProtectedReport::seal(&here, &window(i, i + 60))).collect()).unwrap();
    assert_eq!((one.len(), many.len()), (UPLOAD_REPORTS, UPLOAD_REPORTS));
    assert_eq!(one.iter().filter(|r| r.open(&here).is_ok()).count(), 1);
    assert_eq!(many.iter().filter(|r| r.open(&here).is_ok()).count(), 100);
    let too_many = (0..=UPLOAD_REPORTS as i64).map(|i| ProtectedReport::seal(&here, &window(i, i + 1))).collect();
    assert_eq!(pad_with_decoys(too_many), Err(UploadError::TooManyVisits));
}

#[test]
fn matcher_reports_overlaps_at_or_above_the_threshold_only() {
    let mall = location(&poster(1, 9, 365));
    let office = location(&poster(2, 9, 365));
    let visits = vec![
        VisitedLocation { visit_id: 1, location: mall, start: t(0), end: t(90) },
        VisitedLocation { visit_id: 2, location: office, start: t(200), end: t(230) },
    ];
    let matcher = ExposureMatcher::new(visits, TimeDelta::minutes(15));
    let case_at_mall = ProtectedReport::seal(&mall, &window(60, 120));
    assert_eq!(
        matcher.check(&case_at_mall),
        vec![ExposureMatch {
            visit_id: 1,
            visit_start: t(0),
            visit_end: t(90),
            window: window(60, 120),
            overlap: TimeDelta::minutes(30)
        }]
    );
    assert!(matcher.check(&ProtectedReport::seal(&mall, &window(80, 120))).is_empty(), "10 minutes overlap");
    assert!(matcher.check(&ProtectedReport::seal(&mall, &window(100, 200))).is_empty(), "no overlap");
    let elsewhere = location(&poster(3, 9, 365));
    assert!(matcher.check(&ProtectedReport::seal(&elsewhere, &window(0, 90))).is_empty());
    assert!(matcher.check(&ProtectedReport::decoy()).is_empty());
}

#[test]
fn diary_visits_give_their_location_ids_for_matching() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let key = RegistrySigningKey::generate();
    let signed = key.sign_poster(poster(1, 9, 36500));
    check_in(&mut store, &signed, t(0)).unwrap();
    let located = visited_locations(&store, t(30)).unwrap();
    assert_eq!(located.len(), 1);
    assert_eq!(located[0].location, LocationId::of_venue(&signed).unwrap());
    assert_eq!((located[0].start, located[0].end), (t(0), t(30)), "an open visit ends now");
    let later = visited_locations(&store, t(500)).unwrap();
    assert_eq!(later[0].end, t(120), "default stay of 120 minutes");
}

#[test]
fn an_upload_seals_the_chosen_visits_of_the_window_among_decoys() {
    let mall = location(&poster(1, 9, 365));
    let office = location(&poster(2, 9, 365));
    let old = location(&poster(3, 9, 365));
    let visits = vec![
        VisitedLocation { visit_id: 1, location: mall, start: t(0), end: t(90) },
        VisitedLocation { visit_id: 2, location: office, start: t(200), end: t(230) },
        VisitedLocation { visit_id: 3, location: old, start: t(-30_000), end: t(-29_000) },
    ];
    let prepared = prepare_upload(&visits, &[2], t(-1_000), Advice::Isolate).unwrap();
    assert_eq!((prepared.visits, prepared.reports.len()), (1, UPLOAD_REPORTS));
    let opened: Vec<WarningWindow> = prepared.reports.iter().filter_map(|r| r.open(&mall).ok()).collect();
    assert_eq!(opened, vec![WarningWindow { start: t(0), end: t(90), advice: Advice::Isolate }]);
    assert!(prepared.reports.iter().all(|r| r.open(&office).is_err()), "excluded visit");
    assert!(prepared.reports.iter().all(|r| r.open(&old).is_err()), "visit before the window");
    assert_eq!(prepare_upload(&visits, &[3], t(-1_000), Advice::Isolate).err(), Some(UploadError::UnknownVisit(3)));
}

#[test]
fn trace_secrets_round_trip_and_refuse_other_text() {
    let id = location(&poster(1, 9, 365));
    let text = id.to_trace_secret();
    assert!(text.starts_with("healthpass-trace-v1:"));
    assert_eq!(LocationId::from_trace_secret(&format!(" {text}\n")), Ok(id));
    assert_eq!(LocationId::from_trace_secret("healthpass-trace-v1:AAAA"), Err(InvalidTraceSecret));
    assert_eq!(LocationId::from_trace_secret(&text.replace("trace", "track")), Err(InvalidTraceSecret));
}

#[test]
fn matches_become_alerts_once_with_the_local_venue_name_and_turn_into_a_close_contact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let signed = RegistrySigningKey::generate().sign_poster(poster(1, 9, 36500));
    check_in(&mut store, &signed, t(0)).unwrap();
    let matcher = ExposureMatcher::new(visited_locations(&store, t(300)).unwrap(), TimeDelta::minutes(15));
    let matches = matcher.check(&ProtectedReport::seal(&LocationId::of_venue(&signed).unwrap(), &window(60, 180)));
    assert_eq!(latest_close_contact(&store, &Advice::ALL).unwrap(), None);
    for expected_new in [1, 0] {
        let tx = store.write().unwrap();
        assert_eq!(record_matches(&tx, &matches, 7, t(300)).unwrap(), expected_new, "the same warning alerts once");
        tx.commit().unwrap();
    }
    let alerts = exposure_alerts(&store).unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!((alerts[0].venue_name.as_str(), alerts[0].overlap_minutes), ("Mal Olympic Garden", 60));
    assert_eq!((alerts[0].visit_start, alerts[0].visit_end, alerts[0].advice), (t(0), t(120), Advice::GetTested));
    assert_eq!(latest_close_contact(&store, &[Advice::GetTested]).unwrap(), Some(t(60)));
    assert_eq!(
        latest_close_contact(&store, &RuleSet::peduli_lindungi_2022().close_contact_advice()).unwrap(),
        None,
        "under the 2022 rules only 'isolate' makes a close contact: 'get tested' alerts without black"
    );
}

#[test]
fn a_report_for_a_cwa_event_matches_the_diary_visit_from_its_poster() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/venueqr/vectors.json");
    let vectors: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let url = |id: &str| {
        let vector = vectors["valid"].as_array().unwrap().iter().find(|v| v["id"] == id).unwrap();
        read_cwa_text(vector["url"].as_str().unwrap()).unwrap()
    };
    let (friseur, agway) = (url("cwa-doc-friseur"), url("ios-agway"));
    check_in_cwa(&mut store, &friseur, t(0)).unwrap();
    let matcher = ExposureMatcher::new(visited_locations(&store, t(500)).unwrap(), TimeDelta::minutes(15));
    let published = ProtectedReport::seal(&LocationId::of_cwa_poster(&friseur), &window(60, 180));
    let matches = matcher.check(&ProtectedReport::from_bytes(&published.to_bytes()).unwrap());
    let expected = ExposureMatch {
        visit_id: 1,
        visit_start: t(0),
        visit_end: t(120),
        window: window(60, 180),
        overlap: TimeDelta::minutes(60),
    };
    assert_eq!(matches, vec![expected]);
    assert!(matcher.check(&ProtectedReport::seal(&LocationId::of_cwa_poster(&agway), &window(0, 120))).is_empty());
}
