//! Why a backup could not be made, read, sent or restored. The phone's own data is untouched
//! whenever one of these is returned.

use thiserror::Error;

use super::recovery_code::RecoveryCodeError;
use crate::store::StoreError;

/// Every way a backup operation fails, one variant per cause a person or a UI can act on.
/// Messages never contain the code, the passphrase or anything from the backup.
#[derive(Debug, Error)]
pub enum BackupError {
    /// The typed recovery code is not a code (length, character, typo).
    #[error(transparent)]
    RecoveryCode(#[from] RecoveryCodeError),
    /// The blob was made with another recovery code.
    #[error("this backup was made with another recovery code")]
    WrongRecoveryCode,
    /// The backup is protected by a passphrase and none was given.
    #[error("this backup is protected by a passphrase")]
    PassphraseRequired,
    /// The passphrase does not open the backup.
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// The blob's header asks for an Argon2id cost outside what phones accept.
    #[error("the backup asks for an unacceptable passphrase cost")]
    UnacceptablePassphraseCost,
    /// Not a healthpass backup at all.
    #[error("not a healthpass backup")]
    NotABackup,
    /// The blob ends before its header or its authentication tag does.
    #[error("the backup is truncated")]
    Truncated,
    /// The blob was made by a newer app, in a format version this build does not know.
    #[error("the backup was made by a newer app (format {found}); update the app")]
    NewerFormat {
        /// The blob's format version.
        found: u8,
    },
    /// The blob was altered after it was made (the authentication tag does not match).
    #[error("the backup was altered or damaged")]
    Tampered,
    /// The decrypted contents are not what this format allows (only a faulty writer holding
    /// the key can cause this).
    #[error("the backup contents are malformed: {0}")]
    MalformedContents(&'static str),
    /// The contents do not fit in the largest backup size.
    #[error("the backup would exceed {max_bytes} bytes")]
    TooLarge {
        /// The largest padded size, in bytes.
        max_bytes: usize,
    },
    /// The transfer code is not one.
    #[error("not a healthpass transfer code: {0}")]
    InvalidTransferCode(&'static str),
    /// The server (or the old phone, for a transfer) could not be reached.
    #[error("the backup server cannot be reached")]
    Offline,
    /// The server holds no backup for this code (never made, deleted, or expired after 90 days).
    #[error("no backup is stored for this recovery code")]
    NotFound,
    /// Another device wrote the backup since this one read it; merge and retry.
    #[error("another device changed the backup; merge and retry")]
    Stale,
    /// The server refused the request (with its stable error code).
    #[error("the backup server refused: {0}")]
    Refused(String),
    /// No backup is set up on this phone.
    #[error("backup is not set up")]
    NotEnabled,
    /// The phone's store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BackupError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            BackupError::RecoveryCode(_) => "invalid_recovery_code",
            BackupError::WrongRecoveryCode => "wrong_recovery_code",
            BackupError::PassphraseRequired => "passphrase_required",
            BackupError::WrongPassphrase => "wrong_passphrase",
            BackupError::UnacceptablePassphraseCost => "unacceptable_passphrase_cost",
            BackupError::NotABackup => "not_a_backup",
            BackupError::Truncated => "backup_truncated",
            BackupError::NewerFormat { .. } => "backup_from_newer_app",
            BackupError::Tampered => "backup_tampered",
            BackupError::MalformedContents(_) => "backup_malformed",
            BackupError::TooLarge { .. } => "backup_too_large",
            BackupError::InvalidTransferCode(_) => "invalid_transfer_code",
            BackupError::Offline => "offline",
            BackupError::NotFound => "backup_not_found",
            BackupError::Stale => "backup_stale",
            BackupError::Refused(_) => "refused",
            BackupError::NotEnabled => "backup_not_enabled",
            BackupError::Store(_) => "storage",
        }
    }

    /// Whether the input or the server refused (as opposed to the phone's storage failing).
    pub fn is_refusal(&self) -> bool {
        !matches!(self, BackupError::Store(_))
    }
}
