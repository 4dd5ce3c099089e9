//! Format v2: slot tags, coarse windows, slot reports, submissions, the dummy schedule, the
//! tag filter, hour bundles and slot matching.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use sha2::{Digest, Sha256};

use super::*;

/// 23 November 2026, 14:00 UTC plus `minutes`.
fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

fn location(byte: u8) -> LocationId {
    LocationId([byte; 32])
}

fn visit(id: i64, place: u8, start: i64, end: i64) -> VisitedLocation {
    VisitedLocation { visit_id: id, location: location(place), start: t(start), end: t(end) }
}

/// The officer's terms: `advice`, infectious from 3 days before [`t`]`(0)` to 3 days after.
fn terms(advice: Advice) -> WarningTerms {
    WarningTerms { advice, period: InfectiousPeriod::new(t(-3 * 1440), t(3 * 1440)).unwrap() }
}

#[test]
fn slot_tags_differ_per_slot_and_place_and_are_not_cwas_hash() {
    let here = location(1);
    let slot = Slot::of(t(0));
    assert_ne!(here.slot_tag(slot), here.slot_tag(Slot(slot.0 + 1)), "another hour");
    assert_ne!(here.slot_tag(slot), location(2).slot_tag(slot), "another place");
    let cwa_hash = Sha256::digest(here.0);
    assert_ne!(here.slot_tag(slot).0, cwa_hash[..16], "domain-separated from Corona-Warn-App's published hash");
    assert_eq!(here.slot_tag(slot), here.slot_tag(slot), "deterministic for poster holders");
}

#[test]
fn coarse_windows_round_outward_to_ten_minutes_and_stay_within_the_longest_stay() {
    let window = CoarseWindow::around(t(3), t(47)).unwrap();
    assert_eq!((window.start(), window.end()), (t(0), t(50)));
    let exact = CoarseWindow::around(t(10), t(20)).unwrap();
    assert_eq!((exact.start(), exact.end()), (t(10), t(20)));
    let day = CoarseWindow::around(t(5), t(5 + 1440 * 2)).unwrap();
    assert_eq!(day.duration(), TimeDelta::minutes(23 * 60 + 40), "cut to 23 h 40 from its start");
    assert_eq!(day.start(), t(0));
    assert_eq!(CoarseWindow::around(t(10), t(10)), Err(WindowError::Empty));
    let slots: Vec<Slot> = CoarseWindow::around(t(-10), t(70)).unwrap().slots().collect();
    assert_eq!(slots, vec![Slot::of(t(-10)), Slot::of(t(0)), Slot::of(t(60))]);
    assert_eq!(CoarseWindow::around(t(0), t(60)).unwrap().slots().count(), 1, "the end is exclusive");
}

#[test]
fn a_slot_report_opens_only_with_its_place_and_slot() {
    let window = CoarseWindow::around(t(0), t(50)).unwrap();
    let slot = Slot::of(t(0));
    let report = SlotReport::seal(&location(1), slot, &window);
    assert_eq!(report.tag, location(1).slot_tag(slot));
    assert_eq!(report.open(&location(1), slot), Ok(window));
    assert_eq!(report.open(&location(2), slot), Err(ReportError::Undecryptable));
    assert_eq!(report.open(&location(1), Slot(slot.0 + 1)), Err(ReportError::Undecryptable));
    assert_eq!(SlotReport::from_array(&report.to_bytes()), report);
    assert_ne!(SlotReport::seal(&location(1), slot, &window), report, "a fresh nonce every time");
    assert_eq!(SlotReport::decoy().open(&location(1), slot), Err(ReportError::Undecryptable));
}

#[test]
fn every_submission_kind_has_the_same_size_and_round_trips() {
    let reports = sealed_slot_reports(&location(1), &CoarseWindow::around(t(0), t(90)).unwrap());
    let submissions = [
        Submission::dummy(),
        Submission { kind: SubmissionKind::Upload { code: "ABCD-EFGH-JKLM".into() }, reports: reports.clone() },
        seal_venue_warning(&location(1), t(0), t(90)).unwrap(),
    ];
    for submission in submissions {
        let bytes = submission.to_bytes().unwrap();
        assert_eq!(bytes.len(), SUBMISSION_LEN);
        let read = Submission::from_bytes(&bytes).unwrap();
        assert_eq!(read.kind, submission.kind);
        assert_eq!(read.reports.len(), submission.reports.len());
    }
}

