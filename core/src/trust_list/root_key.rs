//! The health authority's root key that signs trust lists and status rule sets.
//! Phones pin its public half; the publisher alone holds the secret half.

use crate::keys::{PublicKey, SigningKey, TrustRoot};

/// The secret root key (`healthpass-trust-root-secret-v1:` text form).
pub type TrustRootSigningKey = SigningKey<TrustRoot>;

/// A pinned public root key.
pub type TrustRootKey = PublicKey<TrustRoot>;
