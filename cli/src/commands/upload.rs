//! `healthpass upload`: after a confirmed infection, the citizen consents to share their
//! visits of the infectious window as slot reports, with the officer's one-time code (which
//! carries the advice and the infectious period the officer set).
//! `healthpass dummy-upload`: the cover traffic every phone sends on its random schedule.

use std::path::PathBuf;

use chrono::TimeDelta;
use clap::Args;
use healthpass_core::checkin::visited_locations;
use healthpass_core::exposure::{Submission, next_dummy_upload, os_random_u64, prepare_slot_upload};
use healthpass_core::remote::{ServerClient, send_submission};
use serde_json::json;

use super::diary::{ClockArgs, open_store};
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
    /// The visits to share: those that ended in the last DAYS days (the officer's infectious
    /// period bounds what anyone is warned about).
    #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(i64).range(1..=21))]
    days: i64,
    #[command(flatten)]
    clock: ClockArgs,
}

/// What `dummy-upload` needs.
#[derive(Debug, Args)]
pub struct DummyUploadArgs {
    /// The server's base URL (https, or http to this machine).
    #[arg(long, value_name = "URL")]
    server: String,
    #[command(flatten)]
    clock: ClockArgs,
}

/// `healthpass upload`.
pub fn upload(db: Option<PathBuf>, args: UploadArgs, out: &Output) -> Result<(), Failure> {
    let now = args.clock.now();
    let store = open_store(db)?;
    let visits = visited_locations(&store, now)?;
    let since = now - TimeDelta::days(args.days);
    let (submission, shared) =
        prepare_slot_upload(&visits, &args.exclude, since, &args.code).map_err(|e| Failure::refused(e.code(), e))?;
    send_submission(&ServerClient::new(&args.server)?, &submission)?;
    out.print(
        &format!(
            "Shared {shared} visit(s) as {} slot report(s); a health officer reviews the upload before anything is published.",
            submission.reports.len()
        ),
        json!({ "visits_shared": shared, "reports": submission.reports.len() }),
    );
    Ok(())
}

/// `healthpass dummy-upload`.
pub fn dummy_upload(args: DummyUploadArgs, out: &Output) -> Result<(), Failure> {
    send_submission(&ServerClient::new(&args.server)?, &Submission::dummy())?;
    let next = next_dummy_upload(args.clock.now(), &mut os_random_u64);
    out.print(&format!("Dummy upload sent; the next is due at {next}."), json!({ "next_at": next }));
    Ok(())
}
