//! NZ COVID Passes: arbitrary COSE bytes behind a valid `NZCP:/1/` transport, checked against
//! a trusted issuer whose DID document is the spec's example.
#![no_main]

use healthpass_core::certificate::{DidDocument, TrustStore, check_certificate};
use libfuzzer_sys::fuzz_target;

const DID: &str = r#"{"id":"did:web:nzcp.covid19.health.nz","verificationMethod":[{"id":"did:web:nzcp.covid19.health.nz#key-1","controller":"did:web:nzcp.covid19.health.nz","type":"JsonWebKey2020","publicKeyJwk":{"kty":"EC","crv":"P-256","x":"zRR-XGsCp12Vvbgui4DD6O6cqmhfPuXMhi1OxPl8760","y":"Iv5SU6FuW-TRYh5_GOrJlcV_gpF_GpFQhCOD8LSk3T0"}}],"assertionMethod":["did:web:nzcp.covid19.health.nz#key-1"]}"#;

fuzz_target!(|data: &[u8]| {
    let mut trust = TrustStore::new();
    if let Ok(document) = DidDocument::from_json(DID.as_bytes()) {
        trust.add_issuer(document);
    }
    let now = chrono::DateTime::from_timestamp(1_635_900_000, 0).unwrap_or_default();
    let text = format!("NZCP:/1/{}", data_encoding::BASE32_NOPAD.encode(data));
    let _ = check_certificate(&text, &trust, now);
});
