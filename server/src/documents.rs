//! The signed documents the server hands out, signed once at start with the current keys:
//! the trust list (naming the server's certificate issuer) and the status rule set in force.

use chrono::{DateTime, Utc};
use healthpass_core::status::RuleSet;
use healthpass_core::trust_list::TrustList;

use crate::ServerError;
use crate::keys::KeyRing;
use crate::static_file::StaticFile;

/// The trust list and rule set as served.
pub struct SignedDocuments {
    /// The trust list: every issuer certificate (current and retained), signed by the trust root.
    pub trust_list: StaticFile,
    /// The status rule set in force, signed by the trust root.
    pub rules: StaticFile,
}

impl SignedDocuments {
    /// Signs both documents with the current trust-root key; the trust list is issued at `now`.
    pub fn sign(keys: &KeyRing, rules: &RuleSet, now: DateTime<Utc>) -> Result<Self, ServerError> {
        let trust_list = TrustList::sign(&keys.issuer_certificates(), &[], now, &keys.trust_root)
            .map_err(|_| ServerError::Signing("trust list"))?;
        let rules = rules.sign(&keys.trust_root).map_err(|_| ServerError::Signing("rule set"))?;
        Ok(SignedDocuments { trust_list: StaticFile::new(trust_list), rules: StaticFile::new(rules) })
    }
}
