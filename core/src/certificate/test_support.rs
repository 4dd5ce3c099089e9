//! Certificates for tests across the crate: an ES256 issuer valid 2022–2024, CoronaVac
//! vaccinations of the Santoso family issued in July 2022, and a trust store that trusts an
//! issuer.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Algorithm, COVID_19, Holder, IssueRequest, IssuedEntry, IssuerKey, TrustStore, Vaccination, parse_instant};

/// An RFC 3339 instant.
pub(crate) fn at(text: &str) -> DateTime<Utc> {
    parse_instant(text).unwrap()
}

/// An Indonesian ES256 issuer whose signer is valid from 2022 to 2024.
pub(crate) fn issuer() -> IssuerKey {
    IssuerKey::generate(Algorithm::Es256, "ID", at("2022-01-01T00:00:00Z"), at("2024-01-01T00:00:00Z")).unwrap()
}

/// Dose `dose` of a two-dose CoronaVac series given on 1 July 2022 in Indonesia.
pub(crate) fn coronavac(dose: u32, certificate_id: String) -> IssuedEntry {
    IssuedEntry::Vaccination(Vaccination {
        disease: COVID_19.into(),
        vaccine_type: "J07BX03".into(),
        product: "CoronaVac".into(),
        manufacturer: "ORG-100030215".into(),
        dose_number: dose,
        series_doses: 2,
        date: NaiveDate::from_ymd_opt(2022, 7, 1),
        country: "ID".into(),
        issuer: "Kementerian Kesehatan RI".into(),
        certificate_id,
    })
}

/// The HC1 text of dose `dose` for `given` Santoso (born 2 November 1985), signed by `key` on
/// 2 July 2022 and valid for a year.
pub(crate) fn santoso_vaccination(key: &IssuerKey, given: &str, dose: u32) -> String {
    let holder =
        Holder { family_name: Some("Santoso".into()), given_name: Some(given.into()), date_of_birth: "1985-11-02".into() };
    key.issue(&IssueRequest {
        holder,
        entry: coronavac(dose, format!("URN:UVCI:01:ID:{}{dose}", given.to_uppercase())),
        country: "ID".into(),
        issued_at: at("2022-07-02T00:00:00Z"),
        expires_at: at("2023-07-02T00:00:00Z"),
    })
    .unwrap()
}

/// A trust store that trusts `key`'s document signer.
pub(crate) fn trusting(key: &IssuerKey) -> TrustStore {
    let mut trust = TrustStore::new();
    trust.add_signer(key.document_signer().clone());
    trust
}

/// The COSE payload (CWT claims) of an `HC1:` certificate.
pub(crate) fn cose_payload(text: &str) -> Vec<u8> {
    use coset::TaggedCborSerializable;
    let cose = super::hc1::decode_hc1(text).unwrap();
    coset::CoseSign1::from_tagged_slice(&cose).unwrap().payload.unwrap()
}

/// `HC1:` text of a COSE_Sign1 over `payload` with these headers, signed by `sign`.
pub(crate) fn signed_hc1(
    protected: coset::Header,
    unprotected: coset::Header,
    payload: Vec<u8>,
    sign: impl FnOnce(&[u8]) -> Vec<u8>,
) -> String {
    use coset::TaggedCborSerializable;
    let message = coset::CoseSign1Builder::new()
        .protected(protected)
        .unprotected(unprotected)
        .payload(payload)
        .create_signature(&[], sign)
        .build();
    super::hc1::encode_hc1(&message.to_tagged_vec().unwrap())
}

/// The same ES256 certificate with its signature's `s` replaced by `n − s`: a different byte
/// string that verifies just as well (ECDSA signatures are malleable).
pub(crate) fn with_high_s(text: &str) -> String {
    use coset::TaggedCborSerializable;
    let mut message = coset::CoseSign1::from_tagged_slice(&super::hc1::decode_hc1(text).unwrap()).unwrap();
    let signature = p256::ecdsa::Signature::from_slice(&message.signature).unwrap();
    let (r, s) = signature.split_scalars();
    let flipped = p256::ecdsa::Signature::from_scalars(r, -s).unwrap();
    assert_ne!(flipped.to_bytes(), signature.to_bytes());
    message.signature = flipped.to_bytes().to_vec();
    super::hc1::encode_hc1(&message.to_tagged_vec().unwrap())
}
