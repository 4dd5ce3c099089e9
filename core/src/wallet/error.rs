//! Why a wallet operation was refused.

use thiserror::Error;

use crate::certificate::CertificateError;
use crate::store::StoreError;

/// Why a wallet operation was refused. Messages hold no certificate content.
#[derive(Debug, Error)]
pub enum WalletError {
    /// The QR text is not a certificate this app reads; nothing was stored.
    #[error("{0}")]
    Certificate(#[from] CertificateError),
    /// The same certificate is already in the wallet (under the given id).
    #[error("this certificate is already in the wallet as #{existing_id}")]
    Duplicate {
        /// The stored copy's id.
        existing_id: i64,
    },
    /// No certificate has this id.
    #[error("no certificate #{0} in the wallet")]
    NotFound(i64),
    /// The holder label is empty, longer than 100 characters or holds a control character.
    #[error("the holder label must be 1 to 100 characters without control characters")]
    InvalidHolder,
    /// The label already holds certificates of another person (another name or date of
    /// birth): a child's certificate must not make a parent's status. Nothing was stored.
    #[error("the holder label belongs to another person's certificates")]
    HolderMismatch,
    /// The store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl WalletError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            WalletError::Certificate(e) => e.code(),
            WalletError::Duplicate { .. } => "duplicate",
            WalletError::NotFound(_) => "not_found",
            WalletError::InvalidHolder => "invalid_holder",
            WalletError::HolderMismatch => "holder_mismatch",
            WalletError::Store(_) => "storage",
        }
    }
}
