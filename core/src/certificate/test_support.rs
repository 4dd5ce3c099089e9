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
