//! The signed documents phones keep for offline use: the trust list and the status rule set.
//! As for warnings, the store is taken for each step and never held during a download.

use std::ops::DerefMut;

use super::SyncError;
use crate::remote::{Fetched, ServerClient};
use crate::status::RuleSet;
use crate::store::{Store, settings};
use crate::trust_list::{TrustList, TrustRootKey, install_trust_list};

/// Largest signed document accepted.
const MAX_DOCUMENT_LEN: u64 = 1024 * 1024;
/// Settings key of the trust list's ETag.
const TRUST_LIST_ETAG: &str = "trust_list.etag";
/// Settings key of the installed signed rule set.
const RULE_SET: &str = "rule_set";
/// Settings key of the rule set's ETag.
const RULE_SET_ETAG: &str = "rule_set.etag";

/// Fetches the trust list if it changed, verifies it against the pinned `roots` and installs
/// it (an older list than the installed one is refused). `None` when unchanged. `store` is
/// called for each step that needs the store, as in [`super::sync_warnings`].
pub fn sync_trust_list<S: DerefMut<Target = Store>>(
    store: impl Fn() -> S,
    client: &ServerClient,
    roots: &[TrustRootKey],
) -> Result<Option<TrustList>, SyncError> {
    let Fetched::Body { bytes, etag, .. } = fetch_changed(&store, client, "/v1/trust-list", TRUST_LIST_ETAG)? else {
        return Ok(None);
    };
    let mut store = store();
    let list = install_trust_list(&mut store, &bytes, roots)?;
    if let Some(etag) = etag {
        settings::set(store.read(), TRUST_LIST_ETAG, &etag)?;
    }
    Ok(Some(list))
}

/// Fetches the rule set if it changed, verifies it against the pinned `roots` and keeps it.
/// `None` when unchanged. A set published before the kept one (or, before any was kept, the
/// built-in one), or a lower version of the same id, is refused and not kept: a replayed old
/// file of any rule set must not roll the rules back.
pub fn sync_rule_set<S: DerefMut<Target = Store>>(
    store: impl Fn() -> S,
    client: &ServerClient,
    roots: &[TrustRootKey],
) -> Result<Option<RuleSet>, SyncError> {
    let Fetched::Body { bytes, etag, .. } = fetch_changed(&store, client, "/v1/rules", RULE_SET_ETAG)? else {
        return Ok(None);
    };
    let rules = RuleSet::from_signed(&bytes, roots)?;
    let mut store = store();
    let kept = match cached_rule_set(&store, roots) {
        // A kept file these roots no longer sign counts for nothing.
        Err(SyncError::RuleSet(_)) => None,
        other => other?,
    };
    // Before the first install the built-in set is in force: nothing published before it
    // may replace it either.
    if !rules.may_replace(&kept.unwrap_or_else(RuleSet::default_in_force)) {
        return Err(SyncError::OutdatedRuleSet);
    }
    let text = String::from_utf8(bytes).map_err(|_| SyncError::RuleSet(crate::status::StatusError::Malformed("envelope")))?;
    let tx = store.write()?;
    settings::set(&tx, RULE_SET, &text)?;
    if let Some(etag) = etag {
        settings::set(&tx, RULE_SET_ETAG, &etag)?;
    }
    tx.commit()?;
    Ok(Some(rules))
}

/// The document at `path`, or `NotModified` when its ETag is still the one kept under
/// `etag_key`. The store is not held during the download.
fn fetch_changed<S: DerefMut<Target = Store>>(
    store: &impl Fn() -> S,
    client: &ServerClient,
    path: &str,
    etag_key: &str,
) -> Result<Fetched, SyncError> {
    let known = settings::get(store().read(), etag_key)?;
    Ok(client.fetch(path, known.as_deref(), MAX_DOCUMENT_LEN)?)
}

/// The kept rule set, verified again (the file could have been tampered with); `None` before
/// the first sync.
pub fn cached_rule_set(store: &Store, roots: &[TrustRootKey]) -> Result<Option<RuleSet>, SyncError> {
    let Some(text) = settings::get(store.read(), RULE_SET)? else {
        return Ok(None);
    };
    Ok(Some(RuleSet::from_signed(text.as_bytes(), roots)?))
}
