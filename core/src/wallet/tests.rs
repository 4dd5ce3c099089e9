//! The wallet on a real SQLite file: family members, duplicates, refusals that store nothing.

use super::*;
use crate::certificate::test_support::{at, issuer, santoso_vaccination, trusting};
use crate::certificate::{CertificateError, CertificateFormat, IssuerKey, Stage};
use crate::status::{RuleSet, StatusColour};
use crate::store::Store;

const NOW: &str = "2022-08-01T10:00:00Z";

fn open_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("healthpass.db")).unwrap();
    (dir, store)
}

fn vaccination(key: &IssuerKey, given: &str, dose: u32) -> String {
    santoso_vaccination(key, given, dose)
}

#[test]
fn family_certificates_are_listed_by_holder_and_removable() {
    let (_dir, mut store) = open_store();
    let key = issuer();
    let budi = add_certificate(&mut store, &vaccination(&key, "Budi", 1), None, at(NOW)).unwrap();
    add_certificate(&mut store, &vaccination(&key, "Budi", 2), None, at(NOW)).unwrap();
    let ani = add_certificate(&mut store, &vaccination(&key, "Ani", 1), Some("Ibu"), at(NOW)).unwrap();
    assert_eq!(budi.holder, "Budi Santoso");
    assert_eq!(ani.holder, "Ibu");
    assert_eq!(holders(&store).unwrap(), vec!["Budi Santoso".to_owned(), "Ibu".to_owned()]);
    let all = list_certificates(&store).unwrap();
    assert_eq!(all.iter().map(|e| e.holder.as_str()).collect::<Vec<_>>(), ["Budi Santoso", "Budi Santoso", "Ibu"]);
    let shown = show_certificate(&store, ani.id).unwrap();
    assert_eq!(shown.certificate.format, CertificateFormat::EuDcc);
    assert_eq!(shown.certificate.holder().given_name.as_deref(), Some("Ani"));
    remove_certificate(&mut store, ani.id).unwrap();
    assert!(matches!(show_certificate(&store, ani.id), Err(WalletError::NotFound(id)) if id == ani.id));
    assert!(matches!(remove_certificate(&mut store, ani.id), Err(WalletError::NotFound(_))));
    assert_eq!(list_certificates(&store).unwrap().len(), 2);
}

#[test]
fn the_same_certificate_twice_is_a_duplicate() {
    let (_dir, mut store) = open_store();
    let text = vaccination(&issuer(), "Budi", 1);
    let first = add_certificate(&mut store, &text, None, at(NOW)).unwrap();
    let again = add_certificate(&mut store, &format!("  {text}\n"), Some("Another label"), at(NOW));
    assert!(matches!(again, Err(WalletError::Duplicate { existing_id }) if existing_id == first.id));
    assert_eq!(list_certificates(&store).unwrap().len(), 1);
}

#[test]
fn bad_input_is_a_typed_error_and_stores_nothing() {
    let (_dir, mut store) = open_store();
    let huge = format!("HC1:{}", "A".repeat(1024 * 1024));
    assert!(matches!(
        add_certificate(&mut store, &huge, None, at(NOW)),
        Err(WalletError::Certificate(CertificateError::TooLong { .. }))
    ));
    assert!(matches!(
        add_certificate(&mut store, "HC1:!!!", None, at(NOW)),
        Err(WalletError::Certificate(CertificateError::Malformed(Stage::Base45)))
    ));
    let text = vaccination(&issuer(), "Budi", 1);
    assert!(matches!(add_certificate(&mut store, &text, Some(" "), at(NOW)), Err(WalletError::InvalidHolder)));
    assert!(list_certificates(&store).unwrap().is_empty());
}

#[test]
fn a_holders_status_counts_only_verified_certificates() {
    let (_dir, mut store) = open_store();
    let key = issuer();
    let stranger = issuer();
    add_certificate(&mut store, &vaccination(&key, "Budi", 2), None, at(NOW)).unwrap();
    add_certificate(&mut store, &vaccination(&stranger, "Budi", 3), None, at(NOW)).unwrap();
    let trust = trusting(&key);
    let rules = RuleSet::peduli_lindungi_2022();
    let status = holder_status(&store, "Budi Santoso", &trust, &rules, |_| {}, at(NOW)).unwrap();
    // The booster from the untrusted issuer does not count.
    assert_eq!((status.colour, status.reason.as_str()), (StatusColour::Yellow, "two_doses"));
    let positive =
        holder_status(&store, "Budi Santoso", &trust, &rules, |f| f.confirmed_positive_at = Some(at(NOW)), at(NOW)).unwrap();
    assert_eq!(positive.colour, StatusColour::Black);
}

#[test]
fn zlib_bomb_is_refused_and_stores_nothing() {
    use std::io::Write;
    let (_dir, mut store) = open_store();
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![0u8; 4 * 1024 * 1024]).unwrap(); // about 6 KB of QR text
    let bomb = format!("HC1:{}", base45::encode(encoder.finish().unwrap()));
    assert!(matches!(
        add_certificate(&mut store, &bomb, None, at(NOW)),
        Err(WalletError::Certificate(CertificateError::Malformed(Stage::Compression)))
    ));
    assert!(list_certificates(&store).unwrap().is_empty());
}

#[test]
fn a_childs_certificate_under_a_parents_label_is_refused() {
    let (_dir, mut store) = open_store();
    let key = issuer();
    add_certificate(&mut store, &vaccination(&key, "Budi", 1), Some("Me"), at(NOW)).unwrap();
    let child = add_certificate(&mut store, &vaccination(&key, "Ani", 2), Some("Me"), at(NOW));
    assert!(matches!(child, Err(WalletError::HolderMismatch)));
    assert_eq!(list_certificates(&store).unwrap().len(), 1, "nothing stored");
    // The same person's next dose joins the label, however the issuer spelled the name.
    add_certificate(&mut store, &vaccination(&key, "  BUDI ", 2), Some("Me"), at(NOW)).unwrap();
    assert_eq!(list_certificates(&store).unwrap().len(), 2);
}

#[test]
fn a_label_mixing_people_counts_only_its_first_persons_certificates() {
    let key = issuer();
    let trust = trusting(&key);
    let rules = RuleSet::peduli_lindungi_2022();
    // A store filled before labels were checked: the child's doses sit under "Me".
    let (_dir, mut mixed) = open_store();
    add_certificate(&mut mixed, &vaccination(&key, "Budi", 1), Some("Me"), at(NOW)).unwrap();
    for dose in [2, 3] {
        let text = vaccination(&key, "Ani", dose);
        let certificate = crate::certificate::decode_certificate(&text).unwrap();
        let tx = mixed.write().unwrap();
        let new = crate::store::NewCertificate {
            holder: "Me",
            format: "HC1",
            qr_text: &text,
            fingerprint: certificate.fingerprint,
            added_at: at(NOW),
        };
        crate::store::certificates::insert(&tx, &new).unwrap().unwrap();
        tx.commit().unwrap();
    }
    let (_dir2, mut alone) = open_store();
    add_certificate(&mut alone, &vaccination(&key, "Budi", 1), Some("Me"), at(NOW)).unwrap();
    let expected = holder_status(&alone, "Me", &trust, &rules, |_| {}, at(NOW)).unwrap();
    let status = holder_status(&mixed, "Me", &trust, &rules, |_| {}, at(NOW)).unwrap();
    assert_eq!((status.colour, status.reason.as_str()), (expected.colour, expected.reason.as_str()));
    assert_ne!(status.colour, StatusColour::Green, "the child's booster does not make Budi green");
}
