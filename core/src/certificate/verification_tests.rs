//! Findings of the security review on verification, each shown on a real certificate: ES384
//! and ES512 signers (Spain signs with P-384), an unsigned algorithm that never overrides the
//! signed one, one fingerprint however an ECDSA signature is malleated, a few minutes of clock
//! skew on `iat`, and one person per wallet label.

use std::str::FromStr;
use std::time::Duration;

use coset::{HeaderBuilder, iana};
use p256::ecdsa::signature::Signer as _;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::asn1::{BitString, GeneralizedTime, ObjectIdentifier};
use x509_cert::der::{Any, Encode};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};

use super::test_support::{at, cose_payload, issuer, santoso_vaccination, signed_hc1, trusting, with_high_s};
use super::*;

const NOW: &str = "2022-08-01T10:00:00Z";
const OID_P384: &str = "1.3.132.0.34";
const OID_P521: &str = "1.3.132.0.35";

/// A document signer certificate (2022–2024) for the EC public key `point` on the named curve.
/// Verifiers never check a signer certificate's own signature (the trust list vouches for it),
/// so a P-256 key signs it whatever curve it carries.
fn signer_certificate(curve: &str, point: &[u8]) -> DocumentSigner {
    let algorithm = AlgorithmIdentifierOwned {
        oid: ObjectIdentifier::new_unwrap("1.2.840.10045.2.1"),
        parameters: Some(Any::encode_from(&ObjectIdentifier::new_unwrap(curve)).unwrap()),
    };
    let spki = SubjectPublicKeyInfoOwned { algorithm, subject_public_key: BitString::from_bytes(point).unwrap() };
    let time = |text: &str| {
        let secs = u64::try_from(at(text).timestamp()).unwrap();
        Time::GeneralTime(GeneralizedTime::from_unix_duration(Duration::from_secs(secs)).unwrap())
    };
    let validity = Validity { not_before: time("2022-01-01T00:00:00Z"), not_after: time("2024-01-01T00:00:00Z") };
    let subject = Name::from_str("CN=DSC,C=ES").unwrap();
    let profile = Profile::Leaf { issuer: subject.clone(), enable_key_agreement: false, enable_key_encipherment: false };
    let authority = p256::ecdsa::SigningKey::from_slice(&[3u8; 32]).unwrap();
    let serial = SerialNumber::new(&[1, 2, 3]).unwrap();
    let builder = CertificateBuilder::new(profile, serial, validity, subject, spki, &authority).unwrap();
    let der = builder.build::<p256::ecdsa::DerSignature>().unwrap().to_der().unwrap();
    DocumentSigner::from_der(&der).unwrap()
}

/// A Santoso vaccination re-signed by `signer` with `algorithm` in the protected header.
fn resigned(algorithm: iana::Algorithm, signer: &DocumentSigner, sign: impl FnOnce(&[u8]) -> Vec<u8>) -> String {
    let payload = cose_payload(&santoso_vaccination(&issuer(), "Budi", 2));
    let protected = HeaderBuilder::new().algorithm(algorithm).key_id(signer.key_id().to_vec()).build();
    signed_hc1(protected, HeaderBuilder::new().build(), payload, sign)
}

fn trusting_signer(signer: DocumentSigner) -> TrustStore {
    let mut trust = TrustStore::new();
    trust.add_signer(signer);
    trust
}

#[test]
fn an_es384_certificate_from_a_p384_signer_verifies() {
    let key = p384::ecdsa::SigningKey::from_slice(&[7u8; 48]).unwrap();
    let signer = signer_certificate(OID_P384, key.verifying_key().to_encoded_point(false).as_bytes());
    let text = resigned(iana::Algorithm::ES384, &signer, |tbs| {
        let signature: p384::ecdsa::Signature = key.sign(tbs);
        signature.to_bytes().to_vec()
    });
    let trust = trusting_signer(signer.clone());
    let certificate = verify_certificate(&text, &trust, at(NOW)).unwrap();
    assert_eq!(certificate.algorithm, Algorithm::Es384);
    assert_eq!(certificate.holder().given_name.as_deref(), Some("Budi"));
    // A signature over other bytes: the P-384 check really runs.
    let forged = resigned(iana::Algorithm::ES384, &signer, |tbs| {
        let signature: p384::ecdsa::Signature = key.sign(&[tbs, b"x"].concat());
        signature.to_bytes().to_vec()
    });
    assert_eq!(verify_certificate(&forged, &trust, at(NOW)).unwrap_err(), CertificateError::SignatureInvalid);
}

