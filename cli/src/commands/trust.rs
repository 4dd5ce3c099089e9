//! `healthpass trust …`: install a trust list on this device; for the trust-list publisher,
//! make a root key and sign a list.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Subcommand;
use healthpass_core::certificate::DocumentSigner;
use healthpass_core::trust_list::{TrustList, TrustRootSigningKey};
use serde_json::json;

use crate::args::parse_instant;
use crate::failure::Failure;
use crate::files::{open_passport, read, read_text, write_new_file};
use crate::output::Output;
use crate::trust_args::TrustArgs;

/// Trust-list commands: install one on this device, or (for the publisher) make and sign one.
#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Verify a trust list against the pinned root and cache it in the store for offline use.
    Install {
        /// The signed trust-list file.
        file: PathBuf,
        /// The pinned trust-root public key file (else $HEALTHPASS_TRUST_ROOT).
        #[arg(long, value_name = "FILE")]
        trust_root: Option<PathBuf>,
    },
    /// Create a trust-root key pair: DIR/trust-root.key (secret, mode 0600) and DIR/trust-root.pub.
    Keygen {
        /// Directory to write the two files into.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out_dir: PathBuf,
    },
    /// Sign a trust list of document signers and NZ Pass issuers.
    Sign {
        /// The secret trust-root key file.
        #[arg(long, value_name = "FILE")]
        root_key: PathBuf,
        /// A document signer certificate: DER, PEM or base64 DER (repeatable).
        #[arg(long = "dsc", value_name = "FILE")]
        dsc: Vec<PathBuf>,
        /// An NZ Pass issuer's DID document (repeatable).
        #[arg(long = "did", value_name = "FILE")]
        did: Vec<PathBuf>,
        /// The issue instant written into the list (default: now).
        #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
        at: Option<DateTime<Utc>>,
        /// The trust-list file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

/// Runs a trust command.
pub fn run(db: Option<PathBuf>, command: TrustCommand, out: &Output) -> Result<(), Failure> {
    match command {
        TrustCommand::Install { file, trust_root } => {
            let root = TrustArgs::root_only(trust_root).root_key()?;
            let passport = open_passport(db)?;
            passport.set_trust_roots(&[root.to_text()])?;
            let list = passport.install_trust_list(&read(&file)?)?;
            let (signers, issuers) = (list.trust_store().signers().len(), list.trust_store().issuers().len());
            let issued = list.issued_at().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            out.print(
                &format!("Installed trust list of {issued}: {signers} signers, {issuers} NZ issuers"),
                json!({ "issued_at": issued, "signers": signers, "nz_issuers": issuers }),
            );
            Ok(())
        }
        TrustCommand::Keygen { out_dir } => {
            let key = TrustRootSigningKey::generate();
            std::fs::create_dir_all(&out_dir).map_err(|e| Failure::io(&out_dir, e))?;
            let (secret, public) = (out_dir.join("trust-root.key"), out_dir.join("trust-root.pub"));
            write_new_file(&secret, &key.to_text(), 0o600)?;
            write_new_file(&public, &key.public_key().to_text(), 0o644)?;
            let key_id = key.public_key().key_id().to_string();
            out.print(
                &format!("Trust root {key_id}\n  secret: {}\n  public: {}", secret.display(), public.display()),
                json!({ "key_id": key_id, "secret": secret, "public": public }),
            );
            Ok(())
        }
        TrustCommand::Sign { root_key, dsc, did, at, out: path } => {
            let root = TrustRootSigningKey::from_text(&read_text(&root_key)?)?;
            let signers = dsc
                .iter()
                .map(|p| {
                    let signer = DocumentSigner::from_file_bytes(&read(p)?)
                        .map_err(|e| Failure::refused("invalid_dsc", format!("{}: {e}", p.display())))?;
                    Ok(signer.der().to_vec())
                })
                .collect::<Result<Vec<_>, Failure>>()?;
            let documents = did.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
            let issued_at = at.unwrap_or_else(Utc::now);
            let bytes = TrustList::sign(&signers, &documents, issued_at, &root)?;
            std::fs::write(&path, bytes).map_err(|e| Failure::io(&path, e))?;
            out.print(
                &format!(
                    "Trust list with {} signers and {} issuers written to {}",
                    signers.len(),
                    documents.len(),
                    path.display()
                ),
                json!({ "signers": signers.len(), "nz_issuers": documents.len(), "out": path }),
            );
            Ok(())
        }
    }
}
