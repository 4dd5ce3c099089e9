//! Each refusal of the CWA and CrowdNotifier readers, on payloads built field by field.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::*;

fn varint(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
    out
}

fn field_varint(number: u64, value: u64) -> Vec<u8> {
    [varint(number << 3), varint(value)].concat()
}

fn field_bytes(number: u64, bytes: &[u8]) -> Vec<u8> {
    [varint((number << 3) | 2), varint(bytes.len() as u64), bytes.to_vec()].concat()
}

/// The fields of an event poster; `payload()` encodes them as CWA does.
#[derive(Clone)]
struct Spec {
    version: u64,
    description: String,
    address: String,
    start: u64,
    end: u64,
    key: Vec<u8>,
    seed: Vec<u8>,
    kind: u64,
    minutes: u64,
}

fn spec() -> Spec {
    Spec {
        version: 1,
        description: "Warung Bu Sri".into(),
        address: "Jl. Kawi 3, Malang".into(),
        start: 0,
        end: 0,
        key: vec![7; 96],
        seed: vec![9; 16],
        kind: 4,
        minutes: 90,
    }
}

impl Spec {
    fn payload(&self) -> Vec<u8> {
        let mut location =
            [field_varint(1, 1), field_bytes(2, self.description.as_bytes()), field_bytes(3, self.address.as_bytes())].concat();
        if self.start != 0 {
            location.extend(field_varint(5, self.start));
        }
        if self.end != 0 {
            location.extend(field_varint(6, self.end));
        }
        let notifier = [field_varint(1, 1), field_bytes(2, &self.key), field_bytes(3, &self.seed)].concat();
        let vendor = [field_varint(1, 1), field_varint(2, self.kind), field_varint(3, self.minutes)].concat();
        [field_varint(1, self.version), field_bytes(2, &location), field_bytes(3, &notifier), field_bytes(4, &vendor)].concat()
    }

    fn url(&self) -> String {
        format!("https://e.coronawarn.app?v=1#{}", URL_SAFE_NO_PAD.encode(self.payload()))
    }

    fn parse(&self) -> Result<CwaPoster, CwaError> {
        parse_cwa_payload(&self.payload())
    }
}

#[test]
fn a_well_formed_poster_reads_back_its_fields() {
    let poster = read_cwa_text(&spec().url()).unwrap();
    assert_eq!((poster.description(), poster.address()), ("Warung Bu Sri", "Jl. Kawi 3, Malang"));
    assert_eq!((poster.location_type(), poster.default_check_in_minutes()), (CwaLocationType::PermanentFoodService, Some(90)));
    assert_eq!((poster.start_timestamp(), poster.end_timestamp()), (None, None));
    assert_eq!(poster.payload(), spec().payload());
}

#[test]
fn url_forms_scheme_host_case_trailing_slash_and_whitespace_are_accepted() {
    let fragment = spec().url().split_once('#').unwrap().1.to_owned();
    for url in [
        format!("HTTPS://E.CORONAWARN.APP?v=1#{fragment}"),
        format!("https://e.coronawarn.app/?v=1#{fragment}"),
        format!("  https://e.coronawarn.app?v=1#{fragment}\n"),
    ] {
        assert!(read_cwa_text(&url).is_ok(), "{url}");
    }
}

