//! Decentralised exposure warnings end to end: the real server binary on loopback, citizens'
//! diaries in real SQLite files, every step through the `healthpass` command line.
//!
//! A and B visit the same mall with overlapping visits, C visits an office, D arrives at the
//! mall as A leaves (5 minutes of overlap). A is confirmed and uploads; the officer publishes;
//! B is alerted once and turns black; C and D are not alerted.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};
use healthpass_e2e::{Run, ServerProcess, add_account, exposure_story_start, healthpass, healthpass_ok, issue_vaccination};
use serde_json::{Value, json};

/// The server with an officer, an operator, two registered venues and the pinned key files.
struct Town {
    dir: tempfile::TempDir,
    server: ServerProcess,
    officer: String,
    operator: String,
    start: DateTime<Utc>,
    /// Venue ids by poster file stem (`mall`, `office`).
    venue_ids: std::collections::HashMap<String, String>,
}

impl Town {
    fn new() -> Town {
        let dir = tempfile::tempdir().unwrap();
        let officer = add_account(dir.path(), "add-officer", "Dr. Sari");
        let operator = add_account(dir.path(), "add-operator", "Pengelola Mal");
        let server = ServerProcess::start(dir.path());
        let start = exposure_story_start();
        let mut town = Town { dir, server, officer, operator, start, venue_ids: Default::default() };
        for (name, file) in [("Mal Olympic Garden", "mall"), ("Kantor Kelurahan Oro-oro Dowo", "office")] {
            let registered = town.cli_ok(&[
                "--json",
                "operator",
                "register-venue",
                "--server",
                &town.server.url,
                "--token",
                &town.operator,
                "--name",
                name,
                "--address",
                "Jl. Kawi 24, Malang",
                "--category",
                "mall",
                "--stay",
                "120",
                "--poster",
                &format!("{file}.png"),
                "--poster-text-out",
                &format!("{file}.trace"),
                "--valid-from",
                &town.at(-60),
            ]);
            town.venue_ids.insert(file.to_owned(), registered.json()["venue_id"].as_str().unwrap().to_owned());
        }
        let keys: Value = reqwest::blocking::get(format!("{}/v1/keys", town.server.url)).unwrap().json().unwrap();
        for (kind, file) in [("registry", "registry.pub"), ("publisher", "publisher.pub")] {
            std::fs::write(town.path().join(file), keys[kind][0].as_str().unwrap()).unwrap();
        }
        town
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn cli(&self, args: &[&str]) -> Run {
        healthpass(self.path(), args)
    }

    fn cli_ok(&self, args: &[&str]) -> Run {
        healthpass_ok(self.path(), args)
    }

    /// The instant `minutes` after the story starts, as RFC 3339.
    fn at(&self, minutes: i64) -> String {
        (self.start + TimeDelta::minutes(minutes)).to_rfc3339()
    }

    /// `citizen` checks in from a poster photo at `from` and out at `to` (minutes).
    fn visit(&self, citizen: &str, poster: &str, from: i64, to: i64) {
        let db = format!("{citizen}.db");
        self.cli_ok(&["--db", &db, "checkin", poster, "--registry", "registry.pub", "--at", &self.at(from)]);
        self.cli_ok(&["--db", &db, "checkout", "--at", &self.at(to)]);
    }

    fn officer(&self, args: &[&str]) -> Run {
        let account = ["--server", self.server.url.as_str(), "--token", self.officer.as_str()];
        self.cli(&[&["--json", "officer"], args, &account].concat())
    }

    /// Confirms a case with `advice` over the day of the story; the upload code.
    fn confirm_case(&self, advice: &str) -> String {
        let period = ["--infectious-from".to_owned(), self.at(-60), "--infectious-until".to_owned(), self.at(24 * 60)];
        let case = self.officer(&[&["confirm-case", "--advice", advice][..], &period.each_ref().map(String::as_str)].concat());
        assert_eq!(case.status, 0, "{case:?}");
        case.json()["upload_code"].as_str().unwrap().to_owned()
    }

    /// `citizen` uploads now with `code`.
    fn upload(&self, citizen: &str, code: &str) -> Run {
        let db = format!("{citizen}.db");
        self.cli(&["--json", "--db", &db, "upload", "--server", &self.server.url, "--code", code])
    }

    /// `citizen` syncs the warnings from `server` now.
    fn sync(&self, citizen: &str, server: &str) -> Run {
        let db = format!("{citizen}.db");
        self.cli(&["--json", "--db", &db, "sync", "--server", server, "--publisher", "publisher.pub"])
    }

    fn alerts(&self, citizen: &str) -> Vec<Value> {
        let db = format!("{citizen}.db");
        let run = self.cli_ok(&["--json", "--db", &db, "alerts"]);
        run.json()["alerts"].as_array().unwrap().clone()
    }

    /// Approves every pending submission and publishes them.
    fn approve_all_and_publish(&self) -> Value {
        let pending = self.officer(&["review"]).json();
        let mut decide = vec!["review"];
        for item in pending["pending"].as_array().unwrap() {
            decide.extend(["--approve", item["id"].as_str().unwrap()]);
        }
        assert_eq!(self.officer(&decide).json()["pending"], json!([]));
        let published = self.officer(&["publish"]);
        assert_eq!(published.status, 0, "{published:?}");
        published.json()
    }
}

#[test]
fn a_confirmed_case_alerts_exactly_the_overlapping_visitor_who_turns_black() {
    let town = Town::new();
    town.visit("a", "mall.png", 0, 90);
    town.visit("b", "mall.png", 30, 120);
    town.visit("c", "office.png", 30, 120);
    town.visit("d", "mall.png", 85, 150);

    // Isolation: under the 2021 rules only that advice makes a close contact (black).
    let code = town.confirm_case("isolate");
    let uploaded = town.upload("a", &code);
    assert_eq!(uploaded.status, 0, "{uploaded:?}");
    // 90 minutes from a whole hour touch two hour slots: one report each.
    assert_eq!((uploaded.json()["visits_shared"].clone(), uploaded.json()["reports"].clone()), (json!(1), json!(2)));
    let reused = town.upload("a", &code);
    assert_eq!((reused.status, reused.json()["error"].clone()), (1, json!("code_used")));

    // One upload, padded to the default three submissions with two decoy submissions of its size.
    assert_eq!(town.approve_all_and_publish()["reports"], json!(3 * 2));
    for citizen in ["b", "c", "d"] {
        let synced = town.sync(citizen, &town.server.url);
        assert_eq!(synced.status, 0, "{synced:?}");
    }
    let alerts = town.alerts("b");
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["venue_name"], json!("Mal Olympic Garden"));
    assert_eq!((alerts[0]["overlap_minutes"].clone(), alerts[0]["advice"].clone()), (json!(60), json!("isolate")));
    assert_eq!(town.alerts("c"), Vec::<Value>::new(), "another venue");
    assert_eq!(town.alerts("d"), Vec::<Value>::new(), "5 minutes is below the 15-minute threshold");

