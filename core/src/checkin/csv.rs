//! The diary as CSV for the citizen's own records, safe to open in a spreadsheet.

use chrono::{DateTime, SecondsFormat, Utc};

use super::Visit;

/// The diary as RFC 4180 CSV with a header row; instants in RFC 3339 UTC (`…Z`); `verified`
/// is `false` for visits from unsigned CWA posters.
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`
/// so spreadsheets show it as text instead of running it as a formula (a venue name comes
/// from a poster, so it is untrusted).
pub fn export_csv(visits: &[Visit]) -> String {
    let mut out = String::from("visit_id,venue_name,venue_address,category,checked_in_at,checked_out_at,checkout,verified\r\n");
    for visit in visits {
        let ended = visit.end.instant().map(utc).unwrap_or_default();
        let cells = [
            visit.id.to_string(),
            visit.venue_name.clone(),
            visit.venue_address.clone(),
            visit.category.name().to_owned(),
            utc(visit.checked_in_at),
            ended,
            visit.end.name().to_owned(),
            visit.verified().to_string(),
        ];
        let row: Vec<String> = cells.iter().map(|cell| quote(&neutralise_formula(cell))).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// An instant as RFC 3339 UTC with a `Z`, to the second.
fn utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Prefixes a cell that a spreadsheet would evaluate with `'`.
fn neutralise_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

/// Quotes a cell, doubling inner quotes.
fn quote(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}
