//! The signed documents the server hands out: the trust list (naming the server's certificate
//! issuer) and the status rule set in force, both signed by the trust root.
//!
//! In a deployment the trust-root key never reaches the internet-facing server: the documents
//! are signed on an offline machine ([`sign_trust_list`], [`sign_rules`]; `healthpass-server
//! sign`), copied into a directory, and the server publishes those files byte for byte after
//! checking them at start ([`SignedDocuments::load`]). Signing at start with a trust-root key
//! under `DATA/keys/` ([`SignedDocuments::sign`]) is the development mode.

mod error;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use healthpass_core::certificate::{ISSUED_AT_CLOCK_SKEW, IssuerKey};
use healthpass_core::status::{MAX_RULE_SET_LEN, RuleSet};
use healthpass_core::trust_list::{MAX_TRUST_LIST_LEN, TrustList, TrustRootKey};

pub use error::DocumentError;

use crate::ServerError;
use crate::keys::{KeyRing, TrustRootKeys, issuer_is_ending};
use crate::static_file::StaticFile;

/// File name of the signed trust list in a documents directory.
pub const TRUST_LIST_FILE: &str = "trust-list.signed.json";
/// File name of the signed status rule set in a documents directory.
pub const RULES_FILE: &str = "rules.signed.json";

/// Where the trust list and rule set the server publishes come from.
#[derive(Debug, Clone)]
pub enum DocumentSource {
    /// Development: signed at start with the trust-root key under `DATA/keys/` (created if
    /// missing), the trust list naming every issuer certificate of the data directory.
    SignedAtStart {
        /// The rule set to sign and publish.
        rules: RuleSet,
    },
    /// Deployment: the files [`TRUST_LIST_FILE`] and [`RULES_FILE`] in `dir`, signed offline by
    /// one of `roots`; the server holds no trust-root key.
    SignedOffline {
        /// The directory holding the two signed files.
        dir: PathBuf,
        /// The trust-root public keys phones pin, current first.
        roots: Vec<TrustRootKey>,
    },
}

/// The trust list and rule set as served, and the root keys that verify them.
pub struct SignedDocuments {
    /// The trust list: the issuer certificates phones trust, signed by the trust root.
    pub trust_list: StaticFile,
    /// The status rule set in force, signed by the trust root.
    pub rules: StaticFile,
    /// The trust-root public keys phones pin, current first (served at `/v1/keys`).
    pub roots: Vec<TrustRootKey>,
}

impl SignedDocuments {
    /// The documents to serve from `source` at `now`: signed now with the data directory's
    /// trust root (development; the log says so), or the offline-signed files, checked against
    /// the current issuer of `keys`.
    pub fn publish(source: &DocumentSource, data_dir: &Path, keys: &KeyRing, now: DateTime<Utc>) -> Result<Self, ServerError> {
        match source {
            DocumentSource::SignedAtStart { rules } => {
                tracing::warn!(
                    "development mode: the trust list and rule set are signed with the trust-root key in the data \
                     directory; a deployment signs them offline (healthpass-server sign) and runs with --documents"
                );
                let root = TrustRootKeys::load_or_create_in_data_dir(data_dir)?;
                Ok(Self::sign(&root, &keys.issuer_certificates(), rules, now)?)
            }
            DocumentSource::SignedOffline { dir, roots } => {
                if issuer_is_ending(&keys.issuer, now) {
                    tracing::warn!(
                        "the issuer certificate ends within a default certificate's life: run healthpass-server \
                         export-issuer (it rotates the key), sign a new trust list offline and restart"
                    );
                }
                Ok(Self::load(dir, roots, &keys.issuer, now)?)
            }
        }
    }

    /// Development mode: signs both documents at `now` with the current key of `root`, the trust
    /// list naming `issuer_certificates` (DER).
    pub fn sign(
        root: &TrustRootKeys,
        issuer_certificates: &[Vec<u8>],
        rules: &RuleSet,
        now: DateTime<Utc>,
    ) -> Result<Self, DocumentError> {
        let trust_list = sign_trust_list(root, issuer_certificates, &[], now)?;
        let rules = sign_rules(root, rules, now)?;
        Ok(SignedDocuments { trust_list: StaticFile::new(trust_list), rules: StaticFile::new(rules), roots: root.public_keys() })
    }

    /// Deployment mode: reads the offline-signed files in `dir` and checks them at `now` before
    /// serving them unchanged. Refused: a file signed by none of `roots` or altered, a document
    /// dated in the future, and a trust list that does not name `issuer`'s certificate or names
    /// it past its end (phones would refuse every certificate the server issues).
    pub fn load(dir: &Path, roots: &[TrustRootKey], issuer: &IssuerKey, now: DateTime<Utc>) -> Result<Self, DocumentError> {
        let trust_list = read_limited(&dir.join(TRUST_LIST_FILE), MAX_TRUST_LIST_LEN)?;
        let list = TrustList::verify(&trust_list, roots).map_err(DocumentError::TrustList)?;
        not_after_now(list.issued_at(), now, "trust list")?;
        let signer = list
            .trust_store()
            .signers()
            .iter()
            .find(|signer| signer.der() == issuer.certificate_der())
            .ok_or(DocumentError::IssuerNotListed)?;
        if signer.not_after() <= now {
            return Err(DocumentError::IssuerExpired(signer.not_after()));
        }
        let rules = read_limited(&dir.join(RULES_FILE), 2 * MAX_RULE_SET_LEN)?;
        let rule_set = RuleSet::from_signed(&rules, roots).map_err(DocumentError::RuleSet)?;
        not_after_now(rule_set.published_at, now, "rule set")?;
        Ok(SignedDocuments { trust_list: StaticFile::new(trust_list), rules: StaticFile::new(rules), roots: roots.to_vec() })
    }
}

/// Signs a trust list issued at `now` with the current key of `root`, naming the document
/// signer certificates `signers_der` (DER: the server's exported issuer certificates, and any
/// other signer phones should trust) and the NZ Pass issuers `did_documents` (JSON).
pub fn sign_trust_list(
    root: &TrustRootKeys,
    signers_der: &[Vec<u8>],
    did_documents: &[Vec<u8>],
    now: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    TrustList::sign(signers_der, did_documents, now, &root.current).map_err(DocumentError::TrustList)
}

/// Signs `rules` with the current key of `root`. A rule set published after `now` is refused:
/// phones never go back to an earlier publication date, so it would block every later set.
pub fn sign_rules(root: &TrustRootKeys, rules: &RuleSet, now: DateTime<Utc>) -> Result<Vec<u8>, DocumentError> {
    not_after_now(rules.published_at, now, "rule set")?;
    rules.sign(&root.current).map_err(DocumentError::RuleSet)
}

/// Refuses a document dated after `now` (beyond the clock skew certificates get too).
fn not_after_now(dated: DateTime<Utc>, now: DateTime<Utc>, document: &'static str) -> Result<(), DocumentError> {
    match now.checked_add_signed(ISSUED_AT_CLOCK_SKEW) {
        Some(latest) if dated <= latest => Ok(()),
        _ => Err(DocumentError::NotYetValid { document, dated }),
    }
}

/// The file at `path`, read up to one byte past `limit` (the verifier then refuses it as too
/// long) so an oversized file is never read whole.
fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, DocumentError> {
    let io = |source| DocumentError::Read { path: path.to_owned(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests;
