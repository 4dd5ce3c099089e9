//! `healthpass cert …`: verify a health certificate offline, issue one with our issuer key.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};
use healthpass_core::certificate::{
    self, CertificateError, CertificateFormat, CertificateOrder, IssuerKey, OrderedEntry, TEST_RESULT_DETECTED,
    TEST_RESULT_NOT_DETECTED, TEST_TYPE_NAAT, TEST_TYPE_RAPID_ANTIGEN, check_certificate,
};
use serde_json::{Value, json};

use crate::args::{AtArgs, parse_instant};
use crate::failure::Failure;
use crate::files::{read_input, read_text};
use crate::output::Output;
use crate::trust_args::TrustArgs;

/// Commands on health certificates.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Verify a certificate (QR text or an image file) offline.
    Verify {
        /// The certificate's QR text, or a PNG/JPEG/WebP file showing its QR code.
        input: String,
        #[command(flatten)]
        trust: TrustArgs,
        #[command(flatten)]
        clock: AtArgs,
    },
    /// Issue a certificate signed with our issuer key.
    #[command(subcommand)]
    Issue(IssueCommand),
}

/// What to issue.
#[derive(Debug, Subcommand)]
pub enum IssueCommand {
    /// A vaccination certificate.
    Vaccination {
        #[command(flatten)]
        common: IssueArgs,
        /// Dose number (1–9).
        #[arg(long)]
        dose: u32,
        /// Doses in the series (1–9; default 2).
        #[arg(long)]
        doses: Option<u32>,
        /// Day of vaccination (YYYY-MM-DD).
        #[arg(long)]
        date: NaiveDate,
        /// Vaccine product (EU product code or name; default CoronaVac).
        #[arg(long)]
        product: Option<String>,
        /// Vaccine type (SNOMED CT or ATC code; default J07BX03).
        #[arg(long)]
        vaccine_type: Option<String>,
        /// Manufacturer code (default Sinovac's).
        #[arg(long)]
        manufacturer: Option<String>,
    },
    /// A test certificate.
    Test {
        #[command(flatten)]
        common: IssueArgs,
        /// Test type.
        #[arg(long, value_enum)]
        test_type: TestTypeArg,
        /// When the sample was taken (RFC 3339).
        #[arg(long, value_parser = parse_instant)]
        sampled_at: DateTime<Utc>,
        /// The result.
        #[arg(long, value_enum)]
        result: TestResultArg,
        /// Testing centre.
        #[arg(long)]
        centre: String,
    },
    /// A recovery certificate.
    Recovery {
        #[command(flatten)]
        common: IssueArgs,
        /// Day of the first positive test.
        #[arg(long)]
        first_positive: NaiveDate,
        /// First day the statement is valid.
        #[arg(long)]
        valid_from: NaiveDate,
        /// Last day the statement is valid.
        #[arg(long)]
        valid_until: NaiveDate,
    },
}

/// Test types.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TestTypeArg {
    /// RT-PCR (NAAT).
    Pcr,
    /// Rapid antigen.
    Antigen,
}

/// Test results.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TestResultArg {
    /// Not detected.
    Negative,
    /// Detected.
    Positive,
}

/// Fields every issued certificate has.
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The issuer key file written by `healthpass issuer keygen`.
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// Family name.
    #[arg(long)]
    family_name: String,
    /// Given name.
    #[arg(long)]
    given_name: Option<String>,
    /// Date of birth (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    dob: String,
    /// Issuing country (ISO 3166 alpha-2; default ID).
    #[arg(long)]
    country: Option<String>,
    /// Issuing authority named in the certificate (default the ministry of health).
    #[arg(long)]
    authority: Option<String>,
    /// Unique certificate identifier (default: a random URN:UVCI).
    #[arg(long)]
    certificate_id: Option<String>,
    /// Days the certificate is valid (1–3660; default 365).
    #[arg(long)]
    valid_days: Option<u32>,
    /// Issue instant (default: now).
    #[arg(long, value_parser = parse_instant)]
    at: Option<DateTime<Utc>>,
    /// Where to write it: a .png QR code or a .txt file with the QR text.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Runs a cert command.