#[test]
fn malformed_submissions_are_refused_with_their_cause() {
    let good = Submission {
        kind: SubmissionKind::Upload { code: "ABCD-EFGH-JKLM".into() },
        reports: sealed_slot_reports(&location(1), &CoarseWindow::around(t(0), t(30)).unwrap()),
    }
    .to_bytes()
    .unwrap();
    let with = |index: usize, value: u8| {
        let mut bytes = good.clone();
        bytes[index] = value;
        bytes
    };
    let cases: Vec<(Vec<u8>, SubmissionError)> = vec![
        (good[..SUBMISSION_LEN - 1].to_vec(), SubmissionError::Length),
        ([good.as_slice(), &[0]].concat(), SubmissionError::Length),
        (with(0, b'X'), SubmissionError::BadMagic),
        (with(4, 1), SubmissionError::UnsupportedVersion(1)),
        (with(5, 3), SubmissionError::UnknownKind),
        (with(5, 0), SubmissionError::Code),
        (with(6, 0), SubmissionError::Code),
        (with(6, b' '), SubmissionError::Code),
        (with(23, 0), SubmissionError::Padding),
        (with(22, 1), SubmissionError::Count),
        (with(SUBMISSION_LEN - 1, 1), SubmissionError::Padding),
    ];
    for (bytes, error) in cases {
        assert_eq!(Submission::from_bytes(&bytes), Err(error));
    }
    let dummy_with_reports = Submission { kind: SubmissionKind::Dummy, reports: vec![SlotReport::decoy()] };
    assert_eq!(dummy_with_reports.to_bytes(), Err(SubmissionError::Count));
    let empty_upload = Submission { kind: SubmissionKind::Upload { code: "ABCD-EFGH-JKLM".into() }, reports: vec![] };
    assert_eq!(empty_upload.to_bytes(), Err(SubmissionError::Count));
}

#[test]
fn an_upload_seals_every_slot_of_the_chosen_visits_and_refuses_what_does_not_fit() {
    let visits = vec![visit(1, 1, 0, 90), visit(2, 2, 200, 230), visit(3, 3, -20_000, -19_900)];
    let (upload, shared) = prepare_slot_upload(&visits, &[], t(-1440), " ABCD-EFGH-JKLM ").unwrap();
    assert_eq!(shared, 2, "the visit before the infectious window stays home");
    assert_eq!(upload.reports.len(), 2 + 1, "two slots for 14:00–15:30, one for 17:20–17:50");
    assert_eq!(upload.kind, SubmissionKind::Upload { code: "ABCD-EFGH-JKLM".into() });
    let (without, shared) = prepare_slot_upload(&visits, &[1], t(-1440), "ABCD-EFGH-JKLM").unwrap();
    assert_eq!((without.reports.len(), shared), (1, 1));
    assert_eq!(prepare_slot_upload(&visits, &[3], t(-1440), "C").unwrap_err(), SubmissionError::UnknownVisit(3));
    assert_eq!(prepare_slot_upload(&visits, &[1, 2], t(-1440), "C").unwrap_err(), SubmissionError::NothingToShare);
    assert_eq!(prepare_slot_upload(&[], &[], t(-1440), "C").unwrap_err(), SubmissionError::NothingToShare);
    let many: Vec<VisitedLocation> = (0..SUBMISSION_CAPACITY as i64 + 1).map(|i| visit(i, 1, i * 60, i * 60 + 30)).collect();
    assert_eq!(prepare_slot_upload(&many, &[], t(-1440), "C").unwrap_err(), SubmissionError::Count);
}

#[test]
fn the_dummy_schedule_is_random_bounded_and_averages_two_days() {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut random = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let waits: Vec<f64> =
        (0..20_000).map(|_| (next_dummy_upload(t(0), &mut random) - t(0)).num_seconds() as f64 / 3600.0).collect();
    assert!(waits.iter().all(|h| (DUMMY_MIN_HOURS..=DUMMY_MAX_HOURS).contains(h)));
    let mean = waits.iter().sum::<f64>() / waits.len() as f64;
    assert!((44.0..49.0).contains(&mean), "mean wait {mean} h (an exponential of 48 h cut at a week: 46.6 h)");
    let distinct: std::collections::HashSet<i64> = waits.iter().map(|h| (h * 3600.0) as i64).collect();
    assert!(distinct.len() > 18_000, "times are spread, not a fixed rhythm (only the clamped ends repeat)");
    assert_eq!(next_dummy_upload(t(0), &mut || u64::MAX), t(60), "the shortest wait is an hour");
}

