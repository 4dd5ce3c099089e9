//! Pending submissions are kept sealed, each under its own random key in a file
//! `DATA/submission-keys/{name}` (mode 0600); the database holds only the key's name and the
//! ciphertext. Publishing or rejecting a submission deletes its row and then its key file, so
//! whatever the database keeps of it afterwards (SQLite free pages, PostgreSQL dead tuples and
//! WAL segments, backups of either) is ciphertext under a key that no longer exists: nobody
//! holding the state later can tell which published reports came from a citizen and which
//! are the server's decoys, nor group them by submission.
//!
//! A key file is written and fsynced before its row is committed; a crash in between leaves
//! a key without a row, which [`SubmissionVault::keep_only`] removes at the next start.

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use thiserror::Error;

/// Directory of the key files under the data directory.
pub const KEYS_DIR: &str = "submission-keys";
/// Bytes of an XChaCha20 nonce, the first bytes of every sealed submission.
const NONCE_LEN: usize = 24;

/// Why a submission could not be sealed, opened or shredded.
#[derive(Debug, Error)]
pub enum VaultError {
    /// A key file could not be written, read or removed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The submission's key file is gone (it was shredded) or is not a key.
    #[error("the submission's key is gone")]
    MissingKey,
    /// The ciphertext does not open under its key.
    #[error("the sealed submission does not open under its key")]
    Undecryptable,
}

/// A submission's contents as stored: the name of its key file and the ciphertext.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// 32 hex digits, random: names the key file and says nothing about the submission.
    pub key_name: String,
    /// Nonce followed by the XChaCha20-Poly1305 ciphertext.
    pub ciphertext: Vec<u8>,
}

/// The key files of pending submissions.
pub struct SubmissionVault {
    dir: PathBuf,
}

impl SubmissionVault {
    /// Opens (or creates, mode 0700) `data_dir/submission-keys`.
    pub fn open(data_dir: &Path) -> Result<Self, VaultError> {
        let dir = data_dir.join(KEYS_DIR);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(io(&dir))?;
        Ok(SubmissionVault { dir })
    }

    /// Encrypts `contents` under a fresh key, whose file is on disk when this returns.
    pub fn seal(&self, contents: &[u8]) -> Result<Sealed, VaultError> {
        let key: [u8; 32] = healthpass_core::random::bytes();
        let key_name: String = healthpass_core::random::bytes::<16>().iter().map(|b| format!("{b:02x}")).collect();
        let path = self.dir.join(&key_name);
        let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path).map_err(io(&path))?;
        file.write_all(&key).map_err(io(&path))?;
        file.sync_all().map_err(io(&path))?;
        self.sync_dir()?;
        let nonce: [u8; NONCE_LEN] = healthpass_core::random::bytes();
        let sealed = XChaCha20Poly1305::new(&key.into())
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: contents, aad: key_name.as_bytes() })
            .map_err(|_| VaultError::Undecryptable)?;
        Ok(Sealed { key_name, ciphertext: [nonce.as_slice(), &sealed].concat() })
    }

    /// Decrypts a sealed submission with its key file.
    pub fn open_sealed(&self, sealed: &Sealed) -> Result<Vec<u8>, VaultError> {
        let key = self.read_key(&sealed.key_name)?;
        if sealed.ciphertext.len() < NONCE_LEN {
            return Err(VaultError::Undecryptable);
        }
        let (nonce, ciphertext) = sealed.ciphertext.split_at(NONCE_LEN);
        XChaCha20Poly1305::new(&key.into())
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: sealed.key_name.as_bytes() })
            .map_err(|_| VaultError::Undecryptable)
    }

    /// Deletes the key of a published or rejected submission; one already gone is fine.
    pub fn shred(&self, key_name: &str) -> Result<(), VaultError> {
        if !is_key_name(key_name) {
            return Ok(());
        }
        let path = self.dir.join(key_name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(VaultError::Io { path, source: e }),
            _ => self.sync_dir(),
        }
    }

    /// Shreds every key not named in `kept` (the keys of submissions still in the database):
    /// what a crash between a key file and its row, or between a row's deletion and its key's,
    /// left behind.
    pub fn keep_only(&self, kept: &HashSet<String>) -> Result<(), VaultError> {
        for entry in std::fs::read_dir(&self.dir).map_err(io(&self.dir))? {
            let name = entry.map_err(io(&self.dir))?.file_name();
            let Some(name) = name.to_str() else { continue };
            if !kept.contains(name) {
                self.shred(name)?;
            }
        }
        Ok(())
    }

    fn read_key(&self, key_name: &str) -> Result<[u8; 32], VaultError> {
        if !is_key_name(key_name) {
            return Err(VaultError::MissingKey);
        }
        let path = self.dir.join(key_name);
        match std::fs::read(&path) {
            Ok(bytes) => bytes.try_into().map_err(|_| VaultError::MissingKey),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(VaultError::MissingKey),
            Err(source) => Err(VaultError::Io { path, source }),
        }
    }

    fn sync_dir(&self) -> Result<(), VaultError> {
        std::fs::File::open(&self.dir).and_then(|d| d.sync_all()).map_err(io(&self.dir))
    }
}

/// 32 lower-case hex digits, as [`SubmissionVault::seal`] names keys: nothing else is a path here.
fn is_key_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> VaultError + '_ {
    move |source| VaultError::Io { path: path.to_owned(), source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shredded_submission_never_opens_again() {
        let data = tempfile::tempdir().unwrap();
        let vault = SubmissionVault::open(data.path()).unwrap();
        let sealed = vault.seal(b"reports").unwrap();
        assert!(!sealed.ciphertext.windows(7).any(|w| w == b"reports"), "stored encrypted");
        let key_file = data.path().join(KEYS_DIR).join(&sealed.key_name);
        assert_eq!(std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(data.path().join(KEYS_DIR)).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(vault.open_sealed(&sealed).unwrap(), b"reports");
        let mut tampered = sealed.clone();
        tampered.ciphertext[30] ^= 1;
        assert!(matches!(vault.open_sealed(&tampered), Err(VaultError::Undecryptable)));
        vault.shred(&sealed.key_name).unwrap();
        assert!(!key_file.exists());
        assert!(matches!(vault.open_sealed(&sealed), Err(VaultError::MissingKey)));
        vault.shred(&sealed.key_name).unwrap();
    }

    #[test]
    fn keys_without_a_row_are_removed() {
        let data = tempfile::tempdir().unwrap();
        let vault = SubmissionVault::open(data.path()).unwrap();
        let (kept, orphan) = (vault.seal(b"a").unwrap(), vault.seal(b"b").unwrap());
        vault.keep_only(&HashSet::from([kept.key_name.clone()])).unwrap();
        assert_eq!(vault.open_sealed(&kept).unwrap(), b"a");
        assert!(matches!(vault.open_sealed(&orphan), Err(VaultError::MissingKey)));
        let traversal = Sealed { key_name: "../keys/registry.key".into(), ciphertext: vec![0; 40] };
        assert!(matches!(vault.open_sealed(&traversal), Err(VaultError::MissingKey)));
    }
}