#[test]
fn url_refusals_each_have_their_own_error() {
    let fragment = spec().url().split_once('#').unwrap().1.to_owned();
    let cases = [
        (format!("http://e.coronawarn.app?v=1#{fragment}"), CwaError::NotEventUrl),
        (format!("https://e.coronawarn.app.evil.example?v=1#{fragment}"), CwaError::NotEventUrl),
        (format!("https://user@e.coronawarn.app?v=1#{fragment}"), CwaError::NotEventUrl),
        (format!("https://e.coronawarn.app/x?v=1#{fragment}"), CwaError::UnsupportedPath),
        (format!("https://e.coronawarn.app?x=1#{fragment}"), CwaError::MissingVersion),
        (format!("https://e.coronawarn.app?v=2#{fragment}"), CwaError::UnsupportedUrlVersion),
        (format!("https://e.coronawarn.app?v=1&r=3#{fragment}"), CwaError::UnsupportedUrlVersion),
        ("https://e.coronawarn.app?v=1".to_owned(), CwaError::MissingPayload),
        ("https://e.coronawarn.app?v=1#".to_owned(), CwaError::MissingPayload),
        (format!("https://e.coronawarn.app?v=1#{fragment}!"), CwaError::Encoding),
        (format!("https://e.coronawarn.app?v=1#{fragment}-+"), CwaError::Encoding),
        ("https://e.coronawarn.app?v=1#ABCDEFGH1".to_owned(), CwaError::Encoding),
    ];
    for (url, error) in cases {
        assert_eq!(read_cwa_text(&url), Err(error), "{url}");
    }
}

#[test]
fn oversized_text_and_payload_are_refused_unread() {
    let long = format!("https://e.coronawarn.app?v=1#{}", "A".repeat(MAX_CWA_TEXT_LEN));
    assert_eq!(read_cwa_text(&long), Err(CwaError::TooLong { length: long.len(), limit: MAX_CWA_TEXT_LEN }));
    let big = vec![0xffu8; MAX_CWA_PAYLOAD_LEN + 1];
    assert_eq!(parse_cwa_payload(&big), Err(CwaError::PayloadTooLarge { length: big.len(), limit: MAX_CWA_PAYLOAD_LEN }));
    let text = format!("https://e.coronawarn.app?v=1#{}", URL_SAFE_NO_PAD.encode(&big));
    assert_eq!(read_cwa_text(&text), Err(CwaError::PayloadTooLarge { length: big.len(), limit: MAX_CWA_PAYLOAD_LEN }));
}

#[test]
fn is_cwa_text_claims_only_the_cwa_host() {
    assert!(is_cwa_text(&spec().url()));
    assert!(is_cwa_text("HTTP://E.CORONAWARN.APP/C1/X"));
    assert!(!is_cwa_text("https://healthpass.example/c#AAAA"));
    assert!(!is_cwa_text("https://e.coronawarn.app.evil.example?v=1#AAAA"));
    assert!(!is_cwa_text(""));
}

#[test]
fn field_rules_each_refuse_with_their_own_error() {
    type Edit = fn(&mut Spec);
    let cases: [(Edit, CwaError); 14] = [
        (|s| s.description.clear(), CwaFieldError::Description.into()),
        (|s| s.description = "x".repeat(101), CwaFieldError::Description.into()),
        (|s| s.description = "a\nb".into(), CwaFieldError::Description.into()),
        (|s| s.address = "a\rb".into(), CwaFieldError::Address.into()),
        (|s| s.address = "\u{1b}[31m".into(), CwaFieldError::Address.into()),
        (|s| s.start = 1_700_000_000, CwaFieldError::Timestamps.into()),
        (|s| s.end = 1_700_000_000, CwaFieldError::Timestamps.into()),
        (|s| (s.start, s.end) = (1_700_000_001, 1_700_000_000), CwaFieldError::Timestamps.into()),
        (|s| s.key.clear(), CwaFieldError::PublicKey.into()),
        (|s| s.seed.clear(), CwaFieldError::Seed.into()),
        (|s| s.seed = vec![1; 33], CwaFieldError::Seed.into()),
        (|s| s.kind = 13, CwaFieldError::LocationType.into()),
        (|s| s.minutes = 1441, CwaFieldError::DefaultCheckInLength.into()),
        (|s| s.version = 2, CwaError::UnsupportedVersion { message: CwaMessage::QrCodePayload, version: 2 }),
    ];
    for (index, (edit, error)) in cases.into_iter().enumerate() {
        let mut spec = spec();
        edit(&mut spec);
        assert_eq!(spec.parse(), Err(error), "case {index}");
    }
}

