//! The server's request bodies and path ids: arbitrary bytes through every parser the HTTP
//! layer runs (venue warning, case terms, review decision, occupancy change, certificate,
//! submission id).
#![no_main]

use healthpass_core::api::{
    SubmissionRef, parse_case, parse_certificate, parse_occupancy, parse_review, parse_venue_id, parse_venue_warning,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_venue_warning(data);
    let _ = parse_case(data);
    let _ = parse_review(data);
    let _ = parse_occupancy(data);
    let _ = parse_certificate(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = SubmissionRef::parse(text);
        let _ = parse_venue_id(text);
    }
});
