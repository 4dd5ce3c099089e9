//! The costs behind the backup's threat-model rows: one code guess (HKDF-SHA256 key
//! derivation), one passphrase guess (Argon2id at the phones' cost), and sealing / opening a
//! year of daily visits.
//!
//! `cargo bench -p healthpass-core --bench backup`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use healthpass_core::backup::contents::{BackedUpVisit, BackupContents, CONTENTS_VERSION};
use healthpass_core::backup::format::{ContentKey, open, seal};
use healthpass_core::backup::keys::{BackupKeys, PassphraseCost};
use healthpass_core::backup::recovery_code::RecoveryCode;

fn guesses(c: &mut Criterion) {
    let code = RecoveryCode::from_secret([9; 16]);
    c.bench_function("backup: one recovery-code guess (HKDF derivation)", |b| b.iter(|| BackupKeys::derive(black_box(&code))));
    let keys = BackupKeys::derive(&code);
    let mut group = c.benchmark_group("backup");
    group.sample_size(10);
    group.bench_function("one passphrase guess (Argon2id 64 MiB, 3 passes)", |b| {
        b.iter(|| ContentKey::with_passphrase(&keys, black_box("kucing oren tujuh"), PassphraseCost::PHONE))
    });
    group.finish();
}

fn year_of_visits(c: &mut Criterion) {
    let keys = BackupKeys::derive(&RecoveryCode::from_secret([9; 16]));
    let key = ContentKey::plain(&keys);
    let visits = (0..365)
        .map(|day| BackedUpVisit {
            poster_kind: "healthpass".to_owned(),
            venue_id: Some("AAAAAAAAAAAAAAAAAAAAAA".to_owned()),
            venue_name: format!("Toko nomor {day}"),
            venue_address: "Jl. Merdeka 5, Malang".to_owned(),
            category: "shop".to_owned(),
            default_stay_min: 60,
            poster: "A".repeat(240),
            checked_in_at: 1_764_576_000 + day * 86_400,
            checked_out_at: None,
            checkout_kind: None,
        })
        .collect();
    let contents = BackupContents {
        version: CONTENTS_VERSION,
        made_at: 0,
        retention_days: Some(365),
        visits,
        certificates: vec![],
        alerts: vec![],
    };
    let json = contents.to_json();
    let blob = seal(&json, &key).expect("a year fits");
    println!("a year of daily visits: contents {} bytes, blob {} bytes", json.len(), blob.len());
    c.bench_function("backup: seal 365 visits", |b| b.iter(|| seal(black_box(&json), &key)));
    c.bench_function("backup: open 365 visits", |b| b.iter(|| open(black_box(&blob), &keys, None)));
}

criterion_group!(benches, guesses, year_of_visits);
criterion_main!(benches);
