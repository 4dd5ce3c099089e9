//! The CrowdNotifier derivation against `../shared/venueqr/crowdnotifier_crypto_vectors.json`:
//! the HKDF vectors check the nonces; the identity vectors (which hash the pre-identity) check
//! the pre-identity, since the file gives no pre-identity on its own.

use data_encoding::HEXLOWER;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::crowdnotifier::{crowdnotifier_nonces, crowdnotifier_pre_id};

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/venueqr/crowdnotifier_crypto_vectors.json");

fn vectors() -> Value {
    serde_json::from_str(&std::fs::read_to_string(VECTORS).unwrap()).unwrap()
}

fn hex_at(vector: &Value, key: &str) -> Vec<u8> {
    HEXLOWER.decode(vector[key].as_str().unwrap().as_bytes()).unwrap()
}

#[test]
fn nonces_match_the_hkdf_vectors() {
    let vectors = vectors();
    let mut checked = 0;
    for vector in vectors["hkdf"].as_array().unwrap() {
        let nonces = crowdnotifier_nonces(&hex_at(vector, "qrCodePayload_hex"));
        assert_eq!(nonces[..32], hex_at(vector, "noncePreId"));
        assert_eq!(nonces[32..64], hex_at(vector, "nonceTimekey"));
        assert_eq!(nonces[64..], hex_at(vector, "notificationKey"));
        checked += 1;
    }
    assert_eq!(checked, 2);
}

/// CrowdNotifier's hourly identity, built here from our pre-identity as the vectors' algorithm says.
fn identity(payload: &[u8], interval_length: u32, start_of_interval: u64) -> [u8; 32] {
    let nonce_timekey = &crowdnotifier_nonces(payload)[32..64];
    let (length, start) = (interval_length.to_be_bytes(), start_of_interval.to_be_bytes());
    let time_key = Sha256::new().chain_update(b"CN-TIMEKEY").chain_update(length).chain_update(start).chain_update(nonce_timekey);
    let time_key = time_key.finalize();
    let pre_id = crowdnotifier_pre_id(payload);
    Sha256::new()
        .chain_update(b"CN-ID")
        .chain_update(pre_id)
        .chain_update(length)
        .chain_update(start)
        .chain_update(time_key)
        .finalize()
        .into()
}

#[test]
fn pre_id_gives_the_vectors_identities() {
    let vectors = vectors();
    let mut checked = 0;
    for vector in vectors["identity"].as_array().unwrap() {
        let payload = hex_at(vector, "qrCodePayload_hex");
        let length = u32::try_from(vector["intervalLength"].as_u64().unwrap()).unwrap();
        let start = vector["startOfInterval"].as_u64().unwrap();
        assert_eq!(identity(&payload, length, start).to_vec(), hex_at(vector, "identity_hex"));
        checked += 1;
    }
    assert_eq!(checked, 2);
}
