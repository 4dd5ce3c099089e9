use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;

/// 23 November 2026 at `hour` o'clock UTC.
pub(crate) fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, hour, 0, 0).single().unwrap_or_default()
}

fn details() -> VenueDetails {
    VenueDetails {
        name: "Mal Bekasi Raya".into(),
        address: "Jl. Ahmad Yani No. 1, Bekasi".into(),
        category: VenueCategory::Mall,
        default_stay: DefaultStay::from_minutes(90).unwrap(),
        valid_from: at(0),
        valid_until: at(0) + TimeDelta::days(365),
    }
}

/// A mall's v2 poster signed by `key`, valid for a year from [`at`]`(0)`, with seed `[9; 32]`.
pub(crate) fn signed(key: &RegistrySigningKey) -> SignedPoster {
    assembled(key, details(), PosterSeed([9; 32]))
}

/// The operator's seed, the registry's signature of its commitment, and the two put together.
fn assembled(key: &RegistrySigningKey, details: VenueDetails, seed: PosterSeed) -> SignedPoster {
    let poster = VenuePoster::committed(VenueId([7; 16]), seed.commitment(), details).unwrap();
    let registered = key.sign_poster_for(poster, &PosterBaseUrl::default());
    assemble_poster(registered.bytes(), &seed, &PosterBaseUrl::default(), &trusting(key), at(12)).unwrap()
}

/// A format-v1 poster (registry-made seed), as old diaries hold them.
fn signed_v1(key: &RegistrySigningKey) -> SignedPoster {
    key.sign_poster(VenuePoster::new(VenueId([7; 16]), [9; 16], details()).unwrap())
}

fn trusting(key: &RegistrySigningKey) -> TrustedRegistries {
    TrustedRegistries::new(vec![key.public_key()])
}

fn url(poster: &SignedPoster) -> String {
    poster.to_url(&PosterBaseUrl::default())
}

#[test]
fn signed_poster_round_trips_through_its_url() {
    let key = RegistrySigningKey::generate();
    let poster = signed(&key);
    let read = read_poster_text(&url(&poster), &trusting(&key), at(12)).unwrap();
    assert_eq!(read, poster);
    assert_eq!(read.poster().name(), "Mal Bekasi Raya");
    assert_eq!(read.poster().default_stay().minutes(), 90);
    assert_eq!(read.poster().venue_id(), VenueId([7; 16]));
}

#[test]
fn payload_layout_matches_the_protocol_document() {
    let key = RegistrySigningKey::from_text("healthpass-registry-secret-v1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE").unwrap();
    let bytes = signed(&key).bytes().to_vec();
    assert_eq!(bytes[0], POSTER_VERSION);
    assert_eq!(&bytes[1..9], &key.public_key().key_id().0);
    assert_eq!(&bytes[9..25], &[7; 16]);
    assert_eq!(bytes[25], 1, "mall is category 1");
    assert_eq!(bytes[26], 6, "90 minutes is 6 quarter hours");
    assert_eq!(&bytes[27..59], &PosterSeed([9; 32]).commitment().0);
    assert_eq!(&bytes[59..67], &(at(0).timestamp() as u64).to_be_bytes());
    assert_eq!(u16::from_be_bytes([bytes[75], bytes[76]]), 15);
    assert_eq!(&bytes[77..92], b"Mal Bekasi Raya");
    assert_eq!(&bytes[bytes.len() - 32..], &[9; 32], "the seed follows the signature");
    assert_eq!(bytes.len(), 75 + 2 + 15 + 2 + 28 + 64 + 32);
}

#[test]
fn v1_posters_of_old_diaries_still_verify_and_keep_their_layout() {
    let key = RegistrySigningKey::generate();
    let poster = signed_v1(&key);
    let bytes = poster.bytes();
    assert_eq!(bytes[0], POSTER_VERSION_V1);
    assert_eq!(&bytes[27..43], &[9; 16]);
    assert_eq!(bytes.len(), 59 + 2 + 15 + 2 + 28 + 64);
    assert_eq!(read_poster_text(&url(&poster), &trusting(&key), at(12)).unwrap(), poster);
    assert_eq!(stored_poster(bytes).unwrap(), poster);
}

