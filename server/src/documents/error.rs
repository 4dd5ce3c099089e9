//! Why a trust list or rule set was not signed, or not published at start.

use chrono::{DateTime, Utc};
use healthpass_core::status::StatusError;
use healthpass_core::trust_list::TrustListError;
use thiserror::Error;

/// Why a signed document was refused (or could not be made). Each cause has its own
/// [`DocumentError::code`]; messages name the document, never its contents.
#[derive(Debug, Error)]
pub enum DocumentError {
    /// A document file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The trust list is forged, altered, signed by a root not pinned here, too long or
    /// malformed (or, when signing, names a certificate that does not parse).
    #[error("trust list: {0}")]
    TrustList(TrustListError),
    /// The rule set is forged, altered, signed by a root not pinned here, too long or malformed.
    #[error("rule set: {0}")]
    RuleSet(StatusError),
    /// The document is dated after now (beyond a few minutes of clock skew).
    #[error("the {document} is dated {dated}, in the future: check the clocks of this machine and of the signing machine")]
    NotYetValid {
        /// Which document.
        document: &'static str,
        /// The date it carries (issued or published, UTC).
        dated: DateTime<Utc>,
    },
    /// The trust list does not name this server's current issuer certificate: phones would
    /// refuse every certificate the server issues.
    #[error(
        "the trust list does not name this server's issuer certificate: export it (healthpass-server export-issuer) and sign a new trust list offline"
    )]
    IssuerNotListed,
    /// The trust list names this server's issuer certificate, but the certificate has ended.
    #[error(
        "the issuer certificate named by the trust list ended at {0}: rotate the issuer key, export it and sign a new trust list"
    )]
    IssuerExpired(DateTime<Utc>),
}

impl DocumentError {
    /// A short, stable code for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::Read { .. } => "io",
            DocumentError::TrustList(inner) => inner.code(),
            DocumentError::RuleSet(inner) => inner.code(),
            DocumentError::NotYetValid { .. } => "not_yet_valid",
            DocumentError::IssuerNotListed => "issuer_not_listed",
            DocumentError::IssuerExpired(_) => "issuer_expired",
        }
    }
}