#[test]
fn the_tag_filter_has_no_false_negatives_and_few_false_positives() {
    let tags: Vec<SlotTag> = (0..10_000u32).map(|i| location(1).slot_tag(Slot(u64::from(i)))).collect();
    let filter = TagFilter::build(tags.iter().copied(), DEFAULT_RICE_BITS);
    let bytes = filter.to_bytes();
    let read = TagFilter::from_bytes(10_000, DEFAULT_RICE_BITS, &bytes).unwrap();
    assert_eq!(read, filter);
    assert!(tags.iter().all(|tag| read.may_contain(tag)));
    let strangers = (0..100_000u32).filter(|i| read.may_contain(&location(2).slot_tag(Slot(u64::from(*i))))).count();
    assert!((200..700).contains(&strangers), "{strangers} of 100000 strangers pass (about 1 in 256)");
    let bits_per_tag = bytes.len() as f64 * 8.0 / 10_000.0;
    assert!(bits_per_tag < 10.0, "{bits_per_tag} bits a tag");
}

#[test]
fn a_malformed_filter_is_refused() {
    let tags: Vec<SlotTag> = (0..100u32).map(|i| location(1).slot_tag(Slot(u64::from(i)))).collect();
    let bytes = TagFilter::build(tags.into_iter(), 8).to_bytes();
    assert_eq!(TagFilter::from_bytes(100, 8, &bytes[..bytes.len() - 1]), Err(FilterError::Coding));
    assert_eq!(TagFilter::from_bytes(100, 8, &[bytes.as_slice(), &[0]].concat()), Err(FilterError::Coding));
    assert_eq!(TagFilter::from_bytes(101, 8, &bytes), Err(FilterError::Coding));
    assert_eq!(TagFilter::from_bytes(100, 3, &bytes), Err(FilterError::RiceBits));
    assert_eq!(TagFilter::from_bytes(1, 8, &[0xff; 64]), Err(FilterError::Coding), "a quotient past the range");
    assert!(TagFilter::from_bytes(0, 8, &[]).unwrap().is_empty());
}

/// One hour with a case's upload among two other submissions, sealed by `key`.
fn sealed(key: &PublisherSigningKey, hour: u64, case: &[SlotReport], advice: Advice) -> SealedHour {
    let others: Vec<SlotReport> = (0..2000).map(|_| SlotReport::decoy()).collect();
    let groups = vec![
        ReportGroup { terms: terms(Advice::MonitorSymptoms), reports: others },
        ReportGroup { terms: terms(advice), reports: case.to_vec() },
    ];
    seal_hour(hour, &groups, key).unwrap()
}

/// What a phone finds in `hour`: fetches only the buckets its tags may be in.
fn phone_matches(sealed: &SealedHour, key: &PublisherSigningKey, hour: u64, matcher: &SlotMatcher) -> (Vec<SlotOutcome>, usize) {
    let summary = HourSummary::open(&sealed.summary, &[key.public_key()], hour).unwrap();
    let wanted = summary.buckets_for(&matcher.tags_until(hour));
    let mut outcomes = Vec::new();
    for index in &wanted {
        for published in summary.read_bucket(*index, &sealed.buckets[usize::from(*index)]).unwrap() {
            outcomes.push(matcher.check(&published, hour));
        }
    }
    (outcomes.into_iter().filter(|o| *o != SlotOutcome::NoMatch).collect(), wanted.len())
}

#[test]
fn a_phone_finds_the_case_in_the_hour_bundle_with_the_officers_advice() {
    let key = PublisherSigningKey::generate();
    let hour = Slot::of(t(300)).0;
    let case = sealed_slot_reports(&location(1), &CoarseWindow::around(t(0), t(90)).unwrap());
    let sealed = sealed(&key, hour, &case, Advice::Isolate);
    assert!(sealed.buckets.len() >= 10, "2001 reports make several buckets");
    let matcher = SlotMatcher::new(vec![visit(7, 1, 30, 120), visit(8, 2, 0, 90)], TimeDelta::minutes(15));
    let (outcomes, fetched) = phone_matches(&sealed, &key, hour, &matcher);
    assert!(fetched < sealed.buckets.len(), "the phone fetched {fetched} of {} buckets", sealed.buckets.len());
    assert_eq!(outcomes.len(), 2, "one per slot of the case's window: {outcomes:?}");
    for outcome in outcomes {
        let SlotOutcome::Matched(matches) = outcome else { panic!("{outcome:?}") };
        assert_eq!(matches.len(), 1);
        assert_eq!(matches[0].visit_id, 7);
        assert_eq!(matches[0].window.advice, Advice::Isolate, "the advice the publisher signed, not the uploader's");
        assert_eq!(matches[0].overlap, TimeDelta::minutes(60));
    }
}

