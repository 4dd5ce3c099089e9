//! Issuing HC1 certificates with our issuer key: the DCC payload, the CWT, COSE_Sign1
//! (tagged, key id in the protected header), zlib, base45, `HC1:`.

use chrono::{DateTime, SecondsFormat, Utc};
use ciborium::Value;
use coset::{CoseSign1Builder, HeaderBuilder, TaggedCborSerializable, iana};
use thiserror::Error;

use super::algorithm::Algorithm;
use super::dcc::{DCC_KEY, HCERT_CLAIM, Recovery, TestEntry, Vaccination};
use super::hc1::encode_hc1;
use super::holder::Holder;
use super::issuer_key::IssuerKey;

/// The DCC schema version our issuer writes.
pub const ISSUED_SCHEMA_VERSION: &str = "1.3.0";
/// Longest name part accepted (the DCC schema's limit).
const MAX_NAME_LEN: usize = 80;

/// Why a certificate could not be issued. Messages name the field, never its value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IssueError {
    /// The holder has no family name, a name too long, or a date of birth not `YYYY[-MM[-DD]]`.
    #[error("invalid holder: {0}")]
    InvalidHolder(&'static str),
    /// An entry field breaks the DCC schema.
    #[error("invalid entry: {0}")]
    InvalidEntry(&'static str),
    /// The country is not two capital letters or the validity window is empty.
    #[error("invalid certificate details: {0}")]
    InvalidDetails(&'static str),
    /// A dose number or series length outside 1–9.
    #[error("dose and doses must be 1 to 9")]
    InvalidDose,
    /// A validity outside 1–3660 days.
    #[error("the validity must be 1 to 3660 days")]
    InvalidValidity,
    /// The certificate would be valid outside its signer's validity (issued before it
    /// starts or expiring after it ends): verifiers refuse such a certificate, so it is not
    /// issued. Shorten the validity or rotate the issuer key.
    #[error("the certificate would outlive its signer (signer valid until {signer_not_after})")]
    OutlivesSigner {
        /// End of the document signer's validity (UTC).
        signer_not_after: DateTime<Utc>,
    },
    /// COSE encoding failed.
    #[error("the certificate could not be encoded")]
    Encoding,
}

impl IssueError {
    /// A short, stable code for scripts and the server's replies.
    pub fn code(&self) -> &'static str {
        match self {
            IssueError::InvalidHolder(_) => "invalid_holder",
            IssueError::InvalidEntry(_) => "invalid_entry",
            IssueError::InvalidDetails(_) => "invalid_details",
            IssueError::InvalidDose => "invalid_dose",
            IssueError::InvalidValidity => "invalid_validity",
            IssueError::OutlivesSigner { .. } => "outlives_signer",
            IssueError::Encoding => "encoding",
        }
    }
}

/// What one certificate attests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuedEntry {
    /// A vaccination.
    Vaccination(Vaccination),
    /// A test result.
    Test(TestEntry),
    /// A recovery.
    Recovery(Recovery),
}

/// A certificate to issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRequest {
    /// Who it is about.
    pub holder: Holder,
    /// What it attests.
    pub entry: IssuedEntry,
    /// The `iss` claim: the issuing country (ISO 3166 alpha-2).
    pub country: String,
    /// The `iat` claim (UTC, whole seconds).
    pub issued_at: DateTime<Utc>,
    /// The `exp` claim (UTC, whole seconds); must lie within the issuer key's certificate.
    pub expires_at: DateTime<Utc>,
}

