//! Checking in from Corona-Warn-App event posters through the real `healthpass` binary: the
//! vectors in `../shared/venueqr` (see its README), a real SQLite diary.

use std::path::Path;

use healthpass_e2e::{healthpass, healthpass_ok};
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/venueqr/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The QR text of the vector with `id`, valid or invalid.
fn vector_url(id: &str) -> String {
    let vectors = vectors();
    let all = vectors["valid"].as_array().unwrap().iter().chain(vectors["invalid_urls"].as_array().unwrap());
    all.clone().find(|v| v["id"] == id).unwrap()["url"].as_str().unwrap().to_owned()
}

fn checkin_text(dir: &Path, text: &str, at: &str) -> Value {
    healthpass_ok(dir, &["--json", "--db", "diary.db", "checkin", "--text", text, "--at", at]).json()
}

fn history(dir: &Path, at: &str) -> Vec<Value> {
    let history = healthpass_ok(dir, &["--json", "--db", "diary.db", "history", "--at", at]).json();
    history["visits"].as_array().unwrap().clone()
}

#[test]
fn cwa_poster_text_checks_in_without_a_registry_and_shows_as_unverified() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let out = checkin_text(dir, &vector_url("ios-agway"), "2026-11-23T10:00:00Z");
    assert_eq!(out["outcome"], "checked_in");
    let visit = &out["visit"];
    assert_eq!((&visit["verified"], &visit["poster_kind"], &visit["venue_id"]), (&false.into(), &"cwa".into(), &Value::Null));
    assert_eq!((&visit["venue_name"], &visit["venue_address"]), (&"Agway Inc.".into(), &"1594 Deffe Avenue".into()));
    let visits = history(dir, "2026-11-23T10:20:00Z");
    assert_eq!(visits.len(), 1);
    assert_eq!((&visits[0]["verified"], &visits[0]["checkout"]), (&false.into(), &"open".into()));
    // The poster suggests 28 minutes: the visit ends after the nearest allowed stay, 30 minutes.
    let visits = history(dir, "2026-11-23T11:00:00Z");
    assert_eq!((&visits[0]["checkout"], &visits[0]["checked_out_at"]), (&"automatic".into(), &"2026-11-23T10:30:00Z".into()));
    let text = healthpass_ok(dir, &["--db", "diary.db", "history", "--at", "2026-11-23T11:00:00Z"]).stdout;
    assert!(text.contains("Agway Inc. [unverified event poster]"), "{text}");
}

#[test]
fn cwa_check_in_says_it_is_unverified_and_a_rescan_checks_out() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let url = vector_url("ios-burlington-std-b64");
    let first = healthpass_ok(dir, &["--db", "diary.db", "checkin", "--text", &url, "--at", "2026-11-23T10:00:00Z"]);
    assert!(first.stdout.contains("Unverified"), "{first:?}");
    let again = checkin_text(dir, &url, "2026-11-23T10:40:00Z");
    assert_eq!((&again["outcome"], &again["visit"]["checkout"]), (&"checked_out".into(), &"rescan".into()));
}

#[test]
fn crowdnotifier_poster_text_checks_in_unverified_and_a_rescan_checks_out() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let url = vector_url("cn-v4-example");
    let out = checkin_text(dir, &url, "2026-11-23T10:00:00Z");
    assert_eq!(out["outcome"], "checked_in");
    let visit = &out["visit"];
    assert_eq!((&visit["verified"], &visit["poster_kind"], &visit["venue_id"]), (&false.into(), &"cwa".into(), &Value::Null));
    assert_eq!((&visit["venue_name"], &visit["venue_address"]), (&"grr".into(), &"".into()));
    let pinned = ["--json", "--db", "diary.db", "checkin", "--text", &url, "--crowdnotifier-host", "QR.example.org"];
    let again = healthpass_ok(dir, &[&pinned[..], &["--at", "2026-11-23T10:40:00Z"]].concat()).json();
    assert_eq!((&again["outcome"], &again["visit"]["checkout"]), (&"checked_out".into(), &"rescan".into()));
}

