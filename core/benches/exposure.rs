//! On-device matching: 1,000,000 published reports (one hour bundle, streamed from a file
//! written once) against a diary of 500 visits, signature check included; beside it, one
//! BLS12-381 pairing, the cost CrowdNotifier pays per published report for trial decryption.
//! Peak memory: see `examples/exposure_match.rs`.
//!
//! `cargo bench -p healthpass-core --bench exposure`

#[path = "../examples/support/exposure_fixture.rs"]
mod fixture;

use std::hint::black_box;

use bls12_381::{G1Affine, G2Affine, pairing};
use criterion::{Criterion, criterion_group, criterion_main};
use healthpass_core::exposure::match_bundle;

fn matching(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    fixture::write_bundle(dir.path()).expect("the bundle is written");
    let key = fixture::read_key(dir.path()).expect("the key is read");
    let matcher = fixture::matcher();
    let mut group = c.benchmark_group("exposure");
    group.sample_size(10);
    group.bench_function("match 1M reports vs 500 visits (streamed file)", |b| {
        b.iter(|| {
            let file = std::fs::File::open(dir.path().join("bundle")).expect("the bundle opens");
            let found = match_bundle(file, &[key], fixture::HOUR, &matcher).expect("the bundle verifies");
            assert_eq!(found.matches.len(), fixture::AT_VISITED_PLACES);
            black_box(found)
        })
    });
    group.finish();
}

fn crowdnotifier_pairing(c: &mut Criterion) {
    let (p, q) = (G1Affine::generator(), G2Affine::generator());
    c.bench_function("one BLS12-381 pairing (CrowdNotifier, per report)", |b| b.iter(|| pairing(black_box(&p), black_box(&q))));
}

criterion_group!(benches, matching, crowdnotifier_pairing);
criterion_main!(benches);
