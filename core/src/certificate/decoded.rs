//! A decoded health certificate: what it says, before or after its signature was checked.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::algorithm::Algorithm;
use super::dcc::DigitalCovidCertificate;
use super::holder::Holder;
use super::nzcp::NzCovidPass;

/// The transport a certificate came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CertificateFormat {
    /// EU DCC / WHO DDCC, `HC1:` prefix.
    #[serde(rename = "HC1")]
    EuDcc,
    /// NZ COVID Pass, `NZCP:/1/` prefix.
    #[serde(rename = "NZCP")]
    NzPass,
}

impl CertificateFormat {
    /// The format's name as scripts see it (`HC1`, `NZCP`).
    pub fn name(self) -> &'static str {
        match self {
            CertificateFormat::EuDcc => "HC1",
            CertificateFormat::NzPass => "NZCP",
        }
    }
}

/// What a certificate attests, by format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CertificateContent {
    /// An EU DCC with vaccination, test or recovery entries.
    Dcc(DigitalCovidCertificate),
    /// An NZ COVID Pass.
    NzPass(NzCovidPass),
}

/// A decoded health certificate with its CWT claims. Times are UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthCertificate {
    /// The transport it came in.
    pub format: CertificateFormat,
    /// The `iss` claim: a country code for HC1, a `did:web` for NZCP.
    pub issuer: Option<String>,
    /// The `iat` claim.
    pub issued_at: Option<DateTime<Utc>>,
    /// The `nbf` claim.
    pub not_before: Option<DateTime<Utc>>,
    /// The `exp` claim.
    pub expires_at: Option<DateTime<Utc>>,
    /// The COSE key id that names the signing key.
    #[serde(skip)]
    pub key_id: Vec<u8>,
    /// The signature algorithm.
    #[serde(skip)]
    pub algorithm: Algorithm,
    /// SHA-256 over the signed bytes and the canonical signature (ECDSA: `r || s` with low
    /// `s`): the same certificate has the same fingerprint however its QR text was compressed
    /// or encoded, and however its ECDSA signature was malleated.
    #[serde(skip)]
    pub fingerprint: [u8; 32],
    /// The health content.
    pub content: CertificateContent,
}

impl HealthCertificate {
    /// The person the certificate is about.
    pub fn holder(&self) -> &Holder {
        match &self.content {
            CertificateContent::Dcc(dcc) => &dcc.holder,
            CertificateContent::NzPass(pass) => &pass.holder,
        }
    }

    /// The EU DCC content, when this is an HC1 certificate.
    pub fn dcc(&self) -> Option<&DigitalCovidCertificate> {
        match &self.content {
            CertificateContent::Dcc(dcc) => Some(dcc),
            CertificateContent::NzPass(_) => None,
        }
    }
}
