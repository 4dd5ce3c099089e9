//! Reports reaching the server: citizens' uploads with one-time codes, venues' own warnings,
//! and the officer's review. Real binary on loopback; each scenario on SQLite and PostgreSQL.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{TimeDelta, Utc};
use healthpass_core::api::RegisteredPoster;
use healthpass_core::exposure::{
    HourSummary, LocationId, PublisherPublicKey, SLOT_REPORT_LEN, SlotReport, Submission, SubmissionKind, seal_venue_warning,
};
use healthpass_core::venue::PosterSeed;
use healthpass_e2e::server_client::{ServerFixture, case_terms, error_of, reply};
use healthpass_e2e::{Backend, ServerProcess, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_backends!(
    an_upload_is_accepted_once_and_awaits_review,
    officers_choose_the_advice_and_period_of_a_code,
    an_acknowledged_upload_survives_a_restart,
    expired_codes_are_gone,
    guessing_codes_is_limited_per_client,
    upload_bodies_are_checked,
    operators_warn_only_about_their_own_venues,
    officers_decide_each_submission_once,
    approved_reports_are_published_once_as_a_signed_bundle,
    a_lone_upload_is_published_among_decoy_submissions,
    a_lone_venue_warning_is_published_among_decoy_submissions,
    logs_hold_no_tokens_codes_names_or_reports,
);

/// Eight slot reports of random bytes (so every upload is distinct), as sent.
fn reports() -> Vec<SlotReport> {
    (0..8).map(|_| SlotReport::decoy()).collect()
}

/// A confirmed case's upload code.
fn new_code(f: &ServerFixture) -> String {
    let (status, case) = reply(f.post("/v1/cases", Some(&f.officer)).json(&case_terms()));
    assert_eq!(status, StatusCode::CREATED, "{case}");
    assert_eq!(case["advice"], "isolate");
    case["upload_code"].as_str().unwrap().to_owned()
}

/// Sends an upload (format-v2 submission body) of `reports` with `code`.
fn upload(f: &ServerFixture, code: &str, reports: &[SlotReport]) -> (StatusCode, Value) {
    let body =
        Submission { kind: SubmissionKind::Upload { code: code.to_owned() }, reports: reports.to_vec() }.to_bytes().unwrap();
    reply(f.post("/v1/uploads", None).header("content-type", "application/octet-stream").body(body))
}

/// The id of the newest pending submission.
fn newest_pending(f: &ServerFixture) -> String {
    pending(f).last().unwrap()["id"].as_str().unwrap().to_owned()
}

fn pending(f: &ServerFixture) -> Vec<Value> {
    let (status, review) = reply(f.get("/v1/review", Some(&f.officer)));
    assert_eq!(status, StatusCode::OK, "{review}");
    review["pending"].as_array().unwrap().clone()
}

fn an_upload_is_accepted_once_and_awaits_review(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let (code, body) = (new_code(&f), reports());
    let (status, accepted) = upload(&f, &code, &body);
    assert_eq!((status, accepted), (StatusCode::ACCEPTED, json!({ "status": "received" })));
    let upload_id = newest_pending(&f);
    assert_eq!(error_of(upload(&f, &code, &body)), (StatusCode::CONFLICT, "upload_replayed".into()));
    assert_eq!(error_of(upload(&f, &code, &reports())), (StatusCode::CONFLICT, "code_used".into()));
    // The same reports under a fresh code are still a replay, and leave that code unused.
    let fresh = new_code(&f);
    assert_eq!(error_of(upload(&f, &fresh, &body)), (StatusCode::CONFLICT, "upload_replayed".into()));
    // Codes are read as people type them: lower case and without dashes.
    assert_eq!(upload(&f, &fresh.replace('-', "").to_lowercase(), &reports()).0, StatusCode::ACCEPTED);
    let listed = pending(&f);
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[0]["id"], upload_id);
    assert_eq!(listed[0]["kind"], "upload");
    assert_eq!(listed[0]["reports"], 8);
    // The officer sees the terms bound to the code, and nothing that names the case.
    let terms = case_terms();
    assert_eq!(listed[0]["advice"], "isolate");
    let day = |v: &Value| v.as_str().unwrap()[..10].to_owned();
    assert_eq!(day(&listed[0]["infectious_until"]), day(&terms["infectious_until"]));
    assert!(listed[0]["received_at"].as_str().unwrap().ends_with(":00:00Z"), "the hour only: {}", listed[0]);
    assert!(listed[0].get("case_id").is_none(), "{}", listed[0]);
}

