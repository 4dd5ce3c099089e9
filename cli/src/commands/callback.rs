//! `healthpass callback`: ask the health office to call back, offered after an exposure alert or
//! with a red or black status (the passport decides). Sends the phone number, an optional name
//! and the language — nothing else.

use std::path::PathBuf;

use clap::Args;
use healthpass_core::notify::Language;
use serde_json::json;

use crate::args::AtArgs;
use crate::failure::Failure;
use crate::files::open_passport;
use crate::output::Output;

/// What `callback` sends.
#[derive(Debug, Args)]
pub struct CallbackArgs {
    /// The server's base URL (https, or http to this machine).
    #[arg(long, value_name = "URL")]
    server: String,
    /// The number to call (8–15 digits, optionally starting with +).
    #[arg(long, value_name = "NUMBER")]
    phone: String,
    /// How the officer should address you (optional).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// The language to speak: id or en.
    #[arg(long, value_name = "LANG", default_value = "id")]
    language: String,
    #[command(flatten)]
    clock: AtArgs,
}

/// `healthpass callback`.
pub fn callback(db: Option<PathBuf>, args: CallbackArgs, out: &Output) -> Result<(), Failure> {
    let language = Language::from_code(&args.language)
        .ok_or_else(|| Failure::refused("invalid_language", "the language must be id or en"))?;
    open_passport(db)?.request_follow_up(&args.server, &args.phone, args.name.as_deref(), language, args.clock.now())?;
    out.print(
        "The health office will call you back; the request is deleted once handled, or after 14 days.",
        json!({ "requested": true }),
    );
    Ok(())
}
