//! Wallet, status, counter checks and certificate trust through the bindings' API, on a real
//! EU DCC vector from `../shared/certs` (BE/1: Belgium, vaccination 2 of 2, ES256) and its
//! document signer, delivered the way a phone gets it: in a trust list signed by a root key.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::DateTime;
use healthpass_core::status::RuleSet;
use healthpass_core::trust_list::{TrustList, TrustRootSigningKey};

use super::HealthPassport;
use crate::{CertificateEntry, CertificateFormat, CounterService, HealthpassError, ServiceStatus, StatusColour};

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/certs");
/// BE/1's validation clock, 2021-08-19T10:01:55Z.
const CLOCK: i64 = 1_629_367_315;

/// A DCC test case: its QR text and its document signer (DER).
fn vector(case: &str) -> (String, Vec<u8>) {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(format!("{CERTS}/dcc/{case}")).unwrap()).unwrap();
    let dsc = STANDARD.decode(json["TESTCTX"]["CERTIFICATE"].as_str().unwrap()).unwrap();
    (json["PREFIX"].as_str().unwrap().to_owned(), dsc)
}

struct Fixture {
    dir: tempfile::TempDir,
    passport: Arc<HealthPassport>,
    root: TrustRootSigningKey,
    text: String,
    dsc: Vec<u8>,
}

impl Fixture {
    fn path(&self) -> String {
        self.dir.path().join("passport.db").to_str().unwrap().to_owned()
    }

    /// A trust list of `signers`, issued at `issued_at`, signed by `root`.
    fn list(&self, signers: &[Vec<u8>], issued_at: i64, root: &TrustRootSigningKey) -> Vec<u8> {
        TrustList::sign(signers, &[], DateTime::from_timestamp(issued_at, 0).unwrap(), root).unwrap()
    }
}

/// A passport that pins a fresh root and has installed a trust list with BE/1's signer.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let passport = HealthPassport::open(dir.path().join("passport.db").to_str().unwrap().to_owned()).unwrap();
    let root = TrustRootSigningKey::generate();
    let (text, dsc) = vector("BE/1.json");
    let f = Fixture { dir, passport, root, text, dsc };
    assert_eq!(f.passport.set_trust_roots(vec![f.root.public_key().to_text()]).unwrap(), None);
    let info = f.passport.install_trust_list(f.list(std::slice::from_ref(&f.dsc), CLOCK - 86_400, &f.root)).unwrap();
    assert_eq!((info.issued_at, info.signers, info.nz_issuers), (CLOCK - 86_400, 1, 0));
    f
}

#[test]
fn a_dcc_in_the_wallet_gives_its_holder_a_status() {
    let f = fixture();
    let added = f.passport.add_certificate(f.text.clone(), None, CLOCK).unwrap();
    assert_eq!((added.holder.as_str(), added.format), ("Peter Paul Maria Ebraert", CertificateFormat::EuDcc));
    assert_eq!((added.date_of_birth.as_str(), added.added_at), ("1980-01-14", CLOCK));
    assert_eq!(
        added.entries,
        vec![CertificateEntry::Vaccination { dose_number: 2, series_doses: 2, date: Some("2021-07-03".into()) }]
    );
    assert_eq!(f.passport.certificates().unwrap(), vec![added.clone()]);
    assert_eq!(f.passport.certificate(added.id).unwrap(), added);
    assert_eq!(f.passport.holders().unwrap(), vec![added.holder.clone()]);

    let status = f.passport.status(CLOCK).unwrap();
    assert_eq!(status.len(), 1);
    assert_eq!((status[0].colour, status[0].reason.as_str()), (StatusColour::Yellow, "two_doses"));
    assert_eq!(status[0].rule_set, "peduli-lindungi-2022");
    assert!(!status[0].advice.id.is_empty() && !status[0].advice.en.is_empty());

    f.passport.remove_certificate(added.id, CLOCK).unwrap();
    assert_eq!(f.passport.status(CLOCK).unwrap(), vec![]);
    assert_eq!(f.passport.remove_certificate(added.id, CLOCK), Err(HealthpassError::CertificateNotFound { id: added.id }));
}

