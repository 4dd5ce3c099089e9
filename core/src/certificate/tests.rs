//! The certificate module against the real vectors in `../shared/certs` (see its README):
//! every EU DCC case with its own signer and clock, every NZ Pass example at a fixed clock.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::*;

const CERTS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/certs");

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// One DCC case: its text, trust, clock and the flags it tests.
struct DccCase {
    name: String,
    text: Option<String>,
    trust: TrustStore,
    at: chrono::DateTime<chrono::Utc>,
    expected: serde_json::Map<String, Value>,
    picture: Option<String>,
}

fn dcc_cases() -> Vec<DccCase> {
    let mut files = Vec::new();
    json_files(&Path::new(CERTS_DIR).join("dcc"), &mut files);
    assert!(files.len() > 400, "the DCC vectors are missing: {} files", files.len());
    files
        .iter()
        .map(|path| {
            let case: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            let context = &case["TESTCTX"];
            let mut trust = TrustStore::new();
            let der = context["CERTIFICATE"].as_str().and_then(|b| STANDARD.decode(b).ok());
            if let Some(signer) = der.and_then(|der| DocumentSigner::from_der(&der).ok()) {
                trust.add_signer(signer);
            }
            let clock = context["VALIDATIONCLOCK"].as_str().unwrap_or_else(|| panic!("{path:?} has no clock"));
            DccCase {
                name: path.strip_prefix(CERTS_DIR).unwrap().display().to_string(),
                text: case["PREFIX"].as_str().map(str::to_owned),
                trust,
                at: parse_instant(clock).unwrap_or_else(|_| panic!("{path:?}: clock {clock}")),
                expected: case["EXPECTEDRESULTS"].as_object().cloned().unwrap_or_default(),
                picture: case["2DCODE"].as_str().filter(|s| !s.is_empty()).map(str::to_owned),
            }
        })
        .collect()
}

/// Whether `result` answers the flag `flag` with `expected`; `None` when the flag is not
/// one this module answers.
fn flag_holds(flag: &str, expected: bool, result: &Result<CheckReport, CertificateError>) -> Option<bool> {
    use CertificateError::{Malformed, Unsupported as Unsup};
    let failed_at = |stages: &[Stage]| matches!(result, Err(Malformed(s)) if stages.contains(s));
    let prefix_failed = failed_at(&[Stage::Prefix]) || matches!(result, Err(Unsup(Unsupported::FormatVersion)));
    let holds = match flag {
        "EXPECTEDUNPREFIX" => prefix_failed != expected,
        "EXPECTEDB45DECODE" => {
            if expected {
                !prefix_failed && !failed_at(&[Stage::Base45])
            } else {
                failed_at(&[Stage::Base45])
            }
        }
        "EXPECTEDCOMPRESSION" => {
            if expected {
                !prefix_failed && !failed_at(&[Stage::Base45, Stage::Compression])
            } else {
                failed_at(&[Stage::Compression])
            }
        }
        "EXPECTEDDECODE" => {
            if expected {
                result.is_ok()
            } else {
                failed_at(&[Stage::Cose, Stage::Claims, Stage::Payload])
            }
        }
        "EXPECTEDVERIFY" => match result {
            Ok(report) => (report.signature == SignatureCheck::Valid) == expected,
            Err(_) => !expected,
        },
        "EXPECTEDEXPIRATIONCHECK" => match result {
            Ok(report) => (report.time == TimeCheck::Valid) == expected,
            Err(_) => false,
        },
        _ => return None,
    };
    Some(holds)
}

