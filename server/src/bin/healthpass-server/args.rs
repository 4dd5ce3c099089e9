//! The command line of `healthpass-server`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use healthpass_server::batch::DEFAULT_MIN_SUBMISSIONS;
use healthpass_server::config::{DEFAULT_REQUEST_TIMEOUT, DEFAULT_UPLOAD_CODE_LIFETIME};
use healthpass_server::connections::DEFAULT_HEADER_READ_TIMEOUT;
use healthpass_server::keys::KeyKind;

/// healthpass reference backend: venue registry, cases and upload codes, signed bundles.
#[derive(Debug, Parser)]
#[command(name = "healthpass-server", version)]
pub struct ServerCli {
    /// Print failures as JSON for scripts instead of text for people.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API from a data directory until SIGINT or SIGTERM.
    Run(RunArgs),
    /// Add a health-officer account; its API token is printed once, as the last line.
    AddOfficer(AccountArgs),
    /// Add a venue-operator account; its API token is printed once, as the last line.
    AddOperator(AccountArgs),
    /// Make a new current key of KIND; the old one keeps verifying until retired. Restart the
    /// server to sign with it. The new key id is printed as the last line.
    RotateKey(RotateArgs),
    /// Delete a retained (not current) key of KIND, so it no longer verifies.
    RetireKey(RetireArgs),
}

/// Where the server keeps its state and listens.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Data directory: keys (mode 0600) and the state database.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Address to listen on; port 0 picks a free port (printed as `listening on …`).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Seconds an upload code stays valid after the case is confirmed (default 24 hours).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_UPLOAD_CODE_LIFETIME.num_seconds().unsigned_abs())]
    pub upload_code_lifetime: u64,
    /// The status rule set to publish, as JSON (`core/rules/*.json` show the format); default
    /// PeduliLindungi 2022. Phones pick it up with `healthpass sync --trust-root …`.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// The TLS proxy in front of the server: requests from this address are counted (for the
    /// upload-code and occupancy limits) under the client address the proxy appended to
    /// --client-address-header. Without it every client behind a proxy shares its address.
    #[arg(long, value_name = "ADDR")]
    pub trusted_proxy: Option<IpAddr>,
    /// The header the trusted proxy puts the client's address in (the last entry counts).
    #[arg(long, value_name = "NAME", default_value = "x-forwarded-for", requires = "trusted_proxy")]
    pub client_address_header: String,
    /// Seconds a client has to send a request head before its connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_HEADER_READ_TIMEOUT.as_secs())]
    pub header_read_timeout: u64,
    /// Seconds a request may take, body included, before it gets 408.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_REQUEST_TIMEOUT.as_secs())]
    pub request_timeout: u64,
    /// Submissions every published bundle holds at least; the server adds decoy submissions
    /// when fewer are approved, so no bundle is one citizen's alone.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_MIN_SUBMISSIONS, value_parser = clap::value_parser!(u16).range(1..))]
    pub min_submissions: u16,
    /// The URL printed before every poster's payload (https://…, no '#'), signed into each
    /// poster the registry registers; the deployment's own landing page.
    #[arg(long, value_name = "URL")]
    pub poster_base_url: Option<String>,
}

/// Where the state lives when not in SQLite under the data directory.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Keep the state in PostgreSQL at this URL (`postgres://user@host:port/dbname`, plain TCP)
    /// instead of the SQLite file under the data directory.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
}

/// A key to rotate.
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// registry, publisher, trust-root or issuer.
    pub kind: KeyKind,
    /// The server's data directory.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
}

/// A retained key to retire.
#[derive(Debug, Args)]
pub struct RetireArgs {
    /// registry, publisher, trust-root or issuer.
    pub kind: KeyKind,
    /// The id (16 hex digits) of the retained key, as printed by `rotate-key` or `/v1/keys`.
    pub key_id: String,
    /// The server's data directory.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
}

/// An account to add.
#[derive(Debug, Args)]
pub struct AccountArgs {
    /// Who the account is for (kept on the server only).
    pub name: String,
    /// The server's data directory.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}
