use super::*;

#[test]
fn text_forms_round_trip() {
    let secret = SigningKey::<Publisher>::generate();
    let public = secret.public_key();
    assert!(secret.to_text().starts_with("healthpass-publisher-secret-v1:"));
    assert!(public.to_text().starts_with("healthpass-publisher-public-v1:"));
    let again = SigningKey::<Publisher>::from_text(&format!("  {}\n", secret.to_text())).unwrap();
    assert_eq!(again.public_key(), public);
    assert_eq!(PublicKey::<Publisher>::from_text(&public.to_text()).unwrap(), public);
}

#[test]
fn a_key_of_another_purpose_or_half_is_refused() {
    let registry = SigningKey::<Registry>::generate();
    assert_eq!(SigningKey::<Publisher>::from_text(&registry.to_text()).err(), Some(KeyFileError::WrongKind));
    assert_eq!(PublicKey::<Registry>::from_text(&registry.to_text()).err(), Some(KeyFileError::WrongKind));
    assert_eq!(PublicKey::<Registry>::from_text("healthpass-registry-public-v1:AAAA").err(), Some(KeyFileError::Encoding));
}

#[test]
fn signatures_verify_only_with_their_message_and_key() {
    let key = SigningKey::<TrustRoot>::generate();
    let signature = key.sign(b"message");
    assert!(key.public_key().verifies(b"message", &signature));
    assert!(!key.public_key().verifies(b"massage", &signature));
    assert!(!SigningKey::<TrustRoot>::generate().public_key().verifies(b"message", &signature));
    assert!(!key.public_key().verifies(b"message", &signature[..63]));
}

#[test]
fn key_ids_print_and_parse_as_hex() {
    let id = SigningKey::<Registry>::generate().public_key().key_id();
    assert_eq!(KeyId::from_hex(&id.to_string()), Some(id));
    assert_eq!(KeyId::from_hex(&id.to_string().to_uppercase()), Some(id));
    assert_eq!(KeyId::from_hex("00112233445566"), None);
    assert_eq!(KeyId::from_hex("0011223344556g77"), None);
}