fn officers_choose_the_advice_and_period_of_a_code(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let now = Utc::now();
    let case = |body: Value| error_of(reply(f.post("/v1/cases", Some(&f.officer)).json(&body)));
    let period =
        |days: i64| json!({ "advice": "isolate", "infectious_from": now - TimeDelta::days(days), "infectious_until": now });
    assert_eq!(case(period(22)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_period".into()));
    let mut unknown_advice = period(3);
    unknown_advice["advice"] = json!("stay_home");
    assert_eq!(case(unknown_advice), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_advice".into()));
    assert_eq!(case(json!({})), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body".into()));
    let by_operator = reply(f.post("/v1/cases", Some(&f.operator)).json(&period(3)));
    assert_eq!(error_of(by_operator), (StatusCode::FORBIDDEN, "forbidden".into()));
    // The upload body (a fixed-size submission) has no field for terms; a JSON body that tries
    // to carry some is refused.
    let (status, issued) = reply(f.post("/v1/cases", Some(&f.officer)).json(&period(3)));
    assert_eq!(status, StatusCode::CREATED);
    let code = issued["upload_code"].as_str().unwrap();
    let chosen = json!({ "code": code, "advice": "monitor_symptoms" });
    assert_eq!(error_of(reply(f.post("/v1/uploads", None).json(&chosen))).0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(upload(&f, code, &reports()).0, StatusCode::ACCEPTED);
    assert_eq!(pending(&f)[0]["advice"], "isolate");
}

fn an_acknowledged_upload_survives_a_restart(backend: Backend) {
    let mut f = ServerFixture::start(backend, &[]);
    let code = new_code(&f);
    assert_eq!(upload(&f, &code, &reports()).0, StatusCode::ACCEPTED);
    let id = newest_pending(&f);
    f.restart();
    let listed = pending(&f);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], id);
    assert_eq!(error_of(upload(&f, &code, &reports())), (StatusCode::CONFLICT, "code_used".into()));
}

fn expired_codes_are_gone(backend: Backend) {
    // A lifetime of 0 s: every code has expired by the time it is handed over.
    let f = ServerFixture::start(backend, &["--upload-code-lifetime", "0"]);
    let code = new_code(&f);
    assert_eq!(error_of(upload(&f, &code, &reports())), (StatusCode::GONE, "code_expired".into()));
    assert!(pending(&f).is_empty());
}

fn guessing_codes_is_limited_per_client(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let code = new_code(&f);
    for guess in 0..10 {
        let wrong = format!("0000-0000-{guess:04}");
        assert_eq!(error_of(upload(&f, &wrong, &reports())), (StatusCode::FORBIDDEN, "invalid_code".into()));
    }
    // The eleventh attempt is refused before the code is looked at, even a valid one.
    let body = Submission { kind: SubmissionKind::Upload { code }, reports: reports() }.to_bytes().unwrap();
    let response = f.post("/v1/uploads", None).header("content-type", "application/octet-stream").body(body).send().unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=600).contains(&retry_after), "{retry_after}");
    assert_eq!(response.json::<Value>().unwrap()["error"], "too_many_attempts");
}

fn upload_bodies_are_checked(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let code = new_code(&f);
    let raw = |body: Vec<u8>, content_type: &str| {
        error_of(reply(f.post("/v1/uploads", None).header("content-type", content_type).body(body)))
    };
    let invalid = (StatusCode::UNPROCESSABLE_ENTITY, "invalid_submission".to_owned());
    let good = Submission { kind: SubmissionKind::Upload { code: code.clone() }, reports: reports() }.to_bytes().unwrap();
    assert_eq!(raw(good[..good.len() - 1].to_vec(), "application/octet-stream"), invalid, "one byte short");
    let mut padded = good.clone();
    *padded.last_mut().unwrap() = 1;
    assert_eq!(raw(padded, "application/octet-stream"), invalid, "padding that is not zero");
    let empty = Submission { kind: SubmissionKind::Upload { code: code.clone() }, reports: vec![] };
    assert!(empty.to_bytes().is_err(), "an upload carries at least one report");
    assert_eq!(raw(vec![0; 70_000], "application/octet-stream"), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large".into()));
    assert_eq!(raw(good.clone(), "text/plain"), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type".into()));
    // None of these used the code up.
    assert_eq!(upload(&f, &code, &reports()).0, StatusCode::ACCEPTED);
}

/// A registered venue: the registry's reply and the seed the operator's machine kept.
struct Venue {
    reply: Value,
    seed: PosterSeed,
}

/// A venue warning's body: slot reports about `venue`, sealed from its seed on the operator's side.
fn warning_for(venue: &Venue) -> Value {
    let registered: RegisteredPoster = serde_json::from_value(venue.reply.clone()).unwrap();
    let (poster, _) = registered.assemble(&venue.seed, None, Utc::now()).unwrap();
    let location = LocationId::of_venue(&poster).unwrap();
    let start = Utc::now() - TimeDelta::hours(30);
    let warning = seal_venue_warning(&location, start, start + TimeDelta::hours(2)).unwrap();
    let reports: Vec<u8> = warning.reports.iter().flat_map(|r| r.to_bytes()).collect();
    json!({
        "venue_id": venue.reply["venue_id"], "advice": "get_tested", "from": start, "until": start + TimeDelta::hours(2),
        "reports": URL_SAFE_NO_PAD.encode(reports),
    })
}

fn register_venue(f: &ServerFixture, operator: &str) -> Venue {
    let seed = PosterSeed::random();
    let body = json!({
        "name": "Warung Sari", "address": "Jl. Melati 2, Depok", "category": "restaurant", "default_stay_minutes": 60,
        "commitment": seed.commitment().to_base64url(),
    });
    let (status, reply) = reply(f.post("/v1/venues", Some(operator)).json(&body));
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    Venue { reply, seed }
}

fn operators_warn_only_about_their_own_venues(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let other_operator = f.add_account("add-operator", "Toko Budi");
    let mine = register_venue(&f, &f.operator);
    let theirs = register_venue(&f, &other_operator);
    let warn = |token: &str, body: &Value| reply(f.post("/v1/venue-warnings", Some(token)).json(body));
    let my_warning = warning_for(&mine);
    let (status, created) = warn(&f.operator, &my_warning);
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("venue-warning-"), "{id}");
    let not_yours = (StatusCode::FORBIDDEN, "not_your_venue".to_owned());
    assert_eq!(error_of(warn(&f.operator, &warning_for(&theirs))), not_yours);
    let mut unknown = my_warning.clone();
    unknown["venue_id"] = json!("00".repeat(16));
    assert_eq!(error_of(warn(&f.operator, &unknown)), not_yours);
    let mut garbled = my_warning.clone();
    garbled["reports"] = json!("AAAA");
    assert_eq!(error_of(warn(&f.operator, &garbled)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_reports".into()));
    let mut too_long = my_warning.clone();
    too_long["until"] = json!(Utc::now() + TimeDelta::days(30));
    assert_eq!(error_of(warn(&f.operator, &too_long)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_period".into()));
    let mut bad_id = my_warning.clone();
    bad_id["venue_id"] = json!("not-hex");
    assert_eq!(error_of(warn(&f.operator, &bad_id)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_venue_id".into()));
    assert_eq!(error_of(warn(&f.officer, &my_warning)), (StatusCode::FORBIDDEN, "forbidden".into()));
    let listed = pending(&f);
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0],
        json!({
            "id": id, "kind": "venue_warning", "venue_id": mine.reply["venue_id"], "received_at": listed[0]["received_at"],
            "reports": URL_SAFE_NO_PAD.decode(my_warning["reports"].as_str().unwrap()).unwrap().len() / SLOT_REPORT_LEN, "advice": "get_tested", "infectious_from": listed[0]["infectious_from"],
            "infectious_until": listed[0]["infectious_until"],
        })
    );
}

fn officers_decide_each_submission_once(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    upload(&f, &new_code(&f), &reports());
    let first = newest_pending(&f);
    upload(&f, &new_code(&f), &reports());
    let second = newest_pending(&f);
    let decide = |token: Option<&str>, id: &str, decision: &str| {
        reply(f.post(&format!("/v1/review/{id}"), token).json(&json!({ "decision": decision })))
    };
    assert_eq!(decide(Some(&f.officer), &first, "approve"), (StatusCode::OK, json!({ "id": first, "state": "approved" })));
    assert_eq!(decide(Some(&f.officer), &second, "reject"), (StatusCode::OK, json!({ "id": second, "state": "rejected" })));
    assert_eq!(error_of(decide(Some(&f.officer), &first, "reject")), (StatusCode::CONFLICT, "already_decided".into()));
    assert!(pending(&f).is_empty());
    let not_found = (StatusCode::NOT_FOUND, "not_found".to_owned());
    assert_eq!(error_of(decide(Some(&f.officer), "upload-999", "approve")), not_found);
    assert_eq!(error_of(decide(Some(&f.officer), &first.replace("upload", "venue-warning"), "approve")), not_found);
    assert_eq!(error_of(decide(Some(&f.officer), "something-else", "approve")), not_found);
    assert_eq!(error_of(decide(Some(&f.officer), &first, "maybe")), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body".into()));
    assert_eq!(error_of(decide(Some(&f.operator), &first, "approve")), (StatusCode::FORBIDDEN, "forbidden".into()));
    assert_eq!(error_of(decide(None, &first, "approve")), (StatusCode::UNAUTHORIZED, "unauthorized".into()));
}

fn approved_reports_are_published_once_as_a_signed_bundle(backend: Backend) {
    // Two submissions per bundle: the venue warning and one upload need no decoy submission.
    let f = ServerFixture::start(backend, &["--min-submissions", "2"]);
    let venue = register_venue(&f, &f.operator);
    let warning = warning_for(&venue);
    let (_, warned) = reply(f.post("/v1/venue-warnings", Some(&f.operator)).json(&warning));
    let uploads: Vec<String> = (0..3)
        .map(|_| {
            upload(&f, &new_code(&f), &reports());
            newest_pending(&f)
        })
        .collect();
    let publish = || reply(f.post("/v1/warnings/publish", Some(&f.officer)));
    assert_eq!(error_of(publish()), (StatusCode::CONFLICT, "nothing_to_publish".into()));
    let decide = |id: &str, decision: &str| {
        let (status, body) = reply(f.post(&format!("/v1/review/{id}"), Some(&f.officer)).json(&json!({ "decision": decision })));
        assert_eq!(status, StatusCode::OK, "{body}");
    };
    decide(warned["id"].as_str().unwrap(), "approve");
    decide(&uploads[0], "approve");
    decide(&uploads[1], "reject");
    assert_eq!(error_of(reply(f.post("/v1/warnings/publish", Some(&f.operator)))), (StatusCode::FORBIDDEN, "forbidden".into()));
    let (status, published) = publish();
    assert_eq!(status, StatusCode::CREATED, "{published}");
    let venue_reports = URL_SAFE_NO_PAD.decode(warning["reports"].as_str().unwrap()).unwrap();
    let expected = 8 + venue_reports.len() / SLOT_REPORT_LEN;
    assert_eq!(published["reports"], expected, "one venue warning and one approved upload: {published}");
    let hour = published["hour"].as_u64().unwrap();
    // Published once: the rejected upload and the one still pending stay out.
    assert_eq!(error_of(publish()), (StatusCode::CONFLICT, "nothing_to_publish".into()));
    assert_eq!(pending(&f).len(), 1);
    let seen = bundle_reports(&f, hour);
    assert_eq!(seen.len(), expected);
    assert!(
        venue_reports.chunks(SLOT_REPORT_LEN).all(|r| seen.iter().any(|s| s.as_slice() == r)),
        "the venue's reports are in the bundle"
    );
    // Published and rejected submissions are deleted: deciding on them again finds nothing.
    for id in [&uploads[0], &uploads[1]] {
        let again = reply(f.post(&format!("/v1/review/{id}"), Some(&f.officer)).json(&json!({ "decision": "reject" })));
        assert_eq!(error_of(again), (StatusCode::NOT_FOUND, "not_found".into()), "{id}");
    }
}

/// The reports of the published hour `hour` (summary and every bucket), verified against the
/// server's publisher keys.
fn bundle_reports(f: &ServerFixture, hour: u64) -> Vec<[u8; SLOT_REPORT_LEN]> {
    let (_, keys) = reply(f.get("/v1/keys", None));
    let trusted: Vec<PublisherPublicKey> = keys["publisher"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| PublisherPublicKey::from_text(k.as_str().unwrap()).unwrap())
        .collect();
    let summary_bytes = f.get(&format!("/v1/warnings/{hour}"), None).send().unwrap().bytes().unwrap();
    let summary = HourSummary::open(&summary_bytes, &trusted, hour).unwrap();
    let mut seen = Vec::new();
    for index in 0.. {
        let response = f.get(&format!("/v1/warnings/{hour}/{index}"), None).send().unwrap();
        if response.status() == StatusCode::NOT_FOUND {
            break;
        }
        let bucket = response.bytes().unwrap();
        seen.extend(summary.read_bucket(index, &bucket).unwrap().iter().map(|p| p.report.to_bytes()));
    }
    assert_eq!(summary.reports as usize, seen.len());
    seen
}

fn a_lone_upload_is_published_among_decoy_submissions(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let body = reports();
    assert_eq!(upload(&f, &new_code(&f), &body).0, StatusCode::ACCEPTED);
    let id = newest_pending(&f);
    let approved = reply(f.post(&format!("/v1/review/{id}"), Some(&f.officer)).json(&json!({ "decision": "approve" })));
    assert_eq!(approved.0, StatusCode::OK);
    let (status, published) = reply(f.post("/v1/warnings/publish", Some(&f.officer)));
    assert_eq!(status, StatusCode::CREATED, "{published}");
    assert_eq!(published["reports"], 3 * 8, "padded to the default of three submissions: {published}");
    let seen = bundle_reports(&f, published["hour"].as_u64().unwrap());
    assert!(body.iter().all(|r| seen.contains(&r.to_bytes())), "every real report is published");
}

fn a_lone_venue_warning_is_published_among_decoy_submissions(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let venue = register_venue(&f, &f.operator);
    let warning = warning_for(&venue);
    let (status, warned) = reply(f.post("/v1/venue-warnings", Some(&f.operator)).json(&warning));
    assert_eq!(status, StatusCode::CREATED, "{warned}");
    let decided = reply(
        f.post(&format!("/v1/review/{}", warned["id"].as_str().unwrap()), Some(&f.officer))
            .json(&json!({ "decision": "approve" })),
    );
    assert_eq!(decided.0, StatusCode::OK, "{}", decided.1);
    let (status, published) = reply(f.post("/v1/warnings/publish", Some(&f.officer)));
    assert_eq!(status, StatusCode::CREATED, "{published}");
    let venue_reports = URL_SAFE_NO_PAD.decode(warning["reports"].as_str().unwrap()).unwrap();
    let count = venue_reports.len() / SLOT_REPORT_LEN;
    assert_eq!(published["reports"], 3 * count, "padded like an upload to the default of three submissions: {published}");
    let seen = bundle_reports(&f, published["hour"].as_u64().unwrap());
    assert!(
        venue_reports.chunks(SLOT_REPORT_LEN).all(|r| seen.iter().any(|s| s.as_slice() == r)),
        "the venue's reports are in it"
    );
}

fn logs_hold_no_tokens_codes_names_or_reports(backend: Backend) {
    let mut f = ServerFixture::start(backend, &["--upload-code-lifetime", "3600"]);
    let venue = register_venue(&f, &f.operator);
    let code = new_code(&f);
    let body = reports();
    assert_eq!(upload(&f, &code, &body).0, StatusCode::ACCEPTED);
    // Reviewed and published: the submission's id passes through both steps.
    let upload_id = newest_pending(&f);
    let approve = json!({ "decision": "approve" });
    assert_eq!(reply(f.post(&format!("/v1/review/{upload_id}"), Some(&f.officer)).json(&approve)).0, StatusCode::OK);
    assert_eq!(reply(f.post("/v1/warnings/publish", Some(&f.officer))).0, StatusCode::CREATED);
    let first_report = URL_SAFE_NO_PAD.encode(body[0].to_bytes());
    assert_eq!(upload(&f, "0000-0000-0000", &reports()).0, StatusCode::FORBIDDEN);
    let certificate =
        json!({ "type": "vaccination", "family_name": "Wijaya", "dob": "1990-04-12", "dose": 1, "date": "2026-11-02" });
    assert_eq!(reply(f.post("/v1/certificates", Some(&f.officer)).json(&certificate)).0, StatusCode::CREATED);
    f.restart();
    let log = ServerProcess::log(f.dir.path());
    assert!(
        ["upload accepted", "venue registered", "reviewed", "warnings published"].iter().all(|line| log.contains(line)),
        "the log is written: {log}"
    );
    let secrets = [
        f.officer.as_str(),
        f.operator.as_str(),
        code.as_str(),
        &code.replace('-', ""),
        &first_report,
        "Wijaya",
        "1990-04-12",
        "Warung Sari",
        "Jl. Melati",
        &venue.seed.to_text(),
        &upload_id,
        "upload_id",
    ];
    for secret in secrets {
        assert!(!log.contains(secret), "the log holds {secret:?}");
    }
}
