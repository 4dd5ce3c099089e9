//! The web portal at `/portal/`, through the real server binary on loopback, as a browser
//! without JavaScript uses it (forms, cookies, redirects): sessions, CSRF refusals, the
//! operator's and the officer's pages, and the follow-up requests behind them. Each scenario
//! runs on SQLite and on PostgreSQL. tests/portal/ drives the same pages in Chromium.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use healthpass_core::api::RegisteredPoster;
use healthpass_core::exposure::{LocationId, seal_venue_warning};
use healthpass_core::venue::{PosterSeed, RegistryPublicKey, TrustedRegistries, read_poster_text};
use healthpass_e2e::evidence::Evidence;
use healthpass_e2e::portal_browser::{Browser, csrf_of};
use healthpass_e2e::server_client::{ServerFixture, error_of, reply};
use healthpass_e2e::{Backend, on_both_backends};
use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

on_both_backends!(
    signing_in_opens_a_strict_session_and_signing_out_ends_it,
    failed_sign_ins_are_refused_without_echo_and_rate_limited,
    forms_without_csrf_or_session_or_too_large_store_nothing,
    operator_registers_reprints_and_revokes_with_seeds_the_server_never_sees,
    officer_confirms_reviews_publishes_and_works_the_follow_up_queue,
    follow_up_requests_are_checked_and_limited,
);

fn signing_in_opens_a_strict_session_and_signing_out_ends_it(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut browser = Browser::new(&f.server.url);
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
    let mut https = Browser::new(&f.server.url);
    let form = https.get("/portal/login");
    let csrf = csrf_of(&form.body);
    let response = https
        .raw_post("/portal/login")
        .header("x-forwarded-proto", "https")
        .form(&[("csrf", csrf.as_str()), ("token", f.operator.as_str())])
        .send()
        .unwrap();
    let page = https.keep(response);
    assert!(page.set_cookies.iter().any(|c| c.starts_with("hp_session=") && c.contains("; Secure")), "{:?}", page.set_cookies);
}

fn failed_sign_ins_are_refused_without_echo_and_rate_limited(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut browser = Browser::new(&f.server.url);
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
    let mut fresh = Browser::new(&f.server.url);
    let page = fresh.post("/portal/login", &[("token", &f.officer)]);
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let log = std::fs::read_to_string(f.dir.path().join("server.log")).unwrap_or_default();
    assert!(!log.contains(wrong) && !log.contains(&f.officer), "tokens are never logged");
}

fn forms_without_csrf_or_session_or_too_large_store_nothing(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut browser = Browser::new(&f.server.url);
    browser.sign_in(&f.operator);
    let csrf = browser.csrf("/portal/venues/new");
    let commitment = PosterSeed::random().commitment().to_base64url();
    let venue = [
        ("name", "Warung Bu Tini"),
        ("address", "Jl. Melati 2"),
        ("category", "restaurant"),
        ("stay", "60"),
        ("commitment", commitment.as_str()),
    ];
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
    let mut stranger = Browser::new(&f.server.url);
    let mut with_token = without.clone();
    with_token.push(("csrf", &csrf));
    assert_eq!(stranger.post("/portal/venues", &with_token).status, StatusCode::UNAUTHORIZED);
    // A JSON body is not a form, whatever it carries.
    let response = browser
        .raw_post("/portal/venues")
        .header(CONTENT_TYPE, "application/json")
        .body(json!({ "csrf": csrf, "name": "x" }).to_string())
        .send()
        .unwrap();
    assert_eq!(browser.keep(response).status, StatusCode::FORBIDDEN);
    // Without JavaScript no seed was made, so there is no commitment: explained, not stored.
    let no_script: Vec<(&str, &str)> = with_token.iter().copied().filter(|(k, _)| *k != "commitment").collect();
    let page = browser.post("/portal/venues", &no_script);
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("JavaScript harus aktif"), "{}", page.body);
    let mut forged = no_script.clone();
    forged.push(("commitment", "not-a-commitment"));
    assert_eq!(browser.post("/portal/venues", &forged).status, StatusCode::UNPROCESSABLE_ENTITY);
    let list = browser.get("/portal/venues");
    assert!(list.body.contains("Belum ada tempat terdaftar."), "nothing was stored: {}", list.body);
    // The same form with its token goes through.
    assert_eq!(browser.post("/portal/venues", &with_token).status, StatusCode::OK);
    assert!(browser.get("/portal/venues").body.contains("Warung Bu Tini"));
    // Unknown pages and wrong roles are pages too, never a 500.
    assert_eq!(browser.get("/portal/nothing-here").status, StatusCode::NOT_FOUND);
    assert_eq!(browser.get("/portal/review").status, StatusCode::FORBIDDEN);
    assert_eq!(browser.get("/portal/venues/zz/warning").status, StatusCode::NOT_FOUND);
}

/// The value of `data-{name}="…"` on a page.
fn data_of(body: &str, name: &str) -> String {
    let key = format!("data-{name}=\"");
    let start = body.find(&key).unwrap_or_else(|| panic!("{key} on the page: {body}")) + key.len();
    body[start..].split('"').next().unwrap().to_owned()
}