#[test]
fn a_seed_that_does_not_open_the_signed_commitment_is_refused() {
    let key = RegistrySigningKey::generate();
    let seed = PosterSeed([9; 32]);
    let poster = VenuePoster::committed(VenueId([7; 16]), seed.commitment(), details()).unwrap();
    let registered = key.sign_poster_for(poster, &PosterBaseUrl::default());
    let other = PosterSeed([8; 32]);
    let base = PosterBaseUrl::default();
    assert_eq!(assemble_poster(registered.bytes(), &other, &base, &trusting(&key), at(12)), Err(PosterError::CommitmentMismatch));
    let mut bytes = signed(&key).bytes().to_vec();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert_eq!(verify_poster_bytes(&bytes, &base, &trusting(&key), at(12)), Err(PosterError::CommitmentMismatch));
    assert_eq!(PosterError::CommitmentMismatch.code(), "commitment_mismatch");
}

#[test]
fn the_registrys_copy_has_no_seed_and_gives_no_location_id() {
    let key = RegistrySigningKey::generate();
    let seed = PosterSeed([9; 32]);
    let poster = VenuePoster::committed(VenueId([7; 16]), seed.commitment(), details()).unwrap();
    let registered = key.sign_poster_for(poster, &PosterBaseUrl::default());
    assert_eq!(registered.seed(), None);
    assert!(!registered.bytes().windows(32).any(|w| w == seed.0), "the seed is nowhere in what the registry holds");
    assert_eq!(crate::exposure::LocationId::of_venue(&registered), None);
    let kept = registry_copy(registered.bytes()).unwrap();
    assert_eq!((kept.poster(), kept.seed()), (registered.poster(), None), "the registry reads its copy back");
    let with_seed = [registered.bytes(), &seed.0[..]].concat();
    assert_eq!(
        registry_copy(&with_seed),
        Err(PosterError::Malformed(MalformedReason::TrailingBytes)),
        "a copy never holds a seed"
    );
    let text = registered.to_url(&PosterBaseUrl::default());
    assert_eq!(
        read_poster_text(&text, &trusting(&key), at(12)),
        Err(PosterError::Malformed(MalformedReason::MissingSeed)),
        "a poster printed without its seed is refused"
    );
    let phone = read_poster_text(&url(&signed(&key)), &trusting(&key), at(12)).unwrap();
    assert!(crate::exposure::LocationId::of_venue(&phone).is_some());
}

#[test]
fn a_reprint_with_a_fresh_seed_is_a_fresh_location() {
    let key = RegistrySigningKey::generate();
    let first = assembled(&key, details(), PosterSeed::random());
    let reprint = assembled(&key, details(), PosterSeed::random());
    let id = |p: &SignedPoster| crate::exposure::LocationId::of_venue(p).unwrap();
    assert_ne!(id(&first), id(&reprint));
    assert_eq!(first.poster().venue_id(), reprint.poster().venue_id());
}

#[test]
fn a_v2_poster_verifies_only_at_the_base_url_it_was_signed_for() {
    let key = RegistrySigningKey::generate();
    let poster = signed(&key);
    let elsewhere = PosterBaseUrl::new("https://phishing.example/c").unwrap();
    assert_eq!(read_poster_text(&poster.to_url(&elsewhere), &trusting(&key), at(12)), Err(PosterError::ForgedSignature));
}

#[test]
fn a_v2_poster_is_valid_for_at_most_a_year() {
    let mut long = details();
    long.valid_until = long.valid_from + TimeDelta::days(MAX_POSTER_VALIDITY_DAYS + 1);
    let commitment = PosterSeed([1; 32]).commitment();
    assert_eq!(VenuePoster::committed(VenueId([7; 16]), commitment, long), Err(FieldError::ValidityTooLong));
    assert!(VenuePoster::committed(VenueId([7; 16]), commitment, details()).is_ok(), "exactly a year");
}

