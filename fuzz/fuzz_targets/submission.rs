//! Report submissions v2: arbitrary bytes as a body, and the same bytes behind a valid header
//! and padded to the fixed size (so the kind, code, count and padding checks run).
#![no_main]

use healthpass_core::exposure::{SUBMISSION_LEN, Submission};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Submission::from_bytes(data);
    let mut framed = b"HPSB\x02".to_vec();
    framed.extend_from_slice(data);
    framed.resize(SUBMISSION_LEN, 0);
    let _ = Submission::from_bytes(&framed);
});
