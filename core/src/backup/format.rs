//! The backup blob, format version 1 (documented in docs/PROTOCOL.md, "Backups"):
//!
//! ```text
//! "HPBK" | version (1) | flags (bit 0: passphrase) | code check (16)
//!        | [salt (16) | Argon2id memory KiB (u32 BE) | passes (u32 BE) | passphrase check (16)]
//!        | nonce (24) | XChaCha20-Poly1305 ciphertext of the padded contents | tag (16)
//! padded contents = length (u32 BE) | raw DEFLATE of the contents JSON | zeros up to the bucket
//! ```
//! Everything before the ciphertext is the associated data, so no header byte can be changed
//! unnoticed. The padded contents are a power of two from 4 KiB to 4 MiB, so the server learns
//! only which of eleven sizes a diary falls in.

use std::io::{Read, Write};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

use super::BackupError;
use super::keys::{BackupKeys, CHECK_LEN, PassphraseCost, wrap};

/// The format version this build writes and the newest it reads.
pub const FORMAT_VERSION: u8 = 1;
/// The smallest padded contents, in bytes.
pub const SMALLEST_BUCKET: usize = 4 * 1024;
/// The largest padded contents, in bytes (years of daily visits and a family's certificates
/// take well under a tenth of it).
pub const LARGEST_BUCKET: usize = 4 * 1024 * 1024;
/// The longest blob this format produces: the largest header, the largest bucket and the tag.
pub const MAX_BLOB_LEN: usize = FIXED_HEADER_LEN + PASSPHRASE_HEADER_LEN + NONCE_LEN + LARGEST_BUCKET + TAG_LEN;

const MAGIC: &[u8; 4] = b"HPBK";
const FLAG_PASSPHRASE: u8 = 1;
const FIXED_HEADER_LEN: usize = 4 + 1 + 1 + CHECK_LEN;
const PASSPHRASE_HEADER_LEN: usize = 16 + 4 + 4 + CHECK_LEN;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// The most the contents JSON may inflate to: a bound on what a faulty writer can make a
/// phone allocate.
const MAX_CONTENTS_LEN: u64 = 64 * 1024 * 1024;

/// The key a backup is sealed under, with what its header must say about it. A phone keeps
/// it (see [`ContentKey::to_bytes`]) so that later backups need neither the passphrase nor
/// another Argon2id run. Its `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct ContentKey {
    key: [u8; 32],
    code_check: [u8; CHECK_LEN],
    passphrase: Option<WrappedHeader>,
}

impl std::fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContentKey").field("passphrase", &self.passphrase.is_some()).finish_non_exhaustive()
    }
}

impl ContentKey {
    /// The key of a backup protected by the recovery code alone.
    pub fn plain(keys: &BackupKeys) -> Self {
        ContentKey { key: keys.content_key, code_check: keys.code_check, passphrase: None }
    }

    /// The key of a backup that needs the recovery code and `passphrase`, stretched with
    /// Argon2id at `cost` under a fresh salt.
    pub fn with_passphrase(keys: &BackupKeys, passphrase: &str, cost: PassphraseCost) -> Result<Self, BackupError> {
        let salt: [u8; 16] = crate::random::bytes();
        let wrapped = wrap(keys, passphrase, &salt, cost)?;
        Ok(ContentKey {
            key: wrapped.content_key,
            code_check: keys.code_check,
            passphrase: Some(WrappedHeader { salt, cost, check: wrapped.passphrase_check }),
        })
    }

    /// Whether a passphrase protects backups sealed under this key.
    pub fn has_passphrase(&self) -> bool {
        self.passphrase.is_some()
    }

