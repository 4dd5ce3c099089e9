//! Health certificates: EU DCC / WHO DDCC (`HC1:`) and NZ COVID Pass (`NZCP:/1/`), decoded and
//! verified offline against trusted signers (ES256, ES384, ES512, PS256, EdDSA).
//!
//! Pipeline: prefix → base45 + zlib (HC1) or base32 (NZCP) → COSE_Sign1 → CWT claims →
//! health payload → key lookup by key id → signature → clock. Each refusal names its stage.

mod algorithm;
mod claims;
mod cose;
mod dcc;
mod decoded;
#[cfg(feature = "issuing")]
mod defaults;
mod did;
mod error;
mod hc1;
mod holder;
mod instant;
#[cfg(feature = "issuing")]
mod issue;
#[cfg(feature = "issuing")]
mod issuer_key;
mod nzcp;
#[cfg(feature = "issuing")]
mod order;
#[cfg(feature = "issuing")]
mod qr_image;
mod signer;
mod trust;
mod verify;

pub use algorithm::{Algorithm, SignerPublicKey};
pub use dcc::{
    COVID_19, DigitalCovidCertificate, Recovery, TEST_RESULT_DETECTED, TEST_RESULT_NOT_DETECTED, TEST_TYPE_NAAT,
    TEST_TYPE_RAPID_ANTIGEN, TestEntry, Vaccination,
};
pub use decoded::{CertificateContent, CertificateFormat, HealthCertificate};
#[cfg(feature = "issuing")]
pub use defaults::{
    DEFAULT_AUTHORITY, DEFAULT_COUNTRY, DEFAULT_MANUFACTURER, DEFAULT_PRODUCT, DEFAULT_VACCINE_TYPE, DEFAULT_VALID_DAYS,
};
pub use did::{DidDocument, DidDocumentError, MAX_DID_DOCUMENT_LEN};
pub use error::{CertificateError, Stage, Unsupported, ValidityLimit};
pub use hc1::{HC1_PREFIX, MAX_COSE_LEN};
pub use holder::Holder;
pub use instant::{InstantError, parse_instant};
#[cfg(feature = "issuing")]
pub use issue::{ISSUED_SCHEMA_VERSION, IssueError, IssueRequest, IssuedEntry, new_certificate_id};
#[cfg(feature = "issuing")]
pub use issuer_key::{IssuerKey, IssuerKeyError};
pub use nzcp::{NZCP_PREFIX, NzCovidPass};
#[cfg(feature = "issuing")]
pub use order::{CertificateOrder, DEFAULT_SERIES_DOSES, MAX_CERTIFICATE_DAYS, MAX_DOSES, OrderedEntry};
#[cfg(feature = "issuing")]
pub use qr_image::{QrImageError, render_qr_png};
pub use signer::{DocumentSigner, MAX_SIGNER_CERTIFICATE_LEN, SignerCertificateError};
pub use trust::TrustStore;
pub use verify::{
    CheckReport, ISSUED_AT_CLOCK_SKEW, MAX_CERTIFICATE_TEXT_LEN, SignatureCheck, TimeCheck, check_certificate,
    decode_certificate, verify_certificate,
};

#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod verification_tests;