#[test]
fn limits_themselves_are_accepted() {
    let mut edge = spec();
    edge.description = "é".repeat(100);
    edge.seed = vec![1; 32];
    edge.key = vec![2; 256];
    (edge.minutes, edge.kind) = (1440, 12);
    (edge.start, edge.end) = (1_700_000_000, 1_700_000_000);
    let poster = edge.parse().unwrap();
    assert_eq!((poster.default_check_in_minutes(), poster.start_timestamp()), (Some(1440), Some(1_700_000_000)));
}

#[test]
fn missing_messages_and_inner_versions_are_refused() {
    let payload = spec().payload();
    let without_vendor: Vec<u8> = {
        let vendor = [field_varint(1, 1), field_varint(2, 4), field_varint(3, 90)].concat();
        payload[..payload.len() - field_bytes(4, &vendor).len()].to_vec()
    };
    assert_eq!(parse_cwa_payload(&without_vendor), Err(CwaError::MissingField("vendorData")));
    let only_version = field_varint(1, 1);
    assert_eq!(parse_cwa_payload(&only_version), Err(CwaError::MissingField("locationData")));
    let bad_inner = [field_varint(1, 1), field_bytes(2, &field_varint(1, 3))].concat();
    let error = CwaError::UnsupportedVersion { message: CwaMessage::TraceLocation, version: 3 };
    assert_eq!(parse_cwa_payload(&bad_inner), Err(error));
}

#[test]
fn wire_level_damage_is_a_typed_protobuf_error() {
    let valid = spec().payload();
    let cases = [
        ([valid.clone(), field_varint(1, 1)].concat(), ProtobufError::RepeatedField),
        ([field_varint(1, 1), field_varint(2, 5)].concat(), ProtobufError::WireType),
        (vec![0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], ProtobufError::VarintOverflow),
        ([varint(1 << 3), varint(1 << 32)].concat(), ProtobufError::VarintOverflow),
        (vec![0x0b], ProtobufError::WireType),
        (vec![0x00, 0x01], ProtobufError::FieldNumber),
        (vec![0x12, 0x05, 0x01], ProtobufError::Truncated),
        (
            [field_varint(1, 1), field_bytes(2, &[field_varint(1, 1), field_bytes(2, b"\xff\xfe")].concat())].concat(),
            ProtobufError::Utf8,
        ),
    ];
    for (index, (bytes, error)) in cases.into_iter().enumerate() {
        let parsed = parse_cwa_payload(&bytes).map(|_| ());
        assert_eq!(parsed, Err(CwaError::Protobuf(error)), "case {index}");
    }
}

#[test]
fn every_truncation_of_a_valid_payload_is_refused() {
    let payload = spec().payload();
    for length in 0..payload.len() {
        assert!(parse_cwa_payload(&payload[..length]).is_err(), "length {length}");
    }
}

#[test]
fn unknown_fields_are_skipped_but_change_the_location_id() {
    let payload = spec().payload();
    let extended = [payload.clone(), field_varint(15, 1), field_bytes(16, b"x"), vec![0x8d, 0x01, 1, 2, 3, 4]].concat();
    let (plain, extra) = (parse_cwa_payload(&payload).unwrap(), parse_cwa_payload(&extended).unwrap());
    assert_eq!(plain.description(), extra.description());
    let (a, b) = (crate::exposure::LocationId::of_cwa_poster(&plain), crate::exposure::LocationId::of_cwa_poster(&extra));
    assert_ne!(a.0, b.0);
}

/// A CrowdNotifier (version 3) payload: timestamps at fields 4/5, a type, country data.
fn crowdnotifier_payload(address: &str, seed: &[u8], start: u64, end: u64) -> Vec<u8> {
    let location = [field_varint(1, 3), field_bytes(2, b"Rapat RT 5"), field_bytes(3, address.as_bytes())].concat();
    let location = [location, field_varint(4, start), field_varint(5, end)].concat();
    let notifier = [field_varint(1, 3), field_bytes(2, &[7; 96]), field_bytes(3, seed), field_varint(4, 1)].concat();
    [field_varint(1, 3), field_bytes(2, &location), field_bytes(3, &notifier), field_bytes(4, &[8, 1])].concat()
}

