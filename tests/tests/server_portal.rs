//! The web portal at `/portal/`, through the real server binary on loopback, as a browser
//! without JavaScript uses it (forms, cookies, redirects): sessions, CSRF refusals, the
//! operator's and the officer's pages, and the follow-up requests behind them. Each scenario
//! runs on SQLite and on PostgreSQL. tests/portal/ drives the same pages in Chromium.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use healthpass_core::exposure::{Advice, LocationId, ProtectedReport, WarningWindow};

use healthpass_e2e::server_client::{ServerFixture, error_of, reply};
use healthpass_e2e::{Backend, healthpass, on_both_backends};
use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use serde_json::json;

on_both_backends!(
    signing_in_opens_a_strict_session_and_signing_out_ends_it,
    failed_sign_ins_are_refused_without_echo_and_rate_limited,
    forms_without_csrf_or_session_or_too_large_store_nothing,
    operator_registers_downloads_reprints_warns_and_revokes,
    officer_confirms_reviews_publishes_and_works_the_follow_up_queue,
    follow_up_requests_are_checked_and_limited,
);

/// A cookie-keeping browser without JavaScript that does not follow redirects.
struct Browser {
    http: Client,
    base: String,
    cookies: BTreeMap<String, String>,
}

/// Status, the response's `Location`, its `Set-Cookie` lines and its body.
struct Page {
    status: StatusCode,
    location: Option<String>,
    set_cookies: Vec<String>,
    body: String,
}

