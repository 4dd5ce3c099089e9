//! The reference server, started as the real binary on loopback, through its HTTP API:
//! accounts, venues, cases and the refusals every route shares. Each scenario runs on SQLite
//! and on PostgreSQL.

use healthpass_core::api::RegisteredPoster;
use healthpass_core::venue::PosterSeed;
use healthpass_e2e::server_client::{ServerFixture, case_terms, error_of, reply};
use healthpass_e2e::{Backend, healthpass_ok, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    operator_registers_a_venue_whose_poster_checks_in_on_a_phone,
    officer_confirms_a_case_and_gets_a_one_time_code,
    missing_or_wrong_tokens_are_401_and_wrong_roles_403,
    malformed_bodies_get_exact_status_codes,
    keys_and_accounts_survive_a_restart,
    opted_in_venues_count_occupancy_never_below_zero,
    officers_issue_certificates_and_see_only_daily_counts,
);

/// A registration body: public fields and the commitment to a fresh seed (which is dropped:
/// these tests do not print the poster).
fn venue_body() -> Value {
    venue_body_for(&PosterSeed::random())
}

fn venue_body_for(seed: &PosterSeed) -> Value {
    json!({
        "name": "Mal Bekasi Raya", "address": "Jl. Ahmad Yani 1, Bekasi", "category": "mall", "default_stay_minutes": 90,
        "commitment": seed.commitment().to_base64url(),
    })
}

fn operator_registers_a_venue_whose_poster_checks_in_on_a_phone(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let seed = PosterSeed::random();
    let (status, venue) = reply(f.post("/v1/venues", Some(&f.operator)).json(&venue_body_for(&seed)));
    assert_eq!(status, StatusCode::CREATED, "{venue}");
    // The registry's reply holds the signed public part only: no seed, nothing to derive one.
    assert!(!venue.to_string().contains(&seed.to_text()), "{venue}");
    let registered: RegisteredPoster = serde_json::from_value(venue.clone()).unwrap();
    let (_, url) = registered.assemble(&seed, None, chrono::Utc::now()).unwrap();
    let (status, keys) = reply(f.get("/v1/registry-keys", None));
    assert_eq!(status, StatusCode::OK);
    let phone = tempfile::tempdir().unwrap();
    std::fs::write(phone.path().join("registry.pub"), keys["keys"][0].as_str().unwrap()).unwrap();
    let url = url.as_str();
    let checked_in =
        healthpass_ok(phone.path(), &["--json", "--db", "d.db", "checkin", "--text", url, "--registry", "registry.pub"]).json();
    assert_eq!(checked_in["visit"]["venue_name"], "Mal Bekasi Raya");
    assert_eq!(checked_in["visit"]["venue_id"], venue["venue_id"]);
}

fn officer_confirms_a_case_and_gets_a_one_time_code(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let (status, case) = reply(f.post("/v1/cases", Some(&f.officer)).json(&case_terms()));
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let code = case["upload_code"].as_str().unwrap();
    assert_eq!(code.len(), 14, "XXXX-XXXX-XXXX: {code}");
    assert!(code.chars().all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)), "{code}");
    let expires_at = chrono::DateTime::parse_from_rfc3339(case["expires_at"].as_str().unwrap()).unwrap();
    let lifetime = expires_at.signed_duration_since(chrono::Utc::now());
    assert!(lifetime > chrono::TimeDelta::hours(23) && lifetime <= chrono::TimeDelta::hours(24), "{lifetime}");
    let (_, second) = reply(f.post("/v1/cases", Some(&f.officer)).json(&case_terms()));
    assert_ne!(second["upload_code"], case["upload_code"]);
    assert_ne!(second["case_id"], case["case_id"]);
}

fn missing_or_wrong_tokens_are_401_and_wrong_roles_403(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let unauthorized = (StatusCode::UNAUTHORIZED, "unauthorized".to_owned());
    let forbidden = (StatusCode::FORBIDDEN, "forbidden".to_owned());
    assert_eq!(error_of(reply(f.post("/v1/venues", None).json(&venue_body()))), unauthorized);
    assert_eq!(error_of(reply(f.post("/v1/venues", Some("not-a-token")).json(&venue_body()))), unauthorized);
    assert_eq!(error_of(reply(f.post("/v1/cases", None).json(&case_terms()))), unauthorized);
    assert_eq!(error_of(reply(f.get("/v1/review", None))), unauthorized);
    assert_eq!(error_of(reply(f.post("/v1/venues", Some(&f.officer)).json(&venue_body()))), forbidden);
    assert_eq!(error_of(reply(f.post("/v1/cases", Some(&f.operator)).json(&case_terms()))), forbidden);
    assert_eq!(error_of(reply(f.get("/v1/review", Some(&f.operator)))), forbidden);
}

