//! The citizen's diary: check in, check out, history, export, purge, delete.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use clap::Args;
use healthpass_core::checkin::{self, CheckInOutcome, Visit};
use healthpass_core::scan;
use healthpass_core::store::Store;
use healthpass_core::venue::{ScannedPoster, TrustedRegistries, first_scanned_poster, read_scanned_poster};
use serde_json::{Value, json};

use super::registry::read_public_key;
use crate::failure::Failure;
use crate::output::Output;
use crate::parse_instant;

/// The instant to act at, for scripts and tests; the system clock by default.
#[derive(Debug, Args)]
pub struct ClockArgs {
    /// Use this instant instead of the clock (RFC 3339).
    #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
    at: Option<DateTime<Utc>>,
}

impl ClockArgs {
    /// The given instant, else the clock.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.at.unwrap_or_else(Utc::now)
    }
}

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
    clock: ClockArgs,
}

/// What `export` writes.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// CSV file to write (standard output when absent).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    clock: ClockArgs,
}

/// What `purge` uses.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Set the retention to this many days (1–365) before purging; it is remembered.
    #[arg(long, value_name = "DAYS")]
    retention_days: Option<u32>,
    #[command(flatten)]
    clock: ClockArgs,
}

/// Confirmation for `delete-all`.
#[derive(Debug, Args)]
pub struct DeleteAllArgs {
    /// Confirm that every visit and setting should be deleted.
    #[arg(long, required = true)]
    yes: bool,
}

/// Opens the diary at `db`, or at the default place in the user's data directory.
pub(crate) fn open_store(db: Option<PathBuf>) -> Result<Store, Failure> {
    let path = match db {
        Some(path) => path,
        None => {
            let dir = dirs::data_dir()
                .ok_or_else(|| Failure::environment("no_data_dir", "no data directory; pass --db PATH"))?
                .join("healthpass");
            std::fs::create_dir_all(&dir).map_err(|e| Failure::io(&dir, e))?;
            dir.join("healthpass.db")
        }
    };
    Ok(Store::open(&path)?)
}

/// `healthpass checkin`: read the poster (verifying a healthpass poster's signature), then
/// check in (or out, when it is the open venue's).
pub fn checkin(db: Option<PathBuf>, args: CheckinArgs, out: &Output) -> Result<(), Failure> {
    let keys = args.registries.iter().map(|path| read_public_key(path)).collect::<Result<Vec<_>, _>>()?;
    let trusted = (!keys.is_empty()).then(|| TrustedRegistries::new(keys));
    let now = args.clock.now();
    let cn_host = args.crowdnotifier_host.as_deref();
    let poster = match (&args.text, &args.image) {
        (Some(text), _) => read_scanned_poster(text, trusted.as_ref(), cn_host, now)?,
        (None, Some(image)) => poster_from_image(image, trusted.as_ref(), cn_host, now)?,
        (None, None) => return Err(Failure::refused("no_input", "give an image or --text")),
    };
    let mut store = open_store(db)?;
    let outcome = checkin::check_in_scanned(&mut store, &poster, now)?;
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
        CheckInOutcome::CheckedOut(visit) => {
            out.print(
                &format!("Checked out: {}", visit_line(&visit)),
                json!({ "outcome": "checked_out", "visit": visit_json(&visit) }),
            );
        }
        CheckInOutcome::AlreadyCheckedIn(visit) => {
            out.print(
                &format!("Already checked in: {}", visit_line(&visit)),
                json!({ "outcome": "already_checked_in", "visit": visit_json(&visit) }),
            );
        }
    }
    Ok(())
}

/// Reads every QR code in the photo and takes the first that is a valid poster; if none is,
/// the first code's refusal is reported.
fn poster_from_image(
    path: &Path,
    trusted: Option<&TrustedRegistries>,
    cn_host: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ScannedPoster, Failure> {
    let texts = scan::decode_image_file(path)?;
    match first_scanned_poster(&texts, trusted, cn_host, now) {
        Some(read) => Ok(read?),
        None => Err(Failure::refused("no_qr_code", "no QR code found in the image")),
    }
}

/// `healthpass checkout`.
pub fn checkout(db: Option<PathBuf>, args: ClockArgs, out: &Output) -> Result<(), Failure> {
    let mut store = open_store(db)?;
    let visit = checkin::check_out(&mut store, args.now())?;
    out.print(&format!("Checked out: {}", visit_line(&visit)), json!({ "outcome": "checked_out", "visit": visit_json(&visit) }));
    Ok(())
}

/// `healthpass history`.
pub fn history(db: Option<PathBuf>, args: ClockArgs, out: &Output) -> Result<(), Failure> {
    let store = open_store(db)?;
    let visits = checkin::history(&store, args.now())?;
    let human =
        if visits.is_empty() { "No visits.".to_owned() } else { visits.iter().map(visit_line).collect::<Vec<_>>().join("\n") };
    out.print(&human, json!({ "visits": visits.iter().map(visit_json).collect::<Vec<_>>() }));
    Ok(())
}

/// `healthpass export`: CSV to a file or standard output.
pub fn export(db: Option<PathBuf>, args: ExportArgs) -> Result<(), Failure> {
    let store = open_store(db)?;
    let csv = checkin::export_csv(&checkin::history(&store, args.clock.now())?);
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
    let mut store = open_store(db)?;
    if let Some(days) = args.retention_days {
        checkin::set_retention_days(&mut store, days)?;
    }
    let deleted = checkin::purge(&mut store, args.clock.now())?;
    let days = checkin::retention_days(&store)?;
    out.print(
        &format!("Deleted {deleted} visit(s) older than {days} days."),
        json!({ "deleted": deleted, "retention_days": days }),
    );
    Ok(())
}

/// `healthpass delete-all --yes`.
pub fn delete_all(db: Option<PathBuf>, _confirmed: DeleteAllArgs, out: &Output) -> Result<(), Failure> {
    let mut store = open_store(db)?;
    store.delete_everything()?;
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
