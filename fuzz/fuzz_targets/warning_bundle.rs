//! Hour bundles: arbitrary bytes streamed through the bundle reader with a fixed trusted key,
//! both as given and with a valid header in front (so the report and signature paths run).
#![no_main]

use healthpass_core::exposure::{PublisherSigningKey, read_bundle, seal_bundle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let key = PublisherSigningKey::from_text("healthpass-publisher-secret-v1:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc").unwrap();
    let trusted = [key.public_key()];
    let _ = read_bundle(data, &trusted, 1, |_| {});
    let mut framed = seal_bundle(1, &[], &key).unwrap();
    framed.truncate(25);
    let count = (data.len() / 90).min(4) as u32;
    framed[21..25].copy_from_slice(&count.to_be_bytes());
    framed.extend_from_slice(data);
    let _ = read_bundle(framed.as_slice(), &trusted, 1, |_| {});
});
