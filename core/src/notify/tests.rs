use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use sha2::{Digest, Sha256};

use super::static_http::StaticServer;
use super::*;
use crate::checkin::{VisitEnd, check_in, check_out, history, purge, set_retention_days, visited_locations};
use crate::exposure::alerts;
use crate::exposure::{
    Advice, CoarseWindow, ExposureAlert, IndexEntry, InfectiousPeriod, LocationId, PublisherSigningKey, ReportGroup, Slot,
    SlotReport, WarningIndex, WarningTerms, seal_hour, sealed_slot_reports,
};
use crate::remote::{RemoteError, ServerClient};
use crate::store::{Store, StoreError};
use crate::sync::SyncError;
use crate::venue::{DefaultStay, RegistrySigningKey, SignedPoster, VenueCategory, VenueDetails, VenuePoster};

/// 23 November 2026, 08:00 UTC, plus `minutes`.
fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).single().unwrap_or_default() + TimeDelta::minutes(minutes)
}

/// The middle of the jitter range: waits are exactly nominal.
const MIDDLE: Jitter = Jitter(32_768);

struct Phone {
    _dir: tempfile::TempDir,
    store: Store,
}

fn phone() -> Phone {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("diary.db")).unwrap();
    Phone { _dir: dir, store }
}

fn poster(name: &str, stay_minutes: u32) -> SignedPoster {
    let details = VenueDetails {
        name: name.into(),
        address: "Jl. Merdeka 5, Malang".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(stay_minutes).unwrap(),
        valid_from: t(-10_000),
        valid_until: t(100_000),
    };
    RegistrySigningKey::generate().sign_poster(VenuePoster::for_new_venue(details).unwrap())
}

impl Phone {
    fn plan(&mut self, minutes: i64) -> NotificationPlan {
        plan_notifications(&mut self.store, Language::English, t(minutes)).unwrap()
    }

    /// A sync that succeeded at `minutes`: the next is due six hours later.
    fn synced(&mut self, minutes: i64) {
        record_sync(&mut self.store, SyncOutcome::Synced { fresh_for: None }, t(minutes), MIDDLE).unwrap();
    }

    fn alert(&mut self, visit_id: i64, advice: Advice) {
        let alert = ExposureAlert {
            id: 0,
            visit_id,
            venue_name: "Toko Maju".into(),
            visit_start: t(-300),
            visit_end: t(-240),
            warning_start: t(-290 + visit_id),
            warning_end: t(-250),
            advice,
            overlap_minutes: 40,
            bundle_hour: 494_000,
            received_at: t(0),
        };
        assert!(alerts::insert(self.store.read(), &alert).unwrap());
    }
}

#[test]
fn a_synced_phone_syncs_again_in_about_six_hours() {
    let now = t(0);
    let at = |jitter| next_sync(SyncOutcome::Synced { fresh_for: None }, 3, now, Jitter(jitter));
    assert_eq!(at(32_768), SyncSchedule { failures: 0, due_at: now + TimeDelta::hours(6) });
    assert_eq!(at(0).due_at, now + TimeDelta::minutes(270), "3/4 of the interval");
    assert_eq!(at(u16::MAX).due_at, now + TimeDelta::seconds(26_999), "just under 5/4 of it");
}

#[test]
fn offline_backs_off_doubling_up_to_a_day() {
    let waits: Vec<_> = (0..10)
        .map(|failures| {
            let schedule = next_sync(SyncOutcome::Offline, failures, t(0), MIDDLE);
            assert_eq!(schedule.failures, failures + 1);
            (schedule.due_at - t(0)).num_minutes()
        })
        .collect();
    assert_eq!(waits, [15, 30, 60, 120, 240, 480, 960, 1440, 1440, 1440]);
    assert_eq!(next_sync(SyncOutcome::Offline, u32::MAX, t(0), MIDDLE).due_at, t(0) + MAX_BACKOFF);
}

#[test]
fn a_refusing_server_is_asked_less_often_than_an_unreachable_one() {
    let refused = next_sync(SyncOutcome::Refused, 0, t(0), MIDDLE);
    assert_eq!((refused.failures, refused.due_at), (1, t(60)));
    assert_eq!(next_sync(SyncOutcome::Refused, 2, t(0), MIDDLE).due_at, t(240));
    assert!(next_sync(SyncOutcome::Offline, 0, t(0), MIDDLE).due_at < refused.due_at);
}

