//! The reference server, started as the real binary on loopback, through its HTTP API.

use healthpass_e2e::{ServerProcess, add_account, healthpass_ok};
use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder};
use serde_json::{Value, json};

struct Fixture {
    dir: tempfile::TempDir,
    server: ServerProcess,
    officer: String,
    operator: String,
    http: Client,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let officer = add_account(dir.path(), "add-officer", "Dr. Sari");
    let operator = add_account(dir.path(), "add-operator", "Mal Bekasi Raya management");
    let server = ServerProcess::start(dir.path());
    Fixture { dir, server, officer, operator, http: Client::new() }
}

impl Fixture {
    fn post(&self, path: &str, token: Option<&str>) -> RequestBuilder {
        let request = self.http.post(format!("{}{path}", self.server.url));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    fn get(&self, path: &str) -> (StatusCode, Value) {
        reply(self.http.get(format!("{}{path}", self.server.url)))
    }
}

/// Sends the request and returns the status and the JSON body.
fn reply(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().unwrap();
    let status = response.status();
    let text = response.text().unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: body is not JSON ({e}): {text}")))
}

fn venue_body() -> Value {
    json!({ "name": "Mal Bekasi Raya", "address": "Jl. Ahmad Yani 1, Bekasi", "category": "mall", "default_stay_minutes": 90 })
}

fn error_of(reply: (StatusCode, Value)) -> (StatusCode, String) {
    (reply.0, reply.1["error"].as_str().unwrap_or_default().to_owned())
}

#[test]
fn operator_registers_a_venue_whose_poster_checks_in_on_a_phone() {
    let f = fixture();
    let (status, venue) = reply(f.post("/v1/venues", Some(&f.operator)).json(&venue_body()));
    assert_eq!(status, StatusCode::CREATED, "{venue}");
    let (status, keys) = f.get("/v1/registry-keys");
    assert_eq!(status, StatusCode::OK);
    let phone = tempfile::tempdir().unwrap();
    std::fs::write(phone.path().join("registry.pub"), keys["keys"][0].as_str().unwrap()).unwrap();
    let url = venue["poster_url"].as_str().unwrap();
    let checked_in =
        healthpass_ok(phone.path(), &["--json", "--db", "d.db", "checkin", "--text", url, "--registry", "registry.pub"]).json();
    assert_eq!(checked_in["visit"]["venue_name"], "Mal Bekasi Raya");
    assert_eq!(checked_in["visit"]["venue_id"], venue["venue_id"]);
}

#[test]
fn officer_confirms_a_case_and_gets_a_one_time_code() {
    let f = fixture();
    let (status, case) = reply(f.post("/v1/cases", Some(&f.officer)));
    assert_eq!(status, StatusCode::CREATED, "{case}");
    let code = case["upload_code"].as_str().unwrap();
    assert_eq!(code.len(), 14, "XXXX-XXXX-XXXX: {code}");
    assert!(code.chars().all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)), "{code}");
    let (_, second) = reply(f.post("/v1/cases", Some(&f.officer)));
    assert_ne!(second["upload_code"], case["upload_code"]);
}

#[test]
fn missing_or_wrong_tokens_are_401_and_wrong_roles_403() {
    let f = fixture();
    let unauthorized = (StatusCode::UNAUTHORIZED, "unauthorized".to_owned());
    let forbidden = (StatusCode::FORBIDDEN, "forbidden".to_owned());
    assert_eq!(error_of(reply(f.post("/v1/venues", None).json(&venue_body()))), unauthorized);
    assert_eq!(error_of(reply(f.post("/v1/venues", Some("not-a-token")).json(&venue_body()))), unauthorized);
    assert_eq!(error_of(reply(f.post("/v1/cases", None))), unauthorized);
    assert_eq!(error_of(reply(f.post("/v1/venues", Some(&f.officer)).json(&venue_body()))), forbidden);
    assert_eq!(error_of(reply(f.post("/v1/cases", Some(&f.operator)))), forbidden);
}

#[test]
fn malformed_bodies_get_exact_status_codes() {
    let f = fixture();
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
    assert_eq!(error_of(f.get("/v1/nothing-here")), (StatusCode::NOT_FOUND, "not_found".into()));
}

#[test]
fn keys_are_private_and_survive_a_restart() {
    use std::os::unix::fs::PermissionsExt;
    let f = fixture();
    let (_, before) = f.get("/v1/registry-keys");
    let mode = std::fs::metadata(f.dir.path().join("keys/registry.key")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let Fixture { dir, server, operator, .. } = f;
    assert!(server.stop().success(), "graceful shutdown exits 0");
    let restarted = ServerProcess::start(dir.path());
    let (_, after) = reply(Client::new().get(format!("{}/v1/registry-keys", restarted.url)));
    assert_eq!(before, after);
    // Accounts persist too: the operator's token still works after the restart.
    let request = Client::new().post(format!("{}/v1/venues", restarted.url)).bearer_auth(&operator).json(&venue_body());
    assert_eq!(reply(request).0, StatusCode::CREATED);
}
