//! The citizen's and operator's path through the real `healthpass` binary, one process per step.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use healthpass_e2e::{healthpass, healthpass_ok, offline_poster};

/// A registry key and one signed poster (PNG), made with the CLI in `dir`; returns its URL.
fn operator_setup(dir: &Path, name: &str) -> String {
    offline_poster(dir, name, "poster.png")
}

fn checkin_image(dir: &Path, at: &str) -> serde_json::Value {
    healthpass_ok(dir, &["--json", "--db", "diary.db", "checkin", "poster.png", "--registry", "registry.pub", "--at", at]).json()
}

#[test]
fn poster_photo_check_in_survives_a_process_restart() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    operator_setup(dir, "Mal Bekasi Raya");
    let checked_in = checkin_image(dir, "2026-11-23T10:00:00Z");
    assert_eq!(checked_in["outcome"], "checked_in");
    let history = healthpass_ok(dir, &["--json", "--db", "diary.db", "history", "--at", "2026-11-23T10:30:00Z"]).json();
    let visits = history["visits"].as_array().unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0]["venue_name"], "Mal Bekasi Raya");
    assert_eq!(visits[0]["checkout"], "open");
    // Scanning the same poster again, 40 minutes later, checks out.
    let out = checkin_image(dir, "2026-11-23T10:40:00Z");
    assert_eq!((out["outcome"].as_str(), out["visit"]["checkout"].as_str()), (Some("checked_out"), Some("rescan")));
    assert_eq!(out["visit"]["checked_out_at"], "2026-11-23T10:40:00Z");
}

#[test]
fn manual_checkout_and_automatic_end_show_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    operator_setup(dir, "Mal Bekasi Raya");
    checkin_image(dir, "2026-11-23T10:00:00Z");
    let out = healthpass_ok(dir, &["--json", "--db", "diary.db", "checkout", "--at", "2026-11-23T10:20:00Z"]).json();
    assert_eq!(out["visit"]["checkout"], "manual");
    let again = healthpass(dir, &["--json", "--db", "diary.db", "checkout", "--at", "2026-11-23T10:21:00Z"]);
    assert_eq!((again.status, again.json()["error"].as_str()), (1, Some("no_open_visit")));
    checkin_image(dir, "2026-11-23T12:00:00Z");
    let history = healthpass_ok(dir, &["--json", "--db", "diary.db", "history", "--at", "2026-11-23T14:00:00Z"]).json();
    let ends: Vec<_> =
        history["visits"].as_array().unwrap().iter().map(|v| (v["checkout"].clone(), v["checked_out_at"].clone())).collect();
    assert_eq!(ends, [("automatic".into(), "2026-11-23T13:30:00Z".into()), ("manual".into(), "2026-11-23T10:20:00Z".into())]);
}

/// The poster URL with its payload changed by `edit`.
fn edited(url: &str, edit: impl Fn(&mut Vec<u8>)) -> String {
    let (base, fragment) = url.split_once('#').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(fragment).unwrap();
    edit(&mut bytes);
    format!("{base}#{}", URL_SAFE_NO_PAD.encode(bytes))
}

#[test]
fn every_refused_poster_exits_1_with_its_code_and_leaves_the_diary_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let url = operator_setup(dir, "Mal Bekasi Raya");
    checkin_image(dir, "2026-11-23T10:00:00Z");
    let other = tempfile::tempdir().unwrap();
    healthpass_ok(other.path(), &["registry", "keygen", "--out-dir", "."]);
    let other_registry = other.path().join("registry.pub");
    let diary_files = || -> Vec<Vec<u8>> {
        ["diary.db", "diary.db-wal"].iter().map(|f| std::fs::read(dir.join(f)).unwrap_or_default()).collect()
    };
    let before = diary_files();
    let during = "2026-11-23T10:30:00Z";
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (edited(&url, |b| b[78] ^= 0x20), "registry.pub", during, "forged_signature"),
        (url.clone(), other_registry.to_str().unwrap(), during, "unknown_key_id"),
        (url.clone(), "registry.pub", "2025-12-31T23:59:59Z", "not_yet_valid"),
        (url.clone(), "registry.pub", "2027-01-01T00:00:00Z", "expired"),
        (edited(&url, |b| b[0] = 9), "registry.pub", during, "unsupported_version"),
        (edited(&url, |b| b.truncate(50)), "registry.pub", during, "malformed"),
        ("WIFI:S:cafe;T:WPA;P:secret;;".into(), "registry.pub", during, "malformed"),
        (format!("{url}{}", "A".repeat(2000)), "registry.pub", during, "too_long"),
    ];
    for (text, registry, at, code) in cases {
        let run =
            healthpass(dir, &["--json", "--db", "diary.db", "checkin", "--text", &text, "--registry", registry, "--at", at]);
        assert_eq!(run.status, 1, "{code}: {run:?}");
        assert_eq!(run.json()["error"], code, "{run:?}");
        assert!(diary_files() == before, "{code}: the diary file changed");
    }
    let history = healthpass_ok(dir, &["--json", "--db", "diary.db", "history", "--at", during]).json();
    assert_eq!(history["visits"].as_array().unwrap().len(), 1);
}

#[test]
fn svg_poster_and_csv_export_are_safe_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let url = offline_poster(dir, "=HYPERLINK(\"http://evil\")", "poster.svg");
    assert!(std::fs::read_to_string(dir.join("poster.svg")).unwrap().contains("=HYPERLINK(&quot;http://evil&quot;)"));
    healthpass_ok(
        dir,
        &["--db", "diary.db", "checkin", "--text", &url, "--registry", "registry.pub", "--at", "2026-11-23T10:00:00Z"],
    );
    let csv = healthpass_ok(dir, &["--db", "diary.db", "export", "--at", "2026-11-23T12:00:00Z"]).stdout;
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","), "{csv}");
}

#[test]
fn registry_keygen_never_overwrites_a_key_and_keeps_the_secret_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    healthpass_ok(dir.path(), &["registry", "keygen", "--out-dir", "."]);
    let mode = std::fs::metadata(dir.path().join("registry.key")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let key = std::fs::read(dir.path().join("registry.key")).unwrap();
    let again = healthpass(dir.path(), &["registry", "keygen", "--out-dir", "."]);
    assert_eq!(again.status, 3, "{again:?}");
    assert_eq!(std::fs::read(dir.path().join("registry.key")).unwrap(), key);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["checkin"][..], &["checkin", "poster.png", "--text", "x"], &["history", "--at", "yesterday"], &["frobnicate"]]
    {
        assert_eq!(healthpass(dir.path(), args).status, 2, "{args:?}");
    }
}

#[test]
fn purge_and_delete_all_empty_the_diary() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    operator_setup(dir, "Toko Lama");
    checkin_image(dir, "2026-11-01T10:00:00Z");
    let purged =
        healthpass_ok(dir, &["--json", "--db", "diary.db", "purge", "--retention-days", "7", "--at", "2026-11-23T10:00:00Z"])
            .json();
    assert_eq!((purged["deleted"].as_u64(), purged["retention_days"].as_u64()), (Some(1), Some(7)));
    checkin_image(dir, "2026-11-23T10:00:00Z");
    healthpass_ok(dir, &["--db", "diary.db", "delete-all", "--yes"]);
    let history = healthpass_ok(dir, &["--json", "--db", "diary.db", "history"]).json();
    assert!(history["visits"].as_array().unwrap().is_empty());
}
