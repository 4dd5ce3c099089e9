//! Poster parsing: arbitrary QR text, and arbitrary payload bytes behind a valid URL prefix.
#![no_main]

use healthpass_core::venue::{PosterBaseUrl, RegistrySigningKey, TrustedRegistries, read_poster_text, verify_poster_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A fixed key, so the fuzzer can learn its key id and reach signature verification.
    let Ok(key) = RegistrySigningKey::from_text("healthpass-registry-secret-v1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE")
    else {
        return;
    };
    let trusted = TrustedRegistries::new(vec![key.public_key()]);
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default();
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = read_poster_text(text, &trusted, now);
    }
    let _ = verify_poster_bytes(data, &PosterBaseUrl::default(), &trusted, now);
});
