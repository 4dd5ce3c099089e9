//! `healthpass backup enable|now|restore|status|delete`: the end-to-end-encrypted backup of
//! this diary, wallet and alerts (docs/PROTOCOL.md, "Backups").

use std::path::PathBuf;

use clap::{Args, Subcommand};
use healthpass_core::backup::BackupError;
use healthpass_core::backup::keys::PassphraseCost;
use healthpass_core::backup::operations::{back_up_now, delete_server_copy, enable, restore_from_server};
use healthpass_core::backup::recovery_code::RecoveryCode;
use healthpass_core::backup::schedule::{NextBackup, next_backup};
use healthpass_core::backup::setup::BackupSetup;
use healthpass_core::backup::sheet::{recovery_sheet_pdf, recovery_sheet_png};
use serde_json::json;

use super::diary::{ClockArgs, open_store};
use crate::failure::Failure;
use crate::output::Output;

/// The backup commands.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Make a recovery code, upload the first backup, print the code (last line; shown once).
    Enable(EnableArgs),
    /// Back up now.
    Now(ClockArgs),
    /// Restore a backup into --db (merged with what is there) and keep backing up to it.
    Restore(RestoreArgs),
    /// Whether backup is on, the last backup and the next one.
    Status(ClockArgs),
    /// Delete the server's copy and switch backup off here.
    Delete,
}

/// What `backup enable` needs.
#[derive(Debug, Args)]
pub struct EnableArgs {
    /// The server's base URL (https, or http to this machine).
    #[arg(long, value_name = "URL")]
    server: String,
    /// Also protect the backup with this passphrase (Argon2id); needed with the code to restore.
    #[arg(long, env = "HEALTHPASS_BACKUP_PASSPHRASE", hide_env_values = true, value_name = "TEXT")]
    passphrase: Option<String>,
    /// Write the recovery sheet as PNG here.
    #[arg(long, value_name = "PATH")]
    sheet_png: Option<PathBuf>,
    /// Write the recovery sheet as A4 PDF here.
    #[arg(long, value_name = "PATH")]
    sheet_pdf: Option<PathBuf>,
    #[command(flatten)]
    clock: ClockArgs,
}

/// What `backup restore` needs.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The server's base URL.
    #[arg(long, value_name = "URL")]
    server: String,
    /// The recovery code (dashes, spaces and case do not matter).
    #[arg(long, value_name = "CODE")]
    recovery_code: String,
    /// The passphrase, if the backup has one.
    #[arg(long, env = "HEALTHPASS_BACKUP_PASSPHRASE", hide_env_values = true, value_name = "TEXT")]
    passphrase: Option<String>,
    #[command(flatten)]
    clock: ClockArgs,
}

/// Runs one backup command on the diary at `db`.
pub fn run(db: Option<PathBuf>, command: BackupCommand, out: &Output) -> Result<(), Failure> {
    let mut store = open_store(db)?;
    match command {
        BackupCommand::Enable(args) => {
            let passphrase = args.passphrase.as_deref().map(|p| (p, PassphraseCost::PHONE));
            let code = enable(&mut store, &args.server, passphrase, args.clock.now())?;
            write_sheet(args.sheet_png, || recovery_sheet_png(&code))?;
            write_sheet(args.sheet_pdf, || recovery_sheet_pdf(&code))?;
            let text = code.to_text();
            out.print(
                &format!("Backup is on. Write down the recovery code; it is shown only now:\n{text}"),
                json!({ "enabled": true, "recovery_code": text }),
            );
        }
        BackupCommand::Now(clock) => {
            let version = back_up_now(&mut store, clock.now())?;
            out.print(&format!("Backed up (version {version})."), json!({ "version": version }));
        }
        BackupCommand::Restore(args) => {
            let code = RecoveryCode::parse(&args.recovery_code).map_err(BackupError::from)?;
            let now = args.clock.now();
            let added = restore_from_server(&mut store, &args.server, &code, args.passphrase.as_deref(), now)?;
            out.print(
                &format!(
                    "Restored {} visit(s), {} certificate(s), {} alert(s); backing up to the same copy from now on.",
                    added.visits, added.certificates, added.alerts
                ),
                json!({ "visits": added.visits, "certificates": added.certificates, "alerts": added.alerts }),
            );
        }
        BackupCommand::Status(clock) => {
            let Some(setup) = BackupSetup::load(&store)? else {
                out.print("Backup is off.", json!({ "enabled": false }));
                return Ok(());
            };
            let next = match next_backup(clock.now(), &setup.history, false) {
                NextBackup::At(at) => Some(at),
                NextBackup::UpToDate | NextBackup::WhenOnline => None,
            };
            let last = setup.history.last_success;
            out.print(
                &format!(
                    "Backup is on ({}), last backed up {}, next {}; passphrase: {}.",
                    setup.server,
                    last.map_or_else(|| "never".to_owned(), |t| t.to_rfc3339()),
                    next.map_or_else(|| "when something changes".to_owned(), |t| t.to_rfc3339()),
                    if setup.key.has_passphrase() { "yes" } else { "no" },
                ),
                json!({
                    "enabled": true,
                    "server": setup.server,
                    "version": setup.version,
                    "last_success": last,
                    "failures": setup.history.consecutive_failures,
                    "next_backup": next,
                    "passphrase": setup.key.has_passphrase(),
                }),
            );
        }
        BackupCommand::Delete => {
            delete_server_copy(&mut store)?;
            out.print("The server's copy is deleted and backup is off.", json!({ "enabled": false, "deleted": true }));
        }
    }
    Ok(())
}

/// Writes a recovery sheet to `path` if one was asked for.
fn write_sheet(
    path: Option<PathBuf>,
    render: impl FnOnce() -> Result<Vec<u8>, healthpass_core::poster::RenderError>,
) -> Result<(), Failure> {
    let Some(path) = path else { return Ok(()) };
    let bytes = render().map_err(|e| Failure::environment("render", e))?;
    std::fs::write(&path, bytes).map_err(|e| Failure::io(&path, e))
}

impl From<BackupError> for Failure {
    fn from(error: BackupError) -> Self {
        let code = error.code();
        match error {
            // The network's or the machine's doing, not the input's: exit 3, try again later.
            BackupError::Offline | BackupError::Store(_) => Failure::environment(code, error),
            other => Failure::refused(code, other),
        }
    }
}
