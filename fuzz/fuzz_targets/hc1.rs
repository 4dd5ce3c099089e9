//! HC1 certificates: arbitrary text, and arbitrary COSE bytes behind a valid `HC1:` transport
//! (base45 of zlib), so the fuzzer reaches the COSE, CWT and DCC parsers.
#![no_main]

use std::io::Write;

use healthpass_core::certificate::{TrustStore, check_certificate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let trust = TrustStore::new();
    let now = chrono::DateTime::from_timestamp(1_625_000_000, 0).unwrap_or_default();
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = check_certificate(text, &trust, now);
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    if encoder.write_all(data).is_ok() {
        if let Ok(compressed) = encoder.finish() {
            let _ = check_certificate(&format!("HC1:{}", base45::encode(compressed)), &trust, now);
        }
    }
});