#[test]
fn counter_checks_allow_or_deny_with_only_name_and_date_of_birth() {
    let f = fixture();
    let public = f.passport.verify_for_service(CounterService::PublicService, f.text.clone(), CLOCK).unwrap();
    assert_eq!((public.allowed, public.reason.as_str(), public.status), (true, "at_least_one_dose", None));
    assert_eq!((public.name.as_str(), public.date_of_birth.as_str()), ("Peter Paul Maria Ebraert", "1980-01-14"));

    let mall = f.passport.verify_for_service(CounterService::Mall, f.text.clone(), CLOCK).unwrap();
    assert_eq!((mall.allowed, mall.reason.as_str()), (false, "status_not_green"));
    assert_eq!(mall.status, Some(ServiceStatus { colour: StatusColour::Yellow, reason: "two_doses".into() }));

    let late = f.passport.verify_for_service(CounterService::PublicService, f.text.clone(), CLOCK + 3 * 365 * 86_400);
    assert!(matches!(late, Err(HealthpassError::CertificateExpired { .. })), "{late:?}");
}

#[test]
fn certificates_are_untrusted_without_their_signer_and_refused_when_forged() {
    let f = fixture();
    let (austrian, _) = vector("AT/1.json");
    let unknown = f.passport.verify_for_service(CounterService::PublicService, austrian.clone(), CLOCK);
    assert_eq!(unknown, Err(HealthpassError::CertificateUnknownSigner));
    // In the wallet it decodes, but an unverified certificate counts for nothing.
    f.passport.add_certificate(austrian, Some("Oma".into()), CLOCK).unwrap();
    let status = f.passport.status(CLOCK).unwrap();
    assert_eq!(
        (status[0].holder.as_str(), status[0].colour, status[0].reason.as_str()),
        ("Oma", StatusColour::Red, "unvaccinated")
    );

    // CO5: "signature cryptographically invalid", by the vectors' authors.
    let (altered, dsc) = vector("common/CO5.json");
    let trusted = f.list(&[f.dsc.clone(), dsc], CLOCK, &f.root);
    f.passport.install_trust_list(trusted).unwrap();
    let forged = f.passport.verify_for_service(CounterService::PublicService, altered, CLOCK);
    assert!(matches!(forged, Err(HealthpassError::CertificateForged)), "{forged:?}");
}

#[test]
fn wallet_refusals_name_their_cause() {
    let f = fixture();
    assert_eq!(f.passport.add_certificate("https://example.com".into(), None, CLOCK), Err(HealthpassError::NotACertificate));
    let damaged = f.passport.add_certificate("HC1:not base45!".into(), None, CLOCK);
    assert_eq!(damaged, Err(HealthpassError::CertificateDamaged { reason: "base45".into() }));
    assert_eq!(f.passport.add_certificate(f.text.clone(), Some(" ".into()), CLOCK), Err(HealthpassError::InvalidHolderLabel));
    let first = f.passport.add_certificate(f.text.clone(), None, CLOCK).unwrap();
    let again = f.passport.add_certificate(f.text.clone(), Some("Peter".into()), CLOCK);
    assert_eq!(again, Err(HealthpassError::DuplicateCertificate { existing_id: first.id }));
    assert_eq!(f.passport.certificate(first.id + 1), Err(HealthpassError::CertificateNotFound { id: first.id + 1 }));
}

