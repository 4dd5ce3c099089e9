//! The readers against every vector in `../shared/venueqr/vectors.json` (see its README): each
//! valid CWA poster gives the location id and fields upstream expects, the CrowdNotifier poster
//! its pre-identity as location id, each invalid URL is refused by both readers with its own error.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use data_encoding::HEXLOWER;
use hkdf::Hkdf;
use serde_json::Value;
use sha2::{Digest, Sha256};

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
        assert_eq!(Some(HEXLOWER.encode(&Sha256::digest(location.0)).as_str()), hash, "{id}: hash");
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

/// The host the CrowdNotifier vectors were made for.
const CN_HOST: &str = "qr.example.org";

fn crowdnotifier_vector(vectors: &Value) -> &Value {
    let cn = vectors["valid"].as_array().unwrap().iter().filter(|v| v["kind"] == "crowdnotifier").collect::<Vec<_>>();
    assert_eq!(cn.len(), 1, "the README lists one valid CrowdNotifier payload");
    cn[0]
}

#[test]
fn the_crowdnotifier_vector_gives_its_pre_identity_as_location_id() {
    let vectors = vectors();
    assert_eq!(vectors["valid"].as_array().unwrap().len(), 13, "12 CWA + 1 CrowdNotifier");
    let cn = crowdnotifier_vector(&vectors);
    let url = str_at(cn, "/url").unwrap();
    let poster = read_crowdnotifier_text(url, Some(CN_HOST)).unwrap();
    assert_eq!(read_crowdnotifier_text(url, None).as_ref(), Ok(&poster), "any host when none is pinned");
    assert_eq!(poster.format(), EventFormat::CrowdNotifier);
    let payload = poster.payload();
    assert_eq!(HEXLOWER.encode(payload), str_at(cn, "/payload_hex").unwrap());
    assert_eq!(Some(poster.description()), str_at(cn, "/decoded/locationData/description"));
    assert_eq!(Some(poster.address()), str_at(cn, "/decoded/locationData/address"));
    let timestamps = (cn.pointer("/decoded/locationData/startTimestamp"), cn.pointer("/decoded/locationData/endTimestamp"));
    assert_eq!(
        (poster.start_timestamp(), poster.end_timestamp()),
        (timestamps.0.unwrap().as_u64(), timestamps.1.unwrap().as_u64())
    );
    // preId = SHA-256("CN-PREID" || payload || noncePreId), written out here; the same
    // derivation is checked against crowdnotifier_crypto_vectors.json in exposure.
    let mut nonces = [0u8; 96];
    Hkdf::<Sha256>::new(None, payload).expand(b"CrowdNotifier_v3", &mut nonces).unwrap();
    let pre_id: [u8; 32] =
        Sha256::new().chain_update(b"CN-PREID").chain_update(payload).chain_update(&nonces[..32]).finalize().into();
    let location = LocationId::of_cwa_poster(&poster);
    assert_eq!(location.0, pre_id);
    let cwa_id: [u8; 32] = Sha256::new().chain_update(b"CWA-GUID").chain_update(payload).finalize().into();
    assert_ne!(location.0, cwa_id);
    eprintln!("valid CrowdNotifier vectors: 1 passed");
}

#[test]
fn the_readers_keep_to_their_own_format() {
    let vectors = vectors();
    let cn_url = str_at(crowdnotifier_vector(&vectors), "/url").unwrap();
    assert_eq!(read_cwa_text(cn_url), Err(CwaError::NotEventUrl));
    let fragment = cn_url.split_once('#').unwrap().1;
    let version_3 = CwaError::UnsupportedVersion { message: CwaMessage::QrCodePayload, version: 3 };
    assert_eq!(read_cwa_text(&format!("https://e.coronawarn.app?v=1#{fragment}")), Err(version_3));
    let cwa = vectors["valid"].as_array().unwrap().iter().find(|v| v["kind"] == "cwa").unwrap();
    let cwa_fragment = str_at(cwa, "/url").unwrap().split_once('#').unwrap().1;
    let version_1 = CwaError::UnsupportedVersion { message: CwaMessage::QrCodePayload, version: 1 };
    assert_eq!(read_crowdnotifier_text(&format!("https://{CN_HOST}?v=4#{cwa_fragment}"), None), Err(version_1));
}

#[test]
fn the_crowdnotifier_sdk_url_forms_are_read() {
    let vectors = vectors();
    let fragment = str_at(crowdnotifier_vector(&vectors), "/url").unwrap().split_once('#').unwrap().1;
    let expected = read_crowdnotifier_text(&format!("https://{CN_HOST}?v=4#{fragment}"), Some(CN_HOST)).unwrap();
    for form in
        ["http://qr.example.org?v=4#", "qr.example.org?v=4#", "https://qr.example.org/?v=4#", "https://qr.example.org?v=4&r=3#"]
    {
        let text = format!("{form}{fragment}");
        assert!(is_crowdnotifier_text(&text), "{form}");
        assert_eq!(read_crowdnotifier_text(&text, Some(CN_HOST)).as_ref(), Ok(&expected), "{form}");
    }
}

/// The error each invalid vector must be refused with by the CWA reader.
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

/// The error each invalid vector must be refused with by the CrowdNotifier reader pinned to
/// the vectors' host: a wrong URL version, or (for everything on another host, `www.` too) the host.
fn expected_crowdnotifier_refusal(id: &str) -> CwaError {
    match id {
        "cwa-invalid-empty" => CwaError::NotEventUrl,
        "cn-invalid-version" => CwaError::UnsupportedUrlVersion,
        _ => CwaError::WrongHost,
    }
}

#[test]
fn every_invalid_vector_is_refused_with_its_own_error() {
    let vectors = vectors();
    let cn_payload = str_at(crowdnotifier_vector(&vectors), "/url").unwrap().split_once('#').unwrap().1;
    let mut refused = 0;
    for vector in vectors["invalid_urls"].as_array().unwrap() {
        let id = str_at(vector, "/id").unwrap();
        let url = str_at(vector, "/url").unwrap().replace("<same payload as cn-v4-example>", cn_payload);
        assert_eq!(read_cwa_text(&url), Err(expected_refusal(id)), "{id}");
        assert_eq!(read_crowdnotifier_text(&url, Some(CN_HOST)), Err(expected_crowdnotifier_refusal(id)), "{id}");
        refused += 1;
    }
    eprintln!("invalid vectors: {refused} refused");
    assert_eq!(refused, 10, "the README lists 10 invalid URLs");
}
