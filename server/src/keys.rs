//! The server's signing keys, created on first start under `DATA/keys/` with mode 0600:
//! the venue registry (posters), the warning publisher (bundles and their index) and the
//! certificate issuer (health certificates); and the secret upload codes are stored under
//! (`keys/upload-codes.key`, never rotated: rotating it would void every outstanding code).
//! The trust root (trust lists and rule sets) is not among them: it lives in a directory of its
//! own on an offline machine ([`TrustRootKeys`]), or under `DATA/keys/` only in development.
//!
//! Each kind has one current key, `keys/{kind}.key`, and the older keys a rotation keeps for
//! verification, `keys/{kind}-{key id}.key`, until they are retired. Rotation writes the new
//! key to a temporary file, links the current one to its retained name, then renames the new
//! key over the current name, so a crash leaves either the old or the new key current and
//! never loses one. A running server picks up a rotation when restarted.

use std::fmt;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use healthpass_core::certificate::{Algorithm, DEFAULT_VALID_DAYS, IssuerKey};
use healthpass_core::exposure::{PublisherPublicKey, PublisherSigningKey};
use healthpass_core::keys::{KeyPurpose, SigningKey};
use healthpass_core::trust_list::TrustRootSigningKey;
use healthpass_core::venue::{RegistryPublicKey, RegistrySigningKey};

use crate::ServerError;
use crate::tokens::UploadCodeKey;

mod trust_root;

pub use trust_root::TrustRootKeys;

/// File name of the upload-code secret under `DATA/keys`.
const UPLOAD_CODE_KEY_FILE: &str = "upload-codes.key";
/// Prefix of the upload-code secret's text form.
const UPLOAD_CODE_KEY_PREFIX: &str = "healthpass-upload-codes-secret-v1:";

/// Country named in the certificate issuer's self-signed document signer certificate.
const ISSUER_COUNTRY: &str = "ID";
/// Validity of a newly generated issuer certificate, in days.
const ISSUER_VALID_DAYS: i64 = 730;

/// The kinds of key the server holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// Signs venue posters.
    Registry,
    /// Signs warning bundles and the warning index.
    Publisher,
    /// Signs trust lists and status rule sets.
    TrustRoot,
    /// Signs health certificates (ES256 with a self-signed document signer certificate).
    Issuer,
}

impl KeyKind {
    /// The kind's name on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            KeyKind::Registry => "registry",
            KeyKind::Publisher => "publisher",
            KeyKind::TrustRoot => "trust-root",
            KeyKind::Issuer => "issuer",
        }
    }
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for KeyKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [KeyKind::Registry, KeyKind::Publisher, KeyKind::TrustRoot, KeyKind::Issuer]
            .into_iter()
            .find(|kind| kind.name() == text)
            .ok_or_else(|| "expected registry, publisher, trust-root or issuer".to_owned())
    }
}

/// A secret key the server keeps in a file.
trait StoredKey: Sized {
    /// What phones and verifiers get of it.
    type Public;
    /// A fresh key.
    fn generate() -> Result<Self, ServerError>;
    /// Reads the key file's text.
    fn from_text(text: &str) -> Option<Self>;
    /// The key file's text.
    fn to_text(&self) -> String;
    /// The key's id in hex, as in retained file names and signed data.
    fn id(&self) -> String;
    /// The public half.
    fn public(&self) -> Self::Public;
}

impl<P: KeyPurpose> StoredKey for SigningKey<P> {
    type Public = healthpass_core::keys::PublicKey<P>;

    fn generate() -> Result<Self, ServerError> {
        Ok(SigningKey::generate())
    }

    fn from_text(text: &str) -> Option<Self> {
        SigningKey::from_text(text).ok()
    }

    fn to_text(&self) -> String {
        SigningKey::to_text(self)
    }

    fn id(&self) -> String {
        self.public_key().key_id().to_string()
    }

    fn public(&self) -> Self::Public {
        self.public_key()
    }
}

