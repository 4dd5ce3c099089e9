//! The warning index: arbitrary bytes opened as a signed index with a fixed trusted key.
#![no_main]

use healthpass_core::exposure::{PublisherSigningKey, WarningIndex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let key = PublisherSigningKey::from_text("healthpass-publisher-secret-v1:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc").unwrap();
    let _ = WarningIndex::open(data, &[key.public_key()]);
});