impl IssuerKey {
    /// Issues an `HC1:` certificate for `request`, signed with this key.
    pub fn issue(&self, request: &IssueRequest) -> Result<String, IssueError> {
        if request.country.len() != 2 || !request.country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(IssueError::InvalidDetails("country must be two capital letters"));
        }
        if request.expires_at <= request.issued_at {
            return Err(IssueError::InvalidDetails("expiry must follow issuance"));
        }
        let signer = self.document_signer();
        if request.issued_at < signer.not_before() || request.expires_at > signer.not_after() {
            return Err(IssueError::OutlivesSigner { signer_not_after: signer.not_after() });
        }
        let dcc = dcc_value(request)?;
        let claims = Value::Map(vec![
            (Value::from(1), Value::from(request.country.clone())),
            (Value::from(4), Value::from(request.expires_at.timestamp())),
            (Value::from(6), Value::from(request.issued_at.timestamp())),
            (Value::from(HCERT_CLAIM), Value::Map(vec![(Value::from(DCC_KEY), dcc)])),
        ]);
        let mut payload = Vec::new();
        ciborium::ser::into_writer(&claims, &mut payload).map_err(|_| IssueError::Encoding)?;
        let algorithm = match self.algorithm() {
            Algorithm::Es256 => iana::Algorithm::ES256,
            Algorithm::Es384 => iana::Algorithm::ES384,
            Algorithm::Es512 => iana::Algorithm::ES512,
            Algorithm::EdDsa => iana::Algorithm::EdDSA,
            Algorithm::Ps256 => iana::Algorithm::PS256,
        };
        let protected = HeaderBuilder::new().algorithm(algorithm).key_id(self.document_signer().key_id().to_vec()).build();
        let message =
            CoseSign1Builder::new().protected(protected).payload(payload).create_signature(&[], |tbs| self.sign(tbs)).build();
        let cose = message.to_tagged_vec().map_err(|_| IssueError::Encoding)?;
        Ok(encode_hc1(&cose))
    }
}

/// A fresh unique certificate identifier for `country`: `URN:UVCI:01:<country>:` and 24
/// random hexadecimal digits (the UVCI format of the eHealth Network guidelines).
pub fn new_certificate_id(country: &str) -> String {
    let bytes: [u8; 12] = crate::random::bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    format!("URN:UVCI:01:{country}:{hex}")
}

fn dcc_value(request: &IssueRequest) -> Result<Value, IssueError> {
    let holder = &request.holder;
    let family = holder.family_name.as_deref().filter(|n| !n.trim().is_empty());
    let family = family.ok_or(IssueError::InvalidHolder("a family name is required"))?;
    let mut names = vec![
        (Value::from("fn"), Value::from(check_name(family)?)),
        (Value::from("fnt"), Value::from(icao_transliteration(family))),
    ];
    if let Some(given) = holder.given_name.as_deref().filter(|n| !n.trim().is_empty()) {
        names.push((Value::from("gn"), Value::from(check_name(given)?)));
        names.push((Value::from("gnt"), Value::from(icao_transliteration(given))));
    }
    if !valid_birth_date(&holder.date_of_birth) {
        return Err(IssueError::InvalidHolder("date of birth must be YYYY, YYYY-MM or YYYY-MM-DD"));
    }
    let (key, entry) = match &request.entry {
        IssuedEntry::Vaccination(v) => ("v", vaccination_value(v, &request.country)?),
        IssuedEntry::Test(t) => ("t", test_value(t, &request.country)?),
        IssuedEntry::Recovery(r) => ("r", recovery_value(r, &request.country)?),
    };
    Ok(Value::Map(vec![
        (Value::from("ver"), Value::from(ISSUED_SCHEMA_VERSION)),
        (Value::from("nam"), Value::Map(names)),
        (Value::from("dob"), Value::from(holder.date_of_birth.clone())),
        (Value::from(key), Value::Array(vec![entry])),
    ]))
}

