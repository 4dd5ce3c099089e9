//! `healthpass issuer keygen`: our certificate issuer's key and its signer certificate.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{Duration, Utc};
use clap::{Subcommand, ValueEnum};
use healthpass_core::certificate::{Algorithm, IssuerKey};
use serde_json::json;

use crate::args::parse_instant;
use crate::failure::Failure;
use crate::files::write_new_file;
use crate::output::Output;

/// Commands on the issuer key.
#[derive(Debug, Subcommand)]
pub enum IssuerCommand {
    /// Create an issuer key: DIR/issuer.key (secret, mode 0600) and DIR/issuer-dsc.pem, its
    /// self-signed document signer certificate for trust lists and `--dsc`.
    Keygen {
        /// Signature algorithm: ES256 (what EU/WHO verifiers accept) or EdDSA.
        #[arg(long, value_enum, default_value_t = AlgorithmArg::Es256)]
        alg: AlgorithmArg,
        /// Issuing country (ISO 3166 alpha-2).
        #[arg(long, default_value = "ID")]
        country: String,
        /// Start of the signer certificate's validity (default: now).
        #[arg(long, value_name = "INSTANT", value_parser = parse_instant)]
        valid_from: Option<chrono::DateTime<Utc>>,
        /// Days the signer certificate is valid.
        #[arg(long, default_value_t = 730)]
        valid_days: u32,
        /// Directory to write the two files into.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out_dir: PathBuf,
    },
}

/// Issuing algorithms.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AlgorithmArg {
    /// ECDSA P-256 with SHA-256.
    Es256,
    /// Ed25519.
    Eddsa,
}

/// Runs an issuer command.
pub fn run(command: IssuerCommand, out: &Output) -> Result<(), Failure> {
    let IssuerCommand::Keygen { alg, country, valid_from, valid_days, out_dir } = command;
    let algorithm = match alg {
        AlgorithmArg::Es256 => Algorithm::Es256,
        AlgorithmArg::Eddsa => Algorithm::EdDsa,
    };
    let from = valid_from.unwrap_or_else(Utc::now);
    let key = IssuerKey::generate(algorithm, &country, from, from + Duration::days(i64::from(valid_days)))?;
    std::fs::create_dir_all(&out_dir).map_err(|e| Failure::io(&out_dir, e))?;
    let (secret, dsc) = (out_dir.join("issuer.key"), out_dir.join("issuer-dsc.pem"));
    write_new_file(&secret, &key.to_text(), 0o600)?;
    write_new_file(&dsc, &pem(key.certificate_der()), 0o644)?;
    let key_id: String = key.document_signer().key_id().iter().map(|b| format!("{b:02x}")).collect();
    out.print(
        &format!(
            "Issuer key {key_id} ({})\n  secret: {}\n  signer certificate: {}",
            algorithm.name(),
            secret.display(),
            dsc.display()
        ),
        json!({ "key_id": key_id, "algorithm": algorithm.name(), "secret": secret, "dsc": dsc }),
    );
    Ok(())
}

/// A DER certificate as PEM text.
fn pem(der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body.as_bytes().chunks(64).filter_map(|c| std::str::from_utf8(c).ok()).collect();
    format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----", lines.join("\n"))
}
