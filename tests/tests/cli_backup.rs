//! `healthpass backup …` through the real binary against the real server on loopback: one
//! laptop backs up, another restores into its own --db, then the first deletes the copy.

use healthpass_e2e::server_client::ServerFixture;
use healthpass_e2e::{Backend, healthpass, healthpass_ok, offline_poster};

#[test]
fn a_diary_backed_up_with_the_cli_restores_into_another_file_until_deleted() {
    let f = ServerFixture::start(Backend::Sqlite, &[]);
    let dir = tempfile::tempdir().unwrap();
    // Backups keep what is within retention of their instant, so every step runs on one day.
    let at = ["--at", "2026-06-01T09:00:00Z"];
    let later = ["--at", "2026-06-01T10:00:00Z"];
    let url = offline_poster(dir.path(), "Perpustakaan Kota", "poster.png");
    healthpass_ok(dir.path(), &["--db", "a.db", "checkin", "--text", &url, "--registry", "registry.pub", at[0], at[1]]);

    assert_eq!(healthpass_ok(dir.path(), &["--db", "a.db", "--json", "backup", "status"]).json()["enabled"], false);
    let enabled = healthpass_ok(
        dir.path(),
        &[
            "--db",
            "a.db",
            "backup",
            "enable",
            "--server",
            &f.server.url,
            "--sheet-pdf",
            "sheet.pdf",
            "--sheet-png",
            "sheet.png",
            later[0],
            later[1],
        ],
    );
    let code = enabled.stdout.lines().last().unwrap().trim().to_owned();
    assert_eq!(code.len(), 34, "seven groups of four: {code}");
    assert!(std::fs::read(dir.path().join("sheet.pdf")).unwrap().starts_with(b"%PDF-1.4"));
    let scanned = healthpass_ok(dir.path(), &["scan", "sheet.png"]);
    assert!(scanned.stdout.contains(&code), "the sheet's QR carries the code: {}", scanned.stdout);
    let status = healthpass_ok(dir.path(), &["--db", "a.db", "--json", "backup", "status"]).json();
    assert_eq!((status["enabled"].as_bool(), status["version"].as_str()), (Some(true), Some("\"1\"")));
    assert_eq!(
        healthpass_ok(dir.path(), &["--db", "a.db", "--json", "backup", "now", later[0], later[1]]).json()["version"],
        "\"2\""
    );

    let wrong =
        healthpass(dir.path(), &["--db", "b.db", "backup", "restore", "--server", &f.server.url, "--recovery-code", &code[1..]]);
    assert_eq!(wrong.status, 1, "{wrong:?}");
    assert!(wrong.stdout.contains("invalid_recovery_code") || wrong.stderr.contains("invalid_recovery_code"), "{wrong:?}");
    let restored = healthpass_ok(
        dir.path(),
        &[
            "--db",
            "b.db",
            "--json",
            "backup",
            "restore",
            "--server",
            &f.server.url,
            "--recovery-code",
            &code.to_lowercase(),
            later[0],
            later[1],
        ],
    );
    assert_eq!(restored.json()["visits"], 1);
    let history = healthpass_ok(dir.path(), &["--db", "b.db", "--json", "history", at[0], at[1]]).json();
    assert_eq!(history["visits"][0]["venue_name"], "Perpustakaan Kota", "{history}");

    healthpass_ok(dir.path(), &["--db", "a.db", "backup", "delete"]);
    let gone =
        healthpass(dir.path(), &["--db", "c.db", "backup", "restore", "--server", &f.server.url, "--recovery-code", &code]);
    assert_eq!(gone.status, 1);
    assert!(gone.stdout.contains("backup_not_found") || gone.stderr.contains("backup_not_found"), "{gone:?}");
}

#[test]
fn the_recovery_code_is_printed_even_when_a_sheet_cannot_be_written() {
    let f = ServerFixture::start(Backend::Sqlite, &[]);
    let dir = tempfile::tempdir().unwrap();
    let enable = ["--db", "a.db", "backup", "enable", "--server", &f.server.url, "--sheet-pdf", "no-such-folder/sheet.pdf"];
    let enabled = healthpass(dir.path(), &enable);
    assert_ne!(enabled.status, 0, "the sheet was not written: {enabled:?}");
    let code = enabled.stdout.lines().last().unwrap().trim().to_owned();
    assert!(healthpass_core::backup::recovery_code::RecoveryCode::parse(&code).is_ok(), "the code is the last line: {enabled:?}");
    let status = healthpass_ok(dir.path(), &["--db", "a.db", "--json", "backup", "status"]).json();
    assert_eq!(status["enabled"], true, "backup is on, so its code had to be shown");
    let restored = healthpass_ok(
        dir.path(),
        &["--db", "b.db", "--json", "backup", "restore", "--server", &f.server.url, "--recovery-code", &code],
    );
    assert_eq!(restored.json()["visits"], 0);
}

#[test]
fn a_diary_moves_to_another_device_on_the_local_network_without_the_server() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let at = ["--at", "2026-06-01T09:00:00Z"];
    let url = offline_poster(dir.path(), "Perpustakaan Kota", "poster.png");
    healthpass_ok(dir.path(), &["--db", "a.db", "checkin", "--text", &url, "--registry", "registry.pub", at[0], at[1]]);
    let public = healthpass(dir.path(), &["--db", "a.db", "backup", "transfer-send", "--address", "8.8.8.8"]);
    assert!(
        public.status != 0 && format!("{}{}", public.stdout, public.stderr).contains("invalid_transfer_code"),
        "never offered off the local network: {public:?}"
    );

    let mut sender = Command::new(healthpass_e2e::workspace_binary("healthpass"))
        .args(["--db", "a.db", "backup", "transfer-send", "--address", "127.0.0.1", "--wait-seconds", "60", at[0], at[1]])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(sender.stdout.take().unwrap()).lines();
    let code = lines.by_ref().map(Result::unwrap).find(|line| line.starts_with("HPTX1:")).expect("the transfer code is printed");
    let received =
        healthpass_ok(dir.path(), &["--db", "b.db", "--json", "backup", "transfer-receive", "--code", &code, at[0], at[1]]);
    assert_eq!(received.json()["visits"], 1);
    assert_eq!(lines.map(Result::unwrap).last().as_deref(), Some("Sent."));
    assert!(sender.wait().unwrap().success());
    let history = healthpass_ok(dir.path(), &["--db", "b.db", "--json", "history", at[0], at[1]]).json();
    assert_eq!(history["visits"][0]["venue_name"], "Perpustakaan Kota", "{history}");
    let again = healthpass(dir.path(), &["--db", "c.db", "backup", "transfer-receive", "--code", &code]);
    assert!(again.status != 0 && format!("{}{}", again.stdout, again.stderr).contains("offline"), "served once: {again:?}");
}
