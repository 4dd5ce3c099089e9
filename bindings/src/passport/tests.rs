use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeDelta, Utc};
use healthpass_core::poster::{PosterLayout, render_png};
use healthpass_core::venue::{
    DefaultStay, PosterBaseUrl, RegistrySigningKey, VenueCategory as CoreCategory, VenueDetails, VenuePoster,
};

use super::HealthPassport;
use crate::{CheckInOutcome, CheckoutKind, HealthpassError, PosterKind, VenueCategory, VisitEnd};

/// 2026-11-23T03:00:00Z, 10:00 in Jakarta.
const TEN_AM: i64 = 1_795_402_800;

fn instant(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    passport: Arc<HealthPassport>,
    registry: RegistrySigningKey,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("passport.db").to_str().unwrap().to_owned();
    let passport = HealthPassport::open(path).unwrap();
    let registry = RegistrySigningKey::generate();
    passport.set_trusted_registry_keys(vec![registry.public_key().to_text()]).unwrap();
    Fixture { _dir: dir, passport, registry }
}

fn poster_text(registry: &RegistrySigningKey, name: &str) -> String {
    let details = VenueDetails {
        name: name.to_owned(),
        address: "Jl. Ijen 5, Malang".to_owned(),
        category: CoreCategory::Shop,
        default_stay: DefaultStay::from_minutes(60).unwrap(),
        valid_from: instant(TEN_AM) - TimeDelta::days(1),
        valid_until: instant(TEN_AM) + TimeDelta::days(30),
    };
    registry.sign_poster(VenuePoster::for_new_venue(details).unwrap()).to_url(&PosterBaseUrl::default())
}

/// The poster rendered to PNG and turned into a luma frame whose rows are `padding` bytes
/// longer than the image, as camera buffers often are.
fn poster_frame(text: &str, padding: u32) -> (Vec<u8>, u32, u32, u32) {
    let png = render_png(&PosterLayout::new(text, "Toko Maju").unwrap()).unwrap();
    let luma = image::load_from_memory(&png).unwrap().into_luma8();
    let (width, height) = luma.dimensions();
    let stride = width + padding;
    let mut bytes = vec![0u8; (stride * height) as usize];
    for (y, row) in luma.as_raw().chunks(width as usize).enumerate() {
        bytes[y * stride as usize..][..width as usize].copy_from_slice(row);
    }
    (bytes, width, height, stride)
}

#[test]
fn health_passport_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<HealthPassport>();
}

#[test]
fn qr_text_checks_in_and_check_out_closes_the_visit() {
    let f = fixture();
    let outcome = f.passport.check_in_qr(poster_text(&f.registry, "Toko Maju"), TEN_AM).unwrap();
    let CheckInOutcome::CheckedIn { visit, closed_previous: None } = outcome else { panic!("unexpected {outcome:?}") };
    assert_eq!((visit.venue_name.as_str(), visit.category, visit.end), ("Toko Maju", VenueCategory::Shop, VisitEnd::Open));
    assert_eq!((visit.checked_in_at, visit.end.instant()), (instant(TEN_AM), None));
    assert_eq!(visit.venue_id.map(|id| id.to_string().len()), Some(32));

    let closed = f.passport.check_out(TEN_AM + 600).unwrap();
    let manual = VisitEnd::CheckedOut { at: instant(TEN_AM + 600), kind: CheckoutKind::Manual };
    assert_eq!((closed.id, closed.end), (visit.id, manual));
    assert_eq!(f.passport.history(TEN_AM + 700).unwrap(), vec![closed]);
    assert_eq!(f.passport.check_out(TEN_AM + 800), Err(HealthpassError::NoOpenVisit));
}

#[test]
fn camera_frame_with_padded_rows_checks_in() {
    let f = fixture();
    let (bytes, width, height, stride) = poster_frame(&poster_text(&f.registry, "Toko Maju"), 24);
    assert_eq!(crate::decode_frame(bytes.clone(), width, height, stride).unwrap().len(), 1);
    let outcome = f.passport.check_in_frame(bytes, width, height, stride, TEN_AM).unwrap();
    assert!(
        matches!(outcome, Some(CheckInOutcome::CheckedIn { ref visit, .. }) if visit.venue_name == "Toko Maju"),
        "{outcome:?}"
    );
}

#[test]
fn frame_without_a_code_is_none_and_a_short_buffer_is_an_invalid_frame() {
    let f = fixture();
    assert_eq!(f.passport.check_in_frame(vec![255; 64 * 48], 64, 48, 64, TEN_AM), Ok(None));
    let short = f.passport.check_in_frame(vec![0; 10], 64, 48, 64, TEN_AM);
    assert!(matches!(short, Err(HealthpassError::InvalidFrame { .. })), "{short:?}");
    assert!(matches!(crate::decode_frame(vec![], 0, 0, 0), Err(HealthpassError::InvalidFrame { .. })));
}

#[test]
fn forged_poster_is_refused_and_nothing_is_written() {
    let f = fixture();
    let genuine = poster_text(&f.registry, "Toko Maju");
    // Signed for "Toko Maju", but the name's last letter is changed after signing.
    let (base, fragment) = genuine.split_once('#').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(fragment).unwrap();
    let at = bytes.windows(4).position(|w| w == b"Maju").unwrap() + 3;
    bytes[at] = b'o';
    let forged = format!("{base}#{}", URL_SAFE_NO_PAD.encode(&bytes));
    assert_eq!(f.passport.check_in_qr(forged, TEN_AM), Err(HealthpassError::ForgedSignature));
    assert_eq!(f.passport.history(TEN_AM).unwrap(), vec![]);
}

