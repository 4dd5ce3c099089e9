//! Trust lists: arbitrary files against a fixed root key, so the fuzzer can learn its key id.
#![no_main]

use healthpass_core::trust_list::{TrustList, TrustRootSigningKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(root) = TrustRootSigningKey::from_text("healthpass-trust-root-secret-v1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE")
    else {
        return;
    };
    let _ = TrustList::verify(data, &[root.public_key()]);
});
