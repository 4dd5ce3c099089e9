//! `healthpass officer …`: a health officer confirms cases, reviews submissions and publishes
//! exposure warnings.

use chrono::{DateTime, TimeDelta, Utc};
use clap::{Args, Subcommand};
use healthpass_core::api::{CaseTerms, ReviewDecision};
use healthpass_core::exposure::Advice;
use healthpass_core::remote::{confirm_case, decide, pending_reviews, publish_warnings};
use serde_json::json;

use crate::account_args::AccountArgs;
use crate::args::{parse_advice, parse_instant};
use crate::failure::Failure;
use crate::output::Output;

/// Officer commands.
#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// Confirm a case with its advice and infectious period; prints the one-time upload code
    /// for the citizen as the last line.
    ConfirmCase(ConfirmCaseArgs),
    /// Approve or reject submissions, then list those still pending.
    Review(ReviewArgs),
    /// Publish every approved submission in a new signed warning bundle.
    Publish(AccountArgs),
}

/// What `officer confirm-case` binds to the upload code.
#[derive(Debug, Args)]
pub struct ConfirmCaseArgs {
    #[command(flatten)]
    account: AccountArgs,
    /// What people who were there at the same time should do: monitor_symptoms, get_tested
    /// or isolate.
    #[arg(long, value_parser = parse_advice)]
    advice: Advice,
    /// Start of the infectious period (RFC 3339); 14 days before now when absent.
    #[arg(long, value_name = "TIME", value_parser = parse_instant)]
    infectious_from: Option<DateTime<Utc>>,
    /// End of the infectious period (RFC 3339); now when absent.
    #[arg(long, value_name = "TIME", value_parser = parse_instant)]
    infectious_until: Option<DateTime<Utc>>,
}

/// What `officer review` decides.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    account: AccountArgs,
    /// Approve this submission (`upload-N`, `venue-warning-N`); repeatable.
    #[arg(long, value_name = "ID")]
    approve: Vec<String>,
    /// Reject this submission; repeatable.
    #[arg(long, value_name = "ID")]
    reject: Vec<String>,
}

/// Runs an officer command.
pub fn run(command: OfficerCommand, out: &Output) -> Result<(), Failure> {
    match command {
        OfficerCommand::ConfirmCase(args) => {
            let now = Utc::now();
            let terms = CaseTerms::new(
                args.advice,
                args.infectious_from.unwrap_or(now - TimeDelta::days(14)),
                args.infectious_until.unwrap_or(now),
            )
            .map_err(|e| Failure::refused("invalid_period", e))?;
            let case = confirm_case(&args.account.client()?, &terms)?;
            out.print(
                &format!(
                    "Case {} confirmed; code valid until {}. Give the citizen this code:\n{}",
                    case.case_id, case.expires_at, case.upload_code
                ),
                json!({ "case_id": case.case_id, "upload_code": case.upload_code, "expires_at": case.expires_at }),
            );
            Ok(())
        }
        OfficerCommand::Review(args) => review(args, out),
        OfficerCommand::Publish(account) => {
            let bundle = publish_warnings(&account.client()?)?;
            out.print(
                &format!("Published {} reports in the bundle of hour {}", bundle.reports, bundle.hour),
                json!({ "hour": bundle.hour, "reports": bundle.reports }),
            );
            Ok(())
        }
    }
}

fn review(args: ReviewArgs, out: &Output) -> Result<(), Failure> {
    let client = args.account.client()?;
    let decisions = args
        .approve
        .iter()
        .map(|id| (id, ReviewDecision::Approve))
        .chain(args.reject.iter().map(|id| (id, ReviewDecision::Reject)));
    for (id, decision) in decisions {
        decide(&client, id, decision)?;
    }
    let pending = pending_reviews(&client)?;
    let lines: Vec<String> = pending
        .iter()
        .map(|p| {
            format!(
                "{}  {}  {} reports  advice {}  period {} to {}  received {}",
                p.id, p.kind, p.reports, p.advice, p.infectious_from, p.infectious_until, p.received_at
            )
        })
        .collect();
    let human = if lines.is_empty() { "Nothing is waiting for review.".to_owned() } else { lines.join("\n") };
    let items: Vec<_> = pending
        .iter()
        .map(|p| {
            json!({
                "id": p.id, "kind": p.kind, "reports": p.reports, "received_at": p.received_at, "advice": p.advice,
                "infectious_from": p.infectious_from, "infectious_until": p.infectious_until,
            })
        })
        .collect();
    out.print(&human, json!({ "decided": args.approve.len() + args.reject.len(), "pending": items }));
    Ok(())
}
