//! Out-of-range input on the command line is refused by the core with a typed code (exit 1),
//! never clamped: the same limits the phones and the server apply.

use healthpass_e2e::{Run, healthpass, healthpass_ok};

fn refused_with(run: &Run, code: &str) {
    assert_eq!((run.status, run.json()["error"].as_str()), (1, Some(code)), "{run:?}");
}

#[test]
fn an_upload_window_outside_one_to_twenty_one_days_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    for days in ["0", "22", "60"] {
        // Port 9 on loopback: had the upload been attempted, the failure would be `offline`.
        let args = ["--json", "--db", "d.db", "upload", "--server", "http://127.0.0.1:9", "--code", "AAAA", "--days", days];
        refused_with(&healthpass(dir.path(), &args), "invalid_upload_window");
    }
}

#[test]
fn a_minimum_overlap_outside_one_minute_to_one_day_is_refused_before_anything_is_fetched() {
    let dir = tempfile::tempdir().unwrap();
    for minutes in ["0", "1441"] {
        let args = [
            "--json",
            "--db",
            "d.db",
            "sync",
            "--server",
            "http://127.0.0.1:9",
            "--publisher",
            "missing.pub",
            "--min-overlap",
            minutes,
        ];
        refused_with(&healthpass(dir.path(), &args), "invalid_min_overlap");
    }
}

#[test]
fn the_cli_issues_within_the_same_limits_as_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    healthpass_ok(dir, &["issuer", "keygen", "--valid-from", "2026-01-01T00:00:00Z", "--out-dir", "."]);
    let issue = |extra: &[&str]| {
        let base = [
            "--json",
            "cert",
            "issue",
            "vaccination",
            "--key",
            "issuer.key",
            "--family-name",
            "Santoso",
            "--dob",
            "1990-01-01",
            "--date",
            "2026-07-01",
            "--at",
            "2026-07-02T00:00:00Z",
            "--out",
            "cert.txt",
        ];
        healthpass(dir, &[&base[..], extra].concat())
    };
    refused_with(&issue(&["--dose", "42"]), "invalid_dose");
    refused_with(&issue(&["--dose", "1", "--doses", "0"]), "invalid_dose");
    refused_with(&issue(&["--dose", "1", "--valid-days", "0"]), "invalid_validity");
    refused_with(&issue(&["--dose", "1", "--valid-days", "3661"]), "invalid_validity");
    assert!(!dir.join("cert.txt").exists(), "nothing was issued");
    assert_eq!(issue(&["--dose", "1"]).status, 0);
}

#[test]
fn a_poster_validity_outside_one_to_365_days_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    healthpass_ok(dir, &["registry", "keygen", "--out-dir", "."]);
    let create = |days: &str| {
        #[rustfmt::skip]
        let args = ["--json", "venue", "create", "--key", "registry.key", "--name", "Toko Maju", "--address", "Jl. Ijen 5",
            "--valid-days", days, "--out", "poster.svg"];
        healthpass(dir, &args)
    };
    refused_with(&create("0"), "invalid_field");
    refused_with(&create("366"), "invalid_field");
    assert!(!dir.join("poster.svg").exists(), "nothing was signed");
    assert_eq!(create("365").status, 0, "a year is the longest validity");
}