impl StoredKey for IssuerKey {
    /// The document signer certificate (DER) that goes into trust lists.
    type Public = Vec<u8>;

    fn generate() -> Result<Self, ServerError> {
        let now = Utc::now();
        IssuerKey::generate(Algorithm::Es256, ISSUER_COUNTRY, now, now + TimeDelta::days(ISSUER_VALID_DAYS))
            .map_err(|e| ServerError::KeyGeneration(e.to_string()))
    }

    fn from_text(text: &str) -> Option<Self> {
        IssuerKey::from_text(text).ok()
    }

    fn to_text(&self) -> String {
        IssuerKey::to_text(self)
    }

    fn id(&self) -> String {
        self.document_signer().key_id().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn public(&self) -> Self::Public {
        self.certificate_der().to_vec()
    }
}

/// The keys the server signs with (the current key of each kind) and the public halves of
/// the retained older keys, which stay valid for verification until retired.
pub struct KeyRing {
    /// The current venue-registry key that signs posters.
    pub registry: RegistrySigningKey,
    /// The current warning-publisher key that signs bundles and the index.
    pub publisher: PublisherSigningKey,
    /// The current certificate issuer key.
    pub issuer: IssuerKey,
    /// The secret upload codes are looked up and sealed with.
    pub upload_codes: UploadCodeKey,
    retained_registry: Vec<RegistryPublicKey>,
    retained_publisher: Vec<PublisherPublicKey>,
    retained_issuer: Vec<Vec<u8>>,
}

impl KeyRing {
    /// Loads the keys under `data_dir/keys`, creating any current key that is missing (never
    /// the trust root's: see [`TrustRootKeys`]).
    pub fn load_or_create(data_dir: &Path) -> Result<Self, ServerError> {
        let dir = keys_dir(data_dir)?;
        let (registry, retained_registry) = load_kind(&dir, KeyKind::Registry)?;
        let (publisher, retained_publisher) = load_kind(&dir, KeyKind::Publisher)?;
        let (issuer, retained_issuer) = load_kind(&dir, KeyKind::Issuer)?;
        let upload_codes = UploadCodeKey::from_bytes(load_or_create_secret(&dir.join(UPLOAD_CODE_KEY_FILE))?);
        Ok(KeyRing { registry, publisher, issuer, upload_codes, retained_registry, retained_publisher, retained_issuer })
    }

    /// The registry public keys phones should trust, current first.
    pub fn registry_public_keys(&self) -> Vec<RegistryPublicKey> {
        current_first(self.registry.public_key(), &self.retained_registry)
    }

    /// The publisher public keys phones should trust, current first.
    pub fn publisher_public_keys(&self) -> Vec<PublisherPublicKey> {
        current_first(self.publisher.public_key(), &self.retained_publisher)
    }