#[test]
fn trust_files_are_checked_against_the_pinned_root() {
    let f = fixture();
    assert_eq!(f.passport.set_trust_roots(vec!["nonsense".into()]), Err(HealthpassError::InvalidTrustRoot));
    let stranger = TrustRootSigningKey::generate();
    let foreign = f.list(std::slice::from_ref(&f.dsc), CLOCK, &stranger);
    assert_eq!(f.passport.install_trust_list(foreign), Err(HealthpassError::TrustFileUnknownRoot));
    let older = f.list(std::slice::from_ref(&f.dsc), CLOCK - 2 * 86_400, &f.root);
    assert_eq!(f.passport.install_trust_list(older), Err(HealthpassError::TrustFileOutdated));
    let mut tampered = String::from_utf8(f.list(&[], CLOCK, &f.root)).unwrap();
    let signature_start = tampered.find("\"signature\": \"").unwrap() + 14;
    let flipped = if &tampered[signature_start..=signature_start] == "A" { "B" } else { "A" };
    tampered.replace_range(signature_start..=signature_start, flipped);
    assert_eq!(f.passport.install_trust_list(tampered.into_bytes()), Err(HealthpassError::TrustFileForged));
    let damaged = f.passport.install_trust_list(b"{}".to_vec());
    assert!(matches!(damaged, Err(HealthpassError::TrustFileDamaged { .. })), "{damaged:?}");
    // Every refusal kept the list in use.
    assert_eq!(f.passport.trust_list().map(|l| l.issued_at), Some(CLOCK - 86_400));
}

#[test]
fn the_trust_list_survives_a_restart_and_is_dropped_for_other_roots() {
    let f = fixture();
    let path = f.path();
    drop(f.passport);
    let reopened = HealthPassport::open(path).unwrap();
    assert_eq!(reopened.trust_list(), None);
    let loaded = reopened.set_trust_roots(vec![f.root.public_key().to_text()]).unwrap();
    assert_eq!(loaded.map(|l| l.signers), Some(1));
    assert!(reopened.verify_for_service(CounterService::PublicService, f.text.clone(), CLOCK).is_ok());

    let rotated = reopened.set_trust_roots(vec![TrustRootSigningKey::generate().public_key().to_text()]).unwrap();
    assert_eq!(rotated, None);
    let refused = reopened.verify_for_service(CounterService::PublicService, f.text.clone(), CLOCK);
    assert_eq!(refused, Err(HealthpassError::CertificateUnknownSigner));
}

#[test]
fn a_signed_rule_set_replaces_the_built_in_one_and_cannot_be_rolled_back() {
    let f = fixture();
    f.passport.add_certificate(f.text.clone(), None, CLOCK).unwrap();
    assert_eq!(f.passport.status_rules().id, "peduli-lindungi-2022");
    // The signed 2021 set was published before the 2022 set in force: it would roll back.
    let rules_2021 = RuleSet::peduli_lindungi_2021();
    assert_eq!(f.passport.install_status_rules(rules_2021.sign(&f.root).unwrap()), Err(HealthpassError::TrustFileOutdated));
    // The 2021 rules published again later, under their own id, replace the built-in set.
    let published_at = chrono::DateTime::from_timestamp(1_767_571_200, 0).unwrap(); // 2026-01-05
    let republished = RuleSet { id: "kota-2026".into(), published_at, ..rules_2021 };
    let info = f.passport.install_status_rules(republished.sign(&f.root).unwrap()).unwrap();
    assert_eq!((info.id.as_str(), info.version), ("kota-2026", republished.version));
    let status = f.passport.status(CLOCK).unwrap();
    assert_eq!((status[0].colour, status[0].reason.as_str()), (StatusColour::Green, "fully_vaccinated"));

    let mut older = republished.clone();
    older.version -= 1;
    assert_eq!(f.passport.install_status_rules(older.sign(&f.root).unwrap()), Err(HealthpassError::TrustFileOutdated));
    let stranger = TrustRootSigningKey::generate();
    assert_eq!(f.passport.install_status_rules(republished.sign(&stranger).unwrap()), Err(HealthpassError::TrustFileUnknownRoot));
    assert_eq!(f.passport.status_rules().id, "kota-2026");
    // Pinning roots again drops the installed rule set, which the old roots vouched for.
    f.passport.set_trust_roots(vec![f.root.public_key().to_text()]).unwrap();
    assert_eq!(f.passport.status_rules().id, "peduli-lindungi-2022");
}
