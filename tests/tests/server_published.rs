//! What the real server publishes on loopback: public keys by kind, the signed trust list and
//! rule set, the signed warning index and immutable hour bundles with ETag and Cache-Control,
//! and key rotation through `healthpass-server rotate-key|retire-key`.

use chrono::{TimeDelta, TimeZone, Utc};
use healthpass_core::exposure::{
    Advice, CoarseWindow, HourSummary, InfectiousPeriod, LocationId, PublisherPublicKey, ReportGroup, SlotReport, WarningIndex,
    WarningTerms, sealed_slot_reports,
};
use healthpass_core::status::RuleSet;
use healthpass_core::trust_list::{TrustList, TrustRootKey};
use healthpass_e2e::{ServerProcess, healthpass_server, healthpass_server_ok};
use healthpass_server::bundles::{BundleDirectory, PublishedBundle};
use healthpass_server::keys::KeyRing;
use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn get(server: &ServerProcess, path: &str, if_none_match: Option<&str>) -> Response {
    let request = Client::new().get(format!("{}{path}", server.url));
    let request = match if_none_match {
        Some(tag) => request.header("if-none-match", tag),
        None => request,
    };
    request.send().unwrap()
}

fn header(response: &Response, name: &str) -> String {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn keys(server: &ServerProcess) -> Value {
    get(server, "/v1/keys", None).json().unwrap()
}

fn publisher_keys(keys: &Value) -> Vec<PublisherPublicKey> {
    keys["publisher"].as_array().unwrap().iter().map(|k| PublisherPublicKey::from_text(k.as_str().unwrap()).unwrap()).collect()
}

/// One real slot report for `venue` (a presence within one hour).
fn real_report(venue: &LocationId) -> SlotReport {
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 14, 0, 0).unwrap();
    sealed_slot_reports(venue, &CoarseWindow::around(start, start + TimeDelta::minutes(50)).unwrap())[0]
}

/// Publishes `real` among decoys in one group, as the publish route will.
fn publish_before_start(data: &std::path::Path, real: SlotReport) -> PublishedBundle {
    let keys = KeyRing::load_or_create(data).unwrap();
    let directory = BundleDirectory::open(data, &keys.publisher, Utc::now()).unwrap();
    let end = Utc.with_ymd_and_hms(2026, 11, 21, 0, 0, 0).unwrap();
    let terms = WarningTerms { advice: Advice::GetTested, period: InfectiousPeriod::new(end - TimeDelta::days(3), end).unwrap() };
    let groups = [ReportGroup { terms, reports: vec![SlotReport::decoy(), real, SlotReport::decoy()] }];
    directory.publish(&groups, &keys.publisher, Utc::now()).unwrap()
}

#[test]
fn keys_trust_list_and_rules_verify_with_the_published_keys() {
    let data = tempfile::tempdir().unwrap();
    let server = ServerProcess::start(data.path());
    let keys = keys(&server);
    for kind in ["registry", "publisher", "trust_root"] {
        assert_eq!(keys[kind].as_array().map(Vec::len), Some(1), "{kind}: {keys}");
    }
    let registry: Value = get(&server, "/v1/registry-keys", None).json().unwrap();
    assert_eq!(registry["keys"], keys["registry"]);
    let root = TrustRootKey::from_text(keys["trust_root"][0].as_str().unwrap()).unwrap();
    let response = get(&server, "/v1/trust-list", None);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "application/json");
    let list = TrustList::verify(&response.bytes().unwrap(), &[root]).unwrap();
    assert_eq!(list.trust_store().signers().len(), 1, "the server's certificate issuer");
    let rules = RuleSet::from_signed(&get(&server, "/v1/rules", None).bytes().unwrap(), &[root]).unwrap();
    assert_eq!(rules, RuleSet::peduli_lindungi_2022());
}

