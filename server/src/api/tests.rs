//! The API on a real loopback socket, in process: the guessing limit under parallel requests
//! and the time limits on slow clients.

use std::net::SocketAddr;
use std::time::Duration;

use healthpass_core::exposure::{SlotReport, Submission, SubmissionKind};
use healthpass_core::status::RuleSet;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::{AppState, attempts, router};
use crate::bundles::BundleDirectory;
use crate::db::{Database, DatabaseLocation};
use crate::documents::{DocumentSource, SignedDocuments};
use crate::keys::KeyRing;
use crate::vault::SubmissionVault;
use crate::{ServerConfig, config};

/// Longer than any limit under test: a client still connected after it was never cut off.
const NEVER: Duration = Duration::from_secs(60);

/// A server on a fresh SQLite data directory with these time limits, and its database; stops
/// with the runtime.
async fn start(header_read: Duration, request: Duration) -> (SocketAddr, tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now();
    let keys = KeyRing::load_or_create(dir.path()).unwrap();
    let bundles = BundleDirectory::open(dir.path(), &keys.publisher, now).unwrap();
    let database = Database::open(&DatabaseLocation::SqliteIn(dir.path().to_owned())).await.unwrap();
    let vault = SubmissionVault::open(dir.path()).unwrap();
    let config = ServerConfig {
        data_dir: dir.path().to_owned(),
        database_url: None,
        listen: "127.0.0.1:0".parse().unwrap(),
        upload_code_lifetime: config::DEFAULT_UPLOAD_CODE_LIFETIME,
        documents: DocumentSource::SignedAtStart { rules: RuleSet::default_in_force() },
        client_address: attempts::ClientAddress::default(),
        header_read_timeout: header_read,
        request_timeout: request,
        min_submissions: crate::batch::DEFAULT_MIN_SUBMISSIONS.into(),
        poster_base_url: Default::default(),
        portal_zone: crate::portal::DisplayZone::wib(),
    };
    let documents = SignedDocuments::publish(&config.documents, dir.path(), &keys, now).unwrap();
    let state = AppState::new(database.clone(), keys, bundles, documents, vault, &config);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(crate::connections::serve(listener, router(state), header_read, std::future::pending()));
    (address, dir, database)
}

/// Sends `request` whole and returns the reply's status code and body.
async fn exchange(address: SocketAddr, request: Vec<u8>) -> (u16, String) {
    let mut socket = TcpStream::connect(address).await.unwrap();
    socket.write_all(&request).await.unwrap();
    let mut reply = Vec::new();
    tokio::time::timeout(NEVER, socket.read_to_end(&mut reply)).await.unwrap().unwrap();
    let reply = String::from_utf8_lossy(&reply);
    let status = reply.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, reply.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default())
}

/// Sends `request` whole and returns the status code of the reply.
async fn status_of(address: SocketAddr, request: Vec<u8>) -> u16 {
    exchange(address, request).await.0
}

/// `POST /v1/uploads` of a well-formed submission with `code` and one fresh report.
fn upload_request(code: &str) -> Vec<u8> {
    let submission = Submission { kind: SubmissionKind::Upload { code: code.to_owned() }, reports: vec![SlotReport::decoy()] };
    let body = submission.to_bytes().unwrap();
    let mut request = format!(
        "POST /v1/uploads HTTP/1.1\r\nhost: x\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_wrong_codes_from_one_address_get_at_most_ten_lookups() {
    let (address, _dir, _) = start(NEVER, NEVER).await;
    let requests: Vec<_> =
        (0..40).map(|i| tokio::spawn(status_of(address, upload_request(&format!("WRONG{i:04}CODE"))))).collect();
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(request.await.unwrap());
    }
    let looked_up = statuses.iter().filter(|s| **s == 403).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((looked_up, limited), (attempts::MAX_FAILURES, 40 - attempts::MAX_FAILURES), "{statuses:?}");
}

