//! Median cost of one check-in through the bindings' Rust API (no FFI), to compare with the
//! same call made from Kotlin (`scripts/kotlin-tests.sh --bench`): the difference is the cost of
//! crossing the FFI. Run: `cargo bench -p healthpass-bindings --bench check_in`.
//!
//! Each iteration is a real check-in on a real SQLite file (alternating two venues, so every
//! call writes: it closes the open visit and opens a new one) with `synchronous=FULL`, so the
//! figure includes the fsync a check-in costs on this disk.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, TimeDelta};
use healthpass::{HealthPassport, HttpTransport};
use healthpass_core::remote::{HttpReply, HttpRequest, TransportError};
use healthpass_core::venue::{DefaultStay, PosterBaseUrl, RegistrySigningKey, VenueCategory, VenueDetails, VenuePoster};

const ITERATIONS: usize = 300;
/// 2026-11-23T03:00:00Z.
const START: i64 = 1_795_402_800;

/// Check-ins need no network: the bench's transport has none.
struct Unplugged;

impl HttpTransport for Unplugged {
    fn send(&self, _request: HttpRequest) -> Result<HttpReply, TransportError> {
        Err(TransportError::Offline)
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db").to_string_lossy().into_owned();
    let passport = HealthPassport::open(path, Arc::new(Unplugged)).expect("open store");
    let registry = RegistrySigningKey::generate();
    passport.set_trusted_registry_keys(vec![registry.public_key().to_text()]).expect("trust key");
    let posters: Vec<String> = ["Toko Maju", "Mal Bekasi Raya"].iter().map(|name| poster(&registry, name)).collect();

    let mut durations = Vec::with_capacity(ITERATIONS);
    for i in 0..ITERATIONS {
        let text = posters[i % 2].clone();
        let started = Instant::now();
        passport.check_in_qr(text, START + i as i64 * 60).expect("check in");
        durations.push(started.elapsed());
    }
    durations.sort();
    let median = durations[ITERATIONS / 2];
    let p90 = durations[ITERATIONS * 9 / 10];
    println!("check_in_qr (Rust, no FFI): median {median:?}, p90 {p90:?} over {ITERATIONS} check-ins");
}

fn poster(registry: &RegistrySigningKey, name: &str) -> String {
    let from = DateTime::from_timestamp(START, 0).expect("start instant") - TimeDelta::days(1);
    let details = VenueDetails {
        name: name.to_owned(),
        address: "Jl. Ijen 5, Malang".to_owned(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(60).expect("stay"),
        valid_from: from,
        valid_until: from + TimeDelta::days(30),
    };
    registry.sign_poster(VenuePoster::for_new_venue(details).expect("poster")).to_url(&PosterBaseUrl::default())
}