    /// The key as the header bytes it writes followed by the 32 key bytes, for the phone's store.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = self.header_fields();
        bytes.extend_from_slice(&self.key);
        bytes
    }

    /// Reads [`ContentKey::to_bytes`]; `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (header, key) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
        let mut framed = MAGIC.to_vec();
        framed.push(FORMAT_VERSION);
        framed.extend_from_slice(header);
        framed.extend_from_slice(&[0u8; NONCE_LEN]);
        let parsed = Header::read(&framed).ok()?;
        (parsed.len == framed.len()).then(|| ContentKey {
            key: array(key),
            code_check: parsed.code_check,
            passphrase: parsed.passphrase,
        })
    }

    /// Flags, code check and the passphrase part: the header between version and nonce.
    fn header_fields(&self) -> Vec<u8> {
        let mut fields = vec![if self.passphrase.is_some() { FLAG_PASSPHRASE } else { 0 }];
        fields.extend_from_slice(&self.code_check);
        if let Some(wrapped) = &self.passphrase {
            fields.extend_from_slice(&wrapped.salt);
            fields.extend_from_slice(&wrapped.cost.memory_kib.to_be_bytes());
            fields.extend_from_slice(&wrapped.cost.iterations.to_be_bytes());
            fields.extend_from_slice(&wrapped.check);
        }
        fields
    }
}

/// Encrypts `contents` (the contents JSON) under `key` with a fresh random nonce.
pub fn seal(contents: &[u8], key: &ContentKey) -> Result<Vec<u8>, BackupError> {
    let padded = pad(contents)?;
    let mut blob = MAGIC.to_vec();
    blob.push(FORMAT_VERSION);
    blob.extend_from_slice(&key.header_fields());
    let nonce: [u8; NONCE_LEN] = crate::random::bytes();
    blob.extend_from_slice(&nonce);
    let ciphertext = XChaCha20Poly1305::new(&key.key.into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: &padded, aad: &blob })
        .map_err(|_| BackupError::TooLarge { max_bytes: LARGEST_BUCKET })?;
    blob.extend_from_slice(&ciphertext);
    Ok(blob)
}

/// Checks that `blob` starts with a well-formed header of a format this build knows, without
/// any key: what the server checks before storing an upload.
pub fn check_header(blob: &[u8]) -> Result<(), BackupError> {
    let header = Header::read(blob)?;
    if blob.len() < header.len + TAG_LEN {
        return Err(BackupError::Truncated);
    }
    Ok(())
}

/// Whether `blob` is wrapped by a passphrase (so the UI can ask for one before [`open`]).
pub fn needs_passphrase(blob: &[u8]) -> Result<bool, BackupError> {
    Ok(Header::read(blob)?.passphrase.is_some())
}

/// Checks and decrypts `blob` with `keys` (and `passphrase` if the blob is wrapped); returns
/// the contents JSON and the key to seal the next backup under. Each failure is its own
/// [`BackupError`].
pub fn open(blob: &[u8], keys: &BackupKeys, passphrase: Option<&str>) -> Result<(Vec<u8>, ContentKey), BackupError> {
    let header = Header::read(blob)?;
    if header.code_check != keys.code_check {
        return Err(BackupError::WrongRecoveryCode);
    }
    let key = match header.passphrase {
        None => ContentKey::plain(keys),
        Some(wrapped) => {
            let passphrase = passphrase.ok_or(BackupError::PassphraseRequired)?;
            let derived = wrap(keys, passphrase, &wrapped.salt, wrapped.cost)?;
            if derived.passphrase_check != wrapped.check {
                return Err(BackupError::WrongPassphrase);
            }
            ContentKey { key: derived.content_key, code_check: keys.code_check, passphrase: Some(wrapped) }
        }
    };
    open_with(blob, &key).map(|contents| (contents, key))
}

/// Checks and decrypts `blob` with a key the phone kept; a blob sealed under another key
/// (another code, or a passphrase changed on another device) is [`BackupError::WrongRecoveryCode`]
/// or [`BackupError::WrongPassphrase`].
pub fn open_with(blob: &[u8], key: &ContentKey) -> Result<Vec<u8>, BackupError> {
    let header = Header::read(blob)?;
    if header.code_check != key.code_check {
        return Err(BackupError::WrongRecoveryCode);
    }
    if header.passphrase != key.passphrase {
        return Err(BackupError::WrongPassphrase);
    }
    let (associated, ciphertext) = blob.split_at(header.len);
    if ciphertext.len() < TAG_LEN {
        return Err(BackupError::Truncated);
    }
    let nonce = &associated[header.len - NONCE_LEN..];
    let padded = XChaCha20Poly1305::new(&key.key.into())
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: associated })
        .map_err(|_| BackupError::Tampered)?;
    unpad(&padded)
}

/// The passphrase part of a header.
#[derive(Clone, Copy, PartialEq, Eq)]
struct WrappedHeader {
    salt: [u8; 16],
    cost: PassphraseCost,
    check: [u8; CHECK_LEN],
}

