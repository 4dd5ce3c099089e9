//! `healthpass venue …`: signed posters for venue operators.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use healthpass_core::poster::PosterLayout;
use healthpass_core::venue::{PosterBaseUrl, PosterOrder, PosterSeed, TrustedRegistries, VenueId, VenuePoster, assemble_poster};
use serde_json::json;

use crate::args::{VenueArgs, parse_instant};
use crate::failure::Failure;
use crate::files::{read_signing_key, write_poster};
use crate::output::Output;

/// Commands on venue posters.
#[derive(Debug, Subcommand)]
pub enum VenueCommand {
    /// Create a venue, sign its poster with the registry key and render it to PNG or SVG.
    Create(CreateArgs),
}

/// What `venue create` needs.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The registry's secret key file (from `registry keygen`).
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    #[command(flatten)]
    venue: VenueArgs,
    /// First instant the poster is valid (RFC 3339; default now).
    #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
    valid_from: Option<DateTime<Utc>>,
    /// Days the poster stays valid (1–365; default 90): reprint with a fresh seed after.
    #[arg(long, value_name = "DAYS")]
    valid_days: Option<u32>,
    /// The URL printed before the payload (https://…, no '#').
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Where to write the poster: a .png or .svg file.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Runs a venue command.
pub fn run(command: VenueCommand, out: &Output) -> Result<(), Failure> {
    match command {
        VenueCommand::Create(args) => create(args, out),
    }
}

fn create(args: CreateArgs, out: &Output) -> Result<(), Failure> {
    let key = read_signing_key(&args.key)?;
    let base = match &args.base_url {
        Some(url) => PosterBaseUrl::new(url).map_err(|e| Failure::refused("invalid_base_url", e))?,
        None => PosterBaseUrl::default(),
    };
    let order = PosterOrder {
        name: args.venue.name,
        address: args.venue.address,
        category: args.venue.category,
        default_stay_minutes: args.venue.stay,
        valid_from: args.valid_from,
        valid_days: args.valid_days,
    };
    let details = order.details(Utc::now())?;
    let valid_from = details.valid_from;
    // The seed is made here and never leaves this machine except in the printed poster.
    let seed = PosterSeed::random();
    let registered = key.sign_poster_for(VenuePoster::committed(VenueId::random(), seed.commitment(), details)?, &base);
    let trusted = TrustedRegistries::new(vec![key.public_key()]);
    let signed = assemble_poster(registered.bytes(), &seed, &base, &trusted, valid_from)?;
    let url = signed.to_url(&base);
    let layout = PosterLayout::new(&url, signed.poster().name()).map_err(|e| Failure::refused("poster_too_long", e))?;
    write_poster(&args.out, &layout)?;
    let poster = signed.poster();
    out.print(
        &format!("Venue {} poster written to {}\n{url}", poster.venue_id(), args.out.display()),
        json!({
            "venue_id": poster.venue_id().to_string(),
            "key_id": signed.key_id().to_string(),
            "valid_from": poster.valid_from(),
            "valid_until": poster.valid_until(),
            "url": url,
            "out": args.out,
        }),
    );
    Ok(())
}
