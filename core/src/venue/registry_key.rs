//! Venue-registry keys: the key that signs posters, its public half, and the set of public
//! keys a phone trusts. Key rotation is a set with more than one key.

use crate::keys::{KeyId, PublicKey, Registry, SigningKey};

/// The registry's private signing key (`healthpass-registry-secret-v1:` text form).
pub type RegistrySigningKey = SigningKey<Registry>;

/// A registry's public key, as phones hold it to verify posters.
pub type RegistryPublicKey = PublicKey<Registry>;

/// The registry public keys a phone accepts posters from (more than one during a rotation).
#[derive(Debug, Clone, Default)]
pub struct TrustedRegistries {
    keys: Vec<RegistryPublicKey>,
}

impl TrustedRegistries {
    /// A set holding `keys`.
    pub fn new(keys: Vec<RegistryPublicKey>) -> Self {
        TrustedRegistries { keys }
    }

    /// The trusted keys whose id is `key_id` (ids are short, so more than one may match).
    pub(crate) fn with_id(&self, key_id: KeyId) -> impl Iterator<Item = &RegistryPublicKey> {
        self.keys.iter().filter(move |k| k.key_id() == key_id)
    }
}
