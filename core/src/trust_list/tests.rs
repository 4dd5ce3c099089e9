//! Trust lists: signed by the pinned root, refused when forged, altered or from another root.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::certificate::{CertificateError, parse_instant, verify_certificate};

const CERTS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/certs");

fn at(text: &str) -> DateTime<Utc> {
    parse_instant(text).unwrap()
}

/// The AT vaccination vector's signer and its QR text.
fn at_vector() -> (Vec<u8>, String, DateTime<Utc>) {
    let case: serde_json::Value = serde_json::from_slice(&std::fs::read(format!("{CERTS_DIR}/dcc/AT/1.json")).unwrap()).unwrap();
    let der = STANDARD.decode(case["TESTCTX"]["CERTIFICATE"].as_str().unwrap()).unwrap();
    (der, case["PREFIX"].as_str().unwrap().to_owned(), at(case["TESTCTX"]["VALIDATIONCLOCK"].as_str().unwrap()))
}

fn nz_did() -> Vec<u8> {
    std::fs::read(format!("{CERTS_DIR}/nzcp/valid/did.json")).unwrap()
}

#[test]
fn signed_list_verifies_and_its_signers_verify_certificates() {
    let root = TrustRootSigningKey::generate();
    let (der, text, clock) = at_vector();
    let bytes = TrustList::sign(&[der], &[nz_did()], at("2021-05-01T00:00:00Z"), &root).unwrap();
    let list = TrustList::verify(&bytes, &[root.public_key()]).unwrap();
    assert_eq!(list.issued_at(), at("2021-05-01T00:00:00Z"));
    assert_eq!(list.age(at("2021-05-03T12:00:00Z")), Duration::hours(60));
    assert_eq!(list.root_key_id(), root.public_key().key_id());
    assert_eq!(list.trust_store().signers().len(), 1);
    assert_eq!(list.trust_store().issuers().len(), 1);
    assert!(verify_certificate(&text, list.trust_store(), clock).is_ok());
    let nz = std::fs::read_to_string(format!("{CERTS_DIR}/nzcp/valid/nzcp.txt")).unwrap();
    assert!(verify_certificate(nz.trim(), list.trust_store(), at("2021-11-03T00:00:00Z")).is_ok());
}

#[test]
fn list_from_another_root_is_refused() {
    let root = TrustRootSigningKey::generate();
    let bytes = TrustList::sign(&[], &[nz_did()], at("2021-05-01T00:00:00Z"), &root).unwrap();
    let other = TrustRootSigningKey::generate().public_key();
    assert_eq!(TrustList::verify(&bytes, &[other]), Err(TrustListError::UnknownRootKey));
}

#[test]
fn altered_content_is_forged() {
    let root = TrustRootSigningKey::generate();
    let (der, text, clock) = at_vector();
    let bytes = TrustList::sign(&[], &[], at("2021-05-01T00:00:00Z"), &root).unwrap();
    // Swap in content that trusts the AT signer, keeping the original signature.
    let mut envelope: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let forged_content = serde_json::json!({
        "version": 1, "issued_at": "2021-05-01T00:00:00Z", "signers": [STANDARD.encode(&der)], "nz_issuers": []
    });
    envelope["content"] =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged_content).unwrap()).into();
    let forged = serde_json::to_vec(&envelope).unwrap();
    assert_eq!(TrustList::verify(&forged, &[root.public_key()]), Err(TrustListError::ForgedSignature));
    assert_eq!(verify_certificate(&text, &crate::certificate::TrustStore::new(), clock), Err(CertificateError::UnknownKey));
}

#[test]
fn garbage_and_oversized_files_are_typed_errors() {
    let root = TrustRootSigningKey::generate().public_key();
    assert_eq!(TrustList::verify(b"not json", &[root]), Err(TrustListError::Malformed("envelope")));
    let huge = vec![b' '; MAX_TRUST_LIST_LEN + 1];
    assert_eq!(
        TrustList::verify(&huge, &[root]),
        Err(TrustListError::TooLong { length: MAX_TRUST_LIST_LEN + 1, limit: MAX_TRUST_LIST_LEN })
    );
}

#[test]
fn publisher_cannot_sign_a_broken_entry() {
    let root = TrustRootSigningKey::generate();
    let result = TrustList::sign(&[b"not a certificate".to_vec()], &[], at("2021-05-01T00:00:00Z"), &root);
    assert_eq!(result, Err(TrustListError::InvalidEntry { index: 0 }));
}

#[test]
fn root_keys_round_trip_through_text() {
    let root = TrustRootSigningKey::generate();
    let public = TrustRootKey::from_text(&root.public_key().to_text()).unwrap();
    assert_eq!(public, root.public_key());
    let secret = TrustRootSigningKey::from_text(&root.to_text()).unwrap();
    assert_eq!(secret.public_key(), root.public_key());
}

#[test]
fn installed_list_is_cached_in_the_store_and_rollback_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::store::Store::open(&dir.path().join("healthpass.db")).unwrap();
    let root = TrustRootSigningKey::generate();
    let roots = [root.public_key()];
    assert_eq!(cached_trust_list(&store, &roots).unwrap(), None);
    let newer = TrustList::sign(&[], &[nz_did()], at("2021-06-01T00:00:00Z"), &root).unwrap();
    install_trust_list(&mut store, &newer, &roots).unwrap();
    let cached = cached_trust_list(&store, &roots).unwrap().unwrap();
    assert_eq!(cached.issued_at(), at("2021-06-01T00:00:00Z"));
    assert_eq!(cached.trust_store().issuers().len(), 1);
    let older = TrustList::sign(&[], &[], at("2021-05-01T00:00:00Z"), &root).unwrap();
    assert!(matches!(install_trust_list(&mut store, &older, &roots), Err(TrustCacheError::TrustList(TrustListError::Rollback))));
    // Under another pinned root the cached list is not trusted: it counts as absent.
    let other = [TrustRootSigningKey::generate().public_key()];
    assert_eq!(cached_trust_list(&store, &other).unwrap(), None);
}

#[test]
fn after_a_root_rotation_a_list_under_the_new_root_installs_over_the_old_cache() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::store::Store::open(&dir.path().join("healthpass.db")).unwrap();
    let (old_root, new_root) = (TrustRootSigningKey::generate(), TrustRootSigningKey::generate());
    let cached = TrustList::sign(&[], &[nz_did()], at("2021-06-01T00:00:00Z"), &old_root).unwrap();
    install_trust_list(&mut store, &cached, &[old_root.public_key()]).unwrap();
    // The app now pins only the new root; the cached list is as good as absent.
    let roots = [new_root.public_key()];
    assert_eq!(cached_trust_list(&store, &roots).unwrap(), None);
    let fresh = TrustList::sign(&[], &[], at("2021-05-01T00:00:00Z"), &new_root).unwrap();
    let installed = install_trust_list(&mut store, &fresh, &roots).unwrap();
    assert_eq!(installed.root_key_id(), new_root.public_key().key_id());
    assert_eq!(cached_trust_list(&store, &roots).unwrap().unwrap().issued_at(), at("2021-05-01T00:00:00Z"));
    // A tampered cache is still an error, not silently absent.
    let tx = store.write().unwrap();
    crate::store::settings::set(&tx, "trust_list", "{\"key_id\": \"zz\"}").unwrap();
    tx.commit().unwrap();
    assert!(matches!(cached_trust_list(&store, &roots), Err(TrustCacheError::TrustList(TrustListError::Malformed(_)))));
}
