//! The keys a verifier trusts: HC1 document signers (by key id) and NZ Pass issuers (by DID).

use super::did::DidDocument;
use super::signer::DocumentSigner;

/// Trust anchors for offline verification. Build it from a verified trust list, or from
/// `--dsc`/`--did` files in tests and tools.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustStore {
    signers: Vec<DocumentSigner>,
    issuers: Vec<DidDocument>,
}

impl TrustStore {
    /// A store that trusts nothing.
    pub fn new() -> Self {
        TrustStore::default()
    }

    /// Trusts an HC1 document signer.
    pub fn add_signer(&mut self, signer: DocumentSigner) {
        self.signers.push(signer);
    }

    /// Trusts an NZ Pass issuer with the assertion keys its DID document lists.
    pub fn add_issuer(&mut self, document: DidDocument) {
        self.issuers.push(document);
    }

    /// Every trusted signer whose key id is `key_id`. Key ids are 8 bytes and do collide,
    /// so a verifier must try each.
    pub fn signers_with_key_id(&self, key_id: &[u8]) -> Vec<&DocumentSigner> {
        self.signers.iter().filter(|s| s.key_id().as_slice() == key_id).collect()
    }

    /// The trusted issuer with this DID, if any.
    pub fn issuer(&self, did: &str) -> Option<&DidDocument> {
        self.issuers.iter().find(|d| d.id() == did)
    }

    /// All trusted document signers.
    pub fn signers(&self) -> &[DocumentSigner] {
        &self.signers
    }

    /// All trusted NZ Pass issuers.
    pub fn issuers(&self) -> &[DidDocument] {
        &self.issuers
    }
}
