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

/// What `visits` find in the report a confirmed case at `place` from `start` to `end`
/// (minutes) publishes for the slot of `start`, advice "get tested", in the bundle of the hour
/// after the case's last slot.
fn phone_finds(visits: Vec<VisitedLocation>, place: &LocationId, start: i64, end: i64) -> Vec<ExposureMatch> {
    let window = CoarseWindow::around(t(start), t(end)).unwrap();
    let slot = Slot::of(t(start));
    let terms = WarningTerms { advice: Advice::GetTested, period: InfectiousPeriod::new(t(-1440), t(1440)).unwrap() };
    let published = PublishedReport { terms, report: SlotReport::seal(place, slot, &window) };
    match SlotMatcher::new(visits, TimeDelta::minutes(15)).check(&published, Slot::of(t(end)).0 + 1) {
        SlotOutcome::Matched(matches) => matches,
        SlotOutcome::NoMatch => Vec::new(),
        SlotOutcome::Ignored(reason) => panic!("ignored: {reason:?}"),
    }
}

#[test]
fn location_id_survives_a_reprint_and_depends_on_the_seed() {
    let original = location(&poster(1, 9, 365));
    assert_eq!(location(&poster(1, 9, 730)), original, "reprinted with a new validity");
    assert_ne!(location(&poster(1, 8, 365)), original, "another seed");
    assert_ne!(location(&poster(2, 9, 365)), original, "another venue");
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
fn matches_become_alerts_once_with_the_local_venue_name_and_turn_into_a_close_contact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let signed = RegistrySigningKey::generate().sign_poster(poster(1, 9, 36500));
    check_in(&mut store, &signed, t(0)).unwrap();
    let matches = phone_finds(visited_locations(&store, t(300)).unwrap(), &LocationId::of_venue(&signed).unwrap(), 60, 180);
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
    let visits = visited_locations(&store, t(500)).unwrap();
    let matches = phone_finds(visits.clone(), &LocationId::of_cwa_poster(&friseur), 60, 180);
    let expected = ExposureMatch {
        visit_id: 1,
        visit_start: t(0),
        visit_end: t(120),
        window: window(60, 180),
        overlap: TimeDelta::minutes(60),
    };
    assert_eq!(matches, vec![expected]);
    assert!(phone_finds(visits, &LocationId::of_cwa_poster(&agway), 0, 120).is_empty());
}
