//! `healthpass server …`: run the reference backend, or add accounts to it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use healthpass_core::status::RuleSet;
use healthpass_server::accounts::{Role, add_account};
use healthpass_server::config::{DEFAULT_UPLOAD_CODE_LIFETIME, database_location};
use healthpass_server::keys::{KeyKind, retire_key, rotate_key};
use healthpass_server::portal::DisplayZone;
use healthpass_server::{Database, ServerConfig, ServerError};

use super::trust::read;
use crate::failure::Failure;

/// Runs the server, or manages its accounts when a subcommand is given.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ServerArgs {
    #[command(subcommand)]
    command: Option<ServerCommand>,
    #[command(flatten)]
    run: RunArgs,
}

/// Where the server keeps its state and listens.
#[derive(Debug, Args)]
struct RunArgs {
    /// Data directory: keys (mode 0600) and the state database.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Address to listen on; port 0 picks a free port (printed as `listening on …`).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Seconds an upload code stays valid after the case is confirmed (default 24 hours).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_UPLOAD_CODE_LIFETIME.num_seconds().unsigned_abs())]
    upload_code_lifetime: u64,
    /// The status rule set to publish, as JSON (`core/rules/*.json` show the format); default
    /// PeduliLindungi 2022. Phones pick it up with `healthpass sync --trust-root …`.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// The zone the web portal shows times in: WIB, WITA, WIT, UTC or an offset like +07:00.
    #[arg(long, value_name = "ZONE", default_value = "WIB", value_parser = parse_zone)]
    portal_zone: DisplayZone,
}

fn parse_zone(text: &str) -> Result<DisplayZone, String> {
    DisplayZone::parse(text).ok_or_else(|| "expected WIB, WITA, WIT, UTC or an offset like +07:00".to_owned())
}

/// Where the state lives when not in SQLite under the data directory.
#[derive(Debug, Args)]
struct DatabaseArgs {
    /// Keep the state in PostgreSQL at this URL (`postgres://user@host:port/dbname`, plain TCP)
    /// instead of the SQLite file under the data directory.
    #[arg(long, value_name = "URL")]
    database: Option<String>,
}

/// Account and key management.
#[derive(Debug, Subcommand)]
enum ServerCommand {
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

#[derive(Debug, Args)]
struct RotateArgs {
    /// registry, publisher, trust-root or issuer.
    kind: KeyKind,
    /// The server's data directory.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
}

#[derive(Debug, Args)]
struct RetireArgs {
    /// registry, publisher, trust-root or issuer.
    kind: KeyKind,
    /// The id (16 hex digits) of the retained key, as printed by `rotate-key` or `/v1/keys`.
    key_id: String,
    /// The server's data directory.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
}

#[derive(Debug, Args)]
struct AccountArgs {
    /// Who the account is for (kept on the server only).
    name: String,
    /// The server's data directory.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// Runs `healthpass server`.
pub fn run(args: ServerArgs) -> Result<(), Failure> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| Failure::environment("runtime", e))?;
    match args.command {
        Some(ServerCommand::AddOfficer(account)) => runtime.block_on(add(account, Role::HealthOfficer)),
        Some(ServerCommand::AddOperator(account)) => runtime.block_on(add(account, Role::VenueOperator)),
        Some(ServerCommand::RotateKey(args)) => {
            let key_id = rotate_key(&args.data, args.kind).map_err(key_failure)?;
            println!("new current {} key; the previous one verifies until retired:", args.kind);
            println!("{key_id}");
            Ok(())
        }
        Some(ServerCommand::RetireKey(args)) => {
            retire_key(&args.data, args.kind, &args.key_id).map_err(key_failure)?;
            println!("{} key {} retired", args.kind, args.key_id);
            Ok(())
        }
        None => {
            let data_dir = args.run.data.ok_or_else(|| Failure::refused("usage", "--data DIR is required"))?;
            let lifetime = i64::try_from(args.run.upload_code_lifetime)
                .ok()
                .and_then(chrono::TimeDelta::try_seconds)
                .ok_or_else(|| Failure::refused("usage", "--upload-code-lifetime is too large"))?;
            let rules = match &args.run.rules {
                Some(path) => RuleSet::from_json(&read(path)?)?,
                None => RuleSet::peduli_lindungi_2022(),
            };
            let config = ServerConfig {
                data_dir,
                database_url: args.run.database.database,
                listen: args.run.listen,
                upload_code_lifetime: lifetime,
                rules,
                portal_zone: args.run.portal_zone,
            };
            init_logging();
            runtime.block_on(healthpass_server::serve(config)).map_err(|e| Failure::environment("server", e))
        }
    }
}

/// Refusals (current or unknown key) exit 1; file failures exit 3.
fn key_failure(error: ServerError) -> Failure {
    match error {
        ServerError::CurrentKey(_) => Failure::refused("current_key", error.to_string()),
        ServerError::UnknownKey(_) => Failure::refused("unknown_key", error.to_string()),
        _ => Failure::environment("keys", error),
    }
}

async fn add(account: AccountArgs, role: Role) -> Result<(), Failure> {
    std::fs::create_dir_all(&account.data).map_err(|e| Failure::io(&account.data, e))?;
    let location = database_location(&account.data, account.database.database.as_deref());
    let database = Database::open(&location).await.map_err(|e| Failure::environment("storage", e))?;
    let token = add_account(&database, &account.name, role).await.map_err(|e| Failure::environment("storage", e))?;
    println!("{} account created; its API token (shown once):", role.name());
    println!("{token}");
    Ok(())
}

/// Logs to standard error; `RUST_LOG` overrides the default `info` level.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}
