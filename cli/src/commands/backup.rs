//! `healthpass backup enable|now|restore|status|delete`: the end-to-end-encrypted backup of
//! this diary, wallet and alerts (docs/PROTOCOL.md, "Backups"); `backup transfer-send|
//! transfer-receive`: the same, from one device to another on the local network without the server.

use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};
use healthpass_core::backup::sheet::{recovery_sheet_pdf, recovery_sheet_png};
use healthpass_core::passport::PassportError;
use serde_json::json;

use crate::args::AtArgs;
use crate::failure::Failure;
use crate::files::open_passport;
use crate::output::Output;

/// The backup commands.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Make a recovery code, upload the first backup, print the code (last line; shown once).
    Enable(EnableArgs),
    /// Back up now.
    Now(AtArgs),
    /// Restore a backup into --db (merged with what is there) and keep backing up to it.
    Restore(RestoreArgs),
    /// Whether backup is on, the last backup and the next one.
    Status(AtArgs),
    /// Delete the server's copy and switch backup off here.
    Delete,
    /// Offer this diary to a new device on the local network, without the server: prints the
    /// transfer code (show it as a QR) and serves it once.
    TransferSend(TransferSendArgs),
    /// Fetch the diary a transfer code offers and restore it into --db (merged with what is there).
    TransferReceive(TransferReceiveArgs),
}

/// What `backup transfer-send` needs.
#[derive(Debug, Args)]
pub struct TransferSendArgs {
    /// This machine's private or link-local address on the network both devices share.
    #[arg(long, value_name = "IP")]
    address: IpAddr,
    /// How long to wait for the new device, in seconds.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    wait_seconds: u64,
    #[command(flatten)]
    clock: AtArgs,
}

/// What `backup transfer-receive` needs.
#[derive(Debug, Args)]
pub struct TransferReceiveArgs {
    /// The transfer code the old device shows (`HPTX1:…`).
    #[arg(long, value_name = "TEXT")]
    code: String,
    #[command(flatten)]
    clock: AtArgs,
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
    clock: AtArgs,
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
    clock: AtArgs,
}

/// Runs one backup command on the diary at `db`.
pub fn run(db: Option<PathBuf>, command: BackupCommand, out: &Output) -> Result<(), Failure> {
    let passport = open_passport(db)?;
    match command {
        BackupCommand::Enable(args) => {
            let code = passport.enable_backup(&args.server, args.passphrase.as_deref(), args.clock.now())?;
            // Backup is on and the code is shown only now: it is printed even when a sheet
            // cannot be written, and that failure is reported after it.
            let png = write_sheet(args.sheet_png, || recovery_sheet_png(&code));
            let pdf = write_sheet(args.sheet_pdf, || recovery_sheet_pdf(&code));
            let text = code.to_text();
            out.print(
                &format!("Backup is on. Write down the recovery code; it is shown only now:\n{text}"),
                json!({ "enabled": true, "recovery_code": text }),
            );
            png.and(pdf)?;
        }
        BackupCommand::Now(clock) => {
            let version = passport.back_up_now(clock.now())?;
            out.print(&format!("Backed up (version {version})."), json!({ "version": version }));
        }
        BackupCommand::Restore(args) => {
            let now = args.clock.now();
            let added = passport.restore_backup(&args.server, &args.recovery_code, args.passphrase.as_deref(), now)?;
            out.print(
                &format!(
                    "Restored {} visit(s), {} certificate(s), {} alert(s); backing up to the same copy from now on.",
                    added.visits, added.certificates, added.alerts
                ),
                json!({ "visits": added.visits, "certificates": added.certificates, "alerts": added.alerts }),
            );
        }
        BackupCommand::Status(clock) => {
            let Some(status) = passport.backup_status(clock.now(), false)? else {
                out.print("Backup is off.", json!({ "enabled": false }));
                return Ok(());
            };
            out.print(
                &format!(
                    "Backup is on ({}), last backed up {}, next {}; passphrase: {}.",
                    status.server_url,
                    status.last_backup.map_or_else(|| "never".to_owned(), |t| t.to_rfc3339()),
                    status.next_backup.map_or_else(|| "when something changes".to_owned(), |t| t.to_rfc3339()),
                    if status.passphrase { "yes" } else { "no" },
                ),
                json!({
                    "enabled": true,
                    "server": status.server_url,
                    "version": status.version,
                    "last_success": status.last_backup,
                    "failures": status.failures,
                    "next_backup": status.next_backup,
                    "passphrase": status.passphrase,
                }),
            );
        }
        BackupCommand::Delete => {
            passport.delete_backup()?;
            out.print("The server's copy is deleted and backup is off.", json!({ "enabled": false, "deleted": true }));
        }
        BackupCommand::TransferSend(args) => {
            let sender = passport.prepare_transfer(args.address, args.clock.now())?;
            let code = sender.qr_text();
            out.print(
                &format!("Scan this transfer code on the new device (served once):\n{code}"),
                json!({ "transfer_code": code }),
            );
            std::io::stdout().flush().map_err(|e| Failure::io(Path::new("-"), e))?;
            sender.serve_once(Duration::from_secs(args.wait_seconds)).map_err(PassportError::from)?;
            out.print("Sent.", json!({ "sent": true }));
        }
        BackupCommand::TransferReceive(args) => {
            let added = passport.receive_transfer(&args.code, args.clock.now())?;
            out.print(
                &format!("Received {} visit(s), {} certificate(s), {} alert(s).", added.visits, added.certificates, added.alerts),
                json!({ "visits": added.visits, "certificates": added.certificates, "alerts": added.alerts }),
            );
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
