//! Registry key files: arbitrary text as a secret and as a public key.
#![no_main]

use healthpass_core::venue::{RegistryPublicKey, RegistrySigningKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = RegistrySigningKey::from_text(text);
        let _ = RegistryPublicKey::from_text(text);
    }
});