fn crowdnotifier_url(payload: &[u8]) -> String {
    format!("https://qr.example.org?v=4#{}", URL_SAFE_NO_PAD.encode(payload))
}

#[test]
fn a_crowdnotifier_payload_reads_its_own_field_numbers_and_rules() {
    let poster = parse_cwa_payload(&crowdnotifier_payload("", &[9; 32], 100, 200)).unwrap();
    assert_eq!(poster.format(), EventFormat::CrowdNotifier);
    assert_eq!((poster.description(), poster.address()), ("Rapat RT 5", ""), "an empty address is allowed");
    assert_eq!((poster.start_timestamp(), poster.end_timestamp()), (Some(100), Some(200)));
    assert_eq!((poster.location_type(), poster.default_check_in_minutes()), (CwaLocationType::Unspecified, None));
    let seed = |seed: &[u8]| parse_cwa_payload(&crowdnotifier_payload("Jl. Kawi 3", seed, 0, 0)).map(|_| ());
    assert_eq!(seed(&[9; 32]), Ok(()));
    assert_eq!(seed(&[9; 16]), Err(CwaFieldError::Seed.into()), "CrowdNotifier seeds are 32 bytes");
    let reversed = parse_cwa_payload(&crowdnotifier_payload("", &[9; 32], 200, 100));
    assert_eq!(reversed, Err(CwaFieldError::Timestamps.into()));
    let mut cwa = spec();
    cwa.address.clear();
    assert_eq!(cwa.parse(), Err(CwaFieldError::Address.into()), "CWA still needs an address");
}

#[test]
fn crowdnotifier_url_refusals_have_their_own_errors() {
    let payload = crowdnotifier_payload("", &[9; 32], 100, 200);
    let url = crowdnotifier_url(&payload);
    let fragment = url.split_once('#').unwrap().1;
    assert!(read_crowdnotifier_text(&url, Some("qr.example.org")).is_ok());
    let cases = [
        (format!("https://qr.example.org#{fragment}"), CwaError::MissingVersion),
        (format!("https://qr.example.org?v=4&v=4#{fragment}"), CwaError::UnsupportedUrlVersion),
        (format!("https://qr.example.org?v=1#{fragment}"), CwaError::UnsupportedUrlVersion),
        (format!("https://qr.example.org/c?v=4#{fragment}"), CwaError::UnsupportedPath),
        (format!("https://user@qr.example.org?v=4#{fragment}"), CwaError::NotEventUrl),
        (format!("https://qr.example.org:8443?v=4#{fragment}"), CwaError::NotEventUrl),
        (format!("https://?v=4#{fragment}"), CwaError::NotEventUrl),
        ("https://qr.example.org?v=4#".to_owned(), CwaError::MissingPayload),
        ("https://qr.example.org?v=4#!!".to_owned(), CwaError::Encoding),
        (
            format!("https://qr.example.org?v=4#{fragment}{}", "A".repeat(MAX_CWA_TEXT_LEN)),
            CwaError::TooLong { length: url.len() + MAX_CWA_TEXT_LEN, limit: MAX_CWA_TEXT_LEN },
        ),
    ];
    for (text, error) in cases {
        assert_eq!(read_crowdnotifier_text(&text, None), Err(error), "{text}");
    }
    let other_host = crowdnotifier_url(&payload).replace("qr.example.org", "www.qr.example.org");
    assert_eq!(read_crowdnotifier_text(&other_host, Some("qr.example.org")), Err(CwaError::WrongHost));
    assert!(read_crowdnotifier_text(&other_host, None).is_ok());
    let mut inner = crowdnotifier_payload("", &[9; 32], 0, 0);
    inner[5] = 1; // TraceLocation's version field: 3 becomes 1
    let version = CwaError::UnsupportedVersion { message: CwaMessage::TraceLocation, version: 1 };
    assert_eq!(parse_cwa_payload(&inner), Err(version));
}
