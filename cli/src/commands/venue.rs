//! `healthpass venue …`: signed posters for venue operators.

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, Utc};
use clap::{Args, Subcommand};
use healthpass_core::poster::{PosterLayout, PrintedDetails, render_pdf, render_png, render_svg};
use healthpass_core::venue::{DefaultStay, PosterBaseUrl, VenueCategory, VenueDetails, VenuePoster};
use serde_json::json;

use super::registry::read_signing_key;
use crate::failure::Failure;
use crate::output::Output;
use crate::parse_instant;

/// Commands on venue posters.
#[derive(Debug, Subcommand)]
pub enum VenueCommand {
    /// Create a venue, sign its poster with the registry key and render it to PNG, SVG or an A4 PDF.
    Create(CreateArgs),
}

/// What `venue create` needs.
/// What describes a venue on its poster.
#[derive(Debug, Args)]
pub struct VenueArgs {
    /// The venue's name as printed on the poster (1–100 characters).
    #[arg(long)]
    pub name: String,
    /// The venue's address (1–100 characters).
    #[arg(long)]
    pub address: String,
    /// Kind of place: mall, shop, government_office, restaurant, place_of_worship, workplace,
    /// school, healthcare, transport, lodging, other.
    #[arg(long, default_value = "other", value_parser = parse_category)]
    pub category: VenueCategory,
    /// Minutes a visit lasts when the visitor does not check out (15–1425, steps of 15).
    #[arg(long, value_name = "MINUTES", default_value_t = 60)]
    pub stay: u32,
}

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
    /// Days the poster stays valid.
    #[arg(long, value_name = "DAYS", default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=3660))]
    valid_days: u32,
    /// The URL printed before the payload (https://…, no '#').
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Where to write the poster: a .png, .svg or A4 .pdf file.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

fn parse_category(name: &str) -> Result<VenueCategory, String> {
    name.parse().map_err(|_| {
        let names: Vec<&str> = VenueCategory::ALL.iter().map(|c| c.name()).collect();
        format!("expected one of {}", names.join(", "))
    })
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
    let valid_from = args.valid_from.unwrap_or_else(Utc::now);
    let details = VenueDetails {
        name: args.venue.name,
        address: args.venue.address,
        category: args.venue.category,
        default_stay: DefaultStay::from_minutes(args.venue.stay)?,
        valid_from,
        valid_until: valid_from + TimeDelta::days(i64::from(args.valid_days)),
    };
    let signed = key.sign_poster(VenuePoster::for_new_venue(details)?);
    let url = signed.to_url(&base);
    let layout = PosterLayout::new(&url, signed.poster().name()).map_err(|e| Failure::refused("poster_too_long", e))?;
    let poster = signed.poster();
    let printed =
        PrintedDetails { category: poster.category(), valid_from: poster.valid_from(), valid_until: poster.valid_until() };
    write_poster(&args.out, &layout, &printed)?;
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

/// Writes the poster in the format its file name asks for: `.png`, `.svg` or an A4 `.pdf`
/// (which also prints the category and validity of `printed`).
pub(crate) fn write_poster(path: &Path, layout: &PosterLayout, printed: &PrintedDetails) -> Result<(), Failure> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let bytes = match extension.as_deref() {
        Some("png") => render_png(layout).map_err(|e| Failure::environment("render", e))?,
        Some("svg") => render_svg(layout).into_bytes(),
        Some("pdf") => render_pdf(layout, printed),
        _ => return Err(Failure::refused("unsupported_output", "the poster file must end in .png, .svg or .pdf")),
    };
    std::fs::write(path, bytes).map_err(|e| Failure::io(path, e))
}