impl Browser {
    fn new(f: &ServerFixture) -> Self {
        let http = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { http, base: f.server.url.clone(), cookies: BTreeMap::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep(&mut self, response: Response) -> Page {
        let status = response.status();
        let location = response.headers().get(LOCATION).map(|v| v.to_str().unwrap().to_owned());
        let set_cookies: Vec<String> =
            response.headers().get_all(SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect();
        for line in &set_cookies {
            let (pair, attributes) = line.split_once(';').unwrap_or((line, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let csp = response.headers().get(CONTENT_SECURITY_POLICY).map(|v| v.to_str().unwrap().to_owned());
        assert!(
            csp.as_deref().is_some_and(|p| p.contains("script-src 'self'") && !p.contains("unsafe")),
            "every portal response has the strict policy: {csp:?}"
        );
        Page { status, location, set_cookies, body: response.text().unwrap() }
    }

    fn get(&mut self, path: &str) -> Page {
        let response = self.http.get(format!("{}{path}", self.base)).header(COOKIE, self.cookie_header()).send().unwrap();
        self.keep(response)
    }

    fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let response =
            self.http.post(format!("{}{path}", self.base)).header(COOKIE, self.cookie_header()).form(form).send().unwrap();
        self.keep(response)
    }

    fn sign_in(&mut self, token: &str) -> Page {
        let form = self.get("/portal/login");
        let csrf = csrf_of(&form.body);
        self.post("/portal/login", &[("csrf", &csrf), ("token", token)])
    }

    /// The CSRF token of the page at `path`.
    fn csrf(&mut self, path: &str) -> String {
        let page = self.get(path);
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        csrf_of(&page.body)
    }
}

fn csrf_of(body: &str) -> String {
    let start = body.find("name=\"csrf\" value=\"").expect("the page has a form with a CSRF token") + 19;
    body[start..].split('"').next().unwrap().to_owned()
}

/// The first `/portal/venues/{id}/…` venue id (32 hex digits) on a page.
fn venue_id_of(body: &str) -> String {
    body.match_indices("/portal/venues/")
        .filter_map(|(i, _)| body.get(i + 15..i + 47))
        .find(|id| id.bytes().all(|b| b.is_ascii_hexdigit()))
        .expect("a venue link on the page")
        .to_owned()
}

fn signing_in_opens_a_strict_session_and_signing_out_ends_it(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut browser = Browser::new(&f);
    let signed_in = browser.sign_in(&f.officer);
    assert_eq!((signed_in.status, signed_in.location.as_deref()), (StatusCode::SEE_OTHER, Some("/portal/")));
    let session = signed_in.set_cookies.iter().find(|c| c.starts_with("hp_session=")).expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/portal"] {
        assert!(session.contains(attribute), "{session}");
    }
    assert!(!session.contains("Secure"), "plain http on loopback: {session}");
    assert!(!session.contains(&f.officer), "the cookie is a session id, not the token");
    assert_eq!(browser.get("/portal/").location.as_deref(), Some("/portal/cases"));
    let page = browser.get("/portal/cases");
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"id\">") && page.body.contains("Konfirmasi kasus"), "Indonesian by default");
    assert!(!page.body.contains("<script>") && !page.body.contains(" style="), "no inline script or style");
    assert_eq!(browser.get("/portal/language/en").location.as_deref(), Some("/portal/"));
    assert!(browser.get("/portal/cases").body.contains("Confirm a case"));

    let csrf = browser.csrf("/portal/cases");
    let out = browser.post("/portal/logout", &[("csrf", &csrf)]);
    assert_eq!(out.location.as_deref(), Some("/portal/login?signed_out=1"));
    let after = browser.get("/portal/cases");
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert!(after.body.contains("Your session has ended"), "{}", after.body);

    // Behind an HTTPS proxy the cookie is Secure.
    let mut https = Browser::new(&f);
    let form = https.get("/portal/login");
    let csrf = csrf_of(&form.body);
    let response = https
        .http
        .post(format!("{}/portal/login", https.base))
        .header(COOKIE, https.cookie_header())
        .header("x-forwarded-proto", "https")
        .form(&[("csrf", csrf.as_str()), ("token", f.operator.as_str())])
        .send()
        .unwrap();
    let page = https.keep(response);
    assert!(page.set_cookies.iter().any(|c| c.starts_with("hp_session=") && c.contains("; Secure")), "{:?}", page.set_cookies);
}

fn failed_sign_ins_are_refused_without_echo_and_rate_limited(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut browser = Browser::new(&f);
    let wrong = "wrong-token-Zq8xv3";
    for attempt in 0..10 {
        let page = browser.sign_in(wrong);
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        assert!(page.body.contains("Token tidak dikenal."));
        assert!(!page.body.contains(wrong), "the token is never echoed");
        assert!(page.set_cookies.iter().all(|c| !c.starts_with("hp_session=")));
    }
    let limited = browser.sign_in(&f.officer);
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "even the right token waits: {}", limited.body);
    // A sign-in form posted without its CSRF value is refused before the token is looked at.
    let mut fresh = Browser::new(&f);
    let page = fresh.post("/portal/login", &[("token", &f.officer)]);
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let log = std::fs::read_to_string(f.dir.path().join("server.log")).unwrap_or_default();
    assert!(!log.contains(wrong) && !log.contains(&f.officer), "tokens are never logged");
}

fn forms_without_csrf_or_session_or_too_large_store_nothing(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut browser = Browser::new(&f);
    browser.sign_in(&f.operator);
    let csrf = browser.csrf("/portal/venues/new");
    let venue = [("name", "Warung Bu Tini"), ("address", "Jl. Melati 2"), ("category", "restaurant"), ("stay", "60")];
    let without: Vec<(&str, &str)> = venue.to_vec();
    let page = browser.post("/portal/venues", &without);
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("Formulir ditolak"), "{}", page.body);
    let mut wrong = without.clone();
    wrong.push(("csrf", "not-the-token"));
    assert_eq!(browser.post("/portal/venues", &wrong).status, StatusCode::FORBIDDEN);
    let huge = "x".repeat(20_000);
    let mut too_large = without.clone();
    too_large.push(("csrf", &csrf));
    too_large.push(("padding", &huge));
    let page = browser.post("/portal/venues", &too_large);
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body.contains("Formulir terlalu besar"));
    let mut stranger = Browser::new(&f);
    let mut with_token = without.clone();
    with_token.push(("csrf", &csrf));
    assert_eq!(stranger.post("/portal/venues", &with_token).status, StatusCode::UNAUTHORIZED);
    // A JSON body is not a form, whatever it carries.
    let response = browser
        .http
        .post(format!("{}/portal/venues", browser.base))
        .header(COOKIE, browser.cookie_header())
        .header(CONTENT_TYPE, "application/json")
        .body(json!({ "csrf": csrf, "name": "x" }).to_string())
        .send()
        .unwrap();
    assert_eq!(browser.keep(response).status, StatusCode::FORBIDDEN);
    let list = browser.get("/portal/venues");
    assert!(list.body.contains("Belum ada tempat terdaftar."), "nothing was stored: {}", list.body);
    // The same form with its token goes through.
    assert_eq!(browser.post("/portal/venues", &with_token).status, StatusCode::OK);
    assert!(browser.get("/portal/venues").body.contains("Warung Bu Tini"));
    // Unknown pages and wrong roles are pages too, never a 500.
    assert_eq!(browser.get("/portal/nothing-here").status, StatusCode::NOT_FOUND);
    assert_eq!(browser.get("/portal/review").status, StatusCode::FORBIDDEN);
    assert_eq!(browser.get("/portal/venues/zz/poster/pdf").status, StatusCode::NOT_FOUND);
}