#[test]
fn seed_and_commitment_text_forms_round_trip() {
    let seed = PosterSeed::random();
    assert_eq!(PosterSeed::from_text(&format!(" {}\n", seed.to_text())), Ok(seed));
    assert_eq!(PosterSeed::from_text("healthpass-poster-seed-v2:AAAA"), Err(InvalidPosterSecret));
    let commitment = seed.commitment();
    assert_eq!(PosterCommitment::from_base64url(&commitment.to_base64url()), Ok(commitment));
    assert!(commitment.opens_to(&seed));
    assert_eq!(format!("{seed:?}"), "PosterSeed(..)");
}

#[test]
fn poster_from_an_untrusted_registry_is_refused_as_unknown_key() {
    let poster = signed(&RegistrySigningKey::generate());
    let other = RegistrySigningKey::generate();
    let error = read_poster_text(&url(&poster), &trusting(&other), at(12)).unwrap_err();
    assert_eq!(error, PosterError::UnknownKeyId(poster.key_id()));
    assert_eq!(error.code(), "unknown_key_id");
}

#[test]
fn poster_with_an_altered_byte_is_refused_as_forged() {
    let key = RegistrySigningKey::generate();
    let mut bytes = signed(&key).bytes().to_vec();
    bytes[77] = b'X'; // first letter of the name
    let error = verify_poster_bytes(&bytes, &PosterBaseUrl::default(), &trusting(&key), at(12)).unwrap_err();
    assert_eq!(error, PosterError::ForgedSignature);
}

#[test]
fn poster_signed_by_another_key_with_the_same_key_id_is_forged() {
    let key = RegistrySigningKey::generate();
    let impostor = RegistrySigningKey::generate();
    let mut bytes = signed(&impostor).bytes().to_vec();
    bytes[1..9].copy_from_slice(&key.public_key().key_id().0);
    let signed_len = bytes.len() - 64 - 32;
    let error = verify_poster_bytes(&bytes, &PosterBaseUrl::default(), &trusting(&key), at(12)).unwrap_err();
    assert_eq!(error, PosterError::ForgedSignature, "signed part of {signed_len} bytes");
}

#[test]
fn rotated_keys_both_verify() {
    let old = RegistrySigningKey::generate();
    let new = RegistrySigningKey::generate();
    let trusted = TrustedRegistries::new(vec![old.public_key(), new.public_key()]);
    for key in [&old, &new] {
        assert!(read_poster_text(&url(&signed(key)), &trusted, at(12)).is_ok());
    }
}

#[test]
fn poster_is_refused_before_its_validity_and_from_its_end() {
    let key = RegistrySigningKey::generate();
    let text = url(&signed(&key));
    let before = at(0) - TimeDelta::seconds(1);
    assert_eq!(read_poster_text(&text, &trusting(&key), before), Err(PosterError::NotYetValid { valid_from: at(0) }));
    assert!(read_poster_text(&text, &trusting(&key), at(0)).is_ok());
    let end = at(0) + TimeDelta::days(365);
    assert_eq!(read_poster_text(&text, &trusting(&key), end), Err(PosterError::Expired { valid_until: end }));
}

#[test]
fn unsupported_version_is_named() {
    let key = RegistrySigningKey::generate();
    let mut bytes = signed(&key).bytes().to_vec();
    bytes[0] = 3;
    let base = PosterBaseUrl::default();
    assert_eq!(verify_poster_bytes(&bytes, &base, &trusting(&key), at(12)), Err(PosterError::UnsupportedVersion(3)));
}

#[test]
fn overlong_text_is_refused_before_parsing() {
    let text = format!("https://healthpass.example/c#{}", "A".repeat(MAX_POSTER_TEXT_LEN));
    let error = read_poster_text(&text, &TrustedRegistries::default(), at(12)).unwrap_err();
    assert_eq!(error.code(), "too_long");
}

