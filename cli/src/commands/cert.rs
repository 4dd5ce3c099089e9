//! `healthpass cert …`: verify a health certificate offline, issue one with our issuer key.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};
use healthpass_core::certificate::{
    self, COVID_19, CertificateError, CertificateFormat, DEFAULT_AUTHORITY, DEFAULT_COUNTRY, DEFAULT_MANUFACTURER,
    DEFAULT_PRODUCT, DEFAULT_VACCINE_TYPE, DEFAULT_VALID_DAYS, Holder, IssueRequest, IssuedEntry, IssuerKey, Recovery,
    TEST_RESULT_DETECTED, TEST_RESULT_NOT_DETECTED, TEST_TYPE_NAAT, TEST_TYPE_RAPID_ANTIGEN, TestEntry, Vaccination,
    check_certificate,
};
use healthpass_core::scan;
use serde_json::{Value, json};

use super::trust::TrustArgs;
use crate::failure::Failure;
use crate::output::Output;

/// Parses `--at` in every clock shape certificates use: RFC 3339, no zone (UTC), `+0200`,
/// up to 9 fractional digits.
pub fn parse_clock(text: &str) -> Result<DateTime<Utc>, String> {
    certificate::parse_instant(text).map_err(|e| e.to_string())
}

/// The instant to check at; the system clock by default.
#[derive(Debug, Args)]
pub struct AtArgs {
    /// Check at this instant instead of now.
    #[arg(long, value_name = "INSTANT", value_parser = parse_clock)]
    pub at: Option<DateTime<Utc>>,
}

impl AtArgs {
    /// The instant given, or now.
    pub fn now(&self) -> DateTime<Utc> {
        self.at.unwrap_or_else(Utc::now)
    }
}

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
        /// Dose number (1 and up).
        #[arg(long)]
        dose: u32,
        /// Doses in the series.
        #[arg(long, default_value_t = 2)]
        doses: u32,
        /// Day of vaccination (YYYY-MM-DD).
        #[arg(long)]
        date: NaiveDate,
        /// Vaccine product (EU product code or name).
        #[arg(long, default_value = DEFAULT_PRODUCT)]
        product: String,
        /// Vaccine type (SNOMED CT or ATC code).
        #[arg(long, default_value = DEFAULT_VACCINE_TYPE)]
        vaccine_type: String,
        /// Manufacturer code.
        #[arg(long, default_value = DEFAULT_MANUFACTURER)]
        manufacturer: String,
    },
    /// A test certificate.
    Test {
        #[command(flatten)]
        common: IssueArgs,
        /// Test type.
        #[arg(long, value_enum)]
        test_type: TestTypeArg,
        /// When the sample was taken (RFC 3339).
        #[arg(long, value_parser = parse_clock)]
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
    /// Issuing country (ISO 3166 alpha-2).
    #[arg(long, default_value = DEFAULT_COUNTRY)]
    country: String,
    /// Issuing authority named in the certificate.
    #[arg(long, default_value = DEFAULT_AUTHORITY)]
    authority: String,
    /// Unique certificate identifier (default: a random URN:UVCI).
    #[arg(long)]
    certificate_id: Option<String>,
    /// Days the certificate is valid.
    #[arg(long, default_value_t = DEFAULT_VALID_DAYS)]
    valid_days: u32,
    /// Issue instant (default: now).
    #[arg(long, value_parser = parse_clock)]
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

/// Reads INPUT: an existing image file is scanned, anything else is QR text.
pub fn read_input(input: &str) -> Result<String, Failure> {
    let path = Path::new(input);
    if input.len() < 4096 && path.is_file() {
        let codes = scan::decode_image_file(path)?;
        return codes.into_iter().next().ok_or_else(|| Failure::refused("no_qr_code", "no QR code found in the image"));
    }
    Ok(input.to_owned())
}

fn verify(db: Option<PathBuf>, input: &str, trust: &TrustArgs, now: DateTime<Utc>, out: &Output) -> Result<(), Failure> {
    let (trust, _) = trust.load_or_cached(db)?;
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
            let entry = IssuedEntry::Vaccination(Vaccination {
                disease: COVID_19.into(),
                vaccine_type,
                product,
                manufacturer,
                dose_number: dose,
                series_doses: doses,
                date: Some(date),
                country: common.country.clone(),
                issuer: common.authority.clone(),
                certificate_id: certificate_id(&common),
            });
            (common, entry)
        }
        IssueCommand::Test { common, test_type, sampled_at, result, centre } => {
            let entry = IssuedEntry::Test(TestEntry {
                disease: COVID_19.into(),
                test_type: match test_type {
                    TestTypeArg::Pcr => TEST_TYPE_NAAT.into(),
                    TestTypeArg::Antigen => TEST_TYPE_RAPID_ANTIGEN.into(),
                },
                sampled_at: Some(sampled_at),
                result: match result {
                    TestResultArg::Negative => TEST_RESULT_NOT_DETECTED.into(),
                    TestResultArg::Positive => TEST_RESULT_DETECTED.into(),
                },
                test_centre: centre,
                country: common.country.clone(),
                issuer: common.authority.clone(),
                certificate_id: certificate_id(&common),
            });
            (common, entry)
        }
        IssueCommand::Recovery { common, first_positive, valid_from, valid_until } => {
            let entry = IssuedEntry::Recovery(Recovery {
                disease: COVID_19.into(),
                first_positive: Some(first_positive),
                valid_from: Some(valid_from),
                valid_until: Some(valid_until),
                country: common.country.clone(),
                issuer: common.authority.clone(),
                certificate_id: certificate_id(&common),
            });
            (common, entry)
        }
    };
    let key_text = std::fs::read_to_string(&common.key).map_err(|e| Failure::io(&common.key, e))?;
    let key = IssuerKey::from_text(&key_text)?;
    let issued_at = common.at.unwrap_or_else(Utc::now);
    let request = IssueRequest {
        holder: Holder {
            family_name: Some(common.family_name.clone()),
            given_name: common.given_name.clone(),
            date_of_birth: common.dob.clone(),
        },
        entry,
        country: common.country.clone(),
        issued_at,
        expires_at: issued_at + Duration::days(i64::from(common.valid_days)),
    };
    let text = key.issue(&request)?;
    let path = &common.out;
    let bytes = match path.extension().and_then(|e| e.to_str()) {
        Some("png") => certificate::render_qr_png(&text).map_err(|e| Failure::environment("render", e))?,
        Some("txt") => format!("{text}\n").into_bytes(),
        _ => return Err(Failure::refused("unsupported_output", "the certificate file must end in .png or .txt")),
    };
    std::fs::write(path, bytes).map_err(|e| Failure::io(path, e))?;
    out.print(
        &format!("Issued {} certificate: {}", CertificateFormat::Hc1.name(), path.display()),
        json!({ "format": "HC1", "out": path, "algorithm": key.algorithm().name() }),
    );
    Ok(())
}

fn certificate_id(common: &IssueArgs) -> String {
    common.certificate_id.clone().unwrap_or_else(|| certificate::new_certificate_id(&common.country))
}