#[tokio::test]
async fn a_client_that_never_finishes_its_request_head_is_cut_off() {
    let (address, _dir, _) = start(Duration::from_millis(500), NEVER).await;
    let mut socket = TcpStream::connect(address).await.unwrap();
    socket.write_all(b"GET /v1/status HTTP/1.1\r\nhost: x\r\n").await.unwrap();
    let mut reply = Vec::new();
    let read = tokio::time::timeout(NEVER, socket.read_to_end(&mut reply)).await;
    assert!(read.is_ok(), "the half-sent request still holds its connection");
    // A client that sends nothing at all is cut off too.
    let mut silent = TcpStream::connect(address).await.unwrap();
    assert!(tokio::time::timeout(NEVER, silent.read_to_end(&mut Vec::new())).await.is_ok());
}

#[tokio::test]
async fn a_client_that_sends_its_body_too_slowly_gets_408() {
    let (address, _dir, _) = start(NEVER, Duration::from_millis(500)).await;
    let mut socket = TcpStream::connect(address).await.unwrap();
    let head =
        "POST /v1/uploads HTTP/1.1\r\nhost: x\r\ncontent-type: application/octet-stream\r\ncontent-length: 1000\r\n\r\nHPSB";
    socket.write_all(head.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    let read = tokio::time::timeout(NEVER, socket.read_to_end(&mut reply)).await;
    assert!(read.is_ok(), "the slow body still holds its connection");
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("request_timeout"), "{reply}");
}

#[tokio::test]
async fn the_review_list_comes_in_pages() {
    let (address, _dir, database) = start(NEVER, NEVER).await;
    let token = database.add_account("officer", crate::accounts::Role::HealthOfficer).await.unwrap();
    let now = chrono::Utc::now();
    let terms = serde_json::json!({
        "advice": "monitor_symptoms",
        "infectious_from": now - chrono::TimeDelta::days(3),
        "infectious_until": now,
    })
    .to_string();
    for _ in 0..5 {
        let confirm = format!(
            "POST /v1/cases HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\ncontent-type: application/json\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{terms}",
            terms.len()
        );
        let (_, case) = exchange(address, confirm.into_bytes()).await;
        let code = serde_json::from_str::<serde_json::Value>(&case).unwrap()["upload_code"].as_str().unwrap().to_owned();
        assert_eq!(status_of(address, upload_request(&code)).await, 202);
    }
    let review = |query: &str| {
        format!("GET /v1/review{query} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\nconnection: close\r\n\r\n")
            .into_bytes()
    };
    let page = |body: String| serde_json::from_str::<serde_json::Value>(&body).unwrap();
    let (status, first) = exchange(address, review("?limit=2")).await;
    let first = page(first);
    assert_eq!((status, first["pending"].as_array().unwrap().len()), (200, 2));
    let after = first["next_after"].as_i64().unwrap();
    let (_, rest) = exchange(address, review(&format!("?after={after}&limit=3"))).await;
    let rest = page(rest);
    assert_eq!(rest["pending"].as_array().unwrap().len(), 3);
    // A full page cannot know it was the last: the next one is empty and says so.
    assert!(rest["next_after"].as_i64().is_some_and(|next| next > after));
    let (_, last) = exchange(address, review(&format!("?after={}", rest["next_after"]))).await;
    assert_eq!(page(last), serde_json::json!({ "pending": [], "next_after": null }));
    for bad in ["?limit=0", "?limit=501", "?after=x", "?page=2"] {
        let (status, body) = exchange(address, review(bad)).await;
        assert_eq!((status, page(body)["error"].clone()), (422, serde_json::json!("invalid_page")), "{bad}");
    }
}

#[tokio::test]
async fn occupancy_changes_from_one_client_are_rate_limited_before_the_database_is_asked() {
    let (address, _dir, _) = start(NEVER, NEVER).await;
    let body = r#"{"change": 1}"#;
    let change = format!(
        "POST /v1/venues/000102030405060708090a0b0c0d0e0f/occupancy HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    for _ in 0..attempts::OCCUPANCY_LIMITS.per_client {
        assert_eq!(status_of(address, change.clone().into_bytes()).await, 404, "no such venue");
    }
    assert_eq!(status_of(address, change.into_bytes()).await, 429);
}
