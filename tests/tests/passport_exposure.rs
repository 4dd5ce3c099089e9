//! Sync, upload and alerts through the core's passport object (the object the phones wrap
//! and the CLI calls) against the real `healthpass-server` on loopback. The officer's and
//! operator's steps use the `healthpass` CLI, as their own tools would.

use chrono::{DateTime, TimeDelta, Utc};
use healthpass_core::exposure::{Advice, SubmissionError};
use healthpass_core::notify::Language;
use healthpass_core::passport::{HealthPassport, MinimumOverlap, PassportError, UploadWindow};
use healthpass_core::remote::RemoteError;
use healthpass_core::sync::SyncError;
use healthpass_e2e::portal_browser::Browser;
use healthpass_e2e::{ServerProcess, add_account, exposure_story_start, healthpass, healthpass_ok};
use serde_json::Value;

/// A server with one registered mall, its officer, and the keys a phone pins.
struct Town {
    dir: tempfile::TempDir,
    server: ServerProcess,
    officer: String,
    registry: String,
    publisher: String,
    /// When the story's visits start: two days ago, on a whole hour (see [`town`]).
    start: DateTime<Utc>,
}

fn town() -> Town {
    let dir = tempfile::tempdir().unwrap();
    let officer = add_account(dir.path(), "add-officer", "Dr. Sari");
    let operator = add_account(dir.path(), "add-operator", "Pengelola");
    let server = ServerProcess::start(dir.path());
    // The poster is registered as valid from before the story's visits.
    let start = exposure_story_start();
    let valid_from = (start - TimeDelta::hours(1)).to_rfc3339();
    #[rustfmt::skip]
    healthpass_ok(dir.path(), &[
        "operator", "register-venue", "--server", &server.url, "--token", &operator, "--name", "Mal Olympic Garden",
        "--address", "Jl. Kawi 24, Malang", "--category", "mall", "--stay", "120", "--valid-from", &valid_from,
        "--poster", "mall.png", "--poster-text-out", "mall.poster",
    ]);
    let keys: Value = reqwest::blocking::get(format!("{}/v1/keys", server.url)).unwrap().json().unwrap();
    let first = |kind: &str| keys[kind][0].as_str().unwrap().to_owned();
    Town { registry: first("registry"), publisher: first("publisher"), dir, server, officer, start }
}

impl Town {
    fn citizen(&self, name: &str) -> HealthPassport {
        let passport = HealthPassport::open(&self.dir.path().join(format!("{name}.db"))).unwrap();
        passport.set_trusted_registry_keys(&[&self.registry]).unwrap();
        passport
    }

    /// Checks `citizen` in at the mall (from the poster image) at `from` and out at `to`.
    fn visit(&self, citizen: &HealthPassport, from: DateTime<Utc>, to: DateTime<Utc>) {
        citizen.check_in_image(&self.dir.path().join("mall.png"), from).unwrap();
        citizen.check_out(to).unwrap();
    }

    /// Runs an officer command; its JSON reply.
    fn officer(&self, args: &[&str]) -> Value {
        let account = ["--server", self.server.url.as_str(), "--token", self.officer.as_str()];
        healthpass_ok(self.dir.path(), &[&["--json", "officer"], args, &account].concat()).json()
    }

    /// Confirms a case (advice `get_tested`, infectious over the story's day); the upload code.
    fn confirm_case(&self) -> String {
        let (from, until) = (self.start.to_rfc3339(), (self.start + TimeDelta::days(1)).to_rfc3339());
        let case =
            self.officer(&["confirm-case", "--advice", "get_tested", "--infectious-from", &from, "--infectious-until", &until]);
        case["upload_code"].as_str().unwrap().to_owned()
    }

    /// Approves every pending submission and publishes them.
    fn approve_all_and_publish(&self) {
        let pending = self.officer(&["review"]);
        let mut decide = vec!["review"];
        for item in pending["pending"].as_array().unwrap() {
            decide.extend(["--approve", item["id"].as_str().unwrap()]);
        }
        self.officer(&decide);
        self.officer(&["publish"]);
    }
}

