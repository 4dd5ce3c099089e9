//! Load generator for benches/fault_load.sh (a measurement, not a test): C workers upload
//! (each upload with the code of a case confirmed just before), back up (a new encrypted
//! backup under a fresh recovery code) and sync (warning index and trust list) for SECONDS
//! while the script kills and restarts the server and PostgreSQL. A request that fails in
//! transport or with 5xx is retried with the same body until the server answers; an upload
//! counts as acknowledged on 202 or on 409 `upload_replayed` (stored before the reply was
//! lost), a backup on 201 or on 412 when the blob already there is ours. At the end the review
//! list must hold as many uploads as were acknowledged, and every acknowledged backup must
//! read back byte for byte: anything less is a lost write.
//!
//! Prints `ack`/`lost` counts, per-kind p50/p99 latency of answered requests, and writes one
//! line per 5xx or transport failure (`unix_ms kind status`) to ERRORS for the script to set
//! against the restart windows.
//!
//! Usage: `fault_load URL OFFICER_TOKEN SECONDS CONCURRENCY ERRORS`.

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use healthpass_core::backup::format::{ContentKey, seal};
use healthpass_core::backup::keys::BackupKeys;
use healthpass_core::backup::recovery_code::RecoveryCode;
use healthpass_core::backup::server::backup_path;
use healthpass_e2e::server_client::{case_terms, load_upload_body};
use reqwest::blocking::{Client, RequestBuilder};
use serde_json::Value;

/// Pause before retrying a request the server did not answer.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

/// How long one request may go unanswered, across retries, before the run is a failure: the
/// script restarts a killed server within seconds, so a longer silence is a hung server.
const ANSWER_DEADLINE: Duration = Duration::from_secs(120);

/// Ends the run as a failure when a request first sent at `first_sent` is still unanswered
/// after [`ANSWER_DEADLINE`].
fn give_up_when_overdue(first_sent: Instant, what: &str) {
    if first_sent.elapsed() > ANSWER_DEADLINE {
        eprintln!("{what}: no answer below 500 within {} s; the server hangs", ANSWER_DEADLINE.as_secs());
        std::process::exit(1);
    }
}

/// What the workers saw.
#[derive(Default)]
struct Observed {
    acknowledged: usize,
    /// Each acknowledged backup: where it is, its credential and the blob written.
    backups: Vec<(String, String, Vec<u8>)>,
    latencies: [Vec<Duration>; 4],
    failures: Vec<(u128, &'static str, u16)>,
}

const KINDS: [&str; 4] = ["confirm", "upload", "sync", "backup"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, token, seconds, concurrency, errors] = args.as_slice() else {
        eprintln!("usage: fault_load URL OFFICER_TOKEN SECONDS CONCURRENCY ERRORS");
        std::process::exit(2);
    };
    let deadline = Instant::now() + Duration::from_secs(seconds.parse().expect("SECONDS is a number"));
    let concurrency: usize = concurrency.parse().expect("CONCURRENCY is a number");
    let observed = Mutex::new(Observed::default());
    std::thread::scope(|scope| {
        for _ in 0..concurrency {
            scope.spawn(|| worker(url, token, deadline, &observed));
        }
    });
    let mut observed = observed.into_inner().expect("no worker panicked");
    let mut log = std::fs::File::create(errors).expect("the errors file opens");
    for (at, kind, status) in &observed.failures {
        writeln!(log, "{at} {kind} {status}").expect("the errors file is writable");
    }
    let lost = observed.acknowledged.saturating_sub(stored_uploads(url, token));
    println!("acknowledged uploads: {}, lost: {lost}", observed.acknowledged);
    let lost_backups =
        observed.backups.iter().filter(|(path, credential, blob)| !backup_reads_back(url, path, credential, blob)).count();
    println!("acknowledged backups: {}, lost: {lost_backups}", observed.backups.len());
    for (kind, latencies) in KINDS.iter().zip(observed.latencies.iter_mut()) {
        latencies.sort();
        let percentile = |p: f64| latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)));
        let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
        println!("{kind}: {} answered, p50 {:.1} ms, p99 {:.1} ms", latencies.len(), ms(percentile(0.50)), ms(percentile(0.99)));
    }
    println!("failures (5xx or no answer, retried): {}", observed.failures.len());
    if lost + lost_backups > 0 {
        std::process::exit(1);
    }
}

