//! The trust list cached in the store, so verification works offline. A list is verified
//! before it is cached and again whenever it is read back (the file could be tampered with).

use thiserror::Error;

use super::{TrustList, TrustListError, TrustRootKey};
use crate::store::{Store, StoreError, settings};

/// Settings key of the cached trust-list file.
const CACHE_KEY: &str = "trust_list";

/// Why the cached trust list could not be written or read.
#[derive(Debug, Error)]
pub enum TrustCacheError {
    /// The list was refused.
    #[error("{0}")]
    TrustList(#[from] TrustListError),
    /// The store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Verifies `bytes` against the pinned roots and caches the list; a list older than the one
/// already cached is refused as a rollback.
pub fn install_trust_list(store: &mut Store, bytes: &[u8], roots: &[TrustRootKey]) -> Result<TrustList, TrustCacheError> {
    let list = TrustList::verify(bytes, roots)?;
    let text = std::str::from_utf8(bytes).map_err(|_| TrustListError::Malformed("envelope"))?;
    if let Some(current) = cached_trust_list(store, roots)?
        && current.issued_at() > list.issued_at()
    {
        return Err(TrustListError::Rollback.into());
    }
    let tx = store.write()?;
    settings::set(&tx, CACHE_KEY, text)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(list)
}

/// The cached trust list, verified again; `None` when none was installed, or when the cached
/// one is signed by a root no longer pinned (after a root rotation it is as good as absent, so
/// a list under the new root installs). A forged or damaged cache is still an error.
pub fn cached_trust_list(store: &Store, roots: &[TrustRootKey]) -> Result<Option<TrustList>, TrustCacheError> {
    let Some(text) = settings::get(store.read(), CACHE_KEY)? else { return Ok(None) };
    match TrustList::verify(text.as_bytes(), roots) {
        Ok(list) => Ok(Some(list)),
        Err(TrustListError::UnknownRootKey) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