#[test]
fn every_dcc_vector_gives_its_expected_result_for_every_flag() {
    let flags = [
        "EXPECTEDUNPREFIX",
        "EXPECTEDB45DECODE",
        "EXPECTEDCOMPRESSION",
        "EXPECTEDDECODE",
        "EXPECTEDVERIFY",
        "EXPECTEDEXPIRATIONCHECK",
    ];
    let mut counts = std::collections::BTreeMap::new();
    let mut failures = Vec::new();
    for case in dcc_cases() {
        let Some(text) = &case.text else {
            assert!(flags.iter().all(|f| !case.expected.contains_key(*f)), "{} tests a flag but has no PREFIX", case.name);
            continue;
        };
        let result = check_certificate(text, &case.trust, case.at);
        for flag in flags {
            let Some(expected) = case.expected.get(flag).and_then(Value::as_bool) else { continue };
            let holds = flag_holds(flag, expected, &result).unwrap();
            let entry = counts.entry(flag).or_insert((0, 0));
            entry.1 += 1;
            if holds {
                entry.0 += 1;
            } else {
                let got = match &result {
                    Ok(r) => format!("signature {:?}, time {:?}", r.signature, r.time),
                    Err(e) => format!("error {}", e.code()),
                };
                failures.push(format!("{}: {flag} expected {expected}, got {got}", case.name));
            }
        }
    }
    for (flag, (passed, total)) in &counts {
        println!("{flag}: {passed}/{total}");
    }
    assert!(counts.values().map(|c| c.1).sum::<usize>() > 1000, "too few flags were tested: {counts:?}");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn dcc_vectors_decode_holder_and_entries() {
    let case = dcc_cases().into_iter().find(|c| c.name.ends_with("dcc/AT/1.json")).unwrap();
    let cert = verify_certificate(case.text.as_deref().unwrap(), &case.trust, case.at).unwrap();
    assert_eq!(cert.format, CertificateFormat::EuDcc);
    assert_eq!(cert.issuer.as_deref(), Some("AT"));
    assert_eq!(cert.holder().date_of_birth, "1998-02-26");
    assert_eq!(cert.holder().display_name(), "Gabriele Musterfrau-Gößinger");
    let dcc = cert.dcc().unwrap();
    assert_eq!(dcc.vaccinations.len(), 1);
    assert_eq!((dcc.vaccinations[0].dose_number, dcc.vaccinations[0].series_doses), (1, 2));
    assert_eq!(dcc.vaccinations[0].product, "EU/1/20/1528");
}

#[test]
fn dcc_without_its_signer_is_signed_by_an_unknown_key() {
    let case = dcc_cases().into_iter().find(|c| c.name.ends_with("dcc/AT/1.json")).unwrap();
    let result = verify_certificate(case.text.as_deref().unwrap(), &TrustStore::new(), case.at);
    assert_eq!(result, Err(CertificateError::UnknownKey));
}

#[test]
fn every_embedded_dcc_picture_scans_to_its_prefix() {
    let mut scanned = 0;
    let mut failures = Vec::new();
    for case in dcc_cases() {
        let (Some(picture), Some(text)) = (&case.picture, &case.text) else { continue };
        let readable = case.expected.get("EXPECTEDPICTUREDECODE").and_then(Value::as_bool) != Some(false);
        let Ok(png) = STANDARD.decode(picture.trim()) else {
            failures.push(format!("{}: 2DCODE is not base64", case.name));
            continue;
        };
        scanned += 1;
        let scanned_text = crate::scan::decode_image_bytes(&png).is_ok_and(|codes| codes.iter().any(|c| c == text));
        if scanned_text != readable {
            failures.push(format!("{}: scanned to its PREFIX: {scanned_text}, expected {readable}", case.name));
        }
    }
    println!("EXPECTEDPICTUREDECODE (every 2DCODE): {}/{scanned}", scanned - failures.len());
    assert!(scanned > 300, "too few pictures: {scanned}");
    assert!(failures.is_empty(), "{} pictures failed:\n{}", failures.len(), failures.join("\n"));
}

fn nz_trust() -> TrustStore {
    let did = std::fs::read(Path::new(CERTS_DIR).join("nzcp/valid/did.json")).unwrap();
    let mut trust = TrustStore::new();
    trust.add_issuer(DidDocument::from_json(&did).unwrap());
    trust
}

fn nz_text(file: &str) -> String {
    std::fs::read_to_string(Path::new(CERTS_DIR).join("nzcp").join(file)).unwrap().trim().to_owned()
}

fn nz_clock() -> chrono::DateTime<chrono::Utc> {
    parse_instant("2021-11-03T00:00:00Z").unwrap()
}

#[test]
fn valid_nz_pass_verifies_with_its_holder() {
    let cert = verify_certificate(&nz_text("valid/nzcp.txt"), &nz_trust(), nz_clock()).unwrap();
    assert_eq!(cert.format, CertificateFormat::NzPass);
    assert_eq!(cert.issuer.as_deref(), Some("did:web:nzcp.covid19.health.nz"));
    assert_eq!(cert.holder().display_name(), "Jack Sparrow");
    assert_eq!(cert.holder().date_of_birth, "1960-04-16");
    let CertificateContent::NzPass(pass) = &cert.content else { panic!("not an NZ pass") };
    assert_eq!(pass.credential_id.as_deref(), Some("urn:uuid:60a4f54d-4e30-4332-be33-ad78b1eafa4b"));
}

#[test]
fn invalid_nz_passes_give_their_documented_results() {
    type Expectation = fn(&Result<HealthCertificate, CertificateError>) -> bool;
    let cases: [(&str, Expectation); 7] = [
        ("invalid/nzcp-bad-public-key.txt", |r| r == &Err(CertificateError::SignatureInvalid)),
        ("invalid/nzcp-not-associated-public-key.txt", |r| r == &Err(CertificateError::UnknownKey)),
        ("invalid/nzcp-modified-sig.txt", |r| r == &Err(CertificateError::SignatureInvalid)),
        ("invalid/nzcp-modified-payload.txt", |r| r == &Err(CertificateError::SignatureInvalid)),
        ("invalid/nzcp-expired-payload.txt", |r| {
            matches!(r, Err(CertificateError::Expired { limit: ValidityLimit::Certificate, .. }))
        }),
        ("invalid/nzcp-notactive-payload.txt", |r| {
            matches!(r, Err(CertificateError::NotYetValid { limit: ValidityLimit::Certificate, .. }))
        }),
        ("invalid/nzcp-revoked-public-key.txt", |r| r == &Err(CertificateError::UnknownKey)),
    ];
    for (file, expected) in cases {
        let result = verify_certificate(&nz_text(file), &nz_trust(), nz_clock());
        assert!(expected(&result), "{file}: got {:?}", result.map(|_| ()));
    }
}

#[test]
fn nz_pass_without_trusted_issuer_is_unknown_key() {
    let result = verify_certificate(&nz_text("valid/nzcp.txt"), &TrustStore::new(), nz_clock());
    assert_eq!(result, Err(CertificateError::UnknownKey));
}

#[test]
fn nz_pass_pictures_scan_to_their_text() {
    for name in ["valid/nzcp", "invalid/nzcp-bad-public-key", "invalid/nzcp-revoked-public-key"] {
        let path = Path::new(CERTS_DIR).join("nzcp").join(format!("{name}.png"));
        let codes = crate::scan::decode_image_file(&path).unwrap();
        assert_eq!(codes, vec![nz_text(&format!("{name}.txt"))], "{name}");
    }
}

#[test]
fn oversized_text_is_refused_unparsed() {
    let text = format!("HC1:{}", "A".repeat(1024 * 1024));
    assert_eq!(decode_certificate(&text), Err(CertificateError::TooLong { length: text.len(), limit: MAX_CERTIFICATE_TEXT_LEN }));
}

/// `HC1:` text around a COSE_Sign1 with `claims` as payload and a junk signature.
fn hc1_with_claims(claims: &ciborium::Value) -> String {
    use coset::{CoseSign1Builder, HeaderBuilder, TaggedCborSerializable, iana};
    let mut payload = Vec::new();
    ciborium::ser::into_writer(claims, &mut payload).unwrap();
    let protected = HeaderBuilder::new().algorithm(iana::Algorithm::ES256).key_id(vec![1; 8]).build();
    let cose = CoseSign1Builder::new().protected(protected).payload(payload).signature(vec![0; 64]).build();
    super::hc1::encode_hc1(&cose.to_tagged_vec().unwrap())
}

fn claims_with_dcc(exp: ciborium::Value, dose: i64) -> ciborium::Value {
    use ciborium::Value;
    let vaccination = Value::Map(vec![
        (Value::from("tg"), Value::from(COVID_19)),
        (Value::from("dn"), Value::from(dose)),
        (Value::from("sd"), Value::from(2)),
    ]);
    let dcc = Value::Map(vec![
        (Value::from("ver"), Value::from("1.3.0")),
        (Value::from("dob"), Value::from("1990-01-01")),
        (Value::from("v"), Value::Array(vec![vaccination])),
    ]);
    Value::Map(vec![
        (Value::from(1), Value::from("ID")),
        (Value::from(4), exp),
        (Value::from(-260), Value::Map(vec![(Value::from(1), dcc)])),
    ])
}

#[test]
fn well_formed_crafted_certificate_decodes() {
    let text = hc1_with_claims(&claims_with_dcc(ciborium::Value::from(1_700_000_000), 1));
    let cert = decode_certificate(&text).unwrap();
    assert_eq!(cert.dcc().unwrap().vaccinations[0].dose_number, 1);
}

#[test]
fn wrong_type_claim_is_malformed_claims() {
    let text = hc1_with_claims(&claims_with_dcc(ciborium::Value::from("tomorrow"), 1));
    assert_eq!(decode_certificate(&text), Err(CertificateError::Malformed(Stage::Claims)));
}

#[test]
fn negative_dose_count_is_malformed_payload() {
    let text = hc1_with_claims(&claims_with_dcc(ciborium::Value::from(1_700_000_000), -1));
    assert_eq!(decode_certificate(&text), Err(CertificateError::Malformed(Stage::Payload)));
}

#[test]
fn deeply_nested_cbor_is_malformed_not_a_stack_overflow() {
    let mut cose = vec![0x81u8; 60_000]; // 60,000 nested one-element arrays, under the size cap
    cose.push(0x00);
    let text = super::hc1::encode_hc1(&cose);
    assert_eq!(decode_certificate(&text), Err(CertificateError::Malformed(Stage::Cose)));
}
