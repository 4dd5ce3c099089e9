//! The server's signing keys, created on first start under `DATA/keys/` with mode 0600.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use chrono::{TimeDelta, Utc};
use healthpass_core::certificate::{Algorithm, IssuerKey};
use healthpass_core::venue::{RegistryPublicKey, RegistrySigningKey};

use crate::ServerError;

/// The keys the server signs with.
pub struct KeyRing {
    /// The venue-registry key that signs posters.
    pub registry: RegistrySigningKey,
    /// The certificate issuer key (ES256, with its self-signed document signer certificate).
    pub issuer: IssuerKey,
}

/// Validity of a newly created issuer key's signer certificate.
const ISSUER_KEY_LIFETIME: TimeDelta = TimeDelta::days(730);

impl KeyRing {
    /// Loads the keys under `data_dir/keys`, creating any that are missing.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, ServerError> {
        let dir = data_dir.join("keys");
        std::fs::create_dir_all(&dir).map_err(|source| ServerError::Io { path: dir.clone(), source })?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|source| ServerError::Io { path: dir.clone(), source })?;
        let path = dir.join("registry.key");
        let registry = match std::fs::read_to_string(&path) {
            Ok(text) => RegistrySigningKey::from_text(&text).map_err(|_| ServerError::InvalidKeyFile(path.clone()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = RegistrySigningKey::generate();
                write_secret(&path, &key.to_text())?;
                key
            }
            Err(source) => return Err(ServerError::Io { path, source }),
        };
        let path = dir.join("issuer.key");
        let issuer = match std::fs::read_to_string(&path) {
            Ok(text) => IssuerKey::from_text(&text).map_err(|_| ServerError::InvalidKeyFile(path.clone()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let now = Utc::now();
                let key = IssuerKey::generate(Algorithm::Es256, "ID", now, now + ISSUER_KEY_LIFETIME)
                    .map_err(|_| ServerError::InvalidKeyFile(path.clone()))?;
                write_secret(&path, &key.to_text())?;
                key
            }
            Err(source) => return Err(ServerError::Io { path, source }),
        };
        Ok(KeyRing { registry, issuer })
    }

    /// The registry public keys phones should trust.
    pub fn registry_public_keys(&self) -> Vec<RegistryPublicKey> {
        vec![self.registry.public_key()]
    }
}

/// Writes a new secret file readable by the owner only.
fn write_secret(path: &Path, text: &str) -> Result<(), ServerError> {
    let io = |source| ServerError::Io { path: path.to_owned(), source };
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(io)?;
    writeln!(file, "{text}").map_err(io)?;
    file.sync_all().map_err(io)
}
