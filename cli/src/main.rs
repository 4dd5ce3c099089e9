//! `healthpass`: the desktop shell over the core's public API.
//!
//! Exit status: 0 done, 1 input refused (the error code is printed), 2 usage error,
//! 3 the machine failed us (storage or file I/O).

mod account_args;
mod args;
mod commands;
mod failure;
mod files;
mod output;
mod trust_args;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use output::Output;

/// healthpass: signed venue posters, check-in diary and health passport, on your own device.
#[derive(Debug, Parser)]
#[command(name = "healthpass", version)]
struct Cli {
    /// The diary database file (default: healthpass/healthpass.db in the user's data directory).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print JSON for scripts instead of text for people.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Venue-registry keys.
    #[command(subcommand)]
    Registry(commands::registry::RegistryCommand),
    /// Venue posters.
    #[command(subcommand)]
    Venue(commands::venue::VenueCommand),
    /// Check in from a poster photo or its QR text (scanning the open venue again checks out).
    Checkin(commands::diary::CheckinArgs),
    /// Check out of the open visit.
    Checkout(args::AtArgs),
    /// List visits, newest first.
    History(args::AtArgs),
    /// Write the diary as CSV (to standard output unless --out is given).
    Export(commands::diary::ExportArgs),
    /// Delete visits past the retention period.
    Purge(commands::diary::PurgeArgs),
    /// Delete every visit and setting in the diary.
    DeleteAll(commands::diary::DeleteAllArgs),
    /// Health certificates: verify offline, issue.
    #[command(subcommand)]
    Cert(commands::cert::CertCommand),
    /// Our certificate issuer's key.
    #[command(subcommand)]
    Issuer(commands::issuer::IssuerCommand),
    /// The family's certificate wallet.
    #[command(subcommand)]
    Wallet(commands::wallet::WalletCommand),
    /// Status colour of each family member from their verified certificates.
    Status(commands::status::StatusArgs),
    /// Counter check: allow or deny a service for a citizen's certificate.
    VerifyService(commands::status::VerifyServiceArgs),
    /// Trust lists: install one for offline use; make and sign one (publisher).
    #[command(subcommand)]
    Trust(commands::trust::TrustCommand),
    /// Print the QR texts found in image files, one line per file.
    Scan(commands::scan::ScanArgs),

    /// Fetch and verify the trust list, rule set and exposure warnings; match the warnings here.
    Sync(commands::sync::SyncArgs),
    /// List the exposure alerts matched on this phone.
    Alerts,
    /// Share your visits as protected reports with a health officer's one-time code.
    Upload(commands::upload::UploadArgs),
    /// Run the dummy-upload schedule kept in the diary (cover traffic, the same bytes on the
    /// wire as an upload): send one when due (or with --now) and print when the next is due.
    DummyUpload(commands::upload::DummyUploadArgs),
    /// Health-officer calls to the server (confirm a case, review, publish).
    #[command(subcommand)]
    Officer(commands::officer::OfficerCommand),
    /// Venue-operator calls to the server (register a venue, warn its visitors).
    #[command(subcommand)]
    Operator(commands::operator::OperatorCommand),
    /// Ask the health office to call you back (phone number, optional name, language).
    Callback(commands::callback::CallbackArgs),
    /// End-to-end-encrypted backup: enable, now, restore, status, delete.
    #[command(subcommand)]
    Backup(commands::backup::BackupCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.json);
    let db = cli.db;
    let result = match cli.command {
        Command::Registry(command) => commands::registry::run(command, &out),
        Command::Venue(command) => commands::venue::run(command, &out),
        Command::Checkin(args) => commands::diary::checkin(db, args, &out),
        Command::Checkout(args) => commands::diary::checkout(db, args, &out),
        Command::History(args) => commands::diary::history(db, args, &out),
        Command::Export(args) => commands::diary::export(db, args),
        Command::Purge(args) => commands::diary::purge(db, args, &out),
        Command::DeleteAll(args) => commands::diary::delete_all(db, args, &out),
        Command::Cert(command) => commands::cert::run(db, command, &out),
        Command::Issuer(command) => commands::issuer::run(command, &out),
        Command::Wallet(command) => commands::wallet::run(db, command, &out),
        Command::Status(args) => commands::status::status(db, args, &out),
        Command::VerifyService(args) => commands::status::verify_service(db, args, &out),
        Command::Trust(command) => commands::trust::run(db, command, &out),
        Command::Scan(args) => commands::scan::run(args, &out),

        Command::Sync(args) => commands::sync::sync(db, args, &out),
        Command::Alerts => commands::alerts::alerts(db, &out),
        Command::Upload(args) => commands::upload::upload(db, args, &out),
        Command::DummyUpload(args) => commands::upload::dummy_upload(db, args, &out),
        Command::Officer(command) => commands::officer::run(command, &out),
        Command::Operator(command) => commands::operator::run(command, &out),
        Command::Callback(args) => commands::callback::callback(db, args, &out),
        Command::Backup(command) => commands::backup::run(db, command, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            out.failure(&failure);
            ExitCode::from(failure.exit_status())
        }
    }
}