#[test]
fn malformed_texts_say_where_they_fail() {
    let key = RegistrySigningKey::generate();
    let trusted = trusting(&key);
    let good = signed(&key).bytes().to_vec();
    let cases: Vec<(String, MalformedReason)> = vec![
        ("hello".into(), MalformedReason::NotAPosterUrl),
        ("http://healthpass.example/c#AQ".into(), MalformedReason::NotAPosterUrl),
        ("https://healthpass.example/c#not base64!".into(), MalformedReason::Encoding),
        (encode(&good[..40]), MalformedReason::Truncated),
        (encode(&good[..good.len() - 1]), MalformedReason::Truncated),
        (encode(&[good.as_slice(), &[0]].concat()), MalformedReason::TrailingBytes),
        (encode(&with_byte(&good, 25, 200)), MalformedReason::Field(FieldError::Category)),
        (encode(&with_byte(&good, 26, 0)), MalformedReason::Field(FieldError::DefaultStay)),
        (encode(&with_byte(&good, 26, 96)), MalformedReason::Field(FieldError::DefaultStay)),
        (encode(&with_byte(&good, 77, 0x07)), MalformedReason::Field(FieldError::Name)),
        (encode(&with_byte(&good, 77, 0xff)), MalformedReason::Utf8),
    ];
    for (text, reason) in cases {
        assert_eq!(read_poster_text(&text, &trusted, at(12)), Err(PosterError::Malformed(reason)), "{text}");
    }
}

fn with_byte(bytes: &[u8], index: usize, value: u8) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[index] = value;
    out
}

