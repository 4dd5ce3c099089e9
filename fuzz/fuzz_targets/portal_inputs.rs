//! What the portal and the follow-up route read from strangers: form bodies, the times typed
//! into forms, the zone setting, CSV cells, and `POST /v1/follow-ups` bodies.
#![no_main]

use healthpass_core::api::FollowUpRequest;
use healthpass_server::portal::{DisplayZone, csv_cell, local_time, parse_form};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(fields) = parse_form(data) {
        let _ = fields.get("csrf");
        let _ = fields.ticked("occupancy");
    }
    if let Ok(Ok(request)) = serde_json::from_slice::<FollowUpRequest>(data).map(FollowUpRequest::check) {
        assert!(request.phone.len() <= 16 && request.phone.trim_start_matches('+').bytes().all(|b| b.is_ascii_digit()));
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = local_time(text, &DisplayZone::wib());
        if let Some(zone) = DisplayZone::parse(text) {
            let _ = local_time(text, &zone);
        }
        // What a spreadsheet reads from the cell: quotes removed, doubled quotes undone.
        let cell = csv_cell(text);
        let value = match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
            Some(inner) => inner.replace("\"\"", "\""),
            None => cell.clone(),
        };
        assert!(!value.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
    }
});
