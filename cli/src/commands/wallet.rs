//! `healthpass wallet …`: the family's certificates on this device.

use std::path::PathBuf;

use chrono::SecondsFormat;
use clap::Subcommand;
use healthpass_core::certificate::{CertificateContent, HealthCertificate, render_qr_png};
use healthpass_core::wallet::WalletEntry;
use serde_json::{Value, json};

use crate::args::AtArgs;
use crate::failure::Failure;
use crate::files::{open_passport, read_input};
use crate::output::Output;

/// Commands on the wallet.
#[derive(Debug, Subcommand)]
pub enum WalletCommand {
    /// Add a certificate from its QR text or an image of it.
    Add {
        /// The certificate's QR text, or a PNG/JPEG/WebP file showing its QR code.
        input: String,
        /// The family member it belongs to (default: the name on the certificate).
        #[arg(long)]
        holder: Option<String>,
        #[command(flatten)]
        clock: AtArgs,
    },
    /// List the certificates, by family member.
    List,
    /// Show one certificate; optionally write its QR code to a PNG file.
    Show {
        /// The certificate's id from `wallet list`.
        id: i64,
        /// Write the QR code to this .png file.
        #[arg(long, value_name = "FILE")]
        qr: Option<PathBuf>,
    },
    /// Remove one certificate.
    Remove {
        /// The certificate's id from `wallet list`.
        id: i64,
        #[command(flatten)]
        clock: AtArgs,
    },
}

/// Runs a wallet command.
pub fn run(db: Option<PathBuf>, command: WalletCommand, out: &Output) -> Result<(), Failure> {
    let passport = open_passport(db)?;
    match command {
        WalletCommand::Add { input, holder, clock } => {
            let text = read_input(&input)?;
            let entry = passport.add_certificate(&text, holder.as_deref(), clock.now())?;
            out.print(&format!("Added #{}: {}", entry.id, line(&entry)), json!({ "added": entry_json(&entry) }));
        }
        WalletCommand::List => {
            let entries = passport.certificates()?;
            let human = if entries.is_empty() {
                "The wallet is empty.".to_owned()
            } else {
                entries.iter().map(|e| format!("#{} {}", e.id, line(e))).collect::<Vec<_>>().join("\n")
            };
            out.print(&human, json!({ "certificates": entries.iter().map(entry_json).collect::<Vec<_>>() }));
        }
        WalletCommand::Show { id, qr } => {
            let entry = passport.certificate(id)?;
            if let Some(path) = &qr {
                let png = render_qr_png(&entry.qr_text).map_err(|e| Failure::environment("render", e))?;
                std::fs::write(path, png).map_err(|e| Failure::io(path, e))?;
            }
            let holder = entry.certificate.holder();
            let human = format!(
                "#{} {}\n  name: {}\n  date of birth: {}\n  issuer: {}\n  expires: {}",
                entry.id,
                line(&entry),
                holder.display_name(),
                holder.date_of_birth,
                entry.certificate.issuer.as_deref().unwrap_or("-"),
                entry.certificate.expires_at.map_or("-".to_owned(), |t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            );
            let mut value = entry_json(&entry);
            value["name"] = holder.display_name().into();
            value["dob"] = holder.date_of_birth.clone().into();
            value["qr_text"] = entry.qr_text.clone().into();
            out.print(&human, value);
        }
        WalletCommand::Remove { id, clock } => {
            passport.remove_certificate(id, clock.now())?;
            out.print(&format!("Removed #{id}"), json!({ "removed": id }));
        }
    }
    Ok(())
}

/// One line about an entry: holder, format and what it attests.
fn line(entry: &WalletEntry) -> String {
    format!("[{}] {} {}", entry.holder, entry.certificate.format.name(), summary(&entry.certificate))
}

/// What a certificate attests, without personal data.
fn summary(certificate: &HealthCertificate) -> String {
    match &certificate.content {
        CertificateContent::NzPass(_) => "NZ COVID Pass".to_owned(),
        CertificateContent::Dcc(dcc) => {
            let mut parts = Vec::new();
            for v in &dcc.vaccinations {
                let date = v.date.map_or(String::new(), |d| format!(" on {d}"));
                parts.push(format!("vaccination {}/{}{date}", v.dose_number, v.series_doses));
            }
            for t in &dcc.tests {
                let when =
                    t.sampled_at.map_or(String::new(), |d| format!(" at {}", d.to_rfc3339_opts(SecondsFormat::Secs, true)));
                parts.push(format!("test {}{when}", if t.is_positive() { "positive" } else { "negative" }));
            }
            for r in &dcc.recoveries {
                let from = r.first_positive.map_or(String::new(), |d| format!(" from {d}"));
                parts.push(format!("recovery{from}"));
            }
            parts.join(", ")
        }
    }
}

fn entry_json(entry: &WalletEntry) -> Value {
    json!({
        "id": entry.id,
        "holder": entry.holder,
        "format": entry.certificate.format.name(),
        "summary": summary(&entry.certificate),
        "added_at": entry.added_at.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}
