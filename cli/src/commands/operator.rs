//! `healthpass operator …`: a venue operator registers venues with the server (the seed is
//! made here and never leaves this machine), reprints posters with a fresh seed and, with an
//! officer's approval, warns a venue's visitors without any citizen's upload.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use healthpass_core::api::{CaseTerms, PosterRegistration};
use healthpass_core::exposure::{Advice, LocationId, seal_venue_warning};
use healthpass_core::poster::PosterLayout;
use healthpass_core::remote::{register_poster, submit_venue_warning};
use healthpass_core::venue::{PosterSeed, read_kept_poster_text};
use serde_json::json;

use crate::account_args::AccountArgs;
use crate::args::{VenueArgs, parse_advice, parse_instant};
use crate::failure::Failure;
use crate::files::{read_text, write_new_file, write_poster};
use crate::output::Output;

/// Operator commands.
#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Register a venue; writes its poster and the poster's text (with its seed: keep it).
    RegisterVenue(RegisterArgs),
    /// Reprint a registered venue's poster with a fresh seed (the old poster's warnings stay
    /// the old poster's).
    Reprint(ReprintArgs),
    /// Ask for a warning to everyone who was at the venue in a time window; sealed here.
    Warn(WarnArgs),
}

/// What a poster is printed with.
#[derive(Debug, Args)]
pub struct PosterArgs {
    #[command(flatten)]
    account: AccountArgs,
    #[command(flatten)]
    venue: VenueArgs,
    /// First instant the poster is valid (RFC 3339); when the registry signs it by default.
    #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
    valid_from: Option<DateTime<Utc>>,
    /// Days the poster is valid (at most 365; the server's default of 90 when absent).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=365))]
    valid_days: Option<u32>,
    /// Opt in to the anonymous occupancy counter.
    #[arg(long)]
    occupancy: bool,
    /// Where to write the poster (.png or .svg).
    #[arg(long, value_name = "FILE")]
    poster: PathBuf,
    /// Where to write the poster's text with its seed (created with mode 0600; never
    /// overwritten): needed to warn visitors later.
    #[arg(long, value_name = "FILE")]
    poster_text_out: PathBuf,
}

/// What `operator register-venue` registers.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    poster: PosterArgs,
}

/// What `operator reprint` reprints.
#[derive(Debug, Args)]
pub struct ReprintArgs {
    /// The venue id (hex), as printed at registration.
    #[arg(long, value_name = "HEX")]
    venue_id: String,
    #[command(flatten)]
    poster: PosterArgs,
}

/// What `operator warn` asks for.
#[derive(Debug, Args)]
pub struct WarnArgs {
    #[command(flatten)]
    account: AccountArgs,
    /// The venue (hex id printed at registration).
    #[arg(long, value_name = "HEX")]
    venue_id: String,
    /// The poster text file written at registration or reprint.
    #[arg(long, value_name = "FILE")]
    poster_text: PathBuf,
    /// The advice proposed to the officer, who approves it before anything is published.
    #[arg(long, value_parser = parse_advice, default_value = "get_tested")]
    advice: Advice,
    /// Start of the window (RFC 3339).
    #[arg(long, value_parser = parse_instant)]
    from: DateTime<Utc>,
    /// End of the window (RFC 3339), after the start.
    #[arg(long, value_parser = parse_instant)]
    to: DateTime<Utc>,
}

/// Runs an operator command.
pub fn run(command: OperatorCommand, out: &Output) -> Result<(), Failure> {
    match command {
        OperatorCommand::RegisterVenue(args) => print_poster(None, args.poster, out),
        OperatorCommand::Reprint(args) => print_poster(Some(&args.venue_id), args.poster, out),
        OperatorCommand::Warn(args) => warn(args, out),
    }
}

/// Makes a fresh seed, registers its commitment (a new venue, or a reprint of `venue_id`) and
/// writes the assembled poster and its text.
fn print_poster(venue_id: Option<&str>, args: PosterArgs, out: &Output) -> Result<(), Failure> {
    let seed = PosterSeed::random();
    let registration = PosterRegistration {
        name: args.venue.name.clone(),
        address: args.venue.address,
        category: args.venue.category.name().to_owned(),
        default_stay_minutes: args.venue.stay,
        valid_from: args.valid_from,
        valid_days: args.valid_days,
        commitment: seed.commitment().to_base64url(),
        occupancy: args.occupancy,
    };
    let registered = register_poster(&args.account.client()?, venue_id, &registration)?;
    // Checked as a phone will, at the first instant it can be scanned.
    let scannable_from = registered.valid_from.max(Utc::now());
    let (poster, text) = registered.assemble(&seed, None, scannable_from)?;
    let layout = PosterLayout::new(&text, &registration.name).map_err(|e| Failure::refused("poster_too_long", e))?;
    write_poster(&args.poster, &layout)?;
    write_new_file(&args.poster_text_out, &text, 0o600)?;
    out.print(
        &format!(
            "Venue {} poster written to {}, its text to {} (keep it private: it warns your visitors)",
            registered.venue_id,
            args.poster.display(),
            args.poster_text_out.display()
        ),
        json!({
            "venue_id": registered.venue_id,
            "valid_from": poster.poster().valid_from(),
            "valid_until": poster.poster().valid_until(),
            "poster": args.poster,
            "poster_text_file": args.poster_text_out,
        }),
    );
    Ok(())
}

fn warn(args: WarnArgs, out: &Output) -> Result<(), Failure> {
    if args.to <= args.from {
        return Err(Failure::refused("invalid_window", "the window must end after it starts"));
    }
    let text = read_text(&args.poster_text)?;
    let poster = read_kept_poster_text(&text)?;
    let location = LocationId::of_venue(&poster).ok_or_else(|| Failure::refused("no_seed", "the poster text carries no seed"))?;
    let terms = CaseTerms::new(args.advice, args.from, args.to).map_err(|e| Failure::refused("invalid_window", e))?;
    let warning = seal_venue_warning(&location, args.from, args.to).map_err(|e| Failure::refused(e.code(), e))?;
    let id = submit_venue_warning(&args.account.client()?, &args.venue_id, &warning, &terms)?;
    out.print(
        &format!(
            "Warning {id} for {} slot(s) submitted; a health officer approves it before it is published",
            warning.reports.len()
        ),
        json!({ "id": id, "reports": warning.reports.len() }),
    );
    Ok(())
}
