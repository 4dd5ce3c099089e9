//! Load generator for benches/ingest.sh (a measurement, not a test): confirms N cases through
//! the API to get N upload codes, prepares N upload submissions of decoy slot reports, then posts
//! them from C concurrent keep-alive connections and prints uploads/s and latency percentiles.
//!
//! Usage: `ingest_load URL OFFICER_TOKEN UPLOADS CONCURRENCY`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use healthpass_e2e::server_client::{case_terms, load_upload_body};
use reqwest::blocking::Client;
use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, token, uploads, concurrency] = args.as_slice() else {
        eprintln!("usage: ingest_load URL OFFICER_TOKEN UPLOADS CONCURRENCY");
        std::process::exit(2);
    };
    let uploads: usize = uploads.parse().expect("UPLOADS is a number");
    let concurrency: usize = concurrency.parse().expect("CONCURRENCY is a number");

    let codes = run_parallel(uploads, concurrency, |client, _| {
        let case: Value =
            client.post(format!("{url}/v1/cases")).bearer_auth(token).json(&case_terms()).send().unwrap().json().unwrap();
        case["upload_code"].as_str().expect("an upload code").to_owned()
    });
    let bodies: Vec<Vec<u8>> = codes.iter().map(|code| load_upload_body(code)).collect();
    eprintln!("{} codes and bodies ready; uploading with {concurrency} connections", bodies.len());

    let start = Instant::now();
    let results = run_parallel(uploads, concurrency, |client, i| {
        let sent = Instant::now();
        let status = client
            .post(format!("{url}/v1/uploads"))
            .header("content-type", "application/octet-stream")
            .body(bodies[i].clone())
            .send()
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        (status, sent.elapsed())
    });
    let elapsed = start.elapsed();
    let accepted = results.iter().filter(|(status, _)| *status == 202).count();
    let mut latencies: Vec<Duration> = results.iter().map(|(_, latency)| *latency).collect();
    latencies.sort();
    let percentile = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "uploads: {accepted} accepted of {uploads} in {:.2} s = {:.0} uploads/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        elapsed.as_secs_f64(),
        accepted as f64 / elapsed.as_secs_f64(),
        percentile(0.50).as_secs_f64() * 1e3,
        percentile(0.99).as_secs_f64() * 1e3,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
    );
}

/// Runs `work(client, i)` for i in 0..count on `threads` threads, each with its own keep-alive
/// client; the results in order of i.
fn run_parallel<T: Send>(count: usize, threads: usize, work: impl Fn(&Client, usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(count));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let client = Client::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    let result = work(&client, i);
                    results.lock().unwrap().push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, result)| result).collect()
}