/// Confirms a case, uploads on it, backs up, syncs; again until the deadline.
fn worker(url: &str, token: &str, deadline: Instant, observed: &Mutex<Observed>) {
    let client = Client::builder().timeout(Duration::from_secs(30)).build().expect("an HTTP client");
    while Instant::now() < deadline {
        let (_, case) = answered(observed, 0, || client.post(format!("{url}/v1/cases")).bearer_auth(token).json(&case_terms()));
        let Some(code) = case["upload_code"].as_str() else { panic!("confirming a case failed: {case}") };
        let body = load_upload_body(code);
        let (status, reply) = answered(observed, 1, || {
            client.post(format!("{url}/v1/uploads")).header("content-type", "application/octet-stream").body(body.clone())
        });
        match (status, reply["error"].as_str()) {
            (202, _) | (409, Some("upload_replayed")) => {
                observed.lock().expect("no worker panicked").acknowledged += 1;
            }
            _ => panic!("upload refused with {status}: {reply}"),
        }
        back_up(&client, url, observed);
        answered(observed, 2, || client.get(format!("{url}/v1/warnings/index")));
        answered(observed, 2, || client.get(format!("{url}/v1/trust-list")));
    }
}

/// Creates a backup under a fresh recovery code. A 412 on a retry means the first attempt was
/// stored before its reply was lost: acknowledged when the blob there is this one.
fn back_up(client: &Client, url: &str, observed: &Mutex<Observed>) {
    let keys = BackupKeys::derive(&RecoveryCode::generate());
    let blob = seal(b"{\"visits\":[]}", &ContentKey::plain(&keys)).expect("a backup seals");
    let (path, credential) = (backup_path(&keys), keys.credential.to_text());
    let (status, reply) = answered(observed, 3, || {
        client.put(format!("{url}{path}")).bearer_auth(&credential).header("if-none-match", "*").body(blob.clone())
    });
    let ours = status == 201 || (status == 412 && backup_reads_back(url, &path, &credential, &blob));
    assert!(ours, "backup refused with {status}: {reply}");
    observed.lock().expect("no worker panicked").backups.push((path, credential, blob));
}

/// Whether the backup at `path` reads back as `blob` (retrying while the server restarts).
fn backup_reads_back(url: &str, path: &str, credential: &str, blob: &[u8]) -> bool {
    let client = Client::new();
    let first_sent = Instant::now();
    loop {
        match client.get(format!("{url}{path}")).bearer_auth(credential).send() {
            Ok(response) if response.status().as_u16() < 500 => {
                return response.status() == 200 && response.bytes().is_ok_and(|bytes| bytes.as_ref() == blob);
            }
            _ => {
                give_up_when_overdue(first_sent, "reading a backup back");
                std::thread::sleep(RETRY_PAUSE);
            }
        }
    }
}

/// Sends the request made by `request` until the server answers it with a status below 500
/// (the run fails after [`ANSWER_DEADLINE`] without one);
/// returns that status and its JSON body (`null` when not JSON). Records latency and failures.
fn answered(observed: &Mutex<Observed>, kind: usize, request: impl Fn() -> RequestBuilder) -> (u16, Value) {
    let first_sent = Instant::now();
    loop {
        let sent = Instant::now();
        let (status, body) = match request().send() {
            Ok(response) => {
                let status = response.status().as_u16();
                (status, response.json::<Value>().unwrap_or(Value::Null))
            }
            Err(_) => (0, Value::Null),
        };
        let mut observed = observed.lock().expect("no worker panicked");
        if (1..500).contains(&status) {
            observed.latencies[kind].push(sent.elapsed());
            return (status, body);
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
        observed.failures.push((now, KINDS[kind], status));
        drop(observed);
        give_up_when_overdue(first_sent, KINDS[kind]);
        std::thread::sleep(RETRY_PAUSE);
    }
}

/// How many uploads await review: the server keeps no case with an upload, so every
/// acknowledged upload must be one of these.
fn stored_uploads(url: &str, token: &str) -> usize {
    let client = Client::new();
    let (mut uploads, mut after) = (0, 0);
    loop {
        let page: Value =
            client.get(format!("{url}/v1/review?after={after}&limit=500")).bearer_auth(token).send().unwrap().json().unwrap();
        uploads += page["pending"].as_array().expect("a review page").iter().filter(|item| item["kind"] == "upload").count();
        match page["next_after"].as_i64() {
            Some(next) => after = next,
            None => return uploads,
        }
    }
}