fn minutes(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

#[test]
fn a_confirmed_case_alerts_only_the_visitors_who_overlapped_long_enough() {
    let town = town();
    let start = town.start;
    let [ani, budi, citra, dewi] = ["ani", "budi", "citra", "dewi"].map(|name| town.citizen(name));
    town.visit(&ani, start, start + minutes(90));
    town.visit(&budi, start + minutes(30), start + minutes(120));
    town.visit(&citra, start + minutes(85), start + minutes(150));
    town.visit(&dewi, start + minutes(85), start + minutes(150));
    let now = Utc::now();

    let code = town.confirm_case();
    let fortnight = UploadWindow::from_days(14).unwrap();
    let receipt = ani.upload_visits(&town.server.url, &code, &[], fortnight, now).unwrap();
    // 90 minutes from a whole hour touch two hour slots: one report each.
    assert_eq!((receipt.visits_shared, receipt.reports), (1, 2));
    let reused = ani.upload_visits(&town.server.url, &code, &[], fortnight, now).unwrap_err();
    assert!(matches!(&reused, PassportError::Remote(RemoteError::Refused { code, .. }) if code == "code_used"), "{reused:?}");
    town.approve_all_and_publish();

    let quarter_hour = MinimumOverlap::from_minutes(15).unwrap();
    let synced = budi.sync_warnings(&town.server.url, &[&town.publisher], quarter_hour, now).unwrap();
    assert_eq!((synced.unchanged, synced.bundles_matched, synced.new_alerts), (false, 1, 1));
    let citra_synced = citra.sync_warnings(&town.server.url, &[&town.publisher], quarter_hour, now).unwrap();
    assert_eq!(citra_synced.new_alerts, 0, "5 minutes of overlap is less than 15");
    let five_minutes = MinimumOverlap::from_minutes(5).unwrap();
    assert_eq!(dewi.sync_warnings(&town.server.url, &[&town.publisher], five_minutes, now).unwrap().new_alerts, 1);

    let alerts = budi.exposure_alerts().unwrap();
    assert_eq!(alerts.len(), 1);
    let alert = &alerts[0];
    assert_eq!((alert.venue_name.as_str(), alert.overlap_minutes, alert.advice), ("Mal Olympic Garden", 60, Advice::GetTested));
    assert_eq!((alert.visit_start, alert.visit_end), (start + minutes(30), start + minutes(120)));
    assert!(citra.exposure_alerts().unwrap().is_empty());
    assert_eq!(dewi.exposure_alerts().unwrap()[0].overlap_minutes, 5);
    assert!(budi.sync_warnings(&town.server.url, &[&town.publisher], quarter_hour, now).unwrap().unchanged);
    assert!(ani.exposure_alerts().unwrap().is_empty(), "the uploader's own visit is not among her alerts");
}

#[test]
fn a_window_outside_the_officers_period_is_counted_and_alerts_nobody() {
    let town = town();
    let start = town.start;
    let [ani, budi] = ["ani", "budi"].map(|name| town.citizen(name));
    // Both were there from 40 minutes before the officer's infectious period began: the
    // window Ani uploads reaches outside the period, so the phones must not act on it.
    town.visit(&ani, start - minutes(40), start + minutes(20));
    town.visit(&budi, start - minutes(30), start + minutes(30));
    let now = Utc::now();
    let code = town.confirm_case();
    let receipt = ani.upload_visits(&town.server.url, &code, &[], UploadWindow::from_days(14).unwrap(), now).unwrap();
    assert_eq!(receipt.reports, 2, "the hour before the period and its first hour");
    town.approve_all_and_publish();

    let quarter_hour = MinimumOverlap::from_minutes(15).unwrap();
    let synced = budi.sync_warnings(&town.server.url, &[&town.publisher], quarter_hour, now).unwrap();
    assert_eq!((synced.bundles_matched, synced.new_alerts, synced.ignored_warnings), (1, 0, 2), "{synced:?}");
    assert!(budi.exposure_alerts().unwrap().is_empty(), "nothing alerted");
    assert_eq!(budi.history(now).unwrap().len(), 1, "the diary is untouched");
}

#[test]
fn offline_and_bad_input_are_typed_errors_that_change_nothing() {
    let town = town();
    let budi = town.citizen("budi");
    let now = Utc::now();
    let overlap = MinimumOverlap::from_minutes(15).unwrap();
    let offline = budi.sync_warnings("http://127.0.0.1:9", &[&town.publisher], overlap, now).unwrap_err();
    assert!(matches!(offline, PassportError::Sync(SyncError::Remote(RemoteError::Offline))), "{offline:?}");
    let plain_http = budi.sync_warnings("http://example.org", &[&town.publisher], overlap, now).unwrap_err();
    assert_eq!(plain_http.code(), "invalid_server_url");
    let wrong_key = budi.sync_warnings(&town.server.url, &[&town.registry], overlap, now).unwrap_err();
    assert!(matches!(wrong_key, PassportError::InvalidPublisherKey), "{wrong_key:?}");

    let fortnight = UploadWindow::from_days(14).unwrap();
    let unknown = budi.upload_visits(&town.server.url, "AAAA-AAAA-AAAA", &[42], fortnight, now).unwrap_err();
    assert!(matches!(unknown, PassportError::Upload(SubmissionError::UnknownVisit(42))), "{unknown:?}");
    let nothing = budi.upload_visits(&town.server.url, "AAAA-AAAA-AAAA", &[], fortnight, now).unwrap_err();
    assert!(matches!(nothing, PassportError::Upload(SubmissionError::NothingToShare)), "no visit, nothing sent: {nothing:?}");
    town.visit(&budi, town.start, town.start + minutes(30));
    let wrong_code = budi.upload_visits(&town.server.url, "AAAA-AAAA-AAAA", &[], fortnight, now).unwrap_err();
    assert_eq!(wrong_code.code(), "invalid_code");
    assert!(budi.exposure_alerts().unwrap().is_empty());
    assert_eq!(budi.history(now).unwrap().len(), 1, "the refused upload changed nothing");
}

#[test]
fn an_alerted_citizen_asks_for_a_call_back_that_only_officers_see() {
    let town = town();
    let start = town.start;
    let [ani, budi, citra] = ["ani", "budi", "citra"].map(|name| town.citizen(name));
    town.visit(&ani, start, start + minutes(90));
    town.visit(&budi, start + minutes(30), start + minutes(120));
    let now = Utc::now();
    let url = town.server.url.as_str();
    assert!(!budi.follow_up_offered(now).unwrap(), "no alert, no certificate: no call-back offered");
    let early = budi.request_follow_up(url, "0812 3456 7890", None, Language::Indonesian, now).unwrap_err();
    assert!(matches!(early, PassportError::FollowUpNotOffered), "{early:?}");

    let code = town.confirm_case();
    ani.upload_visits(url, &code, &[], UploadWindow::from_days(14).unwrap(), now).unwrap();
    town.approve_all_and_publish();
    budi.sync_warnings(url, &[&town.publisher], MinimumOverlap::from_minutes(15).unwrap(), now).unwrap();
    assert!(budi.follow_up_offered(now).unwrap(), "the alert offers a call-back");
    assert!(!citra.follow_up_offered(now).unwrap());

    let bad_phone = budi.request_follow_up(url, "12-34", None, Language::Indonesian, now).unwrap_err();
    assert_eq!(bad_phone.code(), "invalid_phone");
    let bad_name = budi.request_follow_up(url, "0812 3456 7890", Some(&"B".repeat(101)), Language::English, now).unwrap_err();
    assert_eq!(bad_name.code(), "invalid_name");
    let mut officer = Browser::new(url);
    officer.sign_in(&town.officer);
    assert!(officer.get("/portal/follow-ups").body.contains("Tidak ada permintaan telepon balik."), "refusals sent nothing");

    budi.request_follow_up(url, "+62 812-3456-7890", Some("Budi"), Language::Indonesian, now).unwrap();
    let queue = officer.get("/portal/follow-ups").body;
    assert!(queue.contains("+6281234567890") && queue.contains("Budi"), "{queue}");
    assert!(!queue.contains("Mal Olympic Garden"), "the request says nothing about the venue");
    // The CLI asks through the same passport: Citra's diary offers no call-back.
    let refused = healthpass(town.dir.path(), &["--db", "citra.db", "callback", "--server", url, "--phone", "081234567890"]);
    assert!(refused.stderr.contains("follow_up_not_offered"), "{refused:?}");
}