#[test]
fn an_es512_certificate_from_a_p521_signer_verifies() {
    let mut secret = [7u8; 66];
    secret[0] = 1; // below the P-521 group order
    let key = p521::ecdsa::SigningKey::from_slice(&secret).unwrap();
    let point = p521::ecdsa::VerifyingKey::from(&key).to_encoded_point(false);
    let signer = signer_certificate(OID_P521, point.as_bytes());
    let text = resigned(iana::Algorithm::ES512, &signer, |tbs| {
        let signature: p521::ecdsa::Signature = key.sign(tbs);
        signature.to_bytes().to_vec()
    });
    let trust = trusting_signer(signer.clone());
    assert_eq!(verify_certificate(&text, &trust, at(NOW)).unwrap().algorithm, Algorithm::Es512);
    // The same signature under another algorithm name is not accepted.
    let text = resigned(iana::Algorithm::ES384, &signer, |tbs| {
        let signature: p521::ecdsa::Signature = key.sign(tbs);
        signature.to_bytes().to_vec()
    });
    assert_eq!(verify_certificate(&text, &trust, at(NOW)).unwrap_err(), CertificateError::SignatureInvalid);
}

#[test]
fn an_unprotected_algorithm_never_overrides_the_protected_one() {
    let key = issuer();
    let trust = trusting(&key);
    let payload = cose_payload(&santoso_vaccination(&key, "Budi", 2));
    let kid = key.document_signer().key_id().to_vec();
    let header = |alg: Option<iana::Algorithm>, kid: &[u8]| {
        let builder = HeaderBuilder::new().key_id(kid.to_vec());
        match alg {
            Some(alg) => builder.algorithm(alg).build(),
            None => builder.build(),
        }
    };
    let sign = |protected, unprotected| signed_hc1(protected, unprotected, payload.clone(), |tbs| key.sign(tbs));
    // Someone adds a contradicting algorithm next to the signed one: refused.
    let contradicted = sign(header(Some(iana::Algorithm::ES256), &kid), header(Some(iana::Algorithm::PS256), &[]));
    assert_eq!(verify_certificate(&contradicted, &trust, at(NOW)).unwrap_err(), CertificateError::Malformed(Stage::Cose));
    // Only in the unprotected header (as the EU vector CO20 has it): read, and it must match
    // the signer's key type to verify.
    let unprotected_only = sign(header(None, &kid), header(Some(iana::Algorithm::ES256), &[]));
    assert_eq!(verify_certificate(&unprotected_only, &trust, at(NOW)).unwrap().algorithm, Algorithm::Es256);
    let other_type = sign(header(None, &kid), header(Some(iana::Algorithm::PS256), &[]));
    assert_eq!(verify_certificate(&other_type, &trust, at(NOW)).unwrap_err(), CertificateError::SignatureInvalid);
    let none = sign(header(None, &kid), header(None, &[]));
    assert_eq!(
        verify_certificate(&none, &trust, at(NOW)).unwrap_err(),
        CertificateError::Unsupported(Unsupported::Algorithm(None))
    );
}

#[test]
fn a_high_s_signature_verifies_and_has_the_original_fingerprint() {
    let key = issuer();
    let text = santoso_vaccination(&key, "Budi", 2);
    let malleated = with_high_s(&text);
    assert_ne!(malleated, text);
    let trust = trusting(&key);
    let original = verify_certificate(&text, &trust, at(NOW)).unwrap();
    let copy = verify_certificate(&malleated, &trust, at(NOW)).unwrap();
    assert_eq!(copy.fingerprint, original.fingerprint);
}

#[test]
fn iat_a_few_minutes_ahead_of_the_clock_is_tolerated_and_more_is_not() {
    let key = issuer();
    // Issued at 2022-07-02T00:00:00Z.
    let text = santoso_vaccination(&key, "Budi", 2);
    let trust = trusting(&key);
    assert!(verify_certificate(&text, &trust, at("2022-07-01T23:58:00Z")).is_ok());
    assert!(verify_certificate(&text, &trust, at("2022-07-01T23:55:00Z")).is_ok());
    assert_eq!(
        verify_certificate(&text, &trust, at("2022-07-01T23:54:59Z")).unwrap_err(),
        CertificateError::NotYetValid { valid_from: at("2022-07-02T00:00:00Z"), limit: ValidityLimit::Certificate }
    );
}

#[test]
fn the_same_person_is_recognised_across_spellings_and_another_is_not() {
    let person = |family: &str, given: &str, birth: &str| Holder {
        family_name: Some(family.into()),
        given_name: Some(given.into()),
        date_of_birth: birth.into(),
    };
    let budi = person("Santoso", "Budi", "1985-11-02");
    assert!(budi.same_person(&person("SANTOSO", " budi ", "1985-11-02")));
    assert!(budi.same_person(&person("Santoso", "Budi", "1985-11-02T00:00:00")));
    assert!(!budi.same_person(&person("Santoso", "Ani", "1985-11-02")));
    assert!(!budi.same_person(&person("Santoso", "Budi", "2015-03-01")));
}