fn vaccination_value(v: &Vaccination, country: &str) -> Result<Value, IssueError> {
    if v.dose_number == 0 || v.series_doses == 0 {
        return Err(IssueError::InvalidEntry("dose number and series doses must be at least 1"));
    }
    let date = v.date.ok_or(IssueError::InvalidEntry("the vaccination date is required"))?;
    Ok(Value::Map(vec![
        text_field("tg", &v.disease)?,
        text_field("vp", &v.vaccine_type)?,
        text_field("mp", &v.product)?,
        text_field("ma", &v.manufacturer)?,
        (Value::from("dn"), Value::from(v.dose_number)),
        (Value::from("sd"), Value::from(v.series_doses)),
        (Value::from("dt"), Value::from(date.format("%Y-%m-%d").to_string())),
        text_field("co", or_country(&v.country, country))?,
        text_field("is", &v.issuer)?,
        text_field("ci", &v.certificate_id)?,
    ]))
}

fn test_value(t: &TestEntry, country: &str) -> Result<Value, IssueError> {
    let sampled = t.sampled_at.ok_or(IssueError::InvalidEntry("the sample time is required"))?;
    Ok(Value::Map(vec![
        text_field("tg", &t.disease)?,
        text_field("tt", &t.test_type)?,
        (Value::from("sc"), Value::from(sampled.to_rfc3339_opts(SecondsFormat::Secs, true))),
        text_field("tr", &t.result)?,
        text_field("tc", &t.test_centre)?,
        text_field("co", or_country(&t.country, country))?,
        text_field("is", &t.issuer)?,
        text_field("ci", &t.certificate_id)?,
    ]))
}

fn recovery_value(r: &Recovery, country: &str) -> Result<Value, IssueError> {
    let day =
        |d: Option<chrono::NaiveDate>, what| d.map(|d| d.format("%Y-%m-%d").to_string()).ok_or(IssueError::InvalidEntry(what));
    Ok(Value::Map(vec![
        text_field("tg", &r.disease)?,
        (Value::from("fr"), Value::from(day(r.first_positive, "the first positive date is required")?)),
        text_field("co", or_country(&r.country, country))?,
        text_field("is", &r.issuer)?,
        (Value::from("df"), Value::from(day(r.valid_from, "the valid-from date is required")?)),
        (Value::from("du"), Value::from(day(r.valid_until, "the valid-until date is required")?)),
        text_field("ci", &r.certificate_id)?,
    ]))
}

fn or_country<'a>(entry_country: &'a str, country: &'a str) -> &'a str {
    if entry_country.is_empty() { country } else { entry_country }
}

fn text_field(key: &'static str, value: &str) -> Result<(Value, Value), IssueError> {
    if value.is_empty() || value.chars().count() > 80 || value.chars().any(char::is_control) {
        return Err(IssueError::InvalidEntry(match key {
            "tg" => "disease is required",
            "vp" => "vaccine type is required",
            "mp" => "product is required",
            "ma" => "manufacturer is required",
            "co" => "country is required",
            "is" => "issuer is required",
            "ci" => "certificate id is required",
            "tt" => "test type is required",
            "tr" => "test result is required",
            "tc" => "test centre is required",
            _ => "a text field is empty or too long",
        }));
    }
    Ok((Value::from(key), Value::from(value)))
}

fn check_name(name: &str) -> Result<String, IssueError> {
    if name.chars().count() > MAX_NAME_LEN || name.chars().any(char::is_control) {
        return Err(IssueError::InvalidHolder("names are at most 80 characters without control characters"));
    }
    Ok(name.trim().to_owned())
}