#[test]
fn windows_out_of_bounds_are_counted_and_never_alert() {
    let hour = Slot::of(t(120)).0;
    let slot = Slot::of(t(0));
    let here = location(1);
    let matcher = SlotMatcher::new(vec![visit(1, 1, -1440, 1440)], TimeDelta::minutes(15));
    let start_step = t(0).timestamp() / WINDOW_STEP_SECONDS;
    let judge = |window: CoarseWindow, slot: Slot, terms: WarningTerms| {
        matcher.check(&PublishedReport { terms, report: SlotReport::seal(&here, slot, &window) }, hour)
    };
    let long = CoarseWindow::from_steps(start_step - 100, 143).unwrap();
    assert_eq!(judge(long, slot, terms(Advice::Isolate)), SlotOutcome::Ignored(IgnoredReason::TooLong), "23 h 50");
    let elsewhere = CoarseWindow::around(t(-300), t(-240)).unwrap();
    assert_eq!(judge(elsewhere, slot, terms(Advice::Isolate)), SlotOutcome::Ignored(IgnoredReason::WrongSlot));
    let late = CoarseWindow::around(t(0), t(240)).unwrap();
    assert_eq!(judge(late, slot, terms(Advice::Isolate)), SlotOutcome::Ignored(IgnoredReason::AfterBundleHour));
    let narrow = WarningTerms { advice: Advice::Isolate, period: InfectiousPeriod::new(t(60), t(180)).unwrap() };
    let early = CoarseWindow::around(t(0), t(60)).unwrap();
    assert_eq!(judge(early, slot, narrow), SlotOutcome::Ignored(IgnoredReason::OutsidePeriod));
    assert!(matches!(judge(early, slot, terms(Advice::Isolate)), SlotOutcome::Matched(_)), "the same window in its period");
    let forged = PublishedReport { terms: terms(Advice::Isolate), report: SlotReport::decoy() };
    assert_eq!(matcher.check(&forged, hour), SlotOutcome::NoMatch, "a decoy's tag is no one's");
}

#[test]
fn hour_summaries_that_are_forged_replayed_or_altered_are_refused() {
    let key = PublisherSigningKey::generate();
    let case = sealed_slot_reports(&location(1), &CoarseWindow::around(t(0), t(30)).unwrap());
    let sealed = sealed(&key, 500_000, &case, Advice::GetTested);
    let trusted = [key.public_key()];
    assert_eq!(
        HourSummary::open(&sealed.summary, &trusted, 500_001),
        Err(HourBundleError::WrongHour { expected: 500_001, found: 500_000 })
    );
    let stranger = PublisherSigningKey::generate();
    assert_eq!(
        HourSummary::open(&sealed.summary, &[stranger.public_key()], 500_000),
        Err(HourBundleError::UnknownKeyId(key.public_key().key_id()))
    );
    let mut altered = sealed.summary.clone();
    altered[29] ^= 1; // the first group's advice: an uploader cannot change it, nor can anyone
    assert_eq!(HourSummary::open(&altered, &trusted, 500_000), Err(HourBundleError::ForgedSignature));
    assert_eq!(HourSummary::open(&sealed.summary[..200], &trusted, 500_000), Err(HourBundleError::ForgedSignature));
    assert_eq!(HourSummary::open(&sealed.summary[..50], &trusted, 500_000), Err(HourBundleError::Truncated));
    assert_eq!(HourSummary::open(b"HPWS", &trusted, 500_000), Err(HourBundleError::Truncated));
    let summary = HourSummary::open(&sealed.summary, &trusted, 500_000).unwrap();
    assert_eq!(summary.reports, 2000 + 1);
    let mut bucket = sealed.buckets[0].clone();
    bucket[1] ^= 1;
    assert_eq!(summary.read_bucket(0, &bucket), Err(HourBundleError::BucketMismatch(0)));
    let count = summary.bucket_count() as u16;
    assert_eq!(summary.read_bucket(count, &[]), Err(HourBundleError::BucketMismatch(count)));
}

