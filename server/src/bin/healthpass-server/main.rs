//! `healthpass-server`: run the reference backend, or manage its accounts and keys.
//!
//! Exit status: 0 done, 1 input refused (the error code is printed), 2 usage error,
//! 3 the machine failed us (storage, file I/O, the listening socket).

mod args;
mod failure;

use std::process::ExitCode;
use std::time::Duration;

use axum::http::HeaderName;
use clap::Parser;
use healthpass_core::status::RuleSet;
use healthpass_core::venue::PosterBaseUrl;
use healthpass_server::accounts::Role;
use healthpass_server::config::database_location;
use healthpass_server::keys::{retire_key, rotate_key};
use healthpass_server::{ClientAddress, ServerConfig};

use args::{AccountArgs, Command, RunArgs, ServerCli};
use failure::Failure;

fn main() -> ExitCode {
    let cli = ServerCli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report(cli.json);
            ExitCode::from(failure.exit_status())
        }
    }
}

/// Runs one command.
fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Run(args) => serve(args),
        Command::AddOfficer(account) => add(account, Role::HealthOfficer),
        Command::AddOperator(account) => add(account, Role::VenueOperator),
        Command::RotateKey(args) => {
            let key_id = rotate_key(&args.data, args.kind).map_err(Failure::from_key)?;
            println!("new current {} key; the previous one verifies until retired:", args.kind);
            println!("{key_id}");
            Ok(())
        }
        Command::RetireKey(args) => {
            retire_key(&args.data, args.kind, &args.key_id).map_err(Failure::from_key)?;
            println!("{} key {} retired", args.kind, args.key_id);
            Ok(())
        }
    }
}

/// Serves until SIGINT or SIGTERM.
fn serve(args: RunArgs) -> Result<(), Failure> {
    let upload_code_lifetime = i64::try_from(args.upload_code_lifetime)
        .ok()
        .and_then(chrono::TimeDelta::try_seconds)
        .ok_or_else(|| Failure::refused("usage", "--upload-code-lifetime is too large"))?;
    let rules = match &args.rules {
        Some(path) => {
            let json = std::fs::read(path).map_err(|e| Failure::io(path, e))?;
            RuleSet::from_json(&json).map_err(|e| Failure::refused(e.code(), e))?
        }
        None => RuleSet::peduli_lindungi_2022(),
    };
    let client_address = match args.trusted_proxy {
        Some(proxy) => {
            let header = HeaderName::try_from(args.client_address_header.as_str())
                .map_err(|_| Failure::refused("usage", "--client-address-header is not a header name"))?;
            ClientAddress::behind_proxy(proxy, header)
        }
        None => ClientAddress::default(),
    };
    let poster_base_url = match &args.poster_base_url {
        Some(url) => PosterBaseUrl::new(url).map_err(|e| Failure::refused("invalid_base_url", e))?,
        None => PosterBaseUrl::default(),
    };
    let config = ServerConfig {
        data_dir: args.data,
        database_url: args.database.database,
        listen: args.listen,
        upload_code_lifetime,
        rules,
        client_address,
        header_read_timeout: Duration::from_secs(args.header_read_timeout),
        request_timeout: Duration::from_secs(args.request_timeout),
        min_submissions: usize::from(args.min_submissions),
        poster_base_url,
    };
    init_logging();
    runtime()?.block_on(healthpass_server::serve(config)).map_err(|e| Failure::environment("server", e))
}

/// Adds an officer or operator account and prints its token once, as the last line.
fn add(account: AccountArgs, role: Role) -> Result<(), Failure> {
    std::fs::create_dir_all(&account.data).map_err(|e| Failure::io(&account.data, e))?;
    let location = database_location(&account.data, account.database.database.as_deref());
    let token = runtime()?
        .block_on(async {
            let database = healthpass_server::Database::open(&location).await?;
            database.add_account(&account.name, role).await
        })
        .map_err(|e| Failure::environment("storage", e))?;
    println!("{} account created; its API token (shown once):", role.name());
    println!("{token}");
    Ok(())
}

/// The runtime the server and its database calls run on.
fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| Failure::environment("runtime", e))
}

/// Logs to standard error; `RUST_LOG` overrides the default `info` level.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}