#[test]
fn a_sync_is_never_due_sooner_than_the_server_lets_caches_keep_the_index() {
    let synced = |fresh_for| next_sync(SyncOutcome::Synced { fresh_for: Some(fresh_for) }, 0, t(0), Jitter(0)).due_at;
    assert_eq!(synced(TimeDelta::seconds(60)), t(270), "a short cache lifetime changes nothing");
    assert_eq!(synced(TimeDelta::hours(8)), t(8 * 60), "not before the cached index expires");
    assert_eq!(synced(TimeDelta::days(365)), t(0) + MAX_BACKOFF, "but a year-long lifetime does not silence the phone");
}

#[test]
fn a_schedule_at_the_end_of_time_does_not_overflow() {
    assert_eq!(next_sync(SyncOutcome::Refused, 40, DateTime::<Utc>::MAX_UTC, MIDDLE).due_at, DateTime::<Utc>::MAX_UTC);
}

#[test]
fn each_sync_failure_has_its_outcome() {
    assert_eq!(SyncOutcome::of(&Err(SyncError::Remote(RemoteError::Offline))), SyncOutcome::Offline);
    let refused = SyncError::Remote(RemoteError::Refused { status: 503, code: "http_503".into() });
    assert_eq!(SyncOutcome::of(&Err(refused)), SyncOutcome::Refused);
    assert_eq!(SyncOutcome::of(&Err(SyncError::StaleIndex)), SyncOutcome::Refused);
    assert_eq!(SyncOutcome::of(&Err(SyncError::Store(StoreError::InvalidRow("x")))), SyncOutcome::Refused);
}

#[test]
fn failures_in_a_row_are_remembered_and_a_success_forgets_them() {
    let mut p = phone();
    assert_eq!(p.plan(0).sync_due_at, t(0), "the first sync is due at once");
    for (minutes, wait) in [(0, 15), (15, 30), (45, 60)] {
        let schedule = record_sync(&mut p.store, SyncOutcome::Offline, t(minutes), MIDDLE).unwrap();
        assert_eq!(schedule.due_at, t(minutes + wait));
    }
    assert_eq!(p.plan(50).sync_due_at, t(105));
    p.synced(105);
    assert_eq!(p.plan(106).sync_due_at, t(105 + 360));
    let after = record_sync(&mut p.store, SyncOutcome::Offline, t(465), MIDDLE).unwrap();
    assert_eq!((after.failures, after.due_at), (1, t(480)));
}

#[test]
fn new_alerts_are_notified_once_in_one_summary_with_the_strictest_advice() {
    let mut p = phone();
    p.synced(0);
    p.alert(1, Advice::GetTested);
    p.alert(2, Advice::Isolate);
    let notice = p.plan(1).exposure.expect("two new alerts");
    assert_eq!((notice.new_alerts, notice.advice), (2, Advice::Isolate));
    assert_eq!(notice.text.title, "2 possible exposures");
    assert!(notice.text.body.ends_with("Isolate and get tested."), "{}", notice.text.body);
    assert_eq!(p.plan(2).exposure, None, "never twice");
    p.alert(3, Advice::MonitorSymptoms);
    let notice = p.plan(3).exposure.expect("one new alert");
    assert_eq!((notice.new_alerts, notice.advice, notice.text.title.as_str()), (1, Advice::MonitorSymptoms, "Possible exposure"));
}

#[test]
fn alerts_seen_on_the_alerts_screen_are_not_notified() {
    let mut p = phone();
    p.alert(1, Advice::GetTested);
    alerts_seen(&mut p.store, t(1)).unwrap();
    assert_eq!(p.plan(2).exposure, None);
}

#[test]
fn an_exposure_notification_never_names_the_venue() {
    let mut p = phone();
    p.alert(1, Advice::GetTested);
    for language in [Language::English, Language::Indonesian] {
        let text = exposure_notice(&alerts::all_newest_first(p.store.read()).unwrap(), language).unwrap().text;
        assert!(!text.title.contains("Toko Maju") && !text.body.contains("Toko Maju"), "{text:?}");
    }
}

#[test]
fn notifications_speak_indonesian_on_an_indonesian_phone() {
    for tag in ["id", "id-ID", "in_ID", "IN"] {
        assert_eq!(Language::from_locale(tag), Language::Indonesian, "{tag}");
    }
    for tag in ["en", "en-US", "", "jv-ID", "ind"] {
        assert_eq!(Language::from_locale(tag), Language::English, "{tag}");
    }
    let mut p = phone();
    p.synced(0);
    p.alert(1, Advice::GetTested);
    check_in(&mut p.store, &poster("Toko Maju", 60), t(0)).unwrap();
    let plan = plan_notifications(&mut p.store, Language::Indonesian, t(50)).unwrap();
    let exposure = plan.exposure.unwrap().text;
    assert_eq!(exposure.title, "Kemungkinan terpapar");
    assert!(exposure.body.ends_with("Lakukan tes."), "{}", exposure.body);
    let visit = plan.visit.unwrap();
    assert_eq!(visit.text.title, "Masih di Toko Maju?");
    assert!(visit.text.body.contains("dalam 10 menit"), "{}", visit.text.body);
    assert_eq!((visit.check_out_label.as_str(), visit.snooze_label.as_str()), ("Check-out", "Masih di sini (+30 mnt)"));
}