#[test]
fn warning_terms_round_trip_and_refuse_bad_periods() {
    let terms = terms(Advice::GetTested);
    assert_eq!(WarningTerms::from_bytes(&terms.to_bytes()), Ok(terms));
    assert_eq!(InfectiousPeriod::new(t(0), t(0)), Err(TermsError::Period));
    assert_eq!(InfectiousPeriod::new(t(0), t(30)), Err(TermsError::Period), "whole hours only");
    assert_eq!(InfectiousPeriod::new(t(0), t(29 * 1440)), Err(TermsError::PeriodTooLong));
    let mut bytes = terms.to_bytes();
    bytes[0] = 9;
    assert_eq!(WarningTerms::from_bytes(&bytes), Err(TermsError::Advice));
}

#[test]
fn a_visit_from_a_v1_poster_in_an_old_diary_still_matches_v2_reports() {
    use crate::checkin::{check_in, visited_locations};
    use crate::venue::{DefaultStay, RegistrySigningKey, VenueCategory, VenueDetails, VenueId, VenuePoster};
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::store::Store::open(&dir.path().join("d.db")).unwrap();
    let details = VenueDetails {
        name: "Pasar Besar".into(),
        address: "Jl. Pasar Besar, Malang".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(60).unwrap(),
        valid_from: t(-100_000),
        valid_until: t(100_000),
    };
    let old = RegistrySigningKey::generate().sign_poster(VenuePoster::new(VenueId([3; 16]), [4; 16], details).unwrap());
    check_in(&mut store, &old, t(0)).unwrap();
    let visits = visited_locations(&store, t(500)).unwrap();
    assert_eq!(visits[0].location, LocationId::of_venue(&old).unwrap(), "the v1 location id, from the stored bytes");
    let matcher = SlotMatcher::new(visits, TimeDelta::minutes(15));
    let report =
        SlotReport::seal(&LocationId::of_venue(&old).unwrap(), Slot::of(t(0)), &CoarseWindow::around(t(0), t(40)).unwrap());
    let outcome = matcher.check(&PublishedReport { terms: terms(Advice::GetTested), report }, Slot::of(t(120)).0);
    assert!(matches!(outcome, SlotOutcome::Matched(ref m) if m.len() == 1), "{outcome:?}");
}

#[test]
fn reports_of_one_submission_are_spread_across_the_hour() {
    let key = PublisherSigningKey::generate();
    let first: Vec<SlotReport> = (0..300).map(|_| SlotReport::decoy()).collect();
    let second: Vec<SlotReport> = (0..300).map(|_| SlotReport::decoy()).collect();
    let group = ReportGroup { terms: terms(Advice::Isolate), reports: [first.clone(), second].concat() };
    let sealed = seal_hour(1, &[group], &key).unwrap();
    let summary = HourSummary::open(&sealed.summary, &[key.public_key()], 1).unwrap();
    let published: Vec<bool> = (0..summary.bucket_count() as u16)
        .flat_map(|i| summary.read_bucket(i, &sealed.buckets[usize::from(i)]).unwrap())
        .map(|p| first.contains(&p.report))
        .collect();
    assert_eq!(published.len(), 600);
    assert_eq!(published.iter().filter(|from_first| **from_first).count(), 300);
    let runs = published.windows(2).filter(|pair| pair[0] != pair[1]).count();
    assert!(runs > 200, "{runs} changes between the two submissions (upload order would give 1)");
}

/// The slot example of docs/PROTOCOL.md, as the code computes it.
fn slot_example() -> String {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let id = LocationId([0x11; 32]);
    let slot = Slot(494_000);
    let window = CoarseWindow::around(slot.start() + TimeDelta::minutes(3), slot.start() + TimeDelta::minutes(47)).unwrap();
    format!(
        "location id  {}\nslot         {} ({})\ntag          {}\nkey          {}\nwindow       {} to {}: start step {}, {} steps ({})",
        hex(&id.0),
        slot.0,
        slot.start().to_rfc3339(),
        hex(&id.slot_tag(slot).0),
        hex(&id.slot_key(slot)),
        (slot.start() + TimeDelta::minutes(3)).format("%H:%M"),
        (slot.start() + TimeDelta::minutes(47)).format("%H:%M"),
        window.start().timestamp() / WINDOW_STEP_SECONDS,
        window.duration().num_minutes() / 10,
        hex(&window.to_bytes()),
    )
}

#[test]
fn slot_document_example_matches_the_code() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/PROTOCOL.md")).unwrap();
    let block = doc.split("<!-- slot-example -->").nth(1).unwrap_or_default();
    let block: Vec<&str> = block.lines().filter(|l| !l.starts_with("```") && !l.is_empty()).collect();
    assert_eq!(block.join("\n"), slot_example(), "the slot example in docs/PROTOCOL.md");
}
