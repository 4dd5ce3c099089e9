//! A health office changes the status rules on its server (`healthpass-server run --rules`); a
//! citizen who syncs with the pinned trust root gets statuses under the new rules. Without a
//! sync, or without the root to check the synced file, the built-in 2022 rules apply; an
//! explicit `--rules` always wins.

use healthpass_e2e::{Backend, Run, ServerProcess, healthpass, healthpass_ok, healthpass_server, issue_vaccination};
use serde_json::{Value, json};

/// Rules of a city that lifted its restrictions: everyone is green.
const OPEN_CITY_RULES: &str = r#"{
  "id": "bekasi-2026",
  "name": "Kota Bekasi 2026",
  "version": 3,
  "published_at": "2026-01-05T00:00:00Z",
  "rules": [{ "colour": "green", "reason": "open_city" }],
  "advice": { "open_city": { "id": "Semua layanan terbuka.", "en": "All services are open." } }
}"#;

fn status(dir: &std::path::Path, db: &str, extra: &[&str]) -> Run {
    healthpass(dir, &[&["--json", "--db", db, "status", "--dsc", "issuer-dsc.pem"], extra].concat())
}

fn colour_and_rules(run: &Run) -> (Value, Value) {
    assert_eq!(run.status, 0, "{run:?}");
    let json = run.json();
    (json["statuses"][0]["colour"].clone(), json["rule_set"].clone())
}

#[test]
fn statuses_follow_the_rules_synced_from_the_health_office() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    std::fs::write(path.join("open-city.json"), OPEN_CITY_RULES).unwrap();
    let rules = path.join("open-city.json");
    let server = ServerProcess::start_on(path, &Backend::Sqlite, &["--rules", rules.to_str().unwrap()]);
    let keys: Value = reqwest::blocking::get(format!("{}/v1/keys", server.url)).unwrap().json().unwrap();
    for (kind, file) in [("trust_root", "root.pub"), ("publisher", "publisher.pub")] {
        std::fs::write(path.join(file), keys[kind][0].as_str().unwrap()).unwrap();
    }
    healthpass_ok(path, &["issuer", "keygen", "--valid-from", "2026-01-01T00:00:00Z", "--out-dir", "."]);
    issue_vaccination(path, "Budi", "1985-11-02", "1", "budi.png");
    healthpass_ok(path, &["--db", "budi.db", "wallet", "add", "budi.png"]);

    // One dose is not green under the built-in 2022 rules.
    let before = colour_and_rules(&status(path, "budi.db", &["--trust-root", "root.pub"]));
    assert_eq!(before.1, json!("peduli-lindungi-2022"));
    assert_ne!(before.0, json!("green"));
    let unsynced = status(path, "budi.db", &["--rules", "synced", "--trust-root", "root.pub"]);
    assert_eq!((unsynced.status, unsynced.json()["error"].clone()), (1, json!("no_synced_rules")));

    let synced = healthpass_ok(
        path,
        &[
            "--json",
            "--db",
            "budi.db",
            "sync",
            "--server",
            &server.url,
            "--publisher",
            "publisher.pub",
            "--trust-root",
            "root.pub",
        ],
    );
    assert_eq!(synced.json()["documents"]["rules_updated"], json!(true), "{synced:?}");

    let after = colour_and_rules(&status(path, "budi.db", &["--trust-root", "root.pub"]));
    assert_eq!(after, (json!("green"), json!("bekasi-2026")));
    let named = colour_and_rules(&status(path, "budi.db", &["--rules", "synced", "--trust-root", "root.pub"]));
    assert_eq!(named, after);
    // Without the pinned root the synced file cannot be checked, so it is not used.
    assert_eq!(colour_and_rules(&status(path, "budi.db", &[])), before);
    // An explicit choice wins over the synced rules.
    let explicit = colour_and_rules(&status(path, "budi.db", &["--rules", "2022", "--trust-root", "root.pub"]));
    assert_eq!(explicit, before);

    // The server comes back serving an older version of the same rules (a rollback, or an
    // attacker replaying an old signed file): the sync refuses it and the status keeps v3.
    drop(server);
    std::fs::write(&rules, OPEN_CITY_RULES.replace(r#""version": 3"#, r#""version": 2"#)).unwrap();
    let server = ServerProcess::start_on(path, &Backend::Sqlite, &["--rules", rules.to_str().unwrap()]);
    let sync_args = ["--json", "--db", "budi.db", "sync", "--server", &server.url, "--publisher", "publisher.pub"];
    let rolled_back = healthpass(path, &[&sync_args[..], &["--trust-root", "root.pub"]].concat());
    assert_eq!((rolled_back.status, rolled_back.json()["error"].clone()), (1, json!("outdated_rule_set")), "{rolled_back:?}");
    assert_eq!(colour_and_rules(&status(path, "budi.db", &["--trust-root", "root.pub"])), after);
}

#[test]
fn a_server_refuses_to_start_with_a_rule_set_that_leaves_people_without_a_colour() {
    let dir = tempfile::tempdir().unwrap();
    let broken = OPEN_CITY_RULES.replace(r#"{ "colour": "green", "reason": "open_city" }"#, "");
    std::fs::write(dir.path().join("broken.json"), broken).unwrap();
    let run = healthpass_server(
        dir.path(),
        &["--json", "run", "--sign-documents-at-start", "--data", ".", "--listen", "127.0.0.1:0", "--rules", "broken.json"],
    );
    assert_eq!((run.status, run.json()["error"].clone()), (1, json!("malformed_rules")), "{run:?}");
}
