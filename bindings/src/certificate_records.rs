//! Wallet certificates as they cross the boundary: who, what kind, and what each entry
//! attests. Shown to the citizen who owns them; never logged.

use chrono::NaiveDate;
use healthpass_core::certificate::{CertificateContent, CertificateFormat, HealthCertificate};
use healthpass_core::status::TestKind;
use healthpass_core::wallet::WalletEntry;

use crate::time::to_unix_seconds;

/// The transport a certificate came in (the core's own type).
#[uniffi::remote(Enum)]
pub enum CertificateFormat {
    EuDcc,
    NzPass,
}

/// The kind of a test, as the status rules distinguish them: PCR or rapid antigen (the core's
/// own type).
#[uniffi::remote(Enum)]
pub enum TestKind {
    Pcr,
    Antigen,
}

/// One thing a certificate attests. Days are `YYYY-MM-DD`, instants Unix seconds UTC.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum CertificateEntry {
    /// A vaccination: dose `dose_number` of `series_doses`.
    Vaccination {
        /// Dose number in the series.
        dose_number: u32,
        /// Doses in the series.
        series_doses: u32,
        /// Day of vaccination, when given.
        date: Option<String>,
    },
    /// A test result.
    Test {
        /// PCR or antigen; null for a kind the status rules do not count.
        kind: Option<TestKind>,
        /// Whether the test found the disease.
        positive: bool,
        /// When the sample was taken, when given.
        sampled_at: Option<i64>,
    },
    /// A recovery statement.
    Recovery {
        /// Day of the first positive test, when given.
        first_positive: Option<String>,
        /// Last day the statement is valid, when given.
        valid_until: Option<String>,
    },
    /// An NZ COVID Pass (it attests no single event).
    NzPass,
}

/// A certificate in the wallet, decoded (its signature is checked by status and counter
/// checks, not here).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct WalletCertificate {
    /// Stable id in this wallet, for show and remove.
    pub id: i64,
    /// The family member it belongs to (the label given when added, else the name on it).
    pub holder: String,
    /// When it was added, Unix seconds UTC.
    pub added_at: i64,
    /// The transport it came in.
    pub format: CertificateFormat,
    /// The QR text, to draw the code again at a counter.
    pub qr_text: String,
    /// The holder's name as written on the certificate (given then family).
    pub name: String,
    /// The holder's date of birth as written (`YYYY-MM-DD`, `YYYY-MM`, `YYYY` or empty).
    pub date_of_birth: String,
    /// The issuer claim (a country code, or a `did:web` for NZ passes).
    pub issuer: Option<String>,
    /// The certificate's own expiry, Unix seconds UTC.
    pub expires_at: Option<i64>,
    /// What it attests.
    pub entries: Vec<CertificateEntry>,
}

impl From<WalletEntry> for WalletCertificate {
    fn from(entry: WalletEntry) -> Self {
        let certificate = &entry.certificate;
        WalletCertificate {
            id: entry.id,
            holder: entry.holder,
            added_at: to_unix_seconds(entry.added_at),
            format: certificate.format,
            name: certificate.holder().display_name(),
            date_of_birth: certificate.holder().date_of_birth.clone(),
            issuer: certificate.issuer.clone(),
            expires_at: certificate.expires_at.map(to_unix_seconds),
            entries: entries(certificate),
            qr_text: entry.qr_text,
        }
    }
}

/// Every entry of `certificate`, vaccinations first.
fn entries(certificate: &HealthCertificate) -> Vec<CertificateEntry> {
    let dcc = match &certificate.content {
        CertificateContent::NzPass(_) => return vec![CertificateEntry::NzPass],
        CertificateContent::Dcc(dcc) => dcc,
    };
    let vaccinations = dcc.vaccinations.iter().map(|v| CertificateEntry::Vaccination {
        dose_number: v.dose_number,
        series_doses: v.series_doses,
        date: v.date.map(day),
    });
    let tests = dcc.tests.iter().map(|t| CertificateEntry::Test {
        kind: TestKind::of(&t.test_type),
        positive: t.is_positive(),
        sampled_at: t.sampled_at.map(to_unix_seconds),
    });
    let recoveries = dcc
        .recoveries
        .iter()
        .map(|r| CertificateEntry::Recovery { first_positive: r.first_positive.map(day), valid_until: r.valid_until.map(day) });
    vaccinations.chain(tests).chain(recoveries).collect()
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
