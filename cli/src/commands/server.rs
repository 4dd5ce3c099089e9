//! `healthpass server …`: run the reference backend, or add accounts to it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use healthpass_server::accounts::{Role, add_account};
use healthpass_server::config::{DEFAULT_UPLOAD_CODE_LIFETIME, database_location};
use healthpass_server::{Database, ServerConfig};

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
}

/// Where the state lives when not in SQLite under the data directory.
#[derive(Debug, Args)]
struct DatabaseArgs {
    /// Keep the state in PostgreSQL at this URL (`postgres://user@host:port/dbname`, plain TCP)
    /// instead of the SQLite file under the data directory.
    #[arg(long, value_name = "URL")]
    database: Option<String>,
}

/// Account management.
#[derive(Debug, Subcommand)]
enum ServerCommand {
    /// Add a health-officer account; its API token is printed once, as the last line.
    AddOfficer(AccountArgs),
    /// Add a venue-operator account; its API token is printed once, as the last line.
    AddOperator(AccountArgs),
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
        None => {
            let data_dir = args.run.data.ok_or_else(|| Failure::refused("usage", "--data DIR is required"))?;
            let lifetime = i64::try_from(args.run.upload_code_lifetime)
                .ok()
                .and_then(chrono::TimeDelta::try_seconds)
                .ok_or_else(|| Failure::refused("usage", "--upload-code-lifetime is too large"))?;
            let config = ServerConfig {
                data_dir,
                database_url: args.run.database.database,
                listen: args.run.listen,
                upload_code_lifetime: lifetime,
            };
            init_logging();
            runtime.block_on(healthpass_server::serve(config)).map_err(|e| Failure::environment("server", e))
        }
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
