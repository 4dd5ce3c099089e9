//! One background wake-up of the core's passport object against the real server on loopback:
//! it backs up what changed, keeps a dummy upload scheduled, and asks to be woken for the
//! earliest job; unreachable servers are retried later, never an error.

use chrono::{DateTime, TimeDelta, Utc};
use healthpass_core::backup::schedule::REFRESH_PERIOD;
use healthpass_core::notify::Language;
use healthpass_core::passport::{HealthPassport, MinimumOverlap};
use healthpass_core::venue::{DefaultStay, RegistrySigningKey, SignedPoster, VenueCategory, VenueDetails, VenuePoster};
use healthpass_e2e::ServerProcess;
use serde_json::Value;

fn poster(registry: &RegistrySigningKey, now: DateTime<Utc>) -> SignedPoster {
    let details = VenueDetails {
        name: "Toko Buku Gramedia".into(),
        address: "Jl. Basuki Rahmat 3, Malang".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(60).unwrap(),
        valid_from: now - TimeDelta::days(1),
        valid_until: now + TimeDelta::days(1),
    };
    registry.sign_poster(VenuePoster::for_new_venue(details).unwrap())
}

/// A new phone beside the real server on loopback, with the publisher key it pins.
struct Phone {
    server: ServerProcess,
    publisher: String,
    passport: HealthPassport,
    /// Now, on a whole second (the diary stores whole seconds).
    t0: DateTime<Utc>,
    dir: tempfile::TempDir,
}

fn phone_beside_a_server() -> Phone {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path());
    let keys: Value = reqwest::blocking::get(format!("{}/v1/keys", server.url)).unwrap().json().unwrap();
    let publisher = keys["publisher"][0].as_str().unwrap().to_owned();
    let passport = HealthPassport::open(&dir.path().join("phone.db")).unwrap();
    let t0 = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
    Phone { server, publisher, passport, t0, dir }
}

#[test]
fn a_wake_up_sends_the_dummy_upload_when_it_is_due_and_keeps_it_due_while_offline() {
    let Phone { server, publisher, passport, t0, dir: _dir } = phone_beside_a_server();
    let overlap = MinimumOverlap::from_minutes(15).unwrap();
    let wake = |url: &str, at| passport.background_wake(url, &[&publisher], overlap, Language::English, at).unwrap();

    let first = wake(&server.url, t0);
    // Not due yet: this only reads the schedule the wake-up made, and sends nothing.
    let due = passport.run_dummy_uploads(&server.url, t0).unwrap();
    assert!(due >= t0 + TimeDelta::hours(1) && first.plan.wake_at <= due, "woken no later than the dummy: {due}");

    let at_due = wake(&server.url, due);
    let url = server.url.clone();
    server.stop();
    // With the server gone, asking the schedule at the same instant works only if the
    // wake-up sent the dummy and moved the schedule on; a dummy still due would be sent now.
    let next = passport.run_dummy_uploads(&url, due).expect("the wake-up sent the dummy that was due");
    assert!(next > due && at_due.plan.wake_at <= next, "the next one is scheduled and woken for: {next}");

    // Offline at the next one: not an error, and it stays due for the next wake-up.
    wake(&url, next);
    let still_due = passport.run_dummy_uploads(&url, next).unwrap_err();
    assert_eq!(still_due.code(), "offline", "the dummy that could not be sent is still due");
}

#[test]
fn a_wake_up_backs_up_the_check_in_and_wakes_again_for_the_next_job() {
    let Phone { server, publisher, passport, t0, dir: _dir } = phone_beside_a_server();
    let registry = RegistrySigningKey::generate();
    passport.set_trusted_registry_keys(&[registry.public_key().to_text()]).unwrap();
    let overlap = MinimumOverlap::from_minutes(15).unwrap();

    passport.enable_backup(&server.url, None, t0).unwrap();
    let first = passport.backup_status(t0, false).unwrap().unwrap();
    assert_eq!((first.last_backup, first.next_backup), (Some(t0), Some(t0 + REFRESH_PERIOD)), "backed up at once");
    let check_in = t0 + TimeDelta::minutes(1);
    passport.check_in_text(&poster(&registry, t0).to_url(&Default::default()), check_in).unwrap();
    let due = passport.backup_status(check_in, false).unwrap().unwrap().next_backup.expect("a check-in schedules a backup");
    assert!(due > check_in && due - check_in <= TimeDelta::minutes(1), "after a short quiet period: {due}");

    let run = passport.background_wake(&server.url, &[&publisher], overlap, Language::English, due).unwrap();
    let after = passport.backup_status(due, false).unwrap().unwrap();
    assert_eq!((after.last_backup, after.failures, after.next_backup), (Some(due), 0, Some(due + REFRESH_PERIOD)));
    // The first wake-up only schedules the dummy upload; asking again at the same instant sends nothing.
    let dummy_due = passport.run_dummy_uploads(&server.url, due).unwrap();
    assert!(dummy_due > due && run.plan.wake_at <= dummy_due, "woken no later than the dummy upload");
    assert!(run.plan.wake_at <= run.plan.sync_due_at);

    // The check-out changes the diary; the server is gone: retried later, not an error.
    let leave = due + TimeDelta::minutes(5);
    passport.check_out(leave).unwrap();
    let url = server.url.clone();
    server.stop();
    let later = leave + TimeDelta::minutes(5);
    let offline = passport.background_wake(&url, &[&publisher], overlap, Language::English, later).unwrap();
    let failed = passport.backup_status(later, false).unwrap().unwrap();
    assert_eq!((failed.last_backup, failed.failures), (Some(due), 1));
    let retry = failed.next_backup.expect("a failed backup is retried");
    assert!(retry > later && offline.plan.wake_at <= retry, "woken for the retry: {retry}");
}
