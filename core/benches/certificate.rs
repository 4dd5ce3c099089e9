//! HC1 verification end to end (base45, zlib, COSE, CWT, DCC, key lookup, signature, clock)
//! against the bare ES256 signature check with the same key and message. Goal: ≤ 1.2×.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use healthpass_core::certificate::{
    Algorithm, COVID_19, Holder, IssueRequest, IssuedEntry, IssuerKey, TrustStore, Vaccination, parse_instant, verify_certificate,
};

fn bench(c: &mut Criterion) {
    let at = |t: &str| parse_instant(t).unwrap_or_default();
    let key = IssuerKey::generate(Algorithm::Es256, "ID", at("2022-01-01T00:00:00Z"), at("2024-01-01T00:00:00Z")).unwrap();
    let request = IssueRequest {
        holder: Holder {
            family_name: Some("Santoso".into()),
            given_name: Some("Budi".into()),
            date_of_birth: "1985-11-02".into(),
        },
        entry: IssuedEntry::Vaccination(Vaccination {
            disease: COVID_19.into(),
            vaccine_type: "J07BX03".into(),
            product: "CoronaVac".into(),
            manufacturer: "ORG-100030215".into(),
            dose_number: 2,
            series_doses: 2,
            date: NaiveDate::from_ymd_opt(2022, 7, 1),
            country: "ID".into(),
            issuer: "Kementerian Kesehatan RI".into(),
            certificate_id: "URN:UVCI:01:ID:BENCH".into(),
        }),
        country: "ID".into(),
        issued_at: at("2022-07-02T00:00:00Z"),
        expires_at: at("2023-07-02T00:00:00Z"),
    };
    let text = key.issue(&request).unwrap();
    let mut trust = TrustStore::new();
    trust.add_signer(key.document_signer().clone());
    let now = at("2022-08-01T00:00:00Z");
    assert!(verify_certificate(&text, &trust, now).is_ok());

    let message = b"a COSE Sig_structure of about the size of a real certificate's, 300 bytes or so ..........................................................................................................................................................................................";
    let signature = key.sign_for_benchmark(message);
    let public = key.document_signer().public_key().clone();
    assert!(public.verifies(Algorithm::Es256, message, &signature));

    let mut group = c.benchmark_group("hc1");
    group.bench_function("verify_end_to_end", |b| b.iter(|| verify_certificate(black_box(&text), &trust, now)));
    group.bench_function("bare_es256_signature", |b| {
        b.iter(|| public.verifies(Algorithm::Es256, black_box(message), black_box(&signature)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