    let again = town.sync("b", &town.server.url).json();
    assert_eq!((again["unchanged"].clone(), again["new_alerts"].clone()), (json!(true), json!(0)));

    healthpass_ok(town.path(), &["issuer", "keygen", "--valid-from", "2026-01-01T00:00:00Z", "--out-dir", "."]);
    issue_vaccination(town.path(), "Budi", "1985-11-02", "2", "budi.png");
    let wallet = ["--json", "--db", "b.db"];
    town.cli_ok(&[&wallet[..], &["wallet", "add", "budi.png"]].concat());
    let status = town.cli_ok(&[&wallet[..], &["status", "--rules", "2021", "--dsc", "issuer-dsc.pem"]].concat()).json();
    assert_eq!(status["statuses"][0]["colour"], json!("black"), "{status}");
}

#[test]
fn a_venue_warning_needs_the_venues_operator_its_poster_text_and_an_officer() {
    // The server cannot read a venue warning, so it cannot check which venue it is about: a
    // warning sealed with another venue's secret is accepted, and alerts only that venue's visitors.
    let town = Town::new();
    town.visit("b", "mall.png", 30, 120);
    let stranger = add_account(town.path(), "add-operator", "Pengelola lain");
    let venue_id = town.venue_ids["mall"].clone();
    let warn = |token: &str, secret: &str| {
        let window = ["--from", &town.at(0), "--to", &town.at(60)].map(str::to_owned);
        let account = ["--server", &town.server.url, "--token", token].map(str::to_owned);
        let target = ["--venue-id", &venue_id, "--poster-text", secret].map(str::to_owned);
        let args: Vec<String> =
            [&["--json".to_owned(), "operator".to_owned(), "warn".to_owned()][..], &account, &target, &window].concat();
        town.cli(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let refused = warn(&stranger, "mall.trace");
    assert_eq!((refused.status, refused.json()["error"].clone()), (1, json!("not_your_venue")));
    let nothing = town.officer(&["publish"]);
    assert_eq!((nothing.status, nothing.json()["error"].clone()), (1, json!("nothing_to_publish")));
    assert_eq!(warn(&town.operator, "office.trace").status, 0);
    assert_eq!(town.approve_all_and_publish()["reports"], json!(3), "one report and two decoy submissions of one");
    assert_eq!(town.sync("b", &town.server.url).json()["new_alerts"], json!(0), "another venue's report");

    assert_eq!(warn(&town.operator, "mall.trace").status, 0);
    assert_eq!(town.sync("b", &town.server.url).status, 0);
    assert_eq!(town.alerts("b"), Vec::<Value>::new(), "not published before an officer approves");
    assert_eq!(town.approve_all_and_publish()["reports"], json!(3));
    assert_eq!(town.sync("b", &town.server.url).json()["new_alerts"], json!(1));
    assert_eq!(town.alerts("b")[0]["overlap_minutes"], json!(30));
}

#[test]
fn a_tampered_bundle_is_refused_and_stores_nothing() {
    let town = Town::new();
    town.visit("a", "mall.png", 0, 90);
    town.visit("b", "mall.png", 30, 120);
    let code = town.confirm_case("get_tested");
    assert_eq!(town.upload("a", &code).status, 0);
    let hour = town.approve_all_and_publish()["hour"].as_u64().unwrap();
    let mirror = TamperingMirror::start(&town.server.url, &format!("/v1/warnings/{hour}"));
    let refused = town.sync("b", &mirror.url);
    assert_eq!(refused.status, 1, "{refused:?}");
    assert!(["forged_signature", "bundle_mismatch"].contains(&refused.json()["error"].as_str().unwrap()), "{refused:?}");
    assert_eq!(town.alerts("b"), Vec::<Value>::new());
    let honest = town.sync("b", &town.server.url);
    assert_eq!((honest.status, honest.json()["new_alerts"].clone()), (0, json!(1)), "{honest:?}");
}

/// A hostile mirror (a CDN that was broken into): forwards GETs to the real server and flips
/// one byte in the middle of one path's body.
struct TamperingMirror {
    url: String,
}

impl TamperingMirror {
    fn start(upstream: &str, tampered_path: &str) -> TamperingMirror {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (upstream, tampered_path) = (upstream.to_owned(), tampered_path.to_owned());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                reader.read_line(&mut request_line).unwrap();
                let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap() <= 2 {
                        break;
                    }
                }
                let mut body = Vec::new();
                let response = reqwest::blocking::get(format!("{upstream}{path}")).unwrap();
                let status = response.status().as_u16();
                response.take(64 << 20).read_to_end(&mut body).unwrap();
                if path == tampered_path {
                    let middle = body.len() / 2;
                    body[middle] ^= 0x01;
                }
                let mut stream = stream;
                write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).unwrap();
                stream.write_all(&body).unwrap();
            }
        });
        TamperingMirror { url }
    }
}

