//! `healthpass upload`: after a confirmed infection, the citizen consents to share their
//! visits of the infectious window as protected reports, with the officer's one-time code.

use std::path::PathBuf;

use clap::Args;
use healthpass_core::exposure::Advice;
use healthpass_core::passport::{DEFAULT_UPLOAD_DAYS, UploadWindow};
use serde_json::json;

use crate::args::{AtArgs, parse_advice};
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
    /// The infectious window: visits that ended in the last DAYS days (1–21).
    #[arg(long, default_value_t = DEFAULT_UPLOAD_DAYS)]
    days: u32,
    /// What the people who were there should do.
    #[arg(long, default_value = "get_tested", value_parser = parse_advice)]
    advice: Advice,
    #[command(flatten)]
    clock: AtArgs,
}

/// `healthpass upload`.
pub fn upload(db: Option<PathBuf>, args: UploadArgs, out: &Output) -> Result<(), Failure> {
    let window = UploadWindow::from_days(args.days)?;
    let passport = open_passport(db)?;
    let summary = passport.upload_visits(&args.server, &args.code, &args.exclude, window, args.advice, args.clock.now())?;
    out.print(
        &format!(
            "Shared {} visit(s) among {} reports; a health officer reviews upload-{} before anything is published.",
            summary.visits_shared, summary.reports, summary.upload_id
        ),
        json!({ "upload_id": summary.upload_id, "visits_shared": summary.visits_shared, "reports": summary.reports }),
    );
    Ok(())
}