fn operator_registers_downloads_reprints_warns_and_revokes(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut operator = Browser::new(&f);
    operator.sign_in(&f.operator);
    operator.get("/portal/language/en");
    let csrf = operator.csrf("/portal/venues/new");
    let invalid = operator.post(
        "/portal/venues",
        &[("csrf", &csrf), ("name", ""), ("address", "Jl. Melati 2"), ("category", "casino"), ("stay", "50")],
    );
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in ["The venue name must be 1 to 100 characters.", "Choose a category from the list.", "The stay must be"] {
        assert!(invalid.body.contains(message), "{message}: {}", invalid.body);
    }
    assert!(invalid.body.contains("value=\"Jl. Melati 2\""), "what was typed is kept");
    let registered = operator.post(
        "/portal/venues",
        &[
            ("csrf", &csrf),
            ("name", "Mal <Bekasi> Raya"),
            ("address", "Jl. Ahmad Yani 1"),
            ("category", "mall"),
            ("stay", "90"),
            ("occupancy", "yes"),
        ],
    );
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    assert!(registered.body.contains("Mal &lt;Bekasi&gt; Raya"), "names are escaped");
    let start = registered.body.find("healthpass-trace-v1:").expect("the trace secret is shown once");
    let trace_secret = registered.body[start..].split('<').next().unwrap().to_owned();
    let id = venue_id_of(&registered.body);

    let pdf =
        operator.http.get(format!("{}/portal/venues/{id}/poster/pdf", operator.base)).header(COOKIE, operator.cookie_header());
    let pdf = pdf.send().unwrap();
    assert_eq!(pdf.headers()[CONTENT_TYPE], "application/pdf");
    assert!(pdf.bytes().unwrap().starts_with(b"%PDF-1.4"));
    for (format, media_type) in [("png", "image/png"), ("svg", "image/svg+xml")] {
        let response = operator
            .http
            .get(format!("{}/portal/venues/{id}/poster/{format}", operator.base))
            .header(COOKIE, operator.cookie_header())
            .send()
            .unwrap();
        assert_eq!(response.headers()[CONTENT_TYPE], media_type);
    }
    let list = operator.get("/portal/venues");
    assert!(
        list.body.contains("Mal &lt;Bekasi&gt; Raya") && list.body.contains("<td>0</td>"),
        "occupancy counted: {}",
        list.body
    );
    // Occupancy is live.
    let (status, _) = reply(f.post(&format!("/v1/venues/{id}/occupancy"), None).json(&json!({ "change": 1 })));
    assert_eq!(status, StatusCode::OK);
    assert!(operator.get("/portal/venues").body.contains("<td>1</td>"));

    // Another operator sees none of it.
    let other_token = f.add_account("add-operator", "Other");
    let mut other = Browser::new(&f);
    other.sign_in(&other_token);
    assert_eq!(other.get(&format!("/portal/venues/{id}/poster/pdf")).status, StatusCode::NOT_FOUND);
    let other_csrf = other.csrf("/portal/venues");
    assert_eq!(other.post(&format!("/portal/venues/{id}/revoke"), &[("csrf", &other_csrf)]).status, StatusCode::NOT_FOUND);

    // A warning needs the venue's own trace secret and a sensible window.
    let warning = format!("/portal/venues/{id}/warning");
    let wrong = operator.post(
        &warning,
        &[
            ("csrf", &csrf),
            ("trace_secret", "healthpass-trace-v1:AAAA"),
            ("from", "2026-11-30T10:00"),
            ("to", "2026-11-30T12:00"),
            ("advice", "get_tested"),
        ],
    );
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("The trace secret does not belong to this venue."));
    let reversed = operator.post(
        &warning,
        &[
            ("csrf", &csrf),
            ("trace_secret", &trace_secret),
            ("from", "2026-11-30T12:00"),
            ("to", "2026-11-30T10:00"),
            ("advice", "get_tested"),
        ],
    );
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let sent = operator.post(
        &warning,
        &[
            ("csrf", &csrf),
            ("trace_secret", &trace_secret),
            ("from", "2026-11-30T10:00"),
            ("to", "2026-11-30T12:00"),
            ("advice", "get_tested"),
        ],
    );
    assert_eq!(sent.location.as_deref(), Some("/portal/venues?done=warning"), "{}", sent.body);
    let (_, pending) = reply(f.get("/v1/review", Some(&f.officer)));
    assert_eq!(pending["pending"].as_array().unwrap().len(), 1, "exactly one warning stored: {pending}");

    // Reprint: a new poster and a new trace secret; the old secret no longer fits.
    let reprinted = operator.post(&format!("/portal/venues/{id}/reprint"), &[("csrf", &csrf)]);
    assert_eq!(reprinted.status, StatusCode::OK);
    let start = reprinted.body.find("healthpass-trace-v1:").unwrap();
    assert_ne!(reprinted.body[start..].split('<').next().unwrap(), trace_secret);
    let stale = operator.post(
        &warning,
        &[
            ("csrf", &csrf),
            ("trace_secret", &trace_secret),
            ("from", "2026-11-30T10:00"),
            ("to", "2026-11-30T12:00"),
            ("advice", "isolate"),
        ],
    );
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);

    let revoked = operator.post(&format!("/portal/venues/{id}/revoke"), &[("csrf", &csrf)]);
    assert_eq!(revoked.location.as_deref(), Some("/portal/venues?done=revoked"));
    let list = operator.get("/portal/venues?done=revoked");
    assert!(list.body.contains("Revoked") && list.body.contains("not counted"), "{}", list.body);
    assert_eq!(operator.get(&format!("/portal/venues/{id}/poster/pdf")).status, StatusCode::NOT_FOUND);
    assert_eq!(operator.post(&format!("/portal/venues/{id}/reprint"), &[("csrf", &csrf)]).status, StatusCode::NOT_FOUND);
}

