//! The adversary test (issue 14, item 10): the whole exposure story with the real binaries,
//! then an attacker who seized the server — its data directory with keys, SQLite file and WAL,
//! published bundles and log; for PostgreSQL also `pg_dump`, the database's cluster files and
//! every WAL segment — tries to find the venue's seed, location id or slot tags, to open a
//! report with any key it holds, to tell real reports from decoys and to link a published
//! report to the case. Each attempt fails; the visitor with the poster is alerted all the same.
//! Each scenario on SQLite and PostgreSQL.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use healthpass_core::exposure::{HourSummary, LocationId, PublishedReport, PublisherPublicKey, Slot, SlotTag};
use healthpass_core::venue::read_kept_poster_text;
use healthpass_e2e::evidence::{Evidence, Exhibit};
use healthpass_e2e::server_client::{ServerFixture, reply};
use healthpass_e2e::{Backend, Run, healthpass, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

on_both_backends!(a_seized_server_yields_no_seed_no_report_no_decoy_marker_and_no_case);

/// The citizens' and the operator's side: a directory apart from the server's, so nothing the
/// phones hold counts as seized.
struct Phones {
    dir: tempfile::TempDir,
    server: String,
}

impl Phones {
    fn run(&self, args: &[&str]) -> Run {
        let run = healthpass(self.dir.path(), args);
        assert_eq!(run.status, 0, "healthpass {args:?} failed: {run:?}");
        run
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn officer(&self, token: &str, args: &[&str]) -> Value {
        let account = ["--server", self.server.as_str(), "--token", token];
        self.run(&[&["--json", "officer"], args, &account].concat()).json()
    }

    /// `citizen` checks in from the poster photo at `from` and out at `to`.
    fn visit(&self, citizen: &str, from: DateTime<Utc>, to: DateTime<Utc>) {
        let db = format!("{citizen}.db");
        self.run(&["--db", &db, "checkin", "mall.png", "--registry", "registry.pub", "--at", &from.to_rfc3339()]);
        self.run(&["--db", &db, "checkout", "--at", &to.to_rfc3339()]);
    }
}

/// What the story leaves behind for the attacker to look for.
struct Story {
    /// The venue id (hex) the server registered.
    venue_id: String,
    /// The published hour and every report in it.
    hour: u64,
    published: Vec<PublishedReport>,
    /// The bytes of the hour's summary and buckets as anyone downloads them.
    bundle_bytes: Vec<u8>,
    /// The upload code the officer got, and the id the upload had in review.
    upload_code: String,
    submission_id: String,
}

/// The first instant at which the visits of the story (four minutes, rounded outward to ten)
/// end inside the hour they start in: the phone ignores a window ending after the hour of the
/// bundle that publishes it, and a poster cannot be scanned before it was registered.
fn story_start() -> DateTime<Utc> {
    let now = Utc::now();
    if now.minute() < 55 {
        return now;
    }
    let next_hour = Slot::of(now).end() + TimeDelta::seconds(2);
    std::thread::sleep((next_hour - now).to_std().expect("the hour ends after now"));
    Utc::now()
}

/// The operator registers a venue (seed made by the CLI), A and B check in with overlapping
/// visits, the officer confirms A's case, A uploads, the officer approves and publishes, and B
/// syncs and is alerted.
fn tell_story(f: &ServerFixture, phones: &Phones) -> Story {
    let (_, keys) = reply(f.get("/v1/keys", None));
    for (kind, file) in [("registry", "registry.pub"), ("publisher", "publisher.pub")] {
        std::fs::write(phones.path().join(file), keys[kind][0].as_str().unwrap()).unwrap();
    }
    let start = story_start();
    let registered = phones.run(&[
        "--json",
        "operator",
        "register-venue",
        "--server",
        &phones.server,
        "--token",
        &f.operator,
        "--name",
        "Mal Olympic Garden",
        "--address",
        "Jl. Kawi 24, Malang",
        "--category",
        "mall",
        "--stay",
        "120",
        "--poster",
        "mall.png",
        "--poster-text-out",
        "mall.txt",
    ]);
    let venue_id = registered.json()["venue_id"].as_str().unwrap().to_owned();
    let at = |seconds: i64| start + TimeDelta::seconds(seconds);
    phones.visit("a", at(5), at(185));
    phones.visit("b", at(65), at(245));

    let period = [at(-3600).to_rfc3339(), at(2 * 3600).to_rfc3339()];
    let case = phones.officer(
        &f.officer,
        &["confirm-case", "--advice", "isolate", "--infectious-from", &period[0], "--infectious-until", &period[1]],
    );
    let upload_code = case["upload_code"].as_str().unwrap().to_owned();
    let now = Utc::now().to_rfc3339();
    let uploaded =
        phones.run(&["--json", "--db", "a.db", "upload", "--server", &phones.server, "--code", &upload_code, "--at", &now]);
    assert_eq!(uploaded.json()["visits_shared"], json!(1), "{uploaded:?}");

    let pending = phones.officer(&f.officer, &["review"]);
    let pending = pending["pending"].as_array().unwrap().clone();
    assert_eq!(pending.len(), 1, "{pending:?}");
    let submission_id = pending[0]["id"].as_str().unwrap().to_owned();
    phones.officer(&f.officer, &["review", "--approve", &submission_id]);
    let publish = phones.officer(&f.officer, &["publish"]);
    let hour = publish["hour"].as_u64().unwrap();

    let synced = phones.run(&[
        "--json",
        "--db",
        "b.db",
        "sync",
        "--server",
        &phones.server,
        "--publisher",
        "publisher.pub",
        "--min-overlap",
        "1",
        "--at",
        &Utc::now().to_rfc3339(),
    ]);
    assert_eq!(synced.json()["new_alerts"], json!(1), "with the poster in hand B is alerted: {synced:?}");
    let alerts = phones.run(&["--json", "--db", "b.db", "alerts"]).json();
    assert_eq!(alerts["alerts"][0]["advice"], json!("isolate"), "{alerts}");

    let (published, bundle_bytes) = download_hour(f, &keys, hour);
    assert_eq!(published.len() as u64, publish["reports"].as_u64().unwrap());
    Story { venue_id, hour, published, bundle_bytes, upload_code, submission_id }
}

/// Every report of the published `hour`, verified with the server's publisher keys, and the
/// downloaded bytes (summary, then each bucket).
fn download_hour(f: &ServerFixture, keys: &Value, hour: u64) -> (Vec<PublishedReport>, Vec<u8>) {
    let trusted: Vec<PublisherPublicKey> = keys["publisher"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| PublisherPublicKey::from_text(k.as_str().unwrap()).unwrap())
        .collect();
    let summary_bytes = f.get(&format!("/v1/warnings/{hour}"), None).send().unwrap().bytes().unwrap().to_vec();
    let summary = HourSummary::open(&summary_bytes, &trusted, hour).unwrap();
    let mut downloaded = summary_bytes.clone();
    let mut published = Vec::new();
    for index in 0.. {
        let response = f.get(&format!("/v1/warnings/{hour}/{index}"), None).send().unwrap();
        if response.status() == StatusCode::NOT_FOUND {
            break;
        }
        let bucket = response.bytes().unwrap();
        published.extend(summary.read_bucket(index, &bucket).unwrap());
        downloaded.extend_from_slice(&bucket);
    }
    assert_eq!(summary.reports as usize, published.len());
    (published, downloaded)
}

/// The location id of a v2 venue poster from its venue id and a candidate seed (the formula of
/// `LocationId::of_venue`, for seeds the attacker guesses).
fn location_from_seed(venue_id: &[u8], seed: &[u8; 32]) -> LocationId {
    let digest = Sha256::new().chain_update(b"healthpass/location-id/v2\0").chain_update(venue_id).chain_update(seed).finalize();
    LocationId(digest.into())
}

fn decode_hex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
}

fn a_seized_server_yields_no_seed_no_report_no_decoy_marker_and_no_case(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let phones = Phones { dir: tempfile::tempdir().unwrap(), server: f.server.url.clone() };
    let story = tell_story(&f, &phones);
    let data_dir = f.dir.path().to_owned();
    let evidence = Evidence::seize(&data_dir, &f.backend);
    let log = std::fs::read_to_string(data_dir.join("server.log")).unwrap();
    assert!(!log.is_empty() && evidence.exhibits.iter().any(|e| e.name.ends_with("server.log")), "the log is seized");

    // What only the poster's holders know.
    let poster = read_kept_poster_text(&std::fs::read_to_string(phones.path().join("mall.txt")).unwrap()).unwrap();
    let seed = poster.seed().expect("the operator's poster text keeps its seed");
    let location = LocationId::of_venue(&poster).unwrap();
    let venue_id = decode_hex(&story.venue_id);
    assert_eq!(location_from_seed(&venue_id, &seed.0).0, location.0, "the attacker's formula is the phone's");
    let published_slots: BTreeSet<Slot> = (story.hour.saturating_sub(1)..=story.hour).map(Slot).collect();
    let published_tags: HashSet<SlotTag> = story.published.iter().map(|p| p.report.tag).collect();
    let real: Vec<&PublishedReport> =
        story.published.iter().filter(|p| published_slots.iter().any(|slot| location.slot_tag(*slot) == p.report.tag)).collect();
    assert!(!real.is_empty(), "the case's reports are published under the venue's tag");
    assert!(
        real.iter().all(|p| published_slots.iter().any(|slot| p.report.open(&location, *slot).is_ok())),
        "with the poster every real report opens"
    );

    // The search works here: the venue id, which the server must keep, is found.
    assert!(!evidence.find(std::slice::from_ref(&venue_id)).is_empty(), "the evidence search finds what the server keeps");

    // 1. No seed, no location id, and no tag of the venue's other slots (a day either way): the
    // published tags cannot be linked to the venue or to each other.
    let mut secrets = vec![seed.0.to_vec(), location.0.to_vec()];
    let first = Slot(story.hour.saturating_sub(24));
    for slot in (first.0..=story.hour + 24).map(Slot).filter(|slot| !published_slots.contains(slot)) {
        secrets.push(location.slot_tag(slot).0.to_vec());
    }
    assert_eq!(evidence.find(&secrets), Vec::new(), "0 = seed, 1 = location id, then unpublished slot tags");

    // 2. No key the server holds opens a report: tried as a location id and as a seed, every
    // 32-byte value in the data directory (keys, database, vault, log) and the dump gives no
    // published tag. (The cluster's own files and WAL are searched for secrets above, not
    // tried as keys: millions of offsets.)
    let held = evidence.exhibits.iter().filter(|e| e.name == "pg_dump" || Path::new(&e.name).starts_with(&data_dir));
    let holdings = Evidence { exhibits: held.map(|e| Exhibit { name: e.name.clone(), bytes: e.bytes.clone() }).collect() };
    let candidates = holdings.candidate_keys();
    assert!(candidates.len() > 1000, "the attacker tries {} keys", candidates.len());
    for key in &candidates {
        for guess in [LocationId(*key), location_from_seed(&venue_id, key)] {
            for slot in &published_slots {
                let tag = guess.slot_tag(*slot);
                assert!(!published_tags.contains(&tag), "a held key derives a published tag");
            }
        }
    }

    // 3. Real reports look like decoys: one size, the same signed terms, stored side by side.
    let decoys: Vec<&PublishedReport> = story.published.iter().filter(|p| !real.contains(p)).collect();
    assert!(decoys.len() >= real.len(), "{} decoys for {} real reports", decoys.len(), real.len());
    let terms: HashSet<_> = story.published.iter().map(|p| p.terms).collect();
    assert_eq!(terms.len(), 1, "decoys carry the real reports' terms");
    let everyone: Vec<&PublishedReport> = real.iter().chain(decoys.iter()).copied().collect();
    let forms: Vec<Vec<u8>> = everyone.iter().map(|p| p.report.to_bytes().to_vec()).collect();
    let mut places = vec![BTreeSet::new(); everyone.len()];
    for (index, name) in evidence.find(&forms) {
        places[index].insert(name);
    }
    assert!(!places[0].is_empty(), "the server keeps the published reports");
    for (report, kept) in places.iter().enumerate() {
        assert_eq!(kept, &places[0], "report {report} (real below {}) is kept elsewhere than the first", real.len());
    }

    // 4. Nothing links the published hour to the case: the code is in neither what is published
    // nor anything the server keeps, and the submission's row is gone. (Case and submission
    // ids are small integers, too short to search bytes for; the published hour holds only
    // terms and reports.)
    let gone =
        reply(f.post(&format!("/v1/review/{}", story.submission_id), Some(&f.officer)).json(&json!({ "decision": "reject" })));
    assert_eq!(
        (gone.0, gone.1["error"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found")),
        "the published submission is deleted"
    );
    let case_refs: Vec<Vec<u8>> =
        [&story.upload_code, &story.upload_code.replace('-', "")].iter().map(|text| text.as_bytes().to_vec()).collect();
    let published_evidence =
        Evidence { exhibits: vec![Exhibit { name: "published hour".into(), bytes: story.bundle_bytes.clone() }] };
    assert_eq!(published_evidence.find(&case_refs), Vec::new(), "the upload code, with and without dashes");
    assert_eq!(evidence.find(&case_refs), Vec::new(), "the upload code, in any form");
}