/// The parsed header, up to and including the nonce.
struct Header {
    code_check: [u8; CHECK_LEN],
    passphrase: Option<WrappedHeader>,
    /// Bytes of header, nonce included.
    len: usize,
}

impl Header {
    fn read(blob: &[u8]) -> Result<Self, BackupError> {
        let magic_seen = blob.len().min(MAGIC.len());
        if blob[..magic_seen] != MAGIC[..magic_seen] {
            return Err(BackupError::NotABackup);
        }
        let fixed = blob.get(..FIXED_HEADER_LEN).ok_or(BackupError::Truncated)?;
        match fixed[4] {
            0 => return Err(BackupError::NotABackup),
            FORMAT_VERSION => {}
            found => return Err(BackupError::NewerFormat { found }),
        }
        let flags = fixed[5];
        if flags & !FLAG_PASSPHRASE != 0 {
            return Err(BackupError::NotABackup);
        }
        let code_check = array(&fixed[6..]);
        let mut len = FIXED_HEADER_LEN;
        let passphrase = if flags & FLAG_PASSPHRASE != 0 {
            let part = blob.get(len..len + PASSPHRASE_HEADER_LEN).ok_or(BackupError::Truncated)?;
            len += PASSPHRASE_HEADER_LEN;
            Some(WrappedHeader {
                salt: array(part),
                cost: PassphraseCost {
                    memory_kib: u32::from_be_bytes(array(&part[16..])),
                    iterations: u32::from_be_bytes(array(&part[20..])),
                },
                check: array(&part[24..]),
            })
        } else {
            None
        };
        len += NONCE_LEN;
        if blob.len() < len {
            return Err(BackupError::Truncated);
        }
        Ok(Header { code_check, passphrase, len })
    }
}

/// The first `N` bytes of `bytes`; callers pass slices at least that long.
fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[..N]);
    out
}

/// Compresses `contents` and pads it to the smallest bucket that holds it.
fn pad(contents: &[u8]) -> Result<Vec<u8>, BackupError> {
    let too_large = || BackupError::TooLarge { max_bytes: LARGEST_BUCKET };
    // Writing into a Vec fails only when memory runs out.
    let mut encoder = DeflateEncoder::new(vec![0u8; 4], Compression::default());
    encoder.write_all(contents).map_err(|_| too_large())?;
    let mut padded = encoder.finish().map_err(|_| too_large())?;
    let bucket = bucket_for(padded.len()).ok_or_else(too_large)?;
    let compressed_len = u32::try_from(padded.len() - 4).map_err(|_| too_large())?;
    padded[..4].copy_from_slice(&compressed_len.to_be_bytes());
    padded.resize(bucket, 0);
    Ok(padded)
}

/// The padded size for `len` bytes: the smallest power of two from [`SMALLEST_BUCKET`] that
/// holds them, or `None` above [`LARGEST_BUCKET`].
pub fn bucket_for(len: usize) -> Option<usize> {
    let bucket = len.max(SMALLEST_BUCKET).checked_next_power_of_two()?;
    (bucket <= LARGEST_BUCKET).then_some(bucket)
}

/// Reverses [`pad`]: checks the length and the zero padding, then inflates.
fn unpad(padded: &[u8]) -> Result<Vec<u8>, BackupError> {
    let (length, rest) = padded.split_at_checked(4).ok_or(BackupError::MalformedContents("padding"))?;
    let length = usize::try_from(u32::from_be_bytes(array(length))).map_err(|_| BackupError::MalformedContents("padding"))?;
    let (compressed, padding) = rest.split_at_checked(length).ok_or(BackupError::MalformedContents("padding"))?;
    if padding.iter().any(|&b| b != 0) {
        return Err(BackupError::MalformedContents("padding"));
    }
    let mut contents = Vec::new();
    DeflateDecoder::new(compressed)
        .take(MAX_CONTENTS_LEN + 1)
        .read_to_end(&mut contents)
        .map_err(|_| BackupError::MalformedContents("compression"))?;
    if contents.len() as u64 > MAX_CONTENTS_LEN {
        return Err(BackupError::MalformedContents("too large"));
    }
    Ok(contents)
}
