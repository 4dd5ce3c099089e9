//! Offline-signed documents: served unchanged when they check out, refused at start with a
//! cause of their own otherwise.

use chrono::TimeDelta;
use healthpass_core::certificate::Algorithm;
use healthpass_core::status::StatusError;
use healthpass_core::trust_list::{TrustListError, TrustRootSigningKey};

use super::*;

/// An offline root, the server's issuer, and a documents directory holding a trust list naming
/// the issuer and the 2022 rule set, both signed at `now`.
struct Fixture {
    _machine: tempfile::TempDir,
    root: TrustRootKeys,
    issuer: IssuerKey,
    documents: PathBuf,
    now: DateTime<Utc>,
}

impl Fixture {
    fn new() -> Self {
        let machine = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let root = TrustRootKeys::load_or_create(&TrustRootKeys::directory(&machine.path().join("root")).unwrap()).unwrap();
        let issuer = IssuerKey::generate(Algorithm::Es256, "ID", now - TimeDelta::days(1), now + TimeDelta::days(700)).unwrap();
        let documents = machine.path().join("documents");
        std::fs::create_dir(&documents).unwrap();
        let fixture = Fixture { _machine: machine, root, issuer, documents, now };
        fixture.write_list(&[fixture.issuer.certificate_der().to_vec()], now);
        fixture.write_rules(&RuleSet::peduli_lindungi_2022());
        fixture
    }

    fn write_list(&self, signers: &[Vec<u8>], issued_at: DateTime<Utc>) {
        let list = TrustList::sign(signers, &[], issued_at, &self.root.current).unwrap();
        std::fs::write(self.documents.join(TRUST_LIST_FILE), list).unwrap();
    }

    fn write_rules(&self, rules: &RuleSet) {
        std::fs::write(self.documents.join(RULES_FILE), rules.sign(&self.root.current).unwrap()).unwrap();
    }

    fn load(&self) -> Result<SignedDocuments, DocumentError> {
        SignedDocuments::load(&self.documents, &self.root.public_keys(), &self.issuer, self.now)
    }
}

#[test]
fn offline_signed_documents_are_served_byte_for_byte() {
    let fixture = Fixture::new();
    let loaded = fixture.load().unwrap();
    assert_eq!(loaded.trust_list.bytes, std::fs::read(fixture.documents.join(TRUST_LIST_FILE)).unwrap());
    assert_eq!(loaded.rules.bytes, std::fs::read(fixture.documents.join(RULES_FILE)).unwrap());
    assert_eq!(loaded.roots, fixture.root.public_keys());
}

#[test]
fn an_altered_or_foreign_document_is_refused() {
    let fixture = Fixture::new();
    let path = fixture.documents.join(TRUST_LIST_FILE);
    let genuine = std::fs::read(&path).unwrap();
    let mut envelope: serde_json::Value = serde_json::from_slice(&genuine).unwrap();
    let other = TrustList::sign(&[], &[], fixture.now, &TrustRootSigningKey::generate()).unwrap();
    let other: serde_json::Value = serde_json::from_slice(&other).unwrap();
    envelope["content"] = other["content"].clone();
    std::fs::write(&path, serde_json::to_vec(&envelope).unwrap()).unwrap();
    assert!(matches!(fixture.load(), Err(DocumentError::TrustList(TrustListError::ForgedSignature))));

    std::fs::write(&path, serde_json::to_vec(&other).unwrap()).unwrap();
    let refused = fixture.load().err().unwrap();
    assert!(matches!(refused, DocumentError::TrustList(TrustListError::UnknownRootKey)), "{refused}");
    assert_eq!(refused.code(), "unknown_root_key");

    std::fs::write(&path, &genuine).unwrap();
    std::fs::copy(&path, fixture.documents.join(RULES_FILE)).unwrap();
    assert!(matches!(fixture.load(), Err(DocumentError::RuleSet(StatusError::Signature(TrustListError::ForgedSignature)))));

    std::fs::remove_file(fixture.documents.join(RULES_FILE)).unwrap();
    assert_eq!(fixture.load().err().map(|e| e.code()), Some("io"));
}

#[test]
fn a_trust_list_without_the_servers_live_issuer_is_refused() {
    let fixture = Fixture::new();
    let other = IssuerKey::generate(Algorithm::Es256, "ID", fixture.now, fixture.now + TimeDelta::days(700)).unwrap();
    fixture.write_list(&[other.certificate_der().to_vec()], fixture.now);
    assert!(matches!(fixture.load(), Err(DocumentError::IssuerNotListed)));

    let ended = IssuerKey::generate(Algorithm::Es256, "ID", fixture.now - TimeDelta::days(800), fixture.now - TimeDelta::days(1))
        .unwrap();
    fixture.write_list(&[ended.certificate_der().to_vec()], fixture.now);
    let refused = SignedDocuments::load(&fixture.documents, &fixture.root.public_keys(), &ended, fixture.now).err();
    assert_eq!(refused.map(|e| e.code()), Some("issuer_expired"));
}

#[test]
fn documents_dated_in_the_future_are_refused_and_never_signed() {
    let fixture = Fixture::new();
    let tomorrow = fixture.now + TimeDelta::days(1);
    fixture.write_list(&[fixture.issuer.certificate_der().to_vec()], tomorrow);
    assert!(matches!(fixture.load(), Err(DocumentError::NotYetValid { document: "trust list", .. })));
    fixture.write_list(&[fixture.issuer.certificate_der().to_vec()], fixture.now + TimeDelta::minutes(4));
    assert!(fixture.load().is_ok(), "a few minutes of clock skew are tolerated");

    let mut future = RuleSet::peduli_lindungi_2022();
    future.published_at = tomorrow;
    fixture.write_rules(&future);
    assert!(matches!(fixture.load(), Err(DocumentError::NotYetValid { document: "rule set", .. })));
    assert!(matches!(sign_rules(&fixture.root, &future, fixture.now), Err(DocumentError::NotYetValid { .. })));
    assert!(sign_rules(&fixture.root, &RuleSet::peduli_lindungi_2022(), fixture.now).is_ok());
}
