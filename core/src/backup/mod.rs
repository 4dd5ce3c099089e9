//! End-to-end-encrypted backup of the diary, the wallet and the alerts (format in
//! docs/PROTOCOL.md, "Backups"; threats in docs/THREAT_MODEL.md, "Backups").
//!
//! - [`recovery_code`]: the 128-bit code the citizen keeps, with a typo-catching check.
//! - [`keys`]: blob id, write credential and content key derived from the code; the optional
//!   Argon2id passphrase wrap.
//! - [`format`]: the versioned, padded, authenticated blob.
//! - [`contents`]: what is kept, retention; [`snapshot`] takes it from the store, [`restore`]
//!   puts it back without duplicates.
//! - [`schedule`]: when to back up next (debounce, retry, refresh).
//! - [`server`]: the server calls; [`operations`]: enable, back up, restore, delete.
//! - [`setup`]: what the phone keeps about its backup.
//! - [`sheet`]: the printable recovery sheet (PDF; PNG with the poster renderer) and the QR
//!   modules the phones draw for the recovery code and the transfer.
//! - [`transfer`]: the phone-to-phone QR; [`transfer_link`]: serving and fetching it locally.

pub mod contents;
mod error;
pub mod format;
pub mod keys;
pub mod operations;
pub mod recovery_code;
pub mod restore;
pub mod schedule;
pub mod server;
pub mod setup;
#[cfg(feature = "recovery-sheet")]
pub mod sheet;
pub mod snapshot;
pub mod transfer;
pub mod transfer_link;

pub use error::BackupError;

#[cfg(test)]
mod store_tests;
#[cfg(test)]
mod tests;
