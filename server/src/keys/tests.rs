//! Key files: created once with mode 0600, rotated without losing the old key, retired.

use std::os::unix::fs::MetadataExt;

use super::*;

#[test]
fn first_start_creates_every_kind_once_with_mode_0600() {
    let data = tempfile::tempdir().unwrap();
    let ring = KeyRing::load_or_create(data.path()).unwrap();
    assert!(!data.path().join("keys/trust-root.key").exists(), "the server's own keys leave the trust root out");
    let root = TrustRootKeys::load_or_create_in_data_dir(data.path()).unwrap();
    for kind in ["registry", "publisher", "trust-root", "issuer", "upload-codes"] {
        let mode = std::fs::metadata(data.path().join(format!("keys/{kind}.key"))).unwrap().mode();
        assert_eq!(mode & 0o777, 0o600, "{kind}");
    }
    let again = KeyRing::load_or_create(data.path()).unwrap();
    assert_eq!(again.publisher_public_keys(), ring.publisher_public_keys());
    assert_eq!(again.issuer_certificates(), ring.issuer_certificates());
    assert_eq!(root.public_keys().len(), 1);
    assert_eq!(TrustRootKeys::load_or_create_in_data_dir(data.path()).unwrap().public_keys(), root.public_keys());
    assert_eq!(again.upload_codes.lookup_hash("ABCD"), ring.upload_codes.lookup_hash("ABCD"), "the code secret persists");
}

#[test]
fn rotation_keeps_the_old_key_for_verification_until_it_is_retired() {
    let data = tempfile::tempdir().unwrap();
    let before = KeyRing::load_or_create(data.path()).unwrap();
    let old_id = before.publisher.public_key().key_id().to_string();
    let new_id = rotate_key(data.path(), KeyKind::Publisher).unwrap();
    assert_ne!(new_id, old_id);
    let after = KeyRing::load_or_create(data.path()).unwrap();
    assert_eq!(after.publisher.public_key().key_id().to_string(), new_id);
    assert_eq!(after.publisher_public_keys(), vec![after.publisher.public_key(), before.publisher.public_key()]);
    assert_eq!(after.registry_public_keys(), before.registry_public_keys(), "other kinds are untouched");
    assert!(matches!(retire_key(data.path(), KeyKind::Publisher, &new_id), Err(ServerError::CurrentKey(_))));
    assert!(matches!(retire_key(data.path(), KeyKind::Publisher, "00112233"), Err(ServerError::UnknownKey(_))));
    assert!(matches!(retire_key(data.path(), KeyKind::Publisher, "../registry"), Err(ServerError::UnknownKey(_))));
    retire_key(data.path(), KeyKind::Publisher, &old_id.to_uppercase()).unwrap();
    assert_eq!(KeyRing::load_or_create(data.path()).unwrap().publisher_public_keys(), vec![after.publisher.public_key()]);
}

#[test]
fn issuer_rotation_keeps_both_certificates() {
    let data = tempfile::tempdir().unwrap();
    let before = KeyRing::load_or_create(data.path()).unwrap();
    rotate_key(data.path(), KeyKind::Issuer).unwrap();
    let after = KeyRing::load_or_create(data.path()).unwrap();
    assert_eq!(after.issuer_certificates().len(), 2);
    assert_eq!(after.issuer_certificates()[1], before.issuer.certificate_der());
    assert_ne!(after.issuer.certificate_der(), before.issuer.certificate_der());
}

#[test]
fn kinds_parse_from_their_names() {
    assert_eq!("trust-root".parse::<KeyKind>(), Ok(KeyKind::TrustRoot));
    assert!("root".parse::<KeyKind>().is_err());
}

#[test]
fn an_issuer_with_less_than_a_certificates_life_left_is_rotated_at_start() {
    let data = tempfile::tempdir().unwrap();
    let now = Utc::now();
    assert_eq!(rotate_ending_issuer(data.path(), now).unwrap(), None, "no key yet");
    let ending = IssuerKey::generate(Algorithm::Es256, "ID", now - TimeDelta::days(630), now + TimeDelta::days(100)).unwrap();
    let dir = keys_dir(data.path()).unwrap();
    write_secret(&dir.join("issuer.key"), &ending.to_text()).unwrap();
    let new_id = rotate_ending_issuer(data.path(), now).unwrap().unwrap();
    let ring = KeyRing::load_or_create(data.path()).unwrap();
    assert_eq!(ring.issuer.id(), new_id);
    assert!(ring.issuer.document_signer().not_after() >= now + TimeDelta::days(i64::from(DEFAULT_VALID_DAYS)));
    assert_eq!(ring.issuer_certificates()[1], ending.certificate_der(), "the old signer still verifies its certificates");
    assert_eq!(rotate_ending_issuer(data.path(), now).unwrap(), None, "a fresh key is left alone");
}

#[test]
fn the_offline_trust_root_lives_alone_in_a_private_directory_and_rotates_there() {
    let machine = tempfile::tempdir().unwrap();
    let dir = machine.path().join("offline-root");
    assert!(matches!(TrustRootKeys::load(&dir), Err(ServerError::MissingTrustRootKey(_))), "signing never creates a root");
    let dir = TrustRootKeys::directory(&dir).unwrap();
    let first = TrustRootKeys::load_or_create(&dir).unwrap();
    assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o777, 0o700);
    assert_eq!(std::fs::metadata(dir.join("trust-root.key")).unwrap().mode() & 0o777, 0o600);
    assert_eq!(TrustRootKeys::load(&dir).unwrap().public_keys(), first.public_keys());
    let old_id = first.current.public_key().key_id().to_string();
    let new_id = rotate_key_in(&dir, KeyKind::TrustRoot).unwrap();
    let rotated = TrustRootKeys::load(&dir).unwrap();
    assert_eq!(rotated.current.public_key().key_id().to_string(), new_id);
    assert_eq!(rotated.public_keys(), vec![rotated.current.public_key(), first.current.public_key()]);
    retire_key_in(&dir, KeyKind::TrustRoot, &old_id).unwrap();
    assert_eq!(TrustRootKeys::load(&dir).unwrap().public_keys(), vec![rotated.current.public_key()]);
    let mut files: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    assert_eq!(files, vec!["trust-root.key".to_owned()], "nothing but the root key");
}

#[test]
fn the_issuer_export_names_every_certificate_and_rotates_an_ending_key_first() {
    let data = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let exported = issuer_certificates_to_export(data.path(), now).unwrap();
    let ring = KeyRing::load_or_create(data.path()).unwrap();
    assert_eq!(exported, vec![ring.issuer.certificate_der().to_vec()], "created on first export, used at start");
    assert!(!data.path().join("keys/trust-root.key").exists());

    let fresh = tempfile::tempdir().unwrap();
    let ending = IssuerKey::generate(Algorithm::Es256, "ID", now - TimeDelta::days(630), now + TimeDelta::days(100)).unwrap();
    write_secret(&keys_dir(fresh.path()).unwrap().join("issuer.key"), &ending.to_text()).unwrap();
    let exported = issuer_certificates_to_export(fresh.path(), now).unwrap();
    let ring = KeyRing::load_or_create(fresh.path()).unwrap();
    assert_eq!(exported, vec![ring.issuer.certificate_der().to_vec(), ending.certificate_der().to_vec()]);
    assert!(!issuer_is_ending(&ring.issuer, now));
    assert!(issuer_is_ending(&ending, now));
}
