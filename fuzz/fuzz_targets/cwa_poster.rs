//! Unsigned event posters (CWA and CrowdNotifier): arbitrary QR text through both readers, and
//! arbitrary `QRCodePayload` bytes. Whatever payload is accepted must read back the same
//! through its format's base64url URL and give a location id.
#![no_main]

use healthpass_core::exposure::LocationId;
use healthpass_core::venue::cwa::{EventFormat, parse_cwa_payload, read_crowdnotifier_text, read_cwa_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = read_cwa_text(text);
        let _ = read_crowdnotifier_text(text, None);
        let _ = read_crowdnotifier_text(text, Some("qr.example.org"));
    }
    if let Ok(poster) = parse_cwa_payload(data) {
        let fragment = data_encoding::BASE64URL_NOPAD.encode(data);
        let read_back = match poster.format() {
            EventFormat::Cwa => read_cwa_text(&format!("https://e.coronawarn.app?v=1#{fragment}")),
            EventFormat::CrowdNotifier => read_crowdnotifier_text(&format!("https://qr.example.org?v=4#{fragment}"), None),
        };
        assert_eq!(read_back.as_ref(), Ok(&poster));
        let _ = LocationId::of_cwa_poster(&poster);
    }
});
