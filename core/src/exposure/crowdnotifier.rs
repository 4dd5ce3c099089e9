//! The CrowdNotifier v3 key derivation we need from a NotifyMe poster's payload: its
//! pre-identity, which serves as our location id for such posters (docs/PROTOCOL.md,
//! "CrowdNotifier event posters"). CrowdNotifier's own pairing-based protocol is not used.

use hkdf::Hkdf;
use sha2::{Digest, Sha256};

/// HKDF info of CrowdNotifier v3.
const HKDF_INFO: &[u8] = b"CrowdNotifier_v3";

/// `HKDF-SHA256(ikm = payload, salt empty, info "CrowdNotifier_v3")`, 96 bytes: noncePreId,
/// nonceTimekey and notificationKey, 32 bytes each.
pub(crate) fn crowdnotifier_nonces(payload: &[u8]) -> [u8; 96] {
    let mut nonces = [0u8; 96];
    // 96 bytes is far below HKDF-SHA256's limit of 255 × 32, so expansion cannot fail.
    let _ = Hkdf::<Sha256>::new(None, payload).expand(HKDF_INFO, &mut nonces);
    nonces
}

/// The pre-identity `SHA-256("CN-PREID" || payload || noncePreId)`.
pub(crate) fn crowdnotifier_pre_id(payload: &[u8]) -> [u8; 32] {
    let nonces = crowdnotifier_nonces(payload);
    Sha256::new().chain_update(b"CN-PREID").chain_update(payload).chain_update(&nonces[..32]).finalize().into()
}