#[test]
fn the_reminder_comes_once_before_the_automatic_check_out_and_goes_with_it() {
    let mut p = phone();
    p.synced(0);
    check_in(&mut p.store, &poster("Toko Maju", 60), t(0)).unwrap();
    let before = p.plan(10);
    let visit = before.visit.expect("a visit is open");
    assert_eq!((visit.checked_in_at, visit.remind_at, visit.automatic_end, visit.remind_now), (t(0), t(50), t(60), false));
    assert_eq!(visit.text.title, "Checked in at Toko Maju");
    assert_eq!(before.wake_at, t(50), "wake for the reminder");
    let due = p.plan(50).visit.unwrap();
    assert!(due.remind_now);
    assert_eq!(due.text.title, "Still at Toko Maju?");
    let again = p.plan(51);
    assert!(!again.visit.as_ref().unwrap().remind_now, "a reminder sounds once");
    assert_eq!(again.visit.unwrap().text.title, "Still at Toko Maju?");
    assert_eq!(again.wake_at, t(60), "wake to remove it at the automatic check-out");
    let after = p.plan(60);
    assert_eq!(after.visit, None, "the visit closed by itself");
    assert_eq!(after.wake_at, t(360), "only the sync is left");
}

#[test]
fn checking_out_from_the_notification_removes_the_reminder() {
    let mut p = phone();
    check_in(&mut p.store, &poster("Toko Maju", 60), t(0)).unwrap();
    assert!(p.plan(50).visit.unwrap().remind_now);
    check_out(&mut p.store, t(52)).unwrap();
    assert_eq!(p.plan(52).visit, None);
    assert!(matches!(snooze_reminder(&mut p.store, t(53)), Err(NotifyError::NoOpenVisit)));
}

#[test]
fn a_snooze_moves_the_reminder_and_the_automatic_check_out() {
    let mut p = phone();
    p.synced(0);
    check_in(&mut p.store, &poster("Toko Maju", 60), t(0)).unwrap();
    assert!(p.plan(50).visit.unwrap().remind_now);
    let moved = snooze_reminder(&mut p.store, t(52)).unwrap();
    assert_eq!((moved.remind_at, moved.automatic_end), (t(82), t(92)));
    let later = p.plan(60);
    let visit = later.visit.expect("still there after the default stay");
    assert_eq!((visit.remind_now, visit.text.title.as_str()), (false, "Checked in at Toko Maju"));
    assert_eq!(later.wake_at, t(82));
    assert!(p.plan(82).visit.unwrap().remind_now, "the reminder comes again");
    assert_eq!(history(&p.store, t(100)).unwrap()[0].end, VisitEnd::DefaultStayElapsed { at: t(92) });
    assert_eq!(visited_locations(&p.store, t(100)).unwrap()[0].end, t(92), "matching sees the longer stay");
}

#[test]
fn a_snooze_before_the_reminder_keeps_the_later_check_out() {
    let mut p = phone();
    check_in(&mut p.store, &poster("Toko Maju", 120), t(0)).unwrap();
    let reminder = snooze_reminder(&mut p.store, t(5)).unwrap();
    assert_eq!((reminder.remind_at, reminder.automatic_end), (t(110), t(120)));
}

#[test]
fn a_visit_cannot_be_snoozed_past_a_day() {
    let mut p = phone();
    check_in(&mut p.store, &poster("Hotel Tugu", 23 * 60 + 45), t(0)).unwrap();
    assert!(p.plan(23 * 60 + 35).visit.unwrap().remind_now);
    assert!(matches!(snooze_reminder(&mut p.store, t(23 * 60 + 36)), Err(NotifyError::StayTooLong)));
    assert_eq!(p.plan(23 * 60 + 36).visit.unwrap().automatic_end, t(23 * 60 + 45), "nothing changed");
}

#[test]
fn a_snoozed_visit_is_kept_until_the_retention_after_its_longer_stay() {
    let mut p = phone();
    set_retention_days(&mut p.store, 1).unwrap();
    check_in(&mut p.store, &poster("Toko Maju", 60), t(0)).unwrap();
    snooze_reminder(&mut p.store, t(52)).unwrap();
    assert_eq!(purge(&mut p.store, t(24 * 60 + 70)).unwrap(), 0, "ended at 92 minutes, not 60");
    assert_eq!(purge(&mut p.store, t(24 * 60 + 93)).unwrap(), 1);
}