#[test]
fn warning_bundles_are_immutable_files_listed_by_a_signed_index() {
    let data = tempfile::tempdir().unwrap();
    let real = real_report(&LocationId([42; 32]));
    let published = publish_before_start(data.path(), real);
    let server = ServerProcess::start(data.path());
    let trusted = publisher_keys(&keys(&server));

    let response = get(&server, "/v1/warnings/index", None);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "cache-control"), "public, max-age=60");
    let index_tag = header(&response, "etag");
    let index = WarningIndex::open(&response.bytes().unwrap(), &trusted).unwrap();
    assert_eq!(index.bundles.len(), 1);
    assert_eq!((index.bundles[0].hour, index.bundles[0].reports), (published.hour, 3));
    assert_eq!(get(&server, "/v1/warnings/index", Some(&index_tag)).status(), StatusCode::NOT_MODIFIED);

    let path = format!("/v1/warnings/{}", published.hour);
    let response = get(&server, &path, None);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "application/octet-stream");
    assert_eq!(header(&response, "cache-control"), "public, max-age=31536000, immutable");
    let tag = header(&response, "etag");
    assert!(tag.len() == 34 && tag.starts_with('"') && tag.ends_with('"'), "strong tag: {tag}");
    let bytes = response.bytes().unwrap();
    assert_eq!(<[u8; 32]>::from(Sha256::digest(&bytes)), index.bundles[0].sha256);
    let summary = HourSummary::open(&bytes, &trusted, published.hour).unwrap();
    let bucket = get(&server, &format!("/v1/warnings/{}/0", published.hour), None);
    assert_eq!(header(&bucket, "cache-control"), "public, max-age=31536000, immutable");
    let reports = summary.read_bucket(0, &bucket.bytes().unwrap()).unwrap();
    assert!(reports.iter().any(|p| p.report == real), "the real report is served in its bucket");

    let revalidated = get(&server, &path, Some(&format!("\"0000\", {tag}")));
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&revalidated, "etag"), tag);
    assert!(revalidated.bytes().unwrap().is_empty());
    assert_eq!(get(&server, &path, Some("\"0000\"")).status(), StatusCode::OK);

    for missing in
        [format!("/v1/warnings/{}", published.hour + 1), format!("/v1/warnings/0{}", published.hour), "/v1/warnings/x".into()]
    {
        let response = get(&server, &missing, None);
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(response.json::<Value>().unwrap()["error"], "not_found");
    }
}

#[test]
fn a_rotated_publisher_key_signs_after_restart_and_the_old_one_is_retired_by_id() {
    let data = tempfile::tempdir().unwrap();
    let published = publish_before_start(data.path(), real_report(&LocationId([1; 32])));
    let old_id = KeyRing::load_or_create(data.path()).unwrap().publisher.public_key().key_id().to_string();
    let run = healthpass_server_ok(data.path(), &["rotate-key", "publisher", "--data", "."]);
    let new_id = run.stdout.lines().last().unwrap().trim().to_owned();
    assert_ne!(new_id, old_id);

    let server = ServerProcess::start(data.path());
    let trusted = publisher_keys(&keys(&server));
    assert_eq!(trusted.iter().map(|k| k.key_id().to_string()).collect::<Vec<_>>(), vec![new_id.clone(), old_id.clone()]);
    let index = WarningIndex::open(&get(&server, "/v1/warnings/index", None).bytes().unwrap(), &trusted[..1]).unwrap();
    assert_eq!(index.bundles[0].hour, published.hour, "re-signed by the new key");
    let old_bundle = get(&server, &format!("/v1/warnings/{}", published.hour), None).bytes().unwrap();
    assert!(HourSummary::open(&old_bundle, &trusted, published.hour).is_ok(), "the old key still verifies its hour");
    server.stop();

    let refused = healthpass_server(data.path(), &["--json", "retire-key", "publisher", &new_id, "--data", "."]);
    assert_eq!(refused.status, 1, "{refused:?}");
    assert!(refused.stdout.contains("current_key"), "{refused:?}");
    healthpass_server_ok(data.path(), &["retire-key", "publisher", &old_id, "--data", "."]);
    let server = ServerProcess::start(data.path());
    assert_eq!(publisher_keys(&keys(&server)).len(), 1);
}
