use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::*;
use crate::exposure::{Advice, SLOT_REPORT_LEN};

#[test]
fn malformed_and_misshapen_bodies_are_told_apart() {
    assert_eq!(parse_review(b"{\"decision\": "), Err(RequestError::MalformedJson));
    assert!(matches!(parse_occupancy(b"{\"change\": \"one\"}"), Err(RequestError::InvalidBody(_))));
    assert!(matches!(parse_review(b"{\"decision\": \"maybe\"}"), Err(RequestError::InvalidBody(_))));
    assert_eq!(parse_review(b"{\"decision\": \"approve\"}").unwrap().decision, ReviewDecision::Approve);
}

#[test]
fn refusals_never_echo_what_the_client_sent() {
    let refusals = [
        parse_case(br#"{"advice": 31337313, "infectious_from": "", "infectious_until": ""}"#).err(),
        parse_case(br#"{"advice": "a", "infectious_from": "", "infectious_until": "", "leak_me_31337": 1}"#).err(),
        parse_case(br#"{"advice": ["leak_me_31337"], "infectious_from": "", "infectious_until": ""}"#).err(),
        parse_review(br#"{"decision": "leak_me_31337"}"#).err(),
    ];
    for error in refusals {
        let Some(RequestError::InvalidBody(message)) = &error else { panic!("{error:?}") };
        assert!(!message.contains("31337"), "{message}");
    }
    assert_eq!(
        parse_case(br#"{"advice": "a"}"#).err(),
        Some(RequestError::InvalidBody("missing field `infectious_from`".into()))
    );
}

#[test]
fn case_terms_and_venue_warnings_are_checked() {
    let case = |advice: &str, from: &str| {
        let body = serde_json::json!({ "advice": advice, "infectious_from": from, "infectious_until": "2026-11-30T00:00:00Z" });
        parse_case(body.to_string().as_bytes())
    };
    assert_eq!(case("isolate", "2026-11-25T00:00:00Z").unwrap().advice, Advice::Isolate);
    assert!(matches!(case("panic", "2026-11-25T00:00:00Z"), Err(RequestError::InvalidField { code: "invalid_advice", .. })));
    assert!(matches!(case("isolate", "2026-11-01T00:00:00Z"), Err(RequestError::InvalidField { code: "invalid_period", .. })));
    assert!(matches!(case("isolate", "2026-11-30T00:00:00Z"), Err(RequestError::InvalidField { code: "invalid_period", .. })));
    assert!(matches!(parse_case(b"{}"), Err(RequestError::InvalidBody(_))));
    let warning = |reports: &[u8]| {
        let body = serde_json::json!({
            "venue_id": "00".repeat(16), "advice": "get_tested", "from": "2026-11-30T10:00:00Z",
            "until": "2026-11-30T12:00:00Z", "reports": URL_SAFE_NO_PAD.encode(reports),
        });
        parse_venue_warning(body.to_string().as_bytes())
    };
    let two = warning(&[3; 2 * SLOT_REPORT_LEN]).unwrap();
    assert_eq!((two.reports.len(), two.terms.advice), (2 * SLOT_REPORT_LEN, Advice::GetTested));
    for bad in [0, SLOT_REPORT_LEN + 1, (MAX_VENUE_WARNING_REPORTS + 1) * SLOT_REPORT_LEN] {
        let error = warning(&vec![3; bad]).unwrap_err();
        assert!(matches!(error, RequestError::InvalidField { code: "invalid_reports", .. }), "{bad}: {error:?}");
    }
}

#[test]
fn venue_ids_and_submission_refs_parse_strictly() {
    assert_eq!(parse_venue_id("000102030405060708090a0b0c0d0e0f").unwrap()[15], 15);
    assert!(parse_venue_id("000102030405060708090a0b0c0d0e0g").is_err());
    assert!(parse_venue_id("é00102030405060708090a0b0c0d0e0").is_err());
    assert_eq!(SubmissionRef::parse("upload-12"), Some(SubmissionRef::Upload(12)));
    assert_eq!(SubmissionRef::parse("venue-warning-3"), Some(SubmissionRef::VenueWarning(3)));
    for bad in ["upload-0", "upload-+1", "upload-01", "upload-", "case-1", "upload-99999999999999999999"] {
        assert_eq!(SubmissionRef::parse(bad), None, "{bad}");
    }
}

#[test]
fn occupancy_changes_by_one() {
    assert_eq!(parse_occupancy(b"{\"change\": -1}"), Ok(-1));
    assert!(matches!(parse_occupancy(b"{\"change\": 2}"), Err(RequestError::InvalidField { code: "invalid_change", .. })));
}

#[test]
fn a_certificate_body_out_of_the_issuing_limits_is_refused_with_the_issuing_code() {
    let body = |dose: u32, valid_days: u32| {
        format!(
            r#"{{"type":"vaccination","family_name":"Wijaya","dob":"1990","dose":{dose},"date":"2026-11-02","valid_days":{valid_days}}}"#
        )
    };
    assert!(parse_certificate(body(1, 365).as_bytes()).is_ok());
    for dose in [0, 10, 42] {
        let refused = parse_certificate(body(dose, 365).as_bytes()).unwrap_err();
        assert!(matches!(refused, RequestError::InvalidField { code: "invalid_dose", .. }), "{dose}: {refused:?}");
    }
    for days in [0, 3661] {
        let refused = parse_certificate(body(1, days).as_bytes()).unwrap_err();
        assert!(matches!(refused, RequestError::InvalidField { code: "invalid_validity", .. }), "{days}: {refused:?}");
    }
}

#[test]
fn a_request_written_by_the_client_is_read_back_by_the_server_unchanged() {
    let registration = PosterRegistration {
        name: "Toko Maju".into(),
        address: "Jl. Ijen 5".into(),
        category: "shop".into(),
        default_stay_minutes: 60,
        valid_from: None,
        valid_days: Some(30),
        commitment: URL_SAFE_NO_PAD.encode([7; 32]),
        occupancy: false,
    };
    let json = serde_json::to_vec(&registration).unwrap();
    assert_eq!(parse_json::<PosterRegistration>(&json).unwrap(), registration);
    assert_eq!(registration.commitment().unwrap().0, [7; 32]);
    assert_eq!(serde_json::to_string(&NoBody {}).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&ReviewRequest { decision: ReviewDecision::Reject }).unwrap(), r#"{"decision":"reject"}"#);
}