/// A publisher's index and one hour (format v2) in which a confirmed case's upload warns of
/// `visited` from 07:00 to 08:30, among 500 other reports.
fn publish_warning(server: &StaticServer, visited: &SignedPoster, key: &PublisherSigningKey, generated_at: DateTime<Utc>) {
    let hour = Slot::of(t(60)).0;
    let location = LocationId::of_venue(visited).unwrap();
    let terms = WarningTerms { advice: Advice::GetTested, period: InfectiousPeriod::new(t(-3 * 1440), t(3 * 1440)).unwrap() };
    let case = sealed_slot_reports(&location, &CoarseWindow::around(t(-60), t(30)).unwrap());
    let others: Vec<SlotReport> = (0..500).map(|_| SlotReport::decoy()).collect();
    let reports = u32::try_from(case.len() + others.len()).unwrap();
    let sealed = seal_hour(hour, &[ReportGroup { terms, reports: case }, ReportGroup { terms, reports: others }], key).unwrap();
    let sha256 = Sha256::digest(&sealed.summary).into();
    let index = WarningIndex { generated_at, bundles: vec![IndexEntry { hour, reports, sha256 }] };
    server.publish(&format!("/v1/warnings/{hour}"), sealed.summary);
    for (i, bucket) in sealed.buckets.into_iter().enumerate() {
        server.publish(&format!("/v1/warnings/{hour}/{i}"), bucket);
    }
    server.publish("/v1/warnings/index", index.seal(key));
}

#[test]
fn a_background_wake_syncs_when_due_notifies_one_new_alert_once_and_sends_little_when_nothing_changed() {
    let mut p = phone();
    let mall = poster("Mal Olympic Garden", 120);
    check_in(&mut p.store, &mall, t(-30)).unwrap();
    check_out(&mut p.store, t(10)).unwrap();
    let server = StaticServer::start("public, max-age=60").unwrap();
    let key = PublisherSigningKey::generate();
    publish_warning(&server, &mall, &key, t(125));
    let client = ServerClient::new(&server.url, crate::remote::tests::ureq()).unwrap();
    let publishers = [key.public_key()];
    let store = std::sync::Mutex::new(p.store);
    let wake = |minutes| {
        background_wake(|| store.lock().unwrap(), &client, &publishers, TimeDelta::minutes(15), Language::English, t(minutes))
            .unwrap()
    };

    let first = wake(130);
    assert_eq!(first.synced, Some(SyncOutcome::Synced { fresh_for: Some(TimeDelta::seconds(60)) }));
    let report = first.report.unwrap();
    assert_eq!((report.unchanged, report.bundles_matched, report.new_alerts), (false, 1, 1));
    assert_eq!(first.plan.exposure.map(|notice| notice.new_alerts), Some(1), "one notification for one new alert");
    let due = first.plan.sync_due_at;
    assert!(due >= t(130 + 270) && due < t(130 + 450), "due in 6 h ± 25 %: {due}");

    let sent = server.bytes_sent();
    let early = wake(131);
    assert_eq!((early.synced, early.plan.exposure), (None, None), "not due: no sync, nothing to show");
    assert_eq!(server.bytes_sent(), sent, "nothing asked of the server");

    let next = wake(130 + 450);
    let report = next.report.unwrap();
    assert_eq!((report.unchanged, report.bytes_downloaded), (true, 0), "the index did not change: 304");
    assert_eq!(next.plan.exposure, None, "the alert is not notified again");
    assert!(server.bytes_sent() - sent < 300, "a 304 costs a few header bytes: {}", server.bytes_sent() - sent);
}

#[test]
fn an_offline_wake_backs_off_and_still_shows_the_open_visit() {
    let mut p = phone();
    check_in(&mut p.store, &poster("Toko Maju", 60), t(0)).unwrap();
    // A port nothing listens on: bound, then closed.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let client = ServerClient::new(&format!("http://{closed}"), crate::remote::tests::ureq()).unwrap();
    let store = std::sync::Mutex::new(p.store);
    let publishers = [PublisherSigningKey::generate().public_key()];
    let run =
        background_wake(|| store.lock().unwrap(), &client, &publishers, TimeDelta::minutes(15), Language::English, t(5)).unwrap();
    assert_eq!((run.synced, run.report), (Some(SyncOutcome::Offline), None));
    let due = run.plan.sync_due_at;
    assert!(due >= t(5) + TimeDelta::seconds(675) && due < t(5) + TimeDelta::seconds(1125), "15 min ± 25 %: {due}");
    assert_eq!(run.plan.wake_at, due, "the retry comes before the reminder");
    assert!(run.plan.visit.is_some());
}
