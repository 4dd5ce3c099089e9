//! `healthpass upload`: after a confirmed infection, the citizen consents to share their
//! visits of the infectious window as slot reports, with the officer's one-time code (which
//! carries the advice and the infectious period the officer set).
//! `healthpass dummy-upload`: the cover traffic every phone sends on its random schedule, kept
//! in the diary as the phones keep it.

use std::path::PathBuf;

use clap::Args;
use healthpass_core::exposure::Submission;
use healthpass_core::passport::{DEFAULT_UPLOAD_DAYS, UploadWindow};
use healthpass_core::remote::{ServerClient, send_submission};
use serde_json::json;

use crate::args::AtArgs;
use crate::failure::Failure;
use crate::files::open_passport;
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
    /// The visits to share: those that ended in the last DAYS days, 1–21 (the officer's
    /// infectious period bounds what anyone is warned about).
    #[arg(long, default_value_t = DEFAULT_UPLOAD_DAYS)]
    days: u32,
    #[command(flatten)]
    clock: AtArgs,
}

/// What `dummy-upload` needs.
#[derive(Debug, Args)]
pub struct DummyUploadArgs {
    /// The server's base URL (https, or http to this machine).
    #[arg(long, value_name = "URL")]
    server: String,
    /// Send one now even if none is due (the schedule carries on as it was).
    #[arg(long)]
    now: bool,
    #[command(flatten)]
    clock: AtArgs,
}

/// `healthpass upload`.
pub fn upload(db: Option<PathBuf>, args: UploadArgs, out: &Output) -> Result<(), Failure> {
    let window = UploadWindow::from_days(args.days)?;
    let passport = open_passport(db)?;
    let summary = passport.upload_visits(&args.server, &args.code, &args.exclude, window, args.clock.now())?;
    out.print(
        &format!(
            "Shared {} visit(s) as {} slot report(s); a health officer reviews the upload before anything is published.",
            summary.visits_shared, summary.reports
        ),
        json!({ "visits_shared": summary.visits_shared, "reports": summary.reports }),
    );
    Ok(())
}

/// `healthpass dummy-upload`: runs the diary's dummy-upload schedule as a phone's background
/// work does (run it from cron every few minutes): sends a dummy when one is due and says when
/// the next is; the first run only schedules.
pub fn dummy_upload(db: Option<PathBuf>, args: DummyUploadArgs, out: &Output) -> Result<(), Failure> {
    let passport = open_passport(db)?;
    let now = args.clock.now();
    let due_now = passport.next_dummy_upload()?.is_some_and(|due| due <= now);
    if args.now && !due_now {
        send_submission(&ServerClient::new(&args.server)?, &Submission::dummy())?;
    }
    let next = passport.run_dummy_uploads(&args.server, now)?;
    let sent = args.now || due_now;
    let said = if sent { "Dummy upload sent" } else { "No dummy upload due" };
    out.print(&format!("{said}; the next is due at {next}."), json!({ "sent": sent, "next_at": next }));
    Ok(())
}
