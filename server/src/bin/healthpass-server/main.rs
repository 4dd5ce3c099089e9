//! `healthpass-server`: run the reference backend, or manage its accounts and keys.
//!
//! Exit status: 0 done, 1 input refused (the error code is printed), 2 usage error,
//! 3 the machine failed us (storage, file I/O, the listening socket).

mod args;
mod failure;
mod offline;

use std::process::ExitCode;
use std::time::Duration;

use axum::http::HeaderName;
use clap::Parser;
use healthpass_core::status::RuleSet;
use healthpass_core::trust_list::TrustRootKey;
use healthpass_core::venue::PosterBaseUrl;
use healthpass_server::accounts::Role;
use healthpass_server::config::database_location;
use healthpass_server::documents::DocumentSource;
use healthpass_server::keys::{KeyKind, TrustRootKeys, retire_key, retire_key_in, rotate_key, rotate_key_in};
use healthpass_server::{ClientAddress, ServerConfig, ServerError};

use args::{AccountArgs, Command, KeyPlaceArgs, RunArgs, ServerCli};
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
            let key_id = match key_place(&args.place, args.kind)? {
                KeyPlace::DataDir(data) => rotate_key(data, args.kind),
                KeyPlace::Offline(dir) => TrustRootKeys::directory(dir).and_then(|dir| rotate_key_in(&dir, args.kind)),
            }
            .map_err(Failure::from_key)?;
            println!("new current {} key; the previous one verifies until retired:", args.kind);
            println!("{key_id}");
            Ok(())
        }
        Command::RetireKey(args) => {
            match key_place(&args.place, args.kind)? {
                KeyPlace::DataDir(data) => retire_key(data, args.kind, &args.key_id),
                KeyPlace::Offline(dir) => retire_key_in(dir, args.kind, &args.key_id),
            }
            .map_err(Failure::from_key)?;
            println!("{} key {} retired", args.kind, args.key_id);
            Ok(())
        }
        Command::ExportIssuer(args) => offline::export_issuer(args),
        Command::TrustRoot(args) => offline::trust_root(args),
        Command::Sign(command) => offline::sign(command),
    }
}

/// Where `rotate-key` and `retire-key` work.
enum KeyPlace<'a> {
    /// The server's data directory (keys under `DATA/keys`).
    DataDir(&'a std::path::Path),
    /// The offline trust root's key directory.
    Offline(&'a std::path::Path),
}

/// The place named on the command line; only the trust root lives in an offline directory.
fn key_place(args: &KeyPlaceArgs, kind: KeyKind) -> Result<KeyPlace<'_>, Failure> {
    match (&args.data, &args.keys) {
        (Some(data), None) => Ok(KeyPlace::DataDir(data)),
        (None, Some(dir)) if kind == KeyKind::TrustRoot => Ok(KeyPlace::Offline(dir)),
        (None, Some(_)) => {
            Err(Failure::refused("usage", "--keys holds only the offline trust root; the server's keys are under --data"))
        }
        _ => Err(Failure::refused("usage", "give either --data DIR or --keys DIR")),
    }
}

/// Serves until SIGINT or SIGTERM.
fn serve(args: RunArgs) -> Result<(), Failure> {
    let upload_code_lifetime = i64::try_from(args.upload_code_lifetime)
        .ok()
        .and_then(chrono::TimeDelta::try_seconds)
        .ok_or_else(|| Failure::refused("usage", "--upload-code-lifetime is too large"))?;
    let documents = match &args.documents {
        Some(dir) => DocumentSource::SignedOffline { dir: dir.clone(), roots: pinned_roots(&args.trust_root)? },
        None => DocumentSource::SignedAtStart { rules: development_rules(args.rules.as_deref())? },
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
        documents,
        client_address,
        header_read_timeout: Duration::from_secs(args.header_read_timeout),
        request_timeout: Duration::from_secs(args.request_timeout),
        min_submissions: usize::from(args.min_submissions),
        poster_base_url,
        portal_zone: args.portal_zone,
    };
    init_logging();
    runtime()?.block_on(healthpass_server::serve(config)).map_err(|e| match e {
        ServerError::Documents(refused) => Failure::from_document(refused),
        other => Failure::environment("server", other),
    })
}

/// The trust-root public keys in `files`, current first.
fn pinned_roots(files: &[std::path::PathBuf]) -> Result<Vec<TrustRootKey>, Failure> {
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| Failure::io(path, e))?;
            TrustRootKey::from_text(&text).map_err(|e| Failure::refused("invalid_trust_root", format!("{}: {e}", path.display())))
        })
        .collect()
}

/// The rule set the development mode signs: `--rules FILE`, else PeduliLindungi 2022.
fn development_rules(file: Option<&std::path::Path>) -> Result<RuleSet, Failure> {
    match file {
        Some(path) => {
            let json = std::fs::read(path).map_err(|e| Failure::io(path, e))?;
            RuleSet::from_json(&json).map_err(|e| Failure::refused(e.code(), e))
        }
        None => Ok(RuleSet::peduli_lindungi_2022()),
    }
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
