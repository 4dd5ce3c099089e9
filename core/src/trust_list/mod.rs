//! The trust list: the document signers and NZ Pass issuers a phone trusts, published as one
//! bundle signed with the health authority's pinned Ed25519 root key, cached for offline use.
//! Its age is exposed so a shell can warn when it is stale. The same root key signs the status
//! rule sets (`crate::status`), under another signature context.

mod bundle;
mod cache;
mod error;
mod root_key;

pub use bundle::{MAX_TRUST_LIST_LEN, TRUST_LIST_VERSION, TrustList};
pub use cache::{TrustCacheError, cached_trust_list, install_trust_list};
pub use error::TrustListError;
pub use root_key::{TrustRootKey, TrustRootSigningKey};

#[cfg(test)]
mod tests;