fn encode(bytes: &[u8]) -> String {
    use base64::Engine;
    format!("https://healthpass.example/c#{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

#[test]
fn field_rules_are_enforced_when_building() {
    let build = |change: &dyn Fn(&mut VenueDetails)| {
        let mut d = details();
        change(&mut d);
        VenuePoster::new(VenueId([0; 16]), [0; 16], d)
    };
    assert_eq!(build(&|d| d.name = String::new()), Err(FieldError::Name));
    assert_eq!(build(&|d| d.name = "é".repeat(101)), Err(FieldError::Name));
    assert!(build(&|d| d.name = "é".repeat(100)).is_ok());
    assert_eq!(build(&|d| d.name = "Toko\nBaru".into()), Err(FieldError::Name));
    assert_eq!(build(&|d| d.address = "\u{0}".into()), Err(FieldError::Address));
    assert_eq!(build(&|d| d.valid_until = d.valid_from), Err(FieldError::ValidityWindow));
    for minutes in [0, 14, 20, 1440] {
        assert_eq!(DefaultStay::from_minutes(minutes), Err(FieldError::DefaultStay), "{minutes}");
    }
    assert_eq!(DefaultStay::from_minutes(1425).map(DefaultStay::minutes), Ok(1425));
}

#[test]
fn largest_valid_poster_fits_the_text_limit() {
    let key = RegistrySigningKey::generate();
    let mut d = details();
    d.name = "\u{10348}".repeat(100);
    d.address = "\u{10348}".repeat(100);
    let seed = PosterSeed([2; 32]);
    let base = PosterBaseUrl::new(&format!("https://{}", "a".repeat(MAX_BASE_URL_LEN - 8))).unwrap();
    let registered = key.sign_poster_for(VenuePoster::committed(VenueId([1; 16]), seed.commitment(), d).unwrap(), &base);
    let poster = assemble_poster(registered.bytes(), &seed, &base, &trusting(&key), at(12)).unwrap();
    assert_eq!(poster.bytes().len(), MAX_PAYLOAD_LEN);
    let text = poster.to_url(&base);
    assert_eq!(text.len(), MAX_POSTER_TEXT_LEN);
    assert!(read_poster_text(&text, &trusting(&key), at(12)).is_ok());
}

#[test]
fn key_text_forms_round_trip_and_refuse_the_wrong_kind() {
    let key = RegistrySigningKey::generate();
    let public = key.public_key();
    assert_eq!(RegistrySigningKey::from_text(&key.to_text()).unwrap().public_key(), public);
    assert_eq!(RegistryPublicKey::from_text(&format!("{}\n", public.to_text())).unwrap(), public);
    assert_eq!(RegistryPublicKey::from_text(&key.to_text()).unwrap_err(), KeyFileError::WrongKind);
    assert_eq!(RegistryPublicKey::from_text("healthpass-registry-public-v1:AAAA").unwrap_err(), KeyFileError::Encoding);
}

#[test]
fn categories_round_trip_by_wire_code_and_name() {
    for category in VenueCategory::ALL {
        assert_eq!(VenueCategory::from_wire_code(category.wire_code()), Ok(category));
        assert_eq!(category.name().parse(), Ok(category));
    }
    assert_eq!(VenueCategory::from_wire_code(0), Err(FieldError::Category));
}

/// The worked example of docs/PROTOCOL.md: fixed key, id, seed and times give fixed bytes
/// (Ed25519 signatures are deterministic), so the document is checked against the code.
fn protocol_example() -> (RegistrySigningKey, SignedPoster) {
    let key = RegistrySigningKey::from_text("healthpass-registry-secret-v1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE").unwrap();
    let details = VenueDetails {
        name: "Toko Maju".into(),
        address: "Jl. Ijen 5, Malang".into(),
        category: VenueCategory::Shop,
        default_stay: DefaultStay::from_minutes(30).unwrap(),
        valid_from: details_valid_from(),
        valid_until: Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap(),
    };
    let venue_id = VenueId(std::array::from_fn(|i| i as u8));
    let seed = PosterSeed(std::array::from_fn(|i| 0xa0 + i as u8));
    let base = PosterBaseUrl::default();
    let registered = key.sign_poster_for(VenuePoster::committed(venue_id, seed.commitment(), details).unwrap(), &base);
    let poster = assemble_poster(registered.bytes(), &seed, &base, &trusting(&key), details_valid_from()).unwrap();
    (key, poster)
}

#[test]
fn protocol_document_example_matches_the_code() {
    let (key, poster) = protocol_example();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/PROTOCOL.md")).unwrap();
    let hex: String = poster.bytes().iter().map(|b| format!("{b:02x}")).collect();
    let doc_hex: String = doc
        .split("<!-- example-hex -->")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with("```"))
        .flat_map(|l| l.split_whitespace().take_while(|w| !w.starts_with('#')))
        .collect();
    assert_eq!(doc_hex, hex, "payload hex in docs/PROTOCOL.md");
    let url = poster.to_url(&PosterBaseUrl::default());
    assert!(doc.contains(&format!("\n{url}\n")), "URL in docs/PROTOCOL.md should be:\n{url}");
    assert!(doc.contains(&key.public_key().to_text()));
    assert_eq!(read_poster_text(&url, &trusting(&key), Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap()).unwrap(), poster);
}

/// The first instant of the worked example's validity (1 January 2026, UTC).
fn details_valid_from() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

#[test]
fn nearest_default_stay_rounds_to_quarter_hours_and_clamps() {
    let cases =
        [(0, 15), (10, 15), (22, 15), (23, 30), (28, 30), (120, 120), (1371, 1365), (1432, 1425), (1440, 1425), (u32::MAX, 1425)];
    for (minutes, expected) in cases {
        assert_eq!(DefaultStay::nearest(minutes).minutes(), expected, "{minutes} minutes");
    }
}

#[test]
fn a_venue_id_reads_back_from_its_hex_and_nothing_else_parses() {
    let id = VenueId([0xab; 16]);
    assert_eq!(id.to_string().parse::<VenueId>(), Ok(id));
    for bad in ["", "ab", &"AB".repeat(16), &"ab".repeat(17), &"zz".repeat(16)] {
        assert_eq!(bad.parse::<VenueId>(), Err(FieldError::VenueId), "{bad:?}");
    }
}
