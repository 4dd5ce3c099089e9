//! Why the passport refused or failed an operation: one variant per cause, each with a stable
//! code. The CLI and the bindings only map these; neither decides anything of its own.

use thiserror::Error;

use crate::api::FollowUpError;
use crate::backup::BackupError;
use crate::checkin::CheckInError;
use crate::exposure::SubmissionError;
use crate::notify::NotifyError;
use crate::remote::RemoteError;
use crate::scan::ScanError;
use crate::status::{CounterCheckError, StatusError};
use crate::store::StoreError;
use crate::sync::SyncError;
use crate::trust_list::TrustCacheError;
use crate::venue::ScannedPosterError;
use crate::wallet::WalletError;

use super::{MAX_MIN_OVERLAP_MINUTES, MAX_UPLOAD_DAYS};

/// Why a passport operation was refused or failed. Nothing was written when it is returned.
/// Messages never hold names, codes, tokens or places.
#[derive(Debug, Error)]
pub enum PassportError {
    /// The store failed (disk full, file damaged or locked, newer schema).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The diary refused (no open visit, clock behind, retention out of range).
    #[error(transparent)]
    CheckIn(#[from] CheckInError),
    /// Scanned text is not a poster to check in at (forged, expired, unknown key, …).
    #[error(transparent)]
    Poster(#[from] ScannedPosterError),
    /// A camera frame or image could not be read.
    #[error(transparent)]
    Scan(#[from] ScanError),
    /// The picture holds no QR code.
    #[error("no QR code found in the picture")]
    NoQrCode,
    /// A venue-registry key is not a `healthpass-registry-public-v1:` key.
    #[error("invalid registry public key")]
    InvalidRegistryKey,
    /// The wallet refused (not a certificate, duplicate, unknown id, bad holder label).
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// A root key is not a `healthpass-trust-root-public-v1:` key.
    #[error("invalid trust root key")]
    InvalidTrustRoot,
    /// A trust-list file was refused (unknown root, forged, older, damaged).
    #[error(transparent)]
    TrustList(#[from] TrustCacheError),
    /// A status rule-set file was refused (unknown root, forged, damaged).
    #[error(transparent)]
    Rules(#[from] StatusError),
    /// A rule set of a lower version than the one in force: a replay must not roll rules back.
    #[error("the rule set is older than the one in force")]
    OutdatedRuleSet,
    /// A counter check gave no answer (the certificate is not genuine or not valid now).
    #[error(transparent)]
    CounterCheck(#[from] CounterCheckError),
    /// A sync stopped (offline, refused documents or warnings); what was stored is complete.
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// A warning-publisher key is not a `healthpass-publisher-public-v1:` key.
    #[error("invalid publisher key")]
    InvalidPublisherKey,
    /// The least overlap that alerts must be 1 to 1440 minutes.
    #[error("the minimum overlap must be 1 to {MAX_MIN_OVERLAP_MINUTES} minutes, not {0}")]
    InvalidMinimumOverlap(u32),
    /// The infectious window of an upload must be 1 to 21 days.
    #[error("the upload window must be 1 to {MAX_UPLOAD_DAYS} days, not {0}")]
    InvalidUploadWindow(u32),
    /// The visits chosen for an upload were refused (an unknown id to leave out, a malformed
    /// code, more visited hours than a submission holds).
    #[error(transparent)]
    Upload(#[from] SubmissionError),
    /// The server could not be reached, or refused the request with its code.
    #[error(transparent)]
    Remote(#[from] RemoteError),
    /// A backup, restore or deletion was refused or could not reach the server.
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// A notification action was refused (no open visit to snooze, a stay past a day).
    #[error(transparent)]
    Notify(#[from] NotifyError),
    /// A call-back request was refused before sending (malformed phone number or name).
    #[error(transparent)]
    FollowUp(#[from] FollowUpError),
    /// A call-back is offered only after an exposure alert or with a red or black status.
    #[error("a call-back is offered only after an exposure alert or with a red or black status")]
    FollowUpNotOffered,
}

impl PassportError {
    /// Whether the machine failed (storage, or a server that could not be reached) rather than
    /// the input being refused: worth retrying later, unlike a refusal.
    pub fn is_environmental(&self) -> bool {
        let remote = RemoteError::is_unreachable;
        match self {
            PassportError::Store(_)
            | PassportError::CheckIn(CheckInError::Store(_))
            | PassportError::Wallet(WalletError::Store(_))
            | PassportError::TrustList(TrustCacheError::Store(_))
            | PassportError::Sync(SyncError::Store(_) | SyncError::TrustList(TrustCacheError::Store(_))) => true,
            PassportError::Sync(SyncError::Remote(error)) | PassportError::Remote(error) => remote(error),
            PassportError::Backup(error) => matches!(error, BackupError::Offline | BackupError::Store(_)),
            PassportError::Notify(NotifyError::Store(_)) => true,
            _ => false,
        }
    }

    /// A short, stable code for scripts and screens (`forged_signature`, `no_open_visit`,
    /// `invalid_upload_window`, …).
    pub fn code(&self) -> String {
        match self {
            PassportError::Store(_) => "storage".to_owned(),
            PassportError::CheckIn(error) => error.code().to_owned(),
            PassportError::Poster(ScannedPosterError::RegistryRequired) => "registry_required".to_owned(),
            PassportError::Poster(ScannedPosterError::Signed(error)) => error.code().to_owned(),
            PassportError::Poster(ScannedPosterError::Event(error)) => error.code().to_owned(),
            PassportError::Scan(error) => error.code().to_owned(),
            PassportError::NoQrCode => "no_qr_code".to_owned(),
            PassportError::InvalidRegistryKey => "invalid_key_file".to_owned(),
            PassportError::Wallet(error) => error.code().to_owned(),
            PassportError::InvalidTrustRoot => "invalid_trust_root".to_owned(),
            PassportError::TrustList(TrustCacheError::TrustList(error)) => error.code().to_owned(),
            PassportError::TrustList(TrustCacheError::Store(_)) => "storage".to_owned(),
            PassportError::Rules(error) => error.code().to_owned(),
            PassportError::OutdatedRuleSet => "outdated_rule_set".to_owned(),
            PassportError::CounterCheck(error) => error.code().to_owned(),
            PassportError::Sync(error) => error.code(),
            PassportError::InvalidPublisherKey => "invalid_publisher_key".to_owned(),
            PassportError::InvalidMinimumOverlap(_) => "invalid_min_overlap".to_owned(),
            PassportError::InvalidUploadWindow(_) => "invalid_upload_window".to_owned(),
            PassportError::Upload(error) => error.code().to_owned(),
            PassportError::Remote(error) => error.code().to_owned(),
            PassportError::Backup(error) => error.code().to_owned(),
            PassportError::Notify(error) => error.code().to_owned(),
            PassportError::FollowUp(error) => error.code().to_owned(),
            PassportError::FollowUpNotOffered => "follow_up_not_offered".to_owned(),
        }
    }
}
