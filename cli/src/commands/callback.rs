//! `healthpass callback`: ask the health office to call back (after an alert, or with a red or
//! black status). Sends the phone number, an optional name and the language — nothing else.

use clap::Args;
use healthpass_core::api::FollowUpRequest;
use healthpass_core::remote::{ServerClient, request_follow_up};
use serde_json::json;

use crate::failure::Failure;
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
}

/// `healthpass callback`.
pub fn callback(args: CallbackArgs, out: &Output) -> Result<(), Failure> {
    let request = FollowUpRequest::new(&args.phone, args.name.as_deref(), &args.language)
        .map_err(|e| Failure::refused("invalid_follow_up", e))?;
    request_follow_up(&ServerClient::new(&args.server)?, &request)?;
    out.print(
        "The health office will call you back; the request is deleted once handled, or after 14 days.",
        json!({ "requested": true }),
    );
    Ok(())
}
