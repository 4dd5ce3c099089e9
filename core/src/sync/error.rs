//! Why a sync stopped.

use thiserror::Error;

use crate::checkin::CheckInError;
use crate::exposure::{HourBundleError, IndexError};
use crate::remote::RemoteError;
use crate::status::StatusError;
use crate::store::StoreError;
use crate::trust_list::TrustCacheError;

/// Why a sync stopped. Whatever was stored before the failure is complete and verified.
#[derive(Debug, Error)]
pub enum SyncError {
    /// The server could not be reached or refused (offline is the usual case).
    #[error(transparent)]
    Remote(#[from] RemoteError),
    /// An hour summary or bucket was refused (forged, truncated, wrong hour, …).
    #[error(transparent)]
    Bundle(#[from] HourBundleError),
    /// The warning index was refused (forged, unknown key, malformed, …).
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The index is older than one already seen: a replay or a rollback.
    #[error("the warning index is older than the one already seen")]
    StaleIndex,
    /// An hour summary's bytes differ from what the signed index lists for its hour.
    #[error("a warning bundle does not match the signed index")]
    BundleMismatch,
    /// The trust list was refused.
    #[error(transparent)]
    TrustList(#[from] TrustCacheError),
    /// The rule set was refused.
    #[error(transparent)]
    RuleSet(#[from] StatusError),
    /// The rule set is an older version of the one kept: a replay or a rollback.
    #[error("the rule set is older than the one already kept")]
    OutdatedRuleSet,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> String {
        match self {
            SyncError::Remote(error) => error.code().to_owned(),
            SyncError::Bundle(error) => error.code().to_owned(),
            SyncError::Index(error) => error.code().to_owned(),
            SyncError::StaleIndex => "stale_index".to_owned(),
            SyncError::OutdatedRuleSet => "outdated_rule_set".to_owned(),
            SyncError::BundleMismatch => "bundle_mismatch".to_owned(),
            SyncError::TrustList(TrustCacheError::TrustList(error)) => error.code().to_owned(),
            SyncError::RuleSet(error) => error.code().to_owned(),
            SyncError::TrustList(TrustCacheError::Store(_)) | SyncError::Store(_) => "storage".to_owned(),
        }
    }
}

/// Reading the diary for matching fails only in the store; any other refusal there means a
/// stored row did not read back.
impl From<CheckInError> for SyncError {
    fn from(error: CheckInError) -> Self {
        match error {
            CheckInError::Store(error) => SyncError::Store(error),
            other => SyncError::Store(StoreError::InvalidRow(other.code())),
        }
    }
}

impl From<rusqlite::Error> for SyncError {
    fn from(error: rusqlite::Error) -> Self {
        SyncError::Store(StoreError::from(error))
    }
}