pub fn run(db: Option<PathBuf>, command: CertCommand, out: &Output) -> Result<(), Failure> {
    match command {
        CertCommand::Verify { input, trust, clock } => verify(db, &input, &trust, clock.now(), out),
        CertCommand::Issue(issue) => self::issue(issue, out),
    }
}

fn verify(db: Option<PathBuf>, input: &str, trust: &TrustArgs, now: DateTime<Utc>, out: &Output) -> Result<(), Failure> {
    let (trust, _) = trust.load_or_kept(db)?;
    let text = read_input(input)?;
    let format = if text.trim_start().starts_with("NZCP:") { "NZCP" } else { "HC1" };
    let (value, human, ok) = match check_certificate(&text, &trust, now) {
        Ok(report) => {
            let verdict = report.verdict();
            let holder = report.certificate.holder();
            let ok = verdict.is_ok();
            let error = verdict.as_ref().err().map(CertificateError::code);
            let value = json!({
                "ok": ok,
                "format": report.certificate.format.name(),
                "signature": report.signature.code(),
                "time": report.time.code(),
                "error": error,
                "holder": if ok { json!({ "name": holder.display_name(), "dob": holder.date_of_birth }) } else { Value::Null },
            });
            let human = match &verdict {
                Ok(()) => format!(
                    "VALID {} certificate\n  name: {}\n  date of birth: {}",
                    report.certificate.format.name(),
                    holder.display_name(),
                    holder.date_of_birth
                ),
                Err(e) => format!("REFUSED [{}]: {e}", e.code()),
            };
            (value, human, ok)
        }
        Err(e) => {
            let value = json!({
                "ok": false, "format": format, "signature": Value::Null, "time": Value::Null,
                "error": e.code(), "holder": Value::Null,
            });
            (value, format!("REFUSED [{}]: {e}", e.code()), false)
        }
    };
    out.print(&human, value);
    if ok { Ok(()) } else { Err(Failure::reported("certificate_refused")) }
}

fn issue(command: IssueCommand, out: &Output) -> Result<(), Failure> {
    let (common, entry) = match command {
        IssueCommand::Vaccination { common, dose, doses, date, product, vaccine_type, manufacturer } => {
            (common, OrderedEntry::Vaccination { dose, doses, date, product, vaccine_type, manufacturer })
        }
        IssueCommand::Test { common, test_type, sampled_at, result, centre } => {
            let test_type = match test_type {
                TestTypeArg::Pcr => TEST_TYPE_NAAT,
                TestTypeArg::Antigen => TEST_TYPE_RAPID_ANTIGEN,
            };
            let result = match result {
                TestResultArg::Negative => TEST_RESULT_NOT_DETECTED,
                TestResultArg::Positive => TEST_RESULT_DETECTED,
            };
            (common, OrderedEntry::Test { test_type: test_type.to_owned(), sampled_at, result: result.to_owned(), centre })
        }
        IssueCommand::Recovery { common, first_positive, valid_from, valid_until } => {
            (common, OrderedEntry::Recovery { first_positive, valid_from, valid_until })
        }
    };
    let key = IssuerKey::from_text(&read_text(&common.key)?)?;
    let order = CertificateOrder {
        family_name: common.family_name,
        given_name: common.given_name,
        date_of_birth: common.dob,
        country: common.country,
        authority: common.authority,
        certificate_id: common.certificate_id,
        valid_days: common.valid_days,
        entry,
    };
    let request = order.into_request(common.at.unwrap_or_else(Utc::now))?;
    let text = key.issue(&request)?;
    let path = &common.out;
    let bytes = match path.extension().and_then(|e| e.to_str()) {
        Some("png") => certificate::render_qr_png(&text).map_err(|e| Failure::environment("render", e))?,
        Some("txt") => format!("{text}\n").into_bytes(),
        _ => return Err(Failure::refused("unsupported_output", "the certificate file must end in .png or .txt")),
    };
    std::fs::write(path, bytes).map_err(|e| Failure::io(path, e))?;
    out.print(
        &format!("Issued {} certificate: {}", CertificateFormat::EuDcc.name(), path.display()),
        json!({ "format": "HC1", "out": path, "algorithm": key.algorithm().name() }),
    );
    Ok(())
}
