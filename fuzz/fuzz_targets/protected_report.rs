//! Protected visit reports: arbitrary bytes read as a report and opened with a fixed location.
#![no_main]

use healthpass_core::exposure::{LocationId, ProtectedReport};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = ProtectedReport::from_bytes(data) {
        let _ = report.open(&LocationId([7; 32]));
    }
});
