//! The command line of `healthpass-server`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use healthpass_server::batch::DEFAULT_MIN_SUBMISSIONS;
use healthpass_server::config::{DEFAULT_REQUEST_TIMEOUT, DEFAULT_UPLOAD_CODE_LIFETIME};
use healthpass_server::connections::DEFAULT_HEADER_READ_TIMEOUT;
use healthpass_server::keys::KeyKind;
use healthpass_server::portal::DisplayZone;

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
    /// Write the issuer's document signer certificates (current and retained, DER) for the
    /// offline trust-list signing; an ending issuer key is rotated first, as `run` would.
    ExportIssuer(ExportIssuerArgs),
    /// On the offline machine: create the trust-root key in --keys DIR if missing and print its
    /// public keys, one per line, current first (phones pin them; `run --trust-root` takes them).
    TrustRoot(TrustRootArgs),
    /// On the offline machine: sign a trust list or a status rule set with the trust-root key.
    #[command(subcommand)]
    Sign(SignCommand),
}

/// A document to sign offline; the output goes into the directory `run --documents` serves.
#[derive(Debug, Subcommand)]
pub enum SignCommand {
    /// Sign a trust list naming these document signer certificates (the server's exported
    /// issuer certificates, and any other signer phones should trust), issued now.
    TrustList(SignTrustListArgs),
    /// Sign a status rule set (JSON, `core/rules/*.json` show the format).
    Rules(SignRulesArgs),
}

/// The offline trust-root key directory.
#[derive(Debug, Args)]
pub struct OfflineKeysArgs {
    /// Directory of the trust-root key (created 0700; the key file is 0600). Keep it on an
    /// offline machine, never on the server.
    #[arg(long, value_name = "DIR")]
    pub keys: PathBuf,
}

/// Where the offline trust-root key lives.
#[derive(Debug, Args)]
pub struct TrustRootArgs {
    #[command(flatten)]
    pub keys: OfflineKeysArgs,
}

/// What goes into a trust list, and where it is written.
#[derive(Debug, Args)]
pub struct SignTrustListArgs {
    #[command(flatten)]
    pub keys: OfflineKeysArgs,
    /// Document signer certificates: DER, PEM or base64 DER (`export-issuer` writes DER).
    #[arg(long = "signer", value_name = "FILE", required = true, num_args = 1..)]
    pub signers: Vec<PathBuf>,
    /// NZ COVID Pass issuers' DID documents (JSON).
    #[arg(long = "did", value_name = "FILE", num_args = 1..)]
    pub did_documents: Vec<PathBuf>,
    /// The signed trust list to write (`trust-list.signed.json` in the documents directory).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// The rule set to sign, and where it is written.
#[derive(Debug, Args)]
pub struct SignRulesArgs {
    #[command(flatten)]
    pub keys: OfflineKeysArgs,
    /// The rule set, as JSON.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,
    /// The signed rule set to write (`rules.signed.json` in the documents directory).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Whose issuer certificates to export, and where.
#[derive(Debug, Args)]
pub struct ExportIssuerArgs {
    /// The server's data directory.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Directory to write `issuer-<key id>.der` into, one file per certificate.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
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
    /// Development mode only (without --documents): the status rule set to sign at start with
    /// the data directory's trust root, as JSON (`core/rules/*.json` show the format); default
    /// PeduliLindungi 2022. Phones pick it up with `healthpass sync --trust-root …`.
    #[arg(long, value_name = "FILE", requires = "sign_documents_at_start")]
    pub rules: Option<PathBuf>,
    /// Development only: sign the trust list and rule set at start with the data directory's
    /// own trust-root key (`DATA/keys/trust-root.key`, created if missing), so the internet-facing
    /// host holds the key phones trust. A deployment passes --documents instead; one of the
    /// two is required, so nobody runs the development mode by leaving a flag out.
    #[arg(long, conflicts_with = "documents", required_unless_present = "documents")]
    pub sign_documents_at_start: bool,
    /// Publish the trust list and rule set signed offline (`healthpass-server sign`) from DIR
    /// (`trust-list.signed.json`, `rules.signed.json`), byte for byte, after checking them;
    /// the server then holds no trust-root key.
    #[arg(long, value_name = "DIR", requires = "trust_root")]
    pub documents: Option<PathBuf>,
    /// A pinned trust-root public key file (as `healthpass-server trust-root` prints it); the
    /// documents must verify with one. Repeatable during a root rotation, current first.
    #[arg(long, value_name = "FILE", requires = "documents")]
    pub trust_root: Vec<PathBuf>,
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
    /// The zone the web portal shows times in: WIB, WITA, WIT, UTC or an offset like +07:00.
    #[arg(long, value_name = "ZONE", default_value = "WIB", value_parser = parse_zone)]
    pub portal_zone: DisplayZone,
}

fn parse_zone(text: &str) -> Result<DisplayZone, String> {
    DisplayZone::parse(text).ok_or_else(|| "expected WIB, WITA, WIT, UTC or an offset like +07:00".to_owned())
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
    #[command(flatten)]
    pub place: KeyPlaceArgs,
}

/// A retained key to retire.
#[derive(Debug, Args)]
pub struct RetireArgs {
    /// registry, publisher, trust-root or issuer.
    pub kind: KeyKind,
    /// The id (16 hex digits) of the retained key, as printed by `rotate-key` or `/v1/keys`.
    pub key_id: String,
    #[command(flatten)]
    pub place: KeyPlaceArgs,
}

/// Where a key lives: the server's data directory, or the offline trust root's directory.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct KeyPlaceArgs {
    /// The server's data directory (its keys are under `DIR/keys`).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The offline trust-root key directory (trust-root only).
    #[arg(long, value_name = "DIR")]
    pub keys: Option<PathBuf>,
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
