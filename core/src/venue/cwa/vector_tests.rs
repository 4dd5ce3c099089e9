//! The reader against every vector in `../shared/venueqr/vectors.json` (see its README): each
//! valid CWA poster gives the location id and fields upstream expects, each invalid URL is
//! refused with its own error.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use data_encoding::HEXLOWER;
use serde_json::Value;

use super::*;
use crate::exposure::LocationId;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/venueqr/vectors.json");

fn vectors() -> Value {
    serde_json::from_str(&std::fs::read_to_string(VECTORS).unwrap()).unwrap()
}

fn str_at<'a>(vector: &'a Value, pointer: &str) -> Option<&'a str> {
    vector.pointer(pointer).and_then(Value::as_str)
}

/// The poster a valid vector describes, read the way its kind is carried.
fn read_valid(vector: &Value) -> CwaPoster {
    let text = str_at(vector, "/url").unwrap();
    match str_at(vector, "/kind").unwrap() {
        "cwa" | "cwa-b32" => read_cwa_text(text).unwrap(),
        "cwa-raw-b64" => {
            let bytes = STANDARD.decode(text).or_else(|_| URL_SAFE_NO_PAD.decode(text)).unwrap();
            parse_cwa_payload(&bytes).unwrap()
        }
        other => panic!("unknown vector kind {other}"),
    }
}

#[test]
fn every_valid_cwa_vector_gives_its_location_id_and_fields() {
    let vectors = vectors();
    let mut checked = 0;
    for vector in vectors["valid"].as_array().unwrap().iter().filter(|v| v["kind"] != "crowdnotifier") {
        let id = str_at(vector, "/id").unwrap();
        let poster = read_valid(vector);
        let location = LocationId::of_cwa_poster(&poster);
        assert_eq!(HEXLOWER.encode(poster.payload()), str_at(vector, "/payload_hex").unwrap(), "{id}: payload");
        assert_eq!(Some(HEXLOWER.encode(&location.0).as_str()), str_at(vector, "/decoded/locationId_hex"), "{id}");
        let hash = str_at(vector, "/decoded/locationIdHash_hex(sha256(locationId))");
        assert_eq!(Some(HEXLOWER.encode(&location.hash().0).as_str()), hash, "{id}: hash");
        // The values the upstream test itself asserts, where it asserts them.
        let expected = &vector["expected"];
        if let Some(hex) = str_at(expected, "/locationId_hex") {
            assert_eq!(HEXLOWER.encode(&location.0), hex, "{id}: upstream location id");
        }
        if let Some(b64) = str_at(expected, "/locationId_b64") {
            assert_eq!(STANDARD.encode(location.0), b64, "{id}: upstream location id");
        }
        assert_eq!(Some(poster.description()), str_at(expected, "/description"), "{id}");
        if let Some(address) = str_at(expected, "/address") {
            assert_eq!(poster.address(), address, "{id}");
        }
        if let Some(code) = expected["type"].as_u64() {
            assert_eq!(u64::from(poster.location_type().code()), code, "{id}");
        }
        if let Some(minutes) = expected["defaultCheckInLengthInMinutes"].as_u64() {
            assert_eq!(poster.default_check_in_minutes().map_or(0, u64::from), minutes, "{id}");
        }
        if let (Some(start), Some(end)) = (expected["startTimestamp"].as_u64(), expected["endTimestamp"].as_u64()) {
            let nonzero = |t: u64| (t != 0).then_some(t);
            assert_eq!((poster.start_timestamp(), poster.end_timestamp()), (nonzero(start), nonzero(end)), "{id}");
        }
        checked += 1;
    }
    eprintln!("valid CWA vectors: {checked} passed");
    assert_eq!(checked, 12, "the README lists 12 valid CWA payloads");
}

#[test]
fn the_crowdnotifier_vector_is_not_read_as_a_cwa_poster() {
    let vectors = vectors();
    let cn = vectors["valid"].as_array().unwrap().iter().find(|v| v["kind"] == "crowdnotifier").unwrap();
    assert_eq!(read_cwa_text(str_at(cn, "/url").unwrap()), Err(CwaError::NotEventUrl));
    let payload = HEXLOWER.decode(str_at(cn, "/payload_hex").unwrap().as_bytes()).unwrap();
    let version = CwaError::UnsupportedVersion { message: CwaMessage::QrCodePayload, version: 3 };
    assert_eq!(parse_cwa_payload(&payload), Err(version));
}

/// The error each invalid vector must be refused with.
fn expected_refusal(id: &str) -> CwaError {
    match id {
        "cwa-invalid-e1-path" | "cwa-invalid-c1-placeholder" | "cwa-invalid-C1-upper" => CwaError::UnsupportedPath,
        "cwa-invalid-http-C1" | "cwa-invalid-empty" | "ios-invalid-wrong-host" => CwaError::NotEventUrl,
        "cn-invalid-version" | "cn-invalid-www-host" => CwaError::NotEventUrl,
        "ios-invalid-no-version" => CwaError::MissingVersion,
        "ios-invalid-payload" => CwaError::Encoding,
        other => panic!("no expected refusal for vector {other}"),
    }
}

#[test]
fn every_invalid_vector_is_refused_with_its_own_error() {
    let vectors = vectors();
    let cn = vectors["valid"].as_array().unwrap().iter().find(|v| v["kind"] == "crowdnotifier").unwrap();
    let cn_payload = str_at(cn, "/url").unwrap().split_once('#').unwrap().1;
    let mut refused = 0;
    for vector in vectors["invalid_urls"].as_array().unwrap() {
        let id = str_at(vector, "/id").unwrap();
        let url = str_at(vector, "/url").unwrap().replace("<same payload as cn-v4-example>", cn_payload);
        assert_eq!(read_cwa_text(&url), Err(expected_refusal(id)), "{id}");
        refused += 1;
    }
    eprintln!("invalid vectors: {refused} refused");
    assert_eq!(refused, 10, "the README lists 10 invalid URLs");
}
