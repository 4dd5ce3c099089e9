//! The citizen's diary: check in, check out, history, export, purge, delete.

use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use clap::Args;
use healthpass_core::checkin::{CheckInOutcome, Visit};
use serde_json::{Value, json};

use crate::args::AtArgs;
use crate::failure::Failure;
use crate::files::{open_passport, read_text};
use crate::output::Output;

/// What `checkin` reads.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// A photo of the poster (PNG, JPEG or WebP).
    #[arg(required_unless_present = "text", conflicts_with = "text")]
    image: Option<PathBuf>,
    /// The poster's QR text, instead of a photo.
    #[arg(long, value_name = "QR_TEXT")]
    text: Option<String>,
    /// A trusted venue-registry public key file (repeat during a key rotation); needed for
    /// healthpass posters, not for unsigned Corona-Warn-App or CrowdNotifier event posters.
    #[arg(long = "registry", value_name = "FILE")]
    registries: Vec<PathBuf>,
    /// Accept CrowdNotifier (NotifyMe, `?v=4`) posters only on this host; any host when absent.
    #[arg(long, value_name = "HOST")]
    crowdnotifier_host: Option<String>,
    #[command(flatten)]
    clock: AtArgs,
}

/// What `export` writes.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// CSV file to write (standard output when absent).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    clock: AtArgs,
}

/// What `purge` uses.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Set the retention to this many days (1–365) before purging; it is remembered.
    #[arg(long, value_name = "DAYS")]
    retention_days: Option<u32>,
    #[command(flatten)]
    clock: AtArgs,
}

/// Confirmation for `delete-all`.
#[derive(Debug, Args)]
pub struct DeleteAllArgs {
    /// Confirm that every visit and setting should be deleted.
    #[arg(long, required = true)]
    yes: bool,
}

/// `healthpass checkin`: read the poster (verifying a healthpass poster's signature), then
/// check in (or out, when it is the open venue's).
pub fn checkin(db: Option<PathBuf>, args: CheckinArgs, out: &Output) -> Result<(), Failure> {
    let keys = args.registries.iter().map(|path| read_text(path)).collect::<Result<Vec<_>, _>>()?;
    let passport = open_passport(db)?;
    if !keys.is_empty() {
        passport.set_trusted_registry_keys(&keys)?;
    }
    passport.set_crowdnotifier_host(args.crowdnotifier_host);
    let now = args.clock.now();
    let outcome = match (&args.text, &args.image) {
        (Some(text), _) => passport.check_in_text(text, now)?,
        (None, Some(image)) => passport.check_in_image(image, now)?,
        (None, None) => return Err(Failure::refused("no_input", "give an image or --text")),
    };
    match outcome {
        CheckInOutcome::CheckedIn { visit, closed_previous } => {
            let mut human = format!("Checked in: {}", visit_line(&visit));
            if let Some(previous) = &closed_previous {
                human = format!("Checked out: {}\n{human}", visit_line(previous));
            }
            if !visit.verified() {
                human.push_str(
                    "\nUnverified: an event poster (Corona-Warn-App or CrowdNotifier) carries no signature; name and address are as printed.",
                );
            }
            let previous = closed_previous.as_ref().map_or(Value::Null, visit_json);
            out.print(&human, json!({ "outcome": "checked_in", "visit": visit_json(&visit), "closed_previous": previous }));
        }
        CheckInOutcome::CheckedOut { visit } => {
            out.print(
                &format!("Checked out: {}", visit_line(&visit)),
                json!({ "outcome": "checked_out", "visit": visit_json(&visit) }),
            );
        }
        CheckInOutcome::AlreadyCheckedIn { visit } => {
            out.print(
                &format!("Already checked in: {}", visit_line(&visit)),
                json!({ "outcome": "already_checked_in", "visit": visit_json(&visit) }),
            );
        }
    }
    Ok(())
}

/// `healthpass checkout`.
pub fn checkout(db: Option<PathBuf>, args: AtArgs, out: &Output) -> Result<(), Failure> {
    let visit = open_passport(db)?.check_out(args.now())?;
    out.print(&format!("Checked out: {}", visit_line(&visit)), json!({ "outcome": "checked_out", "visit": visit_json(&visit) }));
    Ok(())
}

/// `healthpass history`.
pub fn history(db: Option<PathBuf>, args: AtArgs, out: &Output) -> Result<(), Failure> {
    let visits = open_passport(db)?.history(args.now())?;
    let human =
        if visits.is_empty() { "No visits.".to_owned() } else { visits.iter().map(visit_line).collect::<Vec<_>>().join("\n") };
    out.print(&human, json!({ "visits": visits.iter().map(visit_json).collect::<Vec<_>>() }));
    Ok(())
}

/// `healthpass export`: CSV to a file or standard output.
pub fn export(db: Option<PathBuf>, args: ExportArgs) -> Result<(), Failure> {
    let csv = open_passport(db)?.export_csv(args.clock.now())?;
    match &args.out {
        Some(path) => std::fs::write(path, csv).map_err(|e| Failure::io(path, e)),
        None => {
            print!("{csv}");
            Ok(())
        }
    }
}

/// `healthpass purge`.
pub fn purge(db: Option<PathBuf>, args: PurgeArgs, out: &Output) -> Result<(), Failure> {
    let passport = open_passport(db)?;
    if let Some(days) = args.retention_days {
        passport.set_retention_days(days, args.clock.now())?;
    }
    let deleted = passport.purge(args.clock.now())?;
    let days = passport.retention_days()?;
    out.print(
        &format!("Deleted {deleted} visit(s) older than {days} days."),
        json!({ "deleted": deleted, "retention_days": days }),
    );
    Ok(())
}

/// `healthpass delete-all --yes`.
pub fn delete_all(db: Option<PathBuf>, _confirmed: DeleteAllArgs, out: &Output) -> Result<(), Failure> {
    open_passport(db)?.delete_everything()?;
    out.print("Deleted every visit and setting.", json!({ "deleted": true }));
    Ok(())
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One line per visit for people.
fn visit_line(visit: &Visit) -> String {
    let ended = match visit.end.instant() {
        Some(at) => format!("until {} ({})", instant(at), visit.end.name()),
        None => "still there".to_owned(),
    };
    let unverified = if visit.verified() { "" } else { " [unverified event poster]" };
    format!(
        "#{} {}{unverified} ({}), {} from {} {ended}",
        visit.id,
        visit.venue_name,
        visit.category.name(),
        visit.venue_address,
        instant(visit.checked_in_at)
    )
}

/// A visit as JSON for scripts.
fn visit_json(visit: &Visit) -> Value {
    json!({
        "id": visit.id,
        "venue_id": visit.venue_id.map(|id| id.to_string()),
        "verified": visit.verified(),
        "poster_kind": visit.poster_kind.name(),
        "venue_name": visit.venue_name,
        "venue_address": visit.venue_address,
        "category": visit.category.name(),
        "checked_in_at": instant(visit.checked_in_at),
        "checked_out_at": visit.end.instant().map(instant),
        "checkout": visit.end.name(),
    })
}