/// What the operator's browser does with the poster page: the registry's signed public part
/// plus the seed it kept, as the text a phone scans.
fn poster_text_of(body: &str, seed: &PosterSeed) -> String {
    assert_eq!(data_of(body, "commitment"), seed.commitment().to_base64url(), "the page names the commitment it signed");
    let mut payload = URL_SAFE_NO_PAD.decode(data_of(body, "signed")).unwrap();
    payload.extend_from_slice(&seed.0);
    format!("{}#{}", data_of(body, "base-url"), URL_SAFE_NO_PAD.encode(payload))
}

fn registry(f: &ServerFixture) -> TrustedRegistries {
    let (_, keys) = reply(f.get("/v1/registry-keys", None));
    let keys = keys["keys"].as_array().unwrap().iter().map(|k| RegistryPublicKey::from_text(k.as_str().unwrap()).unwrap());
    TrustedRegistries::new(keys.collect())
}

fn operator_registers_reprints_and_revokes_with_seeds_the_server_never_sees(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut operator = Browser::new(&f.server.url);
    operator.sign_in(&f.operator);
    operator.get("/portal/language/en");
    let csrf = operator.csrf("/portal/venues/new");
    let new_form = operator.get("/portal/venues/new");
    assert!(
        new_form.body.contains("<script src=\"/portal/assets/poster.js\"") && new_form.body.contains("<noscript>"),
        "the form loads the poster script and says why it needs it"
    );
    let seed = PosterSeed::random();
    let commitment = seed.commitment().to_base64url();
    let invalid = operator.post(
        "/portal/venues",
        &[
            ("csrf", &csrf),
            ("name", ""),
            ("address", "Jl. Melati 2"),
            ("category", "casino"),
            ("stay", "50"),
            ("commitment", &commitment),
        ],
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
            ("commitment", &commitment),
        ],
    );
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    assert!(registered.body.contains("Mal &lt;Bekasi&gt; Raya"), "names are escaped");
    let text = poster_text_of(&registered.body, &seed);
    let poster = read_poster_text(&text, &registry(&f), chrono::Utc::now()).expect("a phone accepts the assembled poster");
    assert_eq!((poster.poster().name(), poster.seed()), ("Mal <Bekasi> Raya", Some(seed)));
    let id = poster.poster().venue_id().to_string();
    assert_eq!(data_of(&registered.body, "venue-id"), id);

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
    let mut other = Browser::new(&f.server.url);
    other.sign_in(&other_token);
    assert!(!other.get("/portal/venues").body.contains("Bekasi"));
    assert_eq!(other.get(&format!("/portal/venues/{id}/warning")).status, StatusCode::NOT_FOUND);
    let other_csrf = other.csrf("/portal/venues");
    let fresh = PosterSeed::random().commitment().to_base64url();
    let reprint = format!("/portal/venues/{id}/reprint");
    assert_eq!(other.post(&reprint, &[("csrf", &other_csrf), ("commitment", &fresh)]).status, StatusCode::NOT_FOUND);
    assert_eq!(other.post(&format!("/portal/venues/{id}/revoke"), &[("csrf", &other_csrf)]).status, StatusCode::NOT_FOUND);

    // A warning is sealed with the seed on the operator's machine: the page says how.
    let warning = operator.get(&format!("/portal/venues/{id}/warning"));
    assert!(warning.body.contains("healthpass operator warn") && warning.body.contains(&id), "{}", warning.body);

    // Reprint: the same venue under a fresh seed the browser made.
    let reseed = PosterSeed::random();
    let reprinted = operator.post(&reprint, &[("csrf", &csrf), ("commitment", &reseed.commitment().to_base64url())]);
    assert_eq!(reprinted.status, StatusCode::OK, "{}", reprinted.body);
    let again = read_poster_text(&poster_text_of(&reprinted.body, &reseed), &registry(&f), chrono::Utc::now()).unwrap();
    assert_eq!((again.poster().venue_id(), again.poster().name()), (poster.poster().venue_id(), "Mal <Bekasi> Raya"));
    assert_ne!(LocationId::of_venue(&again), LocationId::of_venue(&poster), "a fresh seed is a fresh location");
    assert_eq!(operator.post(&reprint, &[("csrf", &csrf)]).status, StatusCode::UNPROCESSABLE_ENTITY, "no script, no seed");

    let revoked = operator.post(&format!("/portal/venues/{id}/revoke"), &[("csrf", &csrf)]);
    assert_eq!(revoked.location.as_deref(), Some("/portal/venues?done=revoked"));
    let list = operator.get("/portal/venues?done=revoked");
    assert!(list.body.contains("Revoked") && list.body.contains("not counted"), "{}", list.body);
    assert_eq!(operator.post(&reprint, &[("csrf", &csrf), ("commitment", &fresh)]).status, StatusCode::NOT_FOUND);

    // Neither seed is anywhere the server writes (SQLite file or PostgreSQL rows, log).
    let evidence = Evidence::seize(f.dir.path(), &f.backend);
    assert_eq!(evidence.find(&[seed.0.to_vec(), reseed.0.to_vec()]), Vec::new(), "no seed in the server's data");
}

