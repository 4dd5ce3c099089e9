//! The arguments every command that talks to a server shares.

use std::sync::Arc;

use clap::Args;
use healthpass_core::remote::{ServerClient, Transport, UreqTransport};

use crate::failure::Failure;

/// Which server, and (for officers and operators) which account.
#[derive(Debug, Args)]
pub struct AccountArgs {
    /// The server's base URL (https, or http to this machine).
    #[arg(long, value_name = "URL")]
    server: String,
    /// The account's API token (or `HEALTHPASS_TOKEN`, which keeps it out of the process list).
    /// Tokens are base64url, so one may start with `-`.
    #[arg(long, value_name = "TOKEN", env = "HEALTHPASS_TOKEN", hide_env_values = true, allow_hyphen_values = true)]
    token: String,
}

impl AccountArgs {
    /// A client acting as this account.
    pub fn client(&self) -> Result<ServerClient, Failure> {
        Ok(ServerClient::new(&self.server, transport())?.with_token(&self.token))
    }
}

/// How this desk tool talks HTTP: ureq with rustls and the Mozilla roots.
pub fn transport() -> Arc<dyn Transport> {
    Arc::new(UreqTransport::new())
}
