//! The trust-root key that signs trust lists and status rule sets. In a deployment it lives on
//! an offline machine, in a key directory of its own (mode 0700, key files 0600, the same
//! layout as `DATA/keys/`: `trust-root.key` and retained `trust-root-{key id}.key`), and the
//! internet-facing server only publishes what it signed. Only the development mode of
//! `healthpass-server run` keeps it under `DATA/keys/`.

use std::path::{Path, PathBuf};

use healthpass_core::trust_list::{TrustRootKey, TrustRootSigningKey};

use super::{KeyKind, current_first, keys_dir, load_kind, private_dir};
use crate::ServerError;

/// The current trust-root key and the public halves of the retained ones.
pub struct TrustRootKeys {
    /// The key that signs new trust lists and rule sets.
    pub current: TrustRootSigningKey,
    retained: Vec<TrustRootKey>,
}

impl TrustRootKeys {
    /// Loads the trust-root keys in the key directory `dir` (see [`TrustRootKeys::directory`]),
    /// creating the current key (0600) if missing.
    pub fn load_or_create(dir: &Path) -> Result<Self, ServerError> {
        let (current, retained) = load_kind(dir, KeyKind::TrustRoot)?;
        Ok(TrustRootKeys { current, retained })
    }

    /// Loads the trust-root keys in the key directory `dir`; a missing current key is refused
    /// ([`ServerError::MissingTrustRootKey`]): signing with a key no phone pins would help nobody.
    pub fn load(dir: &Path) -> Result<Self, ServerError> {
        let path = dir.join(format!("{}.key", KeyKind::TrustRoot));
        if !path.is_file() {
            return Err(ServerError::MissingTrustRootKey(path));
        }
        Self::load_or_create(dir)
    }

    /// Development mode only: the trust-root keys under `data_dir/keys`, created if missing.
    pub fn load_or_create_in_data_dir(data_dir: &Path) -> Result<Self, ServerError> {
        Self::load_or_create(&keys_dir(data_dir)?)
    }

    /// The offline key directory `dir`, created if missing, made readable by its owner only.
    pub fn directory(dir: &Path) -> Result<PathBuf, ServerError> {
        private_dir(dir)
    }

    /// The public keys phones pin, current first (retained ones verify until retired).
    pub fn public_keys(&self) -> Vec<TrustRootKey> {
        current_first(self.current.public_key(), &self.retained)
    }
}
