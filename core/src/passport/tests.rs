//! The passport object's own refusals: typed, never clamped, nothing written.

use crate::checkin::CheckInOutcome;
use crate::venue::tests::{at, signed};
use crate::venue::{PosterBaseUrl, RegistrySigningKey, ScannedPosterError};

use super::*;

fn passport() -> (tempfile::TempDir, HealthPassport) {
    let dir = tempfile::tempdir().unwrap();
    let passport = HealthPassport::open(&dir.path().join("passport.db")).unwrap();
    (dir, passport)
}

fn poster_url(key: &RegistrySigningKey) -> String {
    signed(key).to_url(&PosterBaseUrl::default())
}

#[test]
fn a_healthpass_poster_needs_registry_keys_and_one_of_them_must_have_signed_it() {
    let (_dir, passport) = passport();
    let registry = RegistrySigningKey::generate();
    let refused = passport.check_in_text(&poster_url(&registry), at(10)).unwrap_err();
    assert!(matches!(refused, PassportError::Poster(ScannedPosterError::RegistryRequired)), "{refused:?}");
    assert_eq!(refused.code(), "registry_required");

    passport.set_trusted_registry_keys::<&str>(&[]).unwrap();
    assert_eq!(passport.check_in_text(&poster_url(&registry), at(10)).unwrap_err().code(), "unknown_key_id");

    let refused = passport.set_trusted_registry_keys(&["nonsense"]).unwrap_err();
    assert!(matches!(refused, PassportError::InvalidRegistryKey), "{refused:?}");
    passport.set_trusted_registry_keys(&[registry.public_key().to_text()]).unwrap();
    let outcome = passport.check_in_text(&poster_url(&registry), at(10)).unwrap();
    assert!(matches!(outcome, CheckInOutcome::CheckedIn { .. }), "{outcome:?}");
    assert_eq!(passport.history(at(10)).unwrap().len(), 1);
}

#[test]
fn a_poster_whose_seed_does_not_open_its_signed_commitment_checks_nothing_in() {
    use base64::Engine;
    let (_dir, passport) = passport();
    let registry = RegistrySigningKey::generate();
    passport.set_trusted_registry_keys(&[registry.public_key().to_text()]).unwrap();
    // A genuine signature over the public fields and the commitment, with another seed after it.
    let mut bytes = signed(&registry).bytes().to_vec();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let text =
        format!("{}#{}", PosterBaseUrl::default().as_str(), base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes));
    let refused = passport.check_in_text(&text, at(10)).unwrap_err();
    assert_eq!(refused.code(), "commitment_mismatch", "{refused:?}");
    assert!(passport.history(at(10)).unwrap().is_empty(), "nothing was stored");
    assert!(passport.check_out(at(11)).is_err(), "and no visit is open");
}

#[test]
fn a_minimum_overlap_outside_one_minute_to_one_day_is_refused_not_clamped() {
    for minutes in [0, 1441, u32::MAX] {
        let refused = MinimumOverlap::from_minutes(minutes).unwrap_err();
        assert!(matches!(refused, PassportError::InvalidMinimumOverlap(m) if m == minutes), "{refused:?}");
        assert_eq!(refused.code(), "invalid_min_overlap");
    }
    assert!(MinimumOverlap::from_minutes(1).is_ok());
    assert!(MinimumOverlap::from_minutes(1440).is_ok());
}

#[test]
fn an_upload_window_outside_one_to_twenty_one_days_is_refused_not_clamped() {
    for days in [0, 22, 365] {
        let refused = UploadWindow::from_days(days).unwrap_err();
        assert!(matches!(refused, PassportError::InvalidUploadWindow(d) if d == days), "{refused:?}");
        assert_eq!(refused.code(), "invalid_upload_window");
    }
    assert_eq!(UploadWindow::from_days(21).unwrap().since(at(10)), at(10) - chrono::TimeDelta::days(21));
}

#[test]
fn a_bad_publisher_key_or_server_url_is_refused_before_any_network_call() {
    let (_dir, passport) = passport();
    let overlap = MinimumOverlap::from_minutes(15).unwrap();
    let refused = passport.sync_warnings("http://127.0.0.1:9", &["nonsense"], overlap, at(10)).unwrap_err();
    assert!(matches!(refused, PassportError::InvalidPublisherKey), "{refused:?}");
    let window = UploadWindow::from_days(14).unwrap();
    let refused = passport.upload_visits("ftp://example.org", "CODE", &[], window, at(10)).unwrap_err();
    assert_eq!(refused.code(), "invalid_server_url");
}

#[test]
fn an_excluded_visit_outside_the_window_is_refused_and_nothing_is_sent() {
    let (_dir, passport) = passport();
    let window = UploadWindow::from_days(14).unwrap();
    // Port 9 (discard) on loopback: had the upload been sent, this would be `offline`.
    let refused = passport.upload_visits("http://127.0.0.1:9", "CODE", &[42], window, at(10)).unwrap_err();
    assert!(matches!(refused, PassportError::Upload(crate::exposure::SubmissionError::UnknownVisit(42))), "{refused:?}");
}

#[test]
fn a_rule_set_lower_than_the_one_in_force_is_refused() {
    use crate::status::RuleSet;
    use crate::trust_list::TrustRootSigningKey;
    let (_dir, passport) = passport();
    let root = TrustRootSigningKey::generate();
    passport.set_trust_roots(&[root.public_key().to_text()]).unwrap();
    let mut newer = RuleSet::peduli_lindungi_2022();
    newer.version += 1;
    passport.install_status_rules(&newer.sign(&root).unwrap()).unwrap();
    assert_eq!(passport.status_rules().version, newer.version);
    let older = RuleSet::peduli_lindungi_2022().sign(&root).unwrap();
    let refused = passport.install_status_rules(&older).unwrap_err();
    assert!(matches!(refused, PassportError::OutdatedRuleSet), "{refused:?}");
    assert_eq!(passport.status_rules().version, newer.version, "the newer rules stay in force");
}

#[test]
fn an_unreachable_server_is_the_machines_failure_and_a_refusal_is_not() {
    let (_dir, passport) = passport();
    let publisher = crate::exposure::PublisherSigningKey::generate().public_key().to_text();
    let overlap = MinimumOverlap::from_minutes(15).unwrap();
    // Port 9 (discard) on loopback: nothing listens, so the connection is refused.
    let offline = passport.sync_warnings("http://127.0.0.1:9", &[publisher], overlap, at(10)).unwrap_err();
    assert_eq!(offline.code(), "offline");
    assert!(offline.is_environmental(), "{offline:?}");
    let refused = MinimumOverlap::from_minutes(0).unwrap_err();
    assert!(!refused.is_environmental());
    assert!(!passport.check_out(at(10)).unwrap_err().is_environmental(), "no open visit is a refusal");
}