    /// The issuer's document signer certificates (DER), current first.
    pub fn issuer_certificates(&self) -> Vec<Vec<u8>> {
        current_first(self.issuer.certificate_der().to_vec(), &self.retained_issuer)
    }
}

/// Makes a new current key of `kind` under `data_dir/keys`, keeping the previous one for
/// verification. Returns the new key's id.
pub fn rotate_key(data_dir: &Path, kind: KeyKind) -> Result<String, ServerError> {
    rotate_key_in(&keys_dir(data_dir)?, kind)
}

/// [`rotate_key`] in the key directory `dir` itself (the offline trust root's, see
/// [`TrustRootKeys::directory`]).
pub fn rotate_key_in(dir: &Path, kind: KeyKind) -> Result<String, ServerError> {
    match kind {
        KeyKind::Registry => rotate::<RegistrySigningKey>(dir, kind),
        KeyKind::Publisher => rotate::<PublisherSigningKey>(dir, kind),
        KeyKind::TrustRoot => rotate::<TrustRootSigningKey>(dir, kind),
        KeyKind::Issuer => rotate::<IssuerKey>(dir, kind),
    }
}

/// Whether the issuer's signer certificate has less than a default certificate's validity
/// ([`DEFAULT_VALID_DAYS`]) left at `now`: from then on the server has to cut certificates
/// short at the signer's end.
pub fn issuer_is_ending(issuer: &IssuerKey, now: DateTime<Utc>) -> bool {
    let needed = now.checked_add_signed(TimeDelta::days(i64::from(DEFAULT_VALID_DAYS)));
    needed.is_none_or(|needed| needed > issuer.document_signer().not_after())
}

/// Rotates the issuer key when it is ending ([`issuer_is_ending`]). The old key stays for
/// verification. Returns the new key's id when it rotated; `None` when the key is fine or
/// there is none yet.
pub fn rotate_ending_issuer(data_dir: &Path, now: DateTime<Utc>) -> Result<Option<String>, ServerError> {
    let dir = keys_dir(data_dir)?;
    let Some(current) = load_current::<IssuerKey>(&dir, KeyKind::Issuer)? else { return Ok(None) };
    if !issuer_is_ending(&current, now) {
        return Ok(None);
    }
    rotate::<IssuerKey>(&dir, KeyKind::Issuer).map(Some)
}

/// The issuer's document signer certificates (DER, current first) for the offline trust-list
/// signing step: the issuer key is created if missing and rotated first if it is ending, as
/// the server would at start, so the exported list names the key the server will sign with.
pub fn issuer_certificates_to_export(data_dir: &Path, now: DateTime<Utc>) -> Result<Vec<Vec<u8>>, ServerError> {
    rotate_ending_issuer(data_dir, now)?;
    let (current, retained) = load_kind::<IssuerKey>(&keys_dir(data_dir)?, KeyKind::Issuer)?;
    Ok(current_first(current.public(), &retained))
}

/// Deletes the retained (not current) key `key_id` of `kind` under `data_dir/keys`: signatures
/// by it stop verifying once phones fetch the shorter key list.
pub fn retire_key(data_dir: &Path, kind: KeyKind, key_id: &str) -> Result<(), ServerError> {
    retire_key_in(&keys_dir(data_dir)?, kind, key_id)
}

/// [`retire_key`] in the key directory `dir` itself (the offline trust root's).
pub fn retire_key_in(dir: &Path, kind: KeyKind, key_id: &str) -> Result<(), ServerError> {
    let current = match kind {
        KeyKind::Registry => load_current::<RegistrySigningKey>(dir, kind)?.map(|k| k.id()),
        KeyKind::Publisher => load_current::<PublisherSigningKey>(dir, kind)?.map(|k| k.id()),
        KeyKind::TrustRoot => load_current::<TrustRootSigningKey>(dir, kind)?.map(|k| k.id()),
        KeyKind::Issuer => load_current::<IssuerKey>(dir, kind)?.map(|k| k.id()),
    };
    let key_id = key_id.to_ascii_lowercase();
    if current.as_deref() == Some(key_id.as_str()) {
        return Err(ServerError::CurrentKey(key_id));
    }
    if !is_hex(&key_id) {
        return Err(ServerError::UnknownKey(key_id));
    }
    let path = dir.join(format!("{kind}-{key_id}.key"));
    match std::fs::remove_file(&path) {
        Ok(()) => sync_dir(dir),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ServerError::UnknownKey(key_id)),
        Err(source) => Err(ServerError::Io { path, source }),
    }
}

/// Makes a new current key of `kind` in the key directory `dir`; returns its id.
fn rotate<K: StoredKey>(dir: &Path, kind: KeyKind) -> Result<String, ServerError> {
    let current_path = dir.join(format!("{kind}.key"));
    let new = K::generate()?;
    let temporary = dir.join(format!(".{kind}.key.new"));
    remove_if_present(&temporary)?;
    write_secret(&temporary, &new.to_text())?;
    if let Some(current) = load_current::<K>(dir, kind)? {
        let retained = dir.join(format!("{kind}-{}.key", current.id()));
        match std::fs::hard_link(&current_path, &retained) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(ServerError::Io { path: retained, source: e }),
            _ => {}
        }
    }
    std::fs::rename(&temporary, &current_path).map_err(|source| ServerError::Io { path: current_path.clone(), source })?;
    sync_dir(dir)?;
    Ok(new.id())
}

