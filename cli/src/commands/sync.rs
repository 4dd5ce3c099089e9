//! `healthpass sync`: fetch the signed trust list, rule set and exposure warnings, verify
//! them, and match the warnings against this phone's diary.

use std::cell::RefCell;
use std::path::PathBuf;

use chrono::TimeDelta;
use clap::Args;
use healthpass_core::exposure::PublisherPublicKey;
use healthpass_core::remote::ServerClient;
use healthpass_core::sync::{DEFAULT_MIN_OVERLAP_MINUTES, SyncError, sync_rule_set, sync_trust_list, sync_warnings};
use serde_json::json;

use super::diary::{ClockArgs, open_store};
use super::registry::read_public_key;
use crate::failure::Failure;
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
    /// Least overlap, in minutes, between a visit and a confirmed case's presence that alerts.
    #[arg(long, default_value_t = DEFAULT_MIN_OVERLAP_MINUTES, value_parser = clap::value_parser!(i64).range(1..=1440))]
    min_overlap: i64,
    #[command(flatten)]
    clock: ClockArgs,
}

/// `healthpass sync`.
pub fn sync(db: Option<PathBuf>, args: SyncArgs, out: &Output) -> Result<(), Failure> {
    let publishers = args.publishers.iter().map(|p| read_public_key(p)).collect::<Result<Vec<PublisherPublicKey>, _>>()?;
    let client = ServerClient::new(&args.server)?;
    // One process, one command: the store is only borrowed step by step by the sync.
    let store = RefCell::new(open_store(db)?);
    let store = || store.borrow_mut();
    let mut documents = json!(null);
    if let Some(path) = &args.trust_root {
        let roots = [read_public_key(path)?];
        let list = sync_trust_list(store, &client, &roots).map_err(sync_failure)?;
        let rules = sync_rule_set(store, &client, &roots).map_err(sync_failure)?;
        documents = json!({ "trust_list_updated": list.is_some(), "rules_updated": rules.is_some() });
    }
    let report = sync_warnings(store, &client, &publishers, TimeDelta::minutes(args.min_overlap), args.clock.now())
        .map_err(sync_failure)?;
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

/// A sync failure: offline and storage are the machine's (exit 3); the rest refused input.
/// A sync refusal as a CLI failure: remote and store failures keep their own codes.
pub(crate) fn sync_failure(error: SyncError) -> Failure {
    match error {
        SyncError::Remote(remote) => remote.into(),
        SyncError::Store(store) => store.into(),
        other => Failure { code: other.code().into(), message: other.to_string(), refused: true, reported: false },
    }
}