fn officer_confirms_reviews_publishes_and_works_the_follow_up_queue(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let mut officer = Browser::new(&f.server.url);
    officer.sign_in(&f.officer);
    let csrf = officer.csrf("/portal/cases");
    let terms = [("csrf", csrf.as_str()), ("advice", "isolate"), ("infectious_from", "2026-11-25T08:00")];
    let reversed = officer.post("/portal/cases", &[&terms[..], &[("infectious_until", "2026-11-20T08:00")]].concat());
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reversed.body.contains("Periode tidak valid"), "{}", reversed.body);
    let too_long = officer.post("/portal/cases", &[&terms[..], &[("infectious_until", "2026-12-30T08:00")]].concat());
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY, "at most 21 days");
    let confirmed = officer.post("/portal/cases", &[&terms[..], &[("infectious_until", "2026-11-30T20:00")]].concat());
    assert_eq!(confirmed.status, StatusCode::CREATED, "{}", confirmed.body);
    let start = confirmed.body.find("id=\"upload-code\" class=\"code\">").unwrap() + 30;
    let code = &confirmed.body[start..start + 14];
    assert!(code.chars().all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)), "{code}");
    assert!(confirmed.body.contains("<svg") && confirmed.body.contains("WIB"), "a QR code and WIB times");
    assert!(
        confirmed.body.contains("Isolasi mandiri dan tes") && confirmed.body.contains("2026-11-25 08:00 WIB"),
        "the advice and the period bound to the code: {}",
        confirmed.body
    );

    // Review and publish: an operator's warning, sealed from its seed, approved, becomes a bundle.
    let seed = PosterSeed::random();
    let (_, venue) = reply(f.post("/v1/venues", Some(&f.operator)).json(&json!({
        "name": "Toko Maju", "address": "Jl. Mawar 3", "category": "shop", "default_stay_minutes": 30,
        "commitment": seed.commitment().to_base64url(),
    })));
    let registered: RegisteredPoster = serde_json::from_value(venue.clone()).unwrap();
    let (poster, _) = registered.assemble(&seed, None, chrono::Utc::now()).unwrap();
    let location = LocationId::of_venue(&poster).unwrap();
    let from = chrono::Utc::now() - chrono::TimeDelta::hours(6);
    let sealed = seal_venue_warning(&location, from, from + chrono::TimeDelta::hours(2)).unwrap();
    let reports: Vec<u8> = sealed.reports.iter().flat_map(|r| r.to_bytes()).collect();
    let body = json!({
        "venue_id": venue["venue_id"], "advice": "get_tested", "from": from, "until": from + chrono::TimeDelta::hours(2),
        "reports": URL_SAFE_NO_PAD.encode(reports),
    });
    assert_eq!(reply(f.post("/v1/venue-warnings", Some(&f.operator)).json(&body)).0, StatusCode::CREATED);
    let queue = officer.get("/portal/review");
    assert!(queue.body.contains("/portal/review/venue-warning-") && queue.body.contains("Lakukan tes"), "{}", queue.body);
    let nothing = officer.post("/portal/publish", &[("csrf", &csrf)]);
    assert_eq!(nothing.location.as_deref(), Some("/portal/review?done=nothing"), "nothing approved yet");
    let start = queue.body.find("/portal/review/venue-warning-").unwrap() + 15;
    let item = queue.body[start..].split('"').next().unwrap().to_owned();
    let decided = officer.post(&format!("/portal/review/{item}"), &[("csrf", &csrf), ("decision", "approve")]);
    assert_eq!(decided.location.as_deref(), Some("/portal/review?done=decided"));
    let again = officer.post(&format!("/portal/review/{item}"), &[("csrf", &csrf), ("decision", "reject")]);
    assert_eq!(again.location.as_deref(), Some("/portal/review?done=already"));
    assert_eq!(
        officer.post("/portal/review/upload-999", &[("csrf", &csrf), ("decision", "approve")]).status,
        StatusCode::NOT_FOUND
    );
    let published = officer.post("/portal/publish", &[("csrf", &csrf)]);
    assert_eq!(published.location.as_deref(), Some("/portal/review?done=published"));
    let (status, index) = reply(f.get("/v1/warnings/index", None));
    assert_eq!(status, StatusCode::OK, "{index}");

    // Follow-ups: a citizen's phone asks (tests/tests/passport_exposure.rs asks through the
    // passport after an alert); only officers see it; handled deletes it.
    let asked = json!({ "phone": "+62 812-3456-7890", "name": "Budi <b>", "language": "id" });
    assert_eq!(reply(f.post("/v1/follow-ups", None).json(&asked)).0, StatusCode::CREATED);
    let queue = officer.get("/portal/follow-ups");
    assert!(queue.body.contains("+6281234567890") && queue.body.contains("Budi &lt;b&gt;"), "{}", queue.body);
    let mut operator = Browser::new(&f.server.url);
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