/// The URL of the Corona-Warn-App poster vector `id` in `../shared/venueqr/vectors.json`.
fn event_poster_url(id: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/venueqr/vectors.json");
    let vectors: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let all = vectors["valid"].as_array().unwrap().iter().chain(vectors["invalid_urls"].as_array().unwrap());
    all.clone().find(|v| v["id"] == id).unwrap()["url"].as_str().unwrap().to_owned()
}

#[test]
fn an_event_poster_checks_in_unverified_and_a_broken_one_names_its_rule() {
    let f = fixture();
    let outcome = f.passport.check_in_qr(event_poster_url("ios-agway"), TEN_AM).unwrap();
    let CheckInOutcome::CheckedIn { visit, closed_previous: None } = outcome else { panic!("unexpected {outcome:?}") };
    assert_eq!((visit.verified(), visit.poster_kind), (false, PosterKind::Cwa));
    assert!(visit.venue_id.is_none());
    assert!(!visit.venue_name.is_empty());
    let refused = f.passport.check_in_qr(event_poster_url("ios-invalid-payload"), TEN_AM + 60);
    assert!(matches!(refused, Err(HealthpassError::Malformed { ref reason }) if reason.starts_with("cwa_")), "{refused:?}");
    assert_eq!(f.passport.history(TEN_AM + 120).unwrap().len(), 1);
}

#[test]
fn refusals_name_their_cause() {
    let f = fixture();
    let other_registry = RegistrySigningKey::generate();
    assert_eq!(f.passport.check_in_qr(poster_text(&other_registry, "Toko"), TEN_AM), Err(HealthpassError::UnknownKey));
    assert_eq!(f.passport.check_in_qr("https://example.com/menu".into(), TEN_AM), Err(HealthpassError::NotAPoster));
    assert_eq!(f.passport.check_in_qr("x".repeat(5000), TEN_AM), Err(HealthpassError::TooLong));
    let late = TEN_AM + 31 * 86_400;
    assert!(matches!(f.passport.check_in_qr(poster_text(&f.registry, "Toko"), late), Err(HealthpassError::Expired { .. })));
    assert_eq!(f.passport.check_in_qr(poster_text(&f.registry, "Toko"), i64::MAX), Err(HealthpassError::InvalidInstant));
}

#[test]
fn an_invalid_registry_key_keeps_the_previous_set() {
    let f = fixture();
    let result = f.passport.set_trusted_registry_keys(vec![f.registry.public_key().to_text(), "not a key".into()]);
    assert_eq!(result, Err(HealthpassError::InvalidRegistryKey));
    assert!(f.passport.check_in_qr(poster_text(&f.registry, "Toko"), TEN_AM).is_ok());
}

#[test]
fn clock_going_back_is_refused_and_export_and_delete_work() {
    let f = fixture();
    f.passport.check_in_qr(poster_text(&f.registry, "Toko Maju"), TEN_AM).unwrap();
    assert_eq!(f.passport.check_out(TEN_AM - 60), Err(HealthpassError::ClockBehind));
    let csv = f.passport.export_csv(TEN_AM + 60).unwrap();
    assert!(csv.starts_with("visit_id,") && csv.contains("Toko Maju"), "{csv}");
    assert_eq!(f.passport.set_retention_days(0, TEN_AM + 60), Err(HealthpassError::InvalidRetention));
    f.passport.set_retention_days(7, TEN_AM + 60).unwrap();
    assert_eq!(f.passport.retention_days().unwrap(), 7);
    assert_eq!(f.passport.purge(TEN_AM + 60).unwrap(), 0);
    f.passport.delete_everything().unwrap();
    assert_eq!(f.passport.history(TEN_AM + 60).unwrap(), vec![]);
    assert_eq!(f.passport.retention_days().unwrap(), 21);
}

#[test]
fn a_panic_through_the_generated_ffi_function_is_an_unexpected_error_status() {
    unsafe extern "C" {
        fn uniffi_healthpass_fn_method_healthpassport_panic_while_holding_store(
            handle: uniffi::ffi::Handle,
            status: &mut uniffi::RustCallStatus,
        );
    }
    let f = fixture();
    // The foreign side passes an owned (cloned) reference; the scaffolding takes it back.
    let handle = uniffi::ffi::Handle::from_arc(Arc::clone(&f.passport));
    let mut status = uniffi::RustCallStatus::default();
    // SAFETY: the symbol is generated by uniffi for the method above, with this signature;
    // `handle` is an owned Arc handle, as the generated Kotlin/Swift code passes it.
    unsafe { uniffi_healthpass_fn_method_healthpassport_panic_while_holding_store(handle, &mut status) };
    assert_eq!(status.code, uniffi::RustCallStatusCode::UnexpectedError);
    let message = std::mem::ManuallyDrop::into_inner(status.error_buf).destroy_into_vec();
    assert_eq!(String::from_utf8(message).unwrap(), "deliberate panic for the FFI test");

    // The store lock was poisoned by the panic; the passport still works.
    assert!(f.passport.check_in_qr(poster_text(&f.registry, "Toko Maju"), TEN_AM).is_ok());
    assert_eq!(f.passport.history(TEN_AM).unwrap().len(), 1);
}