#[test]
fn a_token_that_starts_with_a_hyphen_is_a_token_not_an_option() {
    let dir = tempfile::tempdir().unwrap();
    // Tokens are base64url: one in 64 starts with '-'. Nothing listens on port 9, so the
    // command gets as far as the network (offline, exit 3) instead of a usage error (exit 2).
    let run =
        healthpass(dir.path(), &["--json", "officer", "publish", "--server", "http://127.0.0.1:9", "--token", "-_g2RFDrng"]);
    assert_eq!((run.status, run.json()["error"].clone()), (3, json!("offline")), "{run:?}");
}

#[test]
fn dummy_upload_runs_the_diarys_schedule_and_sends_only_when_due() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(dir.path());
    let dummy = |url: &str, at: &str, extra: &[&str]| {
        healthpass(dir.path(), &[&["--json", "--db", "d.db", "dummy-upload", "--server", url, "--at", at][..], extra].concat())
    };
    let instant = |run: &Run| DateTime::parse_from_rfc3339(run.json()["next_at"].as_str().unwrap()).unwrap().to_utc();
    let t0 = Utc::now().to_rfc3339();
    let first = dummy(&server.url, &t0, &[]);
    assert_eq!((first.status, first.json()["sent"].clone()), (0, json!(false)), "the first run only schedules: {first:?}");
    let due = instant(&first);
    let again = dummy(&server.url, &t0, &[]);
    assert_eq!((again.json()["sent"].clone(), instant(&again)), (json!(false), due), "not due: nothing sent, schedule kept");
    let at_due = dummy(&server.url, &due.to_rfc3339(), &[]);
    assert_eq!(at_due.json()["sent"], json!(true), "{at_due:?}");
    let next = instant(&at_due);
    assert!(next > due, "the next one is scheduled: {next}");
    let forced = dummy(&server.url, &due.to_rfc3339(), &["--now"]);
    assert_eq!((forced.status, forced.json()["sent"].clone(), instant(&forced)), (0, json!(true), next), "{forced:?}");

    // Without the server: a run before the next one is due sends nothing (and needs no
    // network); at the due instant it tries, and the dummy stays due.
    let url = server.url.clone();
    server.stop();
    let early = dummy(&url, &due.to_rfc3339(), &[]);
    assert_eq!((early.status, instant(&early)), (0, next), "{early:?}");
    let offline = dummy(&url, &next.to_rfc3339(), &[]);
    assert_eq!(offline.json()["error"], json!("offline"), "{offline:?}");
    assert_eq!(instant(&dummy(&url, &due.to_rfc3339(), &[])), next, "still due at the same instant");
}
