//! `healthpass alerts`: the exposure alerts matched on this phone, newest first.

use std::path::PathBuf;

use serde_json::json;

use crate::failure::Failure;
use crate::files::open_passport;
use crate::output::Output;

/// `healthpass alerts`.
pub fn alerts(db: Option<PathBuf>, out: &Output) -> Result<(), Failure> {
    let alerts = open_passport(db)?.exposure_alerts()?;
    let lines: Vec<String> = alerts
        .iter()
        .map(|a| {
            format!(
                "EXPOSURE at {} ({} – {}): a confirmed case was there {} – {}, {} min overlap. Advice: {}",
                a.venue_name,
                a.visit_start,
                a.visit_end,
                a.warning_start,
                a.warning_end,
                a.overlap_minutes,
                a.advice.name()
            )
        })
        .collect();
    let items: Vec<_> = alerts
        .iter()
        .map(|a| {
            json!({
                "id": a.id,
                "visit_id": a.visit_id,
                "venue_name": a.venue_name,
                "visit_start": a.visit_start,
                "visit_end": a.visit_end,
                "warning_start": a.warning_start,
                "warning_end": a.warning_end,
                "advice": a.advice.name(),
                "overlap_minutes": a.overlap_minutes,
                "received_at": a.received_at,
            })
        })
        .collect();
    let human = if lines.is_empty() { "No exposure alerts.".to_owned() } else { lines.join("\n") };
    out.print(&human, json!({ "alerts": items }));
    Ok(())
}
