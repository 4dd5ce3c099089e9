//! Everything derived from a recovery code (HKDF-SHA256, salt `healthpass-backup-v1`, one
//! `info` string per use), and the optional passphrase wrap (Argon2id).
//!
//! - [`BlobId`]: where the server keeps the backup. Knowing it does not give the blob: every
//!   call also needs the write credential.
//! - [`WriteCredential`]: proves to the server that the caller holds the code; the server keeps
//!   only its SHA-256, so a leaked server database does not let anyone read, overwrite or delete.
//! - the content key and its check value, which never leave the phone in clear: the check value
//!   sits in the blob's header so a wrong code is told apart from a damaged blob.

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use sha2::{Digest, Sha256};

use super::BackupError;
use super::recovery_code::RecoveryCode;

/// HKDF salt of every backup derivation; a new version of the scheme gets a new salt.
const SALT: &[u8] = b"healthpass-backup-v1";

/// Bytes of a check value in the blob header.
pub const CHECK_LEN: usize = 16;

/// The server's name for one backup: 16 bytes derived from the recovery code, written as 32
/// lower-case hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BlobId(pub [u8; 16]);

impl BlobId {
    /// The 32 lower-case hex digits used in URLs and the server's table.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Reads 32 hex digits (either case); `None` for anything else.
    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 32 || !hex.is_ascii() {
            return None;
        }
        let mut id = [0u8; 16];
        for (i, byte) in id.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(BlobId(id))
    }
}

/// The secret that authorises reading, writing and deleting one backup on the server
/// (sent as a bearer token, 43 base64url characters). Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct WriteCredential(pub(crate) [u8; 32]);

impl std::fmt::Debug for WriteCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteCredential(…)")
    }
}

impl WriteCredential {
    /// The bearer token form.
    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// SHA-256 of the credential's bytes from its bearer token form, as the server stores it;
    /// `None` if the text is not a credential.
    pub fn hash_of_text(text: &str) -> Option<[u8; 32]> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        (bytes.len() == 32).then(|| Sha256::digest(&bytes).into())
    }
}

/// The keys of one recovery code.
pub struct BackupKeys {
    /// Where the server keeps the backup.
    pub blob_id: BlobId,
    /// What the server asks for before it touches the backup.
    pub credential: WriteCredential,
    pub(crate) content_key: [u8; 32],
    pub(crate) code_check: [u8; CHECK_LEN],
}

impl BackupKeys {
    /// Derives every key of `code`.
    pub fn derive(code: &RecoveryCode) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(SALT), code.secret());
        BackupKeys {
            blob_id: BlobId(expand(&hkdf, b"blob id")),
            credential: WriteCredential(expand(&hkdf, b"write credential")),
            content_key: expand(&hkdf, b"content key"),
            code_check: expand(&hkdf, b"code check"),
        }
    }
}

/// Argon2id cost of a passphrase wrap, stored in the blob's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassphraseCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
}

impl PassphraseCost {
    /// The cost phones use: 64 MiB and 3 passes (about half a second on a 2020 mid-range phone).
    pub const PHONE: PassphraseCost = PassphraseCost { memory_kib: 64 * 1024, iterations: 3 };
    /// The most a blob may ask for: more would let a forged blob exhaust a phone's memory.
    pub const MAX: PassphraseCost = PassphraseCost { memory_kib: 256 * 1024, iterations: 10 };
    /// The least a blob may ask for (Argon2's own minimum is lower; this keeps wraps meaningful).
    pub const MIN: PassphraseCost = PassphraseCost { memory_kib: 8, iterations: 1 };

    /// Whether a blob's header asks for a cost within [`Self::MIN`]..=[`Self::MAX`].
    pub fn is_acceptable(self) -> bool {
        (Self::MIN.memory_kib..=Self::MAX.memory_kib).contains(&self.memory_kib)
            && (Self::MIN.iterations..=Self::MAX.iterations).contains(&self.iterations)
    }
}

/// The keys of a backup wrapped by a passphrase: both the code and the passphrase are needed.
pub(crate) struct WrappedKeys {
    pub(crate) content_key: [u8; 32],
    pub(crate) passphrase_check: [u8; CHECK_LEN],
}

/// Stretches `passphrase` with Argon2id under `salt` and `cost`, then binds it to the code's
/// content key: the passphrase check value needs the code too, so it allows no guessing of
/// the passphrase to anyone without the code.
pub(crate) fn wrap(
    keys: &BackupKeys,
    passphrase: &str,
    salt: &[u8; 16],
    cost: PassphraseCost,
) -> Result<WrappedKeys, BackupError> {
    if !cost.is_acceptable() {
        return Err(BackupError::UnacceptablePassphraseCost);
    }
    let params =
        Params::new(cost.memory_kib, cost.iterations, 1, Some(32)).map_err(|_| BackupError::UnacceptablePassphraseCost)?;
    let mut stretched = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut stretched)
        .map_err(|_| BackupError::UnacceptablePassphraseCost)?;
    let hkdf = Hkdf::<Sha256>::new(Some(SALT), &[keys.content_key, stretched].concat());
    Ok(WrappedKeys {
        content_key: expand(&hkdf, b"passphrase content key"),
        passphrase_check: expand(&hkdf, b"passphrase check"),
    })
}

/// `N` bytes (one HKDF-SHA256 block at most) of HKDF output for `info`.
fn expand<const N: usize>(hkdf: &Hkdf<Sha256>, info: &[u8]) -> [u8; N] {
    const { assert!(N <= 32, "one HKDF-SHA256 block") };
    let mut out = [0u8; N];
    // HKDF fails only beyond 255 blocks of output; one block cannot fail.
    let _ = hkdf.expand(info, &mut out);
    out
}
