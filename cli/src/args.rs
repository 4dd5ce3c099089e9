//! Argument parsing shared by several commands: the one `--at` instant parser, the instant to
//! act at, exposure advice and a venue's description.

use chrono::{DateTime, Utc};
use clap::Args;
use healthpass_core::certificate;
use healthpass_core::exposure::Advice;
use healthpass_core::venue::VenueCategory;

/// Parses an instant given on the command line, the same way everywhere: RFC 3339, no zone
/// (UTC), `+0200`, up to 9 fractional digits.
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    certificate::parse_instant(text).map_err(|e| e.to_string())
}

/// The instant to act at, for scripts and tests; the system clock by default.
#[derive(Debug, Args)]
pub struct AtArgs {
    /// Use this instant instead of the clock (RFC 3339, or without zone for UTC).
    #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
    pub at: Option<DateTime<Utc>>,
}

impl AtArgs {
    /// The given instant, else the clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.at.unwrap_or_else(Utc::now)
    }
}

/// Reads an exposure advice name (`monitor_symptoms`, `get_tested`, `isolate`).
pub fn parse_advice(name: &str) -> Result<Advice, String> {
    Advice::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Advice::ALL.iter().map(|a| a.name()).collect();
        format!("one of {}", names.join(", "))
    })
}

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

fn parse_category(name: &str) -> Result<VenueCategory, String> {
    name.parse().map_err(|_| {
        let names: Vec<&str> = VenueCategory::ALL.iter().map(|c| c.name()).collect();
        format!("expected one of {}", names.join(", "))
    })
}
