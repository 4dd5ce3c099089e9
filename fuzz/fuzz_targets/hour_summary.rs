//! Hour bundles v2: arbitrary bytes as a summary (header and signature checks), as every bucket
//! of a valid summary (digest, count and group checks), and as a tag filter's coded values
//! with the count and Rice parameter taken from the first bytes (the parser behind the
//! signature).
#![no_main]

use healthpass_core::exposure::{
    Advice, CoarseWindow, HourSummary, InfectiousPeriod, LocationId, PublisherSigningKey, ReportGroup, TagFilter, WarningTerms,
    seal_hour, sealed_slot_reports,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(key) = PublisherSigningKey::from_text("healthpass-publisher-secret-v1:BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc")
    else {
        return;
    };
    let trusted = [key.public_key()];
    let _ = HourSummary::open(data, &trusted, 1);
    let at = |seconds| chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    let (Ok(window), Ok(period)) = (CoarseWindow::around(at(3_600), at(7_200)), InfectiousPeriod::new(at(0), at(36_000))) else {
        return;
    };
    let reports = sealed_slot_reports(&LocationId([1; 32]), &window);
    let groups = [ReportGroup { terms: WarningTerms { advice: Advice::Isolate, period }, reports }];
    let Ok(sealed) = seal_hour(1, &groups, &key) else { return };
    if let Ok(summary) = HourSummary::open(&sealed.summary, &trusted, 1) {
        for index in 0..=summary.bucket_count() as u16 {
            let _ = summary.read_bucket(index, data);
        }
    }
    if let [a, b, c, d, rice_bits, coded @ ..] = data {
        let count = u32::from_be_bytes([*a, *b, *c, *d]) % 4096;
        let _ = TagFilter::from_bytes(count, *rice_bits, coded);
    }
});
