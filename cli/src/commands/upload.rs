//! `healthpass upload`: after a confirmed infection, the citizen consents to share their
//! visits of the infectious window as protected reports, with the officer's one-time code.

use std::path::PathBuf;

use chrono::TimeDelta;
use clap::Args;
use healthpass_core::checkin::visited_locations;
use healthpass_core::exposure::{Advice, UploadError, prepare_upload};
use healthpass_core::remote::{ServerClient, upload_reports};
use serde_json::json;

use super::diary::{ClockArgs, open_store};
use super::operator::parse_advice;
use crate::failure::Failure;
use crate::output::Output;

/// What `upload` shares.
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// The server's base URL (https, or http to this machine).
    #[arg(long, value_name = "URL")]
    server: String,
    /// The one-time upload code from the health officer.
    #[arg(long, value_name = "CODE")]
    code: String,
    /// Leave this visit out (its id from `healthpass history`); repeatable.
    #[arg(long = "exclude", value_name = "VISIT_ID")]
    exclude: Vec<i64>,
    /// The infectious window: visits that ended in the last DAYS days.
    #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(i64).range(1..=21))]
    days: i64,
    /// What the people who were there should do.
    #[arg(long, default_value = "get_tested", value_parser = parse_advice)]
    advice: Advice,
    #[command(flatten)]
    clock: ClockArgs,
}

/// `healthpass upload`.
pub fn upload(db: Option<PathBuf>, args: UploadArgs, out: &Output) -> Result<(), Failure> {
    let now = args.clock.now();
    let store = open_store(db)?;
    let visits = visited_locations(&store, now)?;
    let since = now - TimeDelta::days(args.days);
    let prepared = prepare_upload(&visits, &args.exclude, since, args.advice).map_err(|e| match e {
        UploadError::TooManyVisits => Failure::refused("too_many_visits", e),
        UploadError::UnknownVisit(_) => Failure::refused("unknown_visit", e),
    })?;
    let receipt = upload_reports(&ServerClient::new(&args.server)?, &args.code, &prepared.reports)?;
    let shared = prepared.visits;
    out.print(
        &format!(
            "Shared {shared} visit(s) among {} reports; a health officer reviews upload-{} before anything is published.",
            receipt.reports, receipt.upload_id
        ),
        json!({ "upload_id": receipt.upload_id, "visits_shared": shared, "reports": receipt.reports }),
    );
    Ok(())
}
