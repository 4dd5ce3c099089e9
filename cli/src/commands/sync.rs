//! `healthpass sync`: fetch the signed trust list, rule set and exposure warnings, verify
//! them, and match the warnings against this phone's diary.

use std::path::PathBuf;

use clap::Args;
use healthpass_core::passport::{DEFAULT_MIN_OVERLAP_MINUTES, MinimumOverlap};
use serde_json::json;

use crate::args::AtArgs;
use crate::failure::Failure;
use crate::files::{open_passport, read_text};
use crate::output::Output;

/// What `sync` fetches and trusts.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The server's base URL (https, or http to this machine).
    #[arg(long, value_name = "URL")]
    server: String,
    /// A pinned warning-publisher public key file (repeat during a key rotation).
    #[arg(long = "publisher", value_name = "FILE", required = true)]
    publishers: Vec<PathBuf>,
    /// The pinned trust-root public key file; with it the trust list and rule set are synced too.
    #[arg(long, value_name = "FILE")]
    trust_root: Option<PathBuf>,
    /// Least overlap, in minutes (1–1440), between a visit and a confirmed case's presence that alerts.
    #[arg(long, default_value_t = DEFAULT_MIN_OVERLAP_MINUTES)]
    min_overlap: u32,
    #[command(flatten)]
    clock: AtArgs,
}

/// `healthpass sync`.
pub fn sync(db: Option<PathBuf>, args: SyncArgs, out: &Output) -> Result<(), Failure> {
    let min_overlap = MinimumOverlap::from_minutes(args.min_overlap)?;
    let publishers = args.publishers.iter().map(|p| read_text(p)).collect::<Result<Vec<_>, _>>()?;
    let passport = open_passport(db)?;
    let mut documents = json!(null);
    if let Some(path) = &args.trust_root {
        passport.set_trust_roots(&[read_text(path)?])?;
        let update = passport.sync_documents(&args.server)?;
        documents = json!({
            "trust_list_updated": update.trust_list.is_some(),
            "rules_updated": update.status_rules.is_some(),
        });
    }
    let report = passport.sync_warnings(&args.server, &publishers, min_overlap, args.clock.now())?;
    let human = if report.unchanged {
        "No new warnings.".to_owned()
    } else {
        format!(
            "Matched {} new warning hour(s): {} new alert(s), {} out-of-bounds warning(s) ignored, {} bytes downloaded.",
            report.bundles_matched, report.new_alerts, report.ignored_warnings, report.bytes_downloaded
        )
    };
    out.print(
        &human,
        json!({
            "unchanged": report.unchanged,
            "bundles_matched": report.bundles_matched,
            "new_alerts": report.new_alerts,
            "ignored_warnings": report.ignored_warnings,
            "bytes_downloaded": report.bytes_downloaded,
            "documents": documents,
        }),
    );
    Ok(())
}