fn malformed_bodies_get_exact_status_codes(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let raw = |body: &str, content_type: &str| {
        error_of(reply(f.post("/v1/venues", Some(&f.operator)).header("content-type", content_type).body(body.to_owned())))
    };
    assert_eq!(raw("{\"name\": ", "application/json"), (StatusCode::BAD_REQUEST, "malformed_json".into()));
    assert_eq!(raw("{\"name\": \"x\"}", "application/json"), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body".into()));
    assert_eq!(
        raw(&venue_body().to_string(), "text/plain"),
        (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type".into())
    );
    let huge = json!({ "name": "x".repeat(100_000), "address": "a", "category": "mall", "default_stay_minutes": 60 });
    assert_eq!(raw(&huge.to_string(), "application/json"), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large".into()));
    let mut bad_stay = venue_body();
    bad_stay["default_stay_minutes"] = json!(20);
    assert_eq!(raw(&bad_stay.to_string(), "application/json"), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field".into()));
    let mut bad_category = venue_body();
    bad_category["category"] = json!("casino");
    assert_eq!(raw(&bad_category.to_string(), "application/json"), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field".into()));
    // The registry signs only a commitment of 32 bytes, and a poster valid for at most a year.
    for commitment in ["AAAA", "not base64url!", ""] {
        let mut bad_commitment = venue_body();
        bad_commitment["commitment"] = json!(commitment);
        assert_eq!(
            raw(&bad_commitment.to_string(), "application/json"),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_commitment".into()),
            "{commitment:?}"
        );
    }
    let mut over_a_year = venue_body();
    over_a_year["valid_days"] = json!(366);
    assert_eq!(raw(&over_a_year.to_string(), "application/json"), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field".into()));
    over_a_year["valid_days"] = json!(365);
    assert_eq!(reply(f.post("/v1/venues", Some(&f.operator)).json(&over_a_year)).0, StatusCode::CREATED, "a year is allowed");
    assert_eq!(error_of(reply(f.get("/v1/nothing-here", None))), (StatusCode::NOT_FOUND, "not_found".into()));
}

fn keys_and_accounts_survive_a_restart(backend: Backend) {
    use std::os::unix::fs::PermissionsExt;
    let mut f = ServerFixture::start(backend, &[]);
    let (_, before) = reply(f.get("/v1/registry-keys", None));
    let mode = std::fs::metadata(f.dir.path().join("keys/registry.key")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    f.restart();
    let (_, after) = reply(f.get("/v1/registry-keys", None));
    assert_eq!(before, after);
    // Accounts persist too: the operator's token still works after the restart.
    assert_eq!(reply(f.post("/v1/venues", Some(&f.operator)).json(&venue_body())).0, StatusCode::CREATED);
}

fn opted_in_venues_count_occupancy_never_below_zero(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut counted = venue_body();
    counted["occupancy"] = json!(true);
    let (_, counted) = reply(f.post("/v1/venues", Some(&f.operator)).json(&counted));
    let (_, uncounted) = reply(f.post("/v1/venues", Some(&f.operator)).json(&venue_body()));
    let path = |venue: &Value| format!("/v1/venues/{}/occupancy", venue["venue_id"].as_str().unwrap());
    let change = |venue: &Value, by: i64| reply(f.post(&path(venue), None).json(&json!({ "change": by })));
    assert_eq!(change(&counted, 1), (StatusCode::OK, json!({ "current": 1 })));
    assert_eq!(change(&counted, 1), (StatusCode::OK, json!({ "current": 2 })));
    for expected in [1, 0, 0] {
        assert_eq!(change(&counted, -1), (StatusCode::OK, json!({ "current": expected })));
    }
    assert_eq!(reply(f.get(&path(&counted), None)), (StatusCode::OK, json!({ "current": 0 })));
    assert_eq!(error_of(change(&counted, 5)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_change".into()));
    let not_found = (StatusCode::NOT_FOUND, "not_found".to_owned());
    assert_eq!(error_of(change(&uncounted, 1)), not_found);
    assert_eq!(error_of(reply(f.get(&path(&uncounted), None))), not_found);
    assert_eq!(error_of(reply(f.get("/v1/venues/not-hex/occupancy", None))), not_found);
}

fn officers_issue_certificates_and_see_only_daily_counts(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let certificate = |token: &str, dose: u32, date: &str| {
        let body = json!({
            "type": "vaccination", "family_name": "Wijaya", "given_name": "Sari", "dob": "1990-04-12",
            "dose": dose, "doses": 2, "date": date,
        });
        reply(f.post("/v1/certificates", Some(token)).json(&body))
    };
    let (status, issued) = certificate(&f.officer, 1, "2026-11-02");
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    assert!(issued["qr"].as_str().unwrap().starts_with("HC1:"), "{issued}");
    assert!(issued["certificate_id"].as_str().unwrap().starts_with("URN:UVCI:01:ID:"), "{issued}");
    assert_eq!(certificate(&f.officer, 2, "2026-11-02").0, StatusCode::CREATED);
    assert_eq!(certificate(&f.officer, 3, "2026-11-20").0, StatusCode::CREATED);
    assert_eq!(error_of(certificate(&f.operator, 1, "2026-11-02")), (StatusCode::FORBIDDEN, "forbidden".into()));
    assert_eq!(error_of(certificate(&f.officer, 0, "2026-11-02")), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_dose".into()));
    let bad_dob = json!({ "type": "vaccination", "family_name": "W", "dob": "12/04/1990", "dose": 1, "date": "2026-11-02" });
    let (status, refused) = reply(f.post("/v1/certificates", Some(&f.officer)).json(&bad_dob));
    assert_eq!((status, refused["error"].as_str().unwrap()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_certificate"));
    let (status, stats) = reply(f.get("/v1/stats/vaccinations", Some(&f.officer)));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        stats,
        json!({ "days": [
            { "date": "2026-11-02", "first_doses": 1, "completed_series": 1, "boosters": 0 },
            { "date": "2026-11-20", "first_doses": 0, "completed_series": 0, "boosters": 1 },
        ] })
    );
    assert_eq!(error_of(reply(f.get("/v1/stats/vaccinations", Some(&f.operator)))), (StatusCode::FORBIDDEN, "forbidden".into()));
}