#[test]
fn cwa_poster_photo_checks_in_without_a_registry() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let png = healthpass_core::certificate::render_qr_png(&vector_url("cwa-doc-friseur")).unwrap();
    std::fs::write(dir.join("event.png"), png).unwrap();
    let out = healthpass_ok(dir, &["--json", "--db", "diary.db", "checkin", "event.png", "--at", "2026-11-23T10:00:00Z"]).json();
    assert_eq!((&out["visit"]["venue_name"], &out["visit"]["verified"]), (&"Friseur".into(), &false.into()));
}

#[test]
fn every_invalid_vector_exits_1_with_its_code_and_leaves_the_diary_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    checkin_text(dir, &vector_url("ios-agway"), "2026-11-23T10:00:00Z");
    let diary_files = || -> Vec<Vec<u8>> {
        ["diary.db", "diary.db-wal"].iter().map(|f| std::fs::read(dir.join(f)).unwrap_or_default()).collect()
    };
    let before = diary_files();
    let cn_payload = vector_url("cn-v4-example").split_once('#').unwrap().1.to_owned();
    let vectors = vectors();
    for vector in vectors["invalid_urls"].as_array().unwrap() {
        let id = vector["id"].as_str().unwrap();
        let text = vector["url"].as_str().unwrap().replace("<same payload as cn-v4-example>", &cn_payload);
        // URLs on the CWA host get the CWA reader's verdict, URLs with v=4 the CrowdNotifier
        // reader's (pinned to the vectors' host); anything else would need a healthpass
        // registry key, and none was given.
        let code = match id {
            "cwa-invalid-e1-path" | "cwa-invalid-c1-placeholder" | "cwa-invalid-C1-upper" => "cwa_unsupported_path",
            "cwa-invalid-http-C1" => "cwa_not_event_url",
            "ios-invalid-no-version" => "cwa_missing_version",
            "ios-invalid-payload" => "cwa_encoding",
            "cwa-invalid-empty" | "ios-invalid-wrong-host" | "cn-invalid-version" => "registry_required",
            "cn-invalid-www-host" => "cwa_wrong_host",
            other => panic!("no expected code for {other}"),
        };
        let args = ["--json", "--db", "diary.db", "checkin", "--text", &text, "--crowdnotifier-host", "qr.example.org"];
        let run = healthpass(dir, &[&args[..], &["--at", "2026-11-23T10:05:00Z"]].concat());
        assert_eq!((run.status, run.json()["error"].as_str()), (1, Some(code)), "{id}: {run:?}");
        assert!(diary_files() == before, "{id}: the diary file changed");
    }
    assert_eq!(history(dir, "2026-11-23T10:05:00Z").len(), 1);
}

#[test]
fn a_healthpass_poster_still_needs_a_registry_and_is_shown_verified() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    healthpass_ok(dir, &["registry", "keygen", "--out-dir", "."]);
    let args = ["--json", "venue", "create", "--key", "registry.key", "--name", "Toko Maju", "--address", "Jl. Ahmad Yani 1"];
    let rest = [
        "--category",
        "shop",
        "--stay",
        "60",
        "--valid-from",
        "2026-01-01T00:00:00Z",
        "--valid-days",
        "365",
        "--out",
        "poster.png",
    ];
    let created = healthpass_ok(dir, &[&args[..], &rest[..]].concat()).json();
    let url = created["url"].as_str().unwrap();
    let refused = healthpass(dir, &["--json", "--db", "diary.db", "checkin", "--text", url, "--at", "2026-11-23T09:00:00Z"]);
    assert_eq!((refused.status, refused.json()["error"].as_str()), (1, Some("registry_required")));
    checkin_text(dir, &vector_url("ios-agway"), "2026-11-23T09:00:00Z");
    let signed = ["--json", "--db", "diary.db", "checkin", "--text", url, "--registry", "registry.pub"];
    let out = healthpass_ok(dir, &[&signed[..], &["--at", "2026-11-23T09:10:00Z"]].concat()).json();
    assert_eq!((&out["visit"]["verified"], &out["closed_previous"]["verified"]), (&true.into(), &false.into()));
    let kinds: Vec<_> = history(dir, "2026-11-23T09:20:00Z").iter().map(|v| v["poster_kind"].clone()).collect();
    assert_eq!(kinds, ["healthpass", "cwa"]);
}