fn valid_birth_date(dob: &str) -> bool {
    match dob.len() {
        4 => dob.bytes().all(|b| b.is_ascii_digit()),
        7 => chrono::NaiveDate::parse_from_str(&format!("{dob}-01"), "%Y-%m-%d").is_ok(),
        10 => chrono::NaiveDate::parse_from_str(dob, "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

/// The ICAO 9303 machine-readable form the schema wants in `fnt`/`gnt`: capitals A–Z, other
/// letters folded to their base letter where obvious, anything else `<`, at most 80 long.
fn icao_transliteration(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_uppercase) {
        let mapped = match c {
            'A'..='Z' => c.to_string(),
            'À' | 'Á' | 'Â' | 'Ã' | 'Å' => "A".into(),
            'Ä' | 'Æ' => "AE".into(),
            'Ç' => "C".into(),
            'È' | 'É' | 'Ê' | 'Ë' => "E".into(),
            'Ì' | 'Í' | 'Î' | 'Ï' => "I".into(),
            'Ñ' => "N".into(),
            'Ò' | 'Ó' | 'Ô' | 'Õ' => "O".into(),
            'Ö' | 'Ø' => "OE".into(),
            'Ù' | 'Ú' | 'Û' => "U".into(),
            'Ü' => "UE".into(),
            'Ý' => "Y".into(),
            'ß' => "SS".into(),
            _ => "<".into(),
        };
        out.push_str(&mapped);
    }
    out.chars().take(MAX_NAME_LEN).collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::certificate::test_support::{at, coronavac, trusting};
    use crate::certificate::{
        COVID_19, CertificateError, TEST_RESULT_NOT_DETECTED, TEST_TYPE_RAPID_ANTIGEN, ValidityLimit, verify_certificate,
    };

    fn key(algorithm: Algorithm) -> IssuerKey {
        IssuerKey::generate(algorithm, "ID", at("2022-01-01T00:00:00Z"), at("2024-01-01T00:00:00Z")).unwrap()
    }

    fn holder() -> Holder {
        Holder {
            family_name: Some("Wijaya".into()),
            given_name: Some("Siti Nurhaliza".into()),
            date_of_birth: "1990-03-15".into(),
        }
    }

    /// A vaccination without its own country, which the issuer fills from the request's.
    fn vaccination(dose: u32) -> IssuedEntry {
        let IssuedEntry::Vaccination(mut entry) = coronavac(dose, "URN:UVCI:01:ID:HEALTHPASS0001".into()) else {
            unreachable!("coronavac is a vaccination")
        };
        entry.country = String::new();
        IssuedEntry::Vaccination(entry)
    }

    fn request(entry: IssuedEntry) -> IssueRequest {
        IssueRequest {
            holder: holder(),
            entry,
            country: "ID".into(),
            issued_at: at("2022-07-02T08:00:00Z"),
            expires_at: at("2023-07-02T08:00:00Z"),
        }
    }

    #[test]
    fn es256_vaccination_round_trips_through_the_verifier() {
        let key = key(Algorithm::Es256);
        let text = key.issue(&request(vaccination(2))).unwrap();
        assert!(text.starts_with("HC1:"));
        let cert = verify_certificate(&text, &trusting(&key), at("2022-08-01T00:00:00Z")).unwrap();
        assert_eq!(cert.algorithm, Algorithm::Es256);
        assert_eq!(cert.issuer.as_deref(), Some("ID"));
        assert_eq!(cert.holder(), &holder());
        let dcc = cert.dcc().unwrap();
        assert_eq!(dcc.vaccinations.len(), 1);
        assert_eq!(dcc.vaccinations[0].dose_number, 2);
        assert_eq!(dcc.vaccinations[0].country, "ID");
    }

    #[test]
    fn eddsa_test_certificate_round_trips_through_the_verifier() {
        let key = key(Algorithm::EdDsa);
        let test = IssuedEntry::Test(TestEntry {
            disease: COVID_19.into(),
            test_type: TEST_TYPE_RAPID_ANTIGEN.into(),
            sampled_at: Some(at("2022-07-02T07:00:00Z")),
            result: TEST_RESULT_NOT_DETECTED.into(),
            test_centre: "Puskesmas Bekasi Timur".into(),
            country: "ID".into(),
            issuer: "Kementerian Kesehatan RI".into(),
            certificate_id: "URN:UVCI:01:ID:HEALTHPASS0002".into(),
        });
        let text = key.issue(&request(test)).unwrap();
        let cert = verify_certificate(&text, &trusting(&key), at("2022-07-03T00:00:00Z")).unwrap();
        assert_eq!(cert.algorithm, Algorithm::EdDsa);
        let t = &cert.dcc().unwrap().tests[0];
        assert_eq!(t.sampled_at, Some(at("2022-07-02T07:00:00Z")));
        assert!(!t.is_positive());
    }

    #[test]
    fn recovery_round_trips_and_key_survives_its_text_form() {
        let key = IssuerKey::from_text(&key(Algorithm::Es256).to_text()).unwrap();
        let recovery = IssuedEntry::Recovery(Recovery {
            disease: COVID_19.into(),
            first_positive: NaiveDate::from_ymd_opt(2022, 6, 1),
            valid_from: NaiveDate::from_ymd_opt(2022, 6, 12),
            valid_until: NaiveDate::from_ymd_opt(2022, 11, 28),
            country: "ID".into(),
            issuer: "Kementerian Kesehatan RI".into(),
            certificate_id: "URN:UVCI:01:ID:HEALTHPASS0003".into(),
        });
        let text = key.issue(&request(recovery)).unwrap();
        let cert = verify_certificate(&text, &trusting(&key), at("2022-08-01T00:00:00Z")).unwrap();
        assert_eq!(cert.dcc().unwrap().recoveries[0].first_positive, NaiveDate::from_ymd_opt(2022, 6, 1));
    }

    #[test]
    fn certificate_from_another_key_and_after_expiry_is_refused() {
        let key = key(Algorithm::Es256);
        let text = key.issue(&request(vaccination(1))).unwrap();
        let other = self::key(Algorithm::Es256);
        assert_eq!(verify_certificate(&text, &trusting(&other), at("2022-08-01T00:00:00Z")), Err(CertificateError::UnknownKey));
        assert!(matches!(
            verify_certificate(&text, &trusting(&key), at("2023-08-01T00:00:00Z")),
            Err(CertificateError::Expired { limit: ValidityLimit::Certificate, .. })
        ));
    }

    #[test]
    fn bad_requests_are_refused_with_the_field() {
        let key = key(Algorithm::Es256);
        assert_eq!(
            key.issue(&request(vaccination(0))),
            Err(IssueError::InvalidEntry("dose number and series doses must be at least 1"))
        );
        let mut no_name = request(vaccination(1));
        no_name.holder.family_name = None;
        assert_eq!(key.issue(&no_name), Err(IssueError::InvalidHolder("a family name is required")));
        let mut bad_dob = request(vaccination(1));
        bad_dob.holder.date_of_birth = "15/03/1990".into();
        assert!(matches!(key.issue(&bad_dob), Err(IssueError::InvalidHolder(_))));
    }

    #[test]
    fn a_certificate_that_would_outlive_its_signer_is_not_issued() {
        // The signer ends 2024-01-01: a certificate until 2025 would be refused by every verifier.
        let key = key(Algorithm::Es256);
        let mut long = request(vaccination(1));
        long.expires_at = at("2025-07-02T08:00:00Z");
        let outlives = IssueError::OutlivesSigner { signer_not_after: at("2024-01-01T00:00:00Z") };
        assert_eq!(key.issue(&long), Err(outlives.clone()));
        let mut early = request(vaccination(1));
        early.issued_at = at("2021-12-31T00:00:00Z");
        assert_eq!(key.issue(&early), Err(outlives));
        long.expires_at = at("2024-01-01T00:00:00Z");
        assert!(verify_certificate(&key.issue(&long).unwrap(), &trusting(&key), at("2023-12-31T00:00:00Z")).is_ok());
    }

    #[test]
    fn icao_transliteration_folds_and_fills() {
        assert_eq!(icao_transliteration("Müller-Lüdenscheidt"), "MUELLER<LUEDENSCHEIDT");
        assert_eq!(icao_transliteration("Siti Nurhaliza"), "SITI<NURHALIZA");
    }
}