/// The current key of `kind` (created if missing) and the public halves of retained ones.
fn load_kind<K: StoredKey>(dir: &Path, kind: KeyKind) -> Result<(K, Vec<K::Public>), ServerError> {
    let current = match load_current::<K>(dir, kind)? {
        Some(key) => key,
        None => {
            let key = K::generate()?;
            write_secret(&dir.join(format!("{kind}.key")), &key.to_text())?;
            key
        }
    };
    let prefix = format!("{kind}-");
    let mut retained = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|source| ServerError::Io { path: dir.to_owned(), source })? {
        let path = entry.map_err(|source| ServerError::Io { path: dir.to_owned(), source })?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let is_retained = name.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".key")).is_some_and(is_hex);
        if is_retained {
            retained.push(read_key::<K>(&path)?.public());
        }
    }
    Ok((current, retained))
}

/// The 32-byte secret in `path`, created (0600) if missing.
fn load_or_create_secret(path: &Path) -> Result<[u8; 32], ServerError> {
    match std::fs::read_to_string(path) {
        Ok(text) => text
            .trim()
            .strip_prefix(UPLOAD_CODE_KEY_PREFIX)
            .and_then(|encoded| URL_SAFE_NO_PAD.decode(encoded).ok())
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .ok_or_else(|| ServerError::InvalidKeyFile(path.to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let secret: [u8; 32] = healthpass_core::random::bytes();
            write_secret(path, &format!("{UPLOAD_CODE_KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(secret)))?;
            Ok(secret)
        }
        Err(source) => Err(ServerError::Io { path: path.to_owned(), source }),
    }
}

fn load_current<K: StoredKey>(dir: &Path, kind: KeyKind) -> Result<Option<K>, ServerError> {
    let path = dir.join(format!("{kind}.key"));
    match std::fs::metadata(&path) {
        Ok(_) => read_key(&path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ServerError::Io { path, source }),
    }
}

fn read_key<K: StoredKey>(path: &Path) -> Result<K, ServerError> {
    let text = std::fs::read_to_string(path).map_err(|source| ServerError::Io { path: path.to_owned(), source })?;
    K::from_text(&text).ok_or_else(|| ServerError::InvalidKeyFile(path.to_owned()))
}

/// `DATA/keys`, created with mode 0700.
fn keys_dir(data_dir: &Path) -> Result<PathBuf, ServerError> {
    private_dir(&data_dir.join("keys"))
}

/// `dir`, created if missing, with mode 0700.
fn private_dir(dir: &Path) -> Result<PathBuf, ServerError> {
    crate::data_dir::create_private_dir(dir).map_err(|source| ServerError::Io { path: dir.to_owned(), source })?;
    Ok(dir.to_owned())
}

fn current_first<T: Clone>(current: T, retained: &[T]) -> Vec<T> {
    std::iter::once(current).chain(retained.iter().cloned()).collect()
}

fn is_hex(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Writes a new secret file readable by the owner only.
fn write_secret(path: &Path, text: &str) -> Result<(), ServerError> {
    let io = |source| ServerError::Io { path: path.to_owned(), source };
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(io)?;
    writeln!(file, "{text}").map_err(io)?;
    file.sync_all().map_err(io)
}

fn remove_if_present(path: &Path) -> Result<(), ServerError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(ServerError::Io { path: path.to_owned(), source: e }),
        _ => Ok(()),
    }
}

fn sync_dir(dir: &Path) -> Result<(), ServerError> {
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|source| ServerError::Io { path: dir.to_owned(), source })
}

#[cfg(test)]
mod tests;
