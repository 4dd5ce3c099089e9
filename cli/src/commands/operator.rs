//! `healthpass operator …`: a venue operator registers venues with the server and, with an
//! officer's approval, warns a venue's visitors without any citizen's upload.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use healthpass_core::exposure::{Advice, LocationId, WarningWindow};
use healthpass_core::poster::{PosterLayout, PrintedDetails};
use healthpass_core::remote::{VenueRegistration, register_venue, submit_venue_warning};
use serde_json::json;

use super::registry::write_new_file;
use super::remote_args::AccountArgs;
use super::venue::{VenueArgs, write_poster};
use crate::failure::Failure;
use crate::output::Output;
use crate::parse_instant;

/// Operator commands.
#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Register a venue; writes its signed poster and its trace secret (shown once).
    RegisterVenue(RegisterArgs),
    /// Ask for a warning to everyone who was at the venue in a time window.
    Warn(WarnArgs),
}

/// What `operator register-venue` registers.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    account: AccountArgs,
    #[command(flatten)]
    venue: VenueArgs,
    /// Days the poster is valid.
    #[arg(long)]
    valid_days: Option<u32>,
    /// Opt in to the anonymous occupancy counter.
    #[arg(long)]
    occupancy: bool,
    /// Where to write the poster (.png, .svg or A4 .pdf).
    #[arg(long, value_name = "FILE")]
    poster: PathBuf,
    /// Where to write the trace secret (created with mode 0600; never overwritten).
    #[arg(long, value_name = "FILE")]
    trace_secret_out: PathBuf,
}

/// What `operator warn` asks for.
#[derive(Debug, Args)]
pub struct WarnArgs {
    #[command(flatten)]
    account: AccountArgs,
    /// The venue id (hex), as printed at registration.
    #[arg(long, value_name = "HEX")]
    venue_id: String,
    /// The trace secret file written at registration.
    #[arg(long, value_name = "FILE")]
    trace_secret: PathBuf,
    /// Start of the window (RFC 3339).
    #[arg(long, value_parser = parse_instant)]
    from: DateTime<Utc>,
    /// End of the window (RFC 3339), after the start.
    #[arg(long, value_parser = parse_instant)]
    to: DateTime<Utc>,
    /// What visitors should do.
    #[arg(long, default_value = "get_tested", value_parser = parse_advice)]
    advice: Advice,
}

/// Reads an advice name.
pub(crate) fn parse_advice(name: &str) -> Result<Advice, String> {
    Advice::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Advice::ALL.iter().map(|a| a.name()).collect();
        format!("one of {}", names.join(", "))
    })
}

/// Runs an operator command.
pub fn run(command: OperatorCommand, out: &Output) -> Result<(), Failure> {
    match command {
        OperatorCommand::RegisterVenue(args) => register(args, out),
        OperatorCommand::Warn(args) => warn(args, out),
    }
}

fn register(args: RegisterArgs, out: &Output) -> Result<(), Failure> {
    let registration = VenueRegistration {
        name: args.venue.name.clone(),
        address: args.venue.address,
        category: args.venue.category.name().to_owned(),
        default_stay_minutes: args.venue.stay,
        valid_days: args.valid_days,
        occupancy: args.occupancy,
    };
    let venue = register_venue(&args.account.client()?, &registration)?;
    let layout = PosterLayout::new(&venue.poster_url, &registration.name).map_err(|e| Failure::refused("poster_too_long", e))?;
    let printed = PrintedDetails { category: args.venue.category, valid_from: venue.valid_from, valid_until: venue.valid_until };
    write_poster(&args.poster, &layout, &printed)?;
    write_new_file(&args.trace_secret_out, &venue.trace_secret, 0o600)?;
    out.print(
        &format!(
            "Venue {} registered; poster written to {}, trace secret to {} (keep it private)",
            venue.venue_id,
            args.poster.display(),
            args.trace_secret_out.display()
        ),
        json!({
            "venue_id": venue.venue_id,
            "poster_url": venue.poster_url,
            "valid_from": venue.valid_from,
            "valid_until": venue.valid_until,
            "poster": args.poster,
            "trace_secret_file": args.trace_secret_out,
        }),
    );
    Ok(())
}

fn warn(args: WarnArgs, out: &Output) -> Result<(), Failure> {
    if args.to <= args.from {
        return Err(Failure::refused("invalid_window", "the window must end after it starts"));
    }
    let text = std::fs::read_to_string(&args.trace_secret).map_err(|e| Failure::io(&args.trace_secret, e))?;
    let secret = LocationId::from_trace_secret(&text).map_err(|e| Failure::refused("invalid_trace_secret", e))?;
    let window = WarningWindow { start: args.from, end: args.to, advice: args.advice };
    let id = submit_venue_warning(&args.account.client()?, &args.venue_id, &secret, &window)?;
    out.print(&format!("Warning {id} submitted; a health officer must approve it before it is published"), json!({ "id": id }));
    Ok(())
}