fn officer_confirms_reviews_publishes_and_works_the_follow_up_queue(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut officer = Browser::new(&f);
    officer.sign_in(&f.officer);
    let csrf = officer.csrf("/portal/cases");
    let confirmed = officer.post("/portal/cases", &[("csrf", &csrf)]);
    assert_eq!(confirmed.status, StatusCode::CREATED);
    let start = confirmed.body.find("id=\"upload-code\" class=\"code\">").unwrap() + 30;
    let code = &confirmed.body[start..start + 14];
    assert!(code.chars().all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)), "{code}");
    assert!(confirmed.body.contains("<svg") && confirmed.body.contains("WIB"), "a QR code and WIB times");

    // Review and publish: an operator's warning, approved, becomes a bundle.
    let (_, venue) = reply(f.post("/v1/venues", Some(&f.operator)).json(&json!({
        "name": "Toko Maju", "address": "Jl. Mawar 3", "category": "shop", "default_stay_minutes": 30
    })));
    let location = LocationId::from_trace_secret(venue["trace_secret"].as_str().unwrap()).unwrap();
    let at = |hour: u32| chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 30, hour, 0, 0).unwrap();
    let report = ProtectedReport::seal(&location, &WarningWindow { start: at(3), end: at(5), advice: Advice::GetTested });
    let body = json!({ "venue_id": venue["venue_id"], "report": URL_SAFE_NO_PAD.encode(report.to_bytes()) });
    assert_eq!(reply(f.post("/v1/venue-warnings", Some(&f.operator)).json(&body)).0, StatusCode::CREATED);
    let queue = officer.get("/portal/review");
    assert!(queue.body.contains("/portal/review/venue-warning-"), "{}", queue.body);
    let nothing = officer.post("/portal/publish", &[("csrf", &csrf)]);
    assert_eq!(nothing.location.as_deref(), Some("/portal/review?done=nothing"), "nothing approved yet");
    let start = queue.body.find("/portal/review/venue-warning-").unwrap() + 15;
    let item = queue.body[start..].split('"').next().unwrap().to_owned();
    let decided = officer.post(&format!("/portal/review/{item}"), &[("csrf", &csrf), ("decision", "approve")]);
    assert_eq!(decided.location.as_deref(), Some("/portal/review?done=decided"));
    let again = officer.post(&format!("/portal/review/{item}"), &[("csrf", &csrf), ("decision", "reject")]);
    assert_eq!(again.location.as_deref(), Some("/portal/review?done=already"));
    let published = officer.post("/portal/publish", &[("csrf", &csrf)]);
    assert_eq!(published.location.as_deref(), Some("/portal/review?done=published"));
    let (status, index) = reply(f.get("/v1/warnings/index", None));
    assert_eq!(status, StatusCode::OK, "{index}");

    // Follow-ups: a citizen asks from the CLI; only officers see it; handled deletes it.
    let asked = healthpass(
        f.dir.path(),
        &["callback", "--server", &f.server.url, "--phone", "+62 812-3456-7890", "--name", "Budi <b>", "--language", "id"],
    );
    assert_eq!(asked.status, 0, "{asked:?}");
    let queue = officer.get("/portal/follow-ups");
    assert!(queue.body.contains("+6281234567890") && queue.body.contains("Budi &lt;b&gt;"), "{}", queue.body);
    let mut operator = Browser::new(&f);
    operator.sign_in(&f.operator);
    assert_eq!(operator.get("/portal/follow-ups").status, StatusCode::FORBIDDEN);
    let start = queue.body.find("/portal/follow-ups/").unwrap();
    let action = queue.body[start..].split('"').next().unwrap().to_owned();
    assert_eq!(officer.post(&action, &[("csrf", &csrf)]).location.as_deref(), Some("/portal/follow-ups?done=handled"));
    assert!(officer.get("/portal/follow-ups").body.contains("Tidak ada permintaan telepon balik."));
    assert_eq!(officer.post(&action, &[("csrf", &csrf)]).status, StatusCode::NOT_FOUND, "deleted");

    // Vaccination dashboard: the counts as a server-drawn chart and as CSV.
    let body = json!({ "type": "vaccination", "family_name": "Wijaya", "dob": "1990-04-12", "dose": 1, "date": "2026-11-02" });
    assert_eq!(reply(f.post("/v1/certificates", Some(&f.officer)).json(&body)).0, StatusCode::CREATED);
    let dashboard = officer.get("/portal/vaccinations");
    assert!(
        dashboard.body.contains("<svg")
            && dashboard.body.contains("<th scope=\"row\">2026-11-02</th><td>1</td><td>0</td><td>0</td>")
    );
    let csv = officer.get("/portal/vaccinations.csv");
    assert_eq!(csv.body, "date,first_doses,completed_series,boosters\r\n2026-11-02,1,0,0\r\n");
}

fn follow_up_requests_are_checked_and_limited(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let ask = |body: serde_json::Value| reply(f.post("/v1/follow-ups", None).json(&body));
    let (status, reply_body) = ask(json!({ "phone": "081234567890", "language": "en" }));
    assert_eq!((status, reply_body), (StatusCode::CREATED, json!({ "received": true })));
    let invalid = (StatusCode::UNPROCESSABLE_ENTITY, "invalid_follow_up".to_owned());
    assert_eq!(error_of(ask(json!({ "phone": "12", "language": "en" }))), invalid);
    assert_eq!(error_of(ask(json!({ "phone": "081234567890", "language": "fr" }))), invalid);
    let with_venue = ask(json!({ "phone": "081234567890", "language": "id", "venue_id": "00" }));
    assert_eq!(error_of(with_venue).0, StatusCode::UNPROCESSABLE_ENTITY, "nothing about venues is accepted");
    for _ in 1..10 {
        assert_eq!(ask(json!({ "phone": "081234567890", "language": "id" })).0, StatusCode::CREATED);
    }
    assert_eq!(error_of(ask(json!({ "phone": "081234567890", "language": "id" }))).0, StatusCode::TOO_MANY_REQUESTS);
}
