use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::*;
use crate::exposure::PROTECTED_REPORT_LEN;

fn upload_json(code: &str, reports: &[u8]) -> Vec<u8> {
    serde_json::to_vec(&UploadRequest { code: code.to_owned(), reports: URL_SAFE_NO_PAD.encode(reports) }).unwrap()
}

#[test]
fn an_upload_needs_exactly_128_reports() {
    let upload = parse_upload(&upload_json("abcd-efgh-jkmn", &[7; UPLOAD_REPORT_BYTES])).unwrap();
    assert_eq!(upload.code, "ABCDEFGHJKMN");
    assert_eq!(upload.reports.len(), UPLOAD_REPORT_BYTES);
    for size in [0, PROTECTED_REPORT_LEN, UPLOAD_REPORT_BYTES - 1, UPLOAD_REPORT_BYTES + 1] {
        let error = parse_upload(&upload_json("ABCD", &vec![7; size])).unwrap_err();
        assert!(matches!(error, RequestError::InvalidField { code: "invalid_reports", .. }), "{size}: {error:?}");
    }
}

#[test]
fn malformed_and_misshapen_bodies_are_told_apart() {
    assert_eq!(parse_upload(b"{\"code\": "), Err(RequestError::MalformedJson));
    assert!(matches!(parse_upload(b"{\"code\": 1}"), Err(RequestError::InvalidBody(_))));
    assert!(matches!(parse_review(b"{\"decision\": \"maybe\"}"), Err(RequestError::InvalidBody(_))));
    assert_eq!(parse_review(b"{\"decision\": \"approve\"}").unwrap().decision, ReviewDecision::Approve);
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
    let registration = VenueRegistration {
        name: "Toko Maju".into(),
        address: "Jl. Ijen 5".into(),
        category: "shop".into(),
        default_stay_minutes: 60,
        valid_from: None,
        valid_days: Some(30),
        occupancy: None,
    };
    let json = serde_json::to_vec(&registration).unwrap();
    assert_eq!(parse_json::<VenueRegistration>(&json).unwrap(), registration);
    assert_eq!(serde_json::to_string(&NoBody {}).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&ReviewRequest { decision: ReviewDecision::Reject }).unwrap(), r#"{"decision":"reject"}"#);
}
