//! On-device matching (format v2).
//!
//! - `match 1M slot reports vs 500 visits`: one hour of 1,000,000 published reports read
//!   from files written once, every bucket, summary signature included: one hash-map lookup a
//!   report.
//! - `peak day`: the national peak (20,000 uploading cases a day, 10 visits each, about 2.2
//!   hour slots a visit: about 447,000 reports in 24 hour bundles) as a phone with 42 visits
//!   over 14 days syncs it: every summary, only the buckets its tags point to. Before the
//!   timing, the bench prints the bytes that phone downloads and the peak heap of matching
//!   (a counting allocator).
//! - Beside them, one BLS12-381 pairing, the cost CrowdNotifier pays per published report.
//!
//! `cargo bench -p healthpass-core --bench exposure`

#[path = "../examples/support/exposure_fixture.rs"]
mod fixture;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

use bls12_381::{G1Affine, G2Affine, pairing};
use criterion::{Criterion, criterion_group, criterion_main};
use healthpass_core::exposure::PublisherSigningKey;

/// The system allocator, counting the bytes in use and their peak.
struct CountingAllocator;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; the counters only observe.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `work` and returns its result with the most heap it held above what was in use before.
fn peak_heap<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = work();
    (result, PEAK.load(Ordering::Relaxed) - before)
}

fn million_reports(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    fixture::write_hour(dir.path()).expect("the hour is written");
    let key = fixture::read_key(dir.path()).expect("the key is read");
    let (found, heap) = peak_heap(|| {
        let matcher = fixture::matcher();
        fixture::match_every_bucket(dir.path(), &key, &matcher).expect("the hour verifies")
    });
    println!(
        "1M reports vs 500 visits: {} reports checked, {} matches, peak heap {:.1} MiB",
        found.reports_checked,
        found.matches,
        heap as f64 / 1048576.0
    );
    let matcher = fixture::matcher();
    let mut group = c.benchmark_group("exposure");
    group.sample_size(10);
    group.bench_function("match 1M slot reports vs 500 visits (every bucket, from files)", |b| {
        b.iter(|| {
            let found = fixture::match_every_bucket(dir.path(), &key, &matcher).expect("the hour verifies");
            assert_eq!(found.reports_checked, fixture::PUBLISHED);
            assert_eq!(found.matches, fixture::AT_VISITED_PLACES);
            black_box(found)
        })
    });
    group.finish();
}

fn peak_day(c: &mut Criterion) {
    let key = PublisherSigningKey::generate();
    let hours = fixture::peak_day(&key);
    let published: usize = hours.iter().map(|(_, sealed)| sealed.buckets.iter().map(Vec::len).sum::<usize>()).sum();
    let trusted = key.public_key();
    let (day, heap) = peak_heap(|| {
        let phone = fixture::peak_phone();
        fixture::phone_day(&hours, &trusted, &phone)
    });
    println!(
        "peak day: {} cases, {} bytes of buckets published; the phone downloads {} bytes ({} buckets), \
         finds {} matches, peak heap {:.2} MiB",
        fixture::PEAK_CASES,
        published,
        day.bytes,
        day.buckets,
        day.matches,
        heap as f64 / 1048576.0
    );
    assert_eq!(day.matches, fixture::CASES_MET);
    let phone = fixture::peak_phone();
    let mut group = c.benchmark_group("exposure");
    group.sample_size(10);
    group.bench_function("peak day: 24 summaries + matching buckets vs 42 visits", |b| {
        b.iter(|| black_box(fixture::phone_day(&hours, &trusted, &phone)))
    });
    group.finish();
}

fn crowdnotifier_pairing(c: &mut Criterion) {
    let (p, q) = (G1Affine::generator(), G2Affine::generator());
    c.bench_function("one BLS12-381 pairing (CrowdNotifier, per report)", |b| b.iter(|| pairing(black_box(&p), black_box(&q))));
}

criterion_group!(benches, million_reports, peak_day, crowdnotifier_pairing);
criterion_main!(benches);
