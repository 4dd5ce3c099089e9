//! CWA event posters: arbitrary QR text, and arbitrary `QRCodePayload` bytes. Whatever payload
//! is accepted must read back the same through its base64url URL and give a location id.
#![no_main]

use healthpass_core::exposure::LocationId;
use healthpass_core::venue::cwa::{parse_cwa_payload, read_cwa_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = read_cwa_text(text);
    }
    if let Ok(poster) = parse_cwa_payload(data) {
        let url = format!("https://e.coronawarn.app?v=1#{}", data_encoding::BASE64URL_NOPAD.encode(data));
        assert_eq!(read_cwa_text(&url).as_ref(), Ok(&poster));
        let _ = LocationId::of_cwa_poster(&poster).hash();
    }
});
