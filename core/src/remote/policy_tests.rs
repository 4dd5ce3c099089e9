//! The client's policies hold whatever the transport does: these tests hand it a transport
//! written here, which answers what each test scripts (as a phone's HTTP stack might, including
//! one that ignores the size cap) and keeps the requests it was given.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::*;

/// Answers every request with `outcome` and keeps the requests.
struct ScriptedTransport {
    outcome: Result<HttpReply, TransportError>,
    requests: Mutex<Vec<HttpRequest>>,
}

impl Transport for ScriptedTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpReply, TransportError> {
        self.requests.lock().unwrap().push(request);
        self.outcome.clone()
    }
}

/// A client of `https://example.org/base` (with a token) over a transport answering `outcome`.
fn scripted(outcome: Result<HttpReply, TransportError>) -> (ServerClient, Arc<ScriptedTransport>) {
    let transport = Arc::new(ScriptedTransport { outcome, requests: Mutex::new(Vec::new()) });
    let client = ServerClient::new("https://example.org/base/", transport.clone()).unwrap().with_token("t0ken");
    (client, transport)
}

fn reply(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Result<HttpReply, TransportError> {
    let headers = headers.iter().map(|(name, value)| HttpHeader { name: (*name).into(), value: (*value).into() }).collect();
    Ok(HttpReply { status, headers, body: body.to_vec() })
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request.headers.iter().find(|header| header.name == name).map(|header| header.value.as_str())
}

#[test]
fn every_kind_of_call_refuses_a_redirect() {
    for status in [301, 302, 303, 307, 308] {
        let (client, transport) = scripted(reply(status, &[("location", "http://elsewhere.example/v1/uploads")], b""));
        let redirected = RemoteError::Redirected { status };
        assert_eq!(client.post_json::<serde_json::Value>("/v1/uploads", &serde_json::json!({})).unwrap_err(), redirected);
        assert_eq!(client.post_bytes("/v1/uploads", vec![1], 64).unwrap_err(), redirected);
        assert_eq!(client.get_json::<serde_json::Value>("/v1/keys").unwrap_err(), redirected);
        assert_eq!(client.fetch("/v1/rules", Some("\"v1\""), 64).unwrap_err(), redirected);
        assert_eq!(client.put_bytes("/v1/backups/ab", vec![1], None).unwrap_err(), redirected);
        assert_eq!(client.delete("/v1/backups/ab").unwrap_err(), redirected);
        // One request per call: the client never went where the redirect points.
        let requests = transport.requests.lock().unwrap();
        assert_eq!(requests.len(), 6);
        assert!(requests.iter().all(|request| request.url.starts_with("https://example.org/base/v1/")));
    }
}

#[test]
fn a_body_over_the_cap_is_refused_even_when_the_transport_read_it_all() {
    let (client, transport) = scripted(reply(200, &[("etag", "\"v2\"")], &[7; 1001]));
    assert_eq!(client.fetch("/v1/rules", None, 1000).unwrap_err(), RemoteError::ReplyTooLarge);
    assert_eq!(client.post_bytes("/v1/uploads", vec![1], 1000).unwrap_err(), RemoteError::ReplyTooLarge);
    let fetched = client.fetch("/v1/rules", None, 1001).unwrap();
    assert_eq!(fetched, Fetched::Body { bytes: vec![7; 1001], etag: Some("\"v2\"".into()), fresh_for: None });
    // The transport is told the cap; at least enough to read the server's error code.
    let caps: Vec<u64> = transport.requests.lock().unwrap().iter().map(|request| request.max_reply_bytes).collect();
    assert_eq!(caps, [64 * 1024; 3]);
    let (client, transport) = scripted(reply(200, &[], &[7; 10]));
    client.fetch("/v1/bundles/1", None, 4 * 1024 * 1024).unwrap();
    assert_eq!(transport.requests.lock().unwrap()[0].max_reply_bytes, 4 * 1024 * 1024);
}

#[test]
fn the_request_carries_the_method_url_token_body_and_timeouts() {
    let (client, transport) = scripted(reply(201, &[("ETag", "\"3\"")], b""));
    assert_eq!(client.put_bytes("/v1/backups/ab", b"blob".to_vec(), Some("\"2\"")).unwrap(), Some("\"3\"".into()));
    let request = transport.requests.lock().unwrap().remove(0);
    assert_eq!(
        (request.method, request.url.as_str(), request.body.as_slice()),
        (HttpMethod::Put, "https://example.org/base/v1/backups/ab", &b"blob"[..])
    );
    assert_eq!(header(&request, "authorization"), Some("Bearer t0ken"));
    assert_eq!(header(&request, "if-match"), Some("\"2\""));
    assert_eq!(header(&request, "content-type"), Some("application/octet-stream"));
    assert_eq!((request.connect_timeout_millis, request.timeout_millis), (10_000, 120_000));
    client.put_bytes("/v1/backups/ab", b"blob".to_vec(), None).unwrap();
    assert_eq!(header(&transport.requests.lock().unwrap()[0], "if-none-match"), Some("*"));
}

#[test]
fn caching_headers_are_read_whatever_their_case() {
    let (client, transport) = scripted(reply(304, &[("Cache-Control", "public, max-age=60")], b""));
    assert_eq!(
        client.fetch("/v1/rules", Some("\"v1\""), 64).unwrap(),
        Fetched::NotModified { fresh_for: Some(Duration::from_secs(60)) }
    );
    let request = transport.requests.lock().unwrap().remove(0);
    assert_eq!((request.method, header(&request, "if-none-match")), (HttpMethod::Get, Some("\"v1\"")));
    assert!(request.body.is_empty());
    let (client, _) = scripted(reply(200, &[("ETAG", "\"v2\""), ("cache-control", "no-store")], b"rules"));
    let fetched = client.fetch("/v1/rules", None, 64).unwrap();
    assert_eq!(fetched, Fetched::Body { bytes: b"rules".to_vec(), etag: Some("\"v2\"".into()), fresh_for: Some(Duration::ZERO) });
}

#[test]
fn transport_failures_keep_their_kind() {
    for (failure, error) in [
        (TransportError::Offline, RemoteError::Offline),
        (TransportError::TimedOut, RemoteError::TimedOut),
        (TransportError::Tls, RemoteError::InsecureConnection),
        (TransportError::Other, RemoteError::Offline),
    ] {
        let (client, _) = scripted(Err(failure));
        let result = client.get_json::<serde_json::Value>("/v1/keys").unwrap_err();
        assert_eq!(result, error);
        assert!(result.is_unreachable());
    }
}

#[test]
fn a_refusal_names_the_servers_code_unless_its_body_is_too_large_or_not_json() {
    let (client, _) = scripted(reply(409, &[], br#"{"error":"code_used","message":"used"}"#));
    assert_eq!(
        client.post_bytes("/v1/uploads", vec![1], 21).unwrap_err(),
        RemoteError::Refused { status: 409, code: "code_used".into() }
    );
    let huge = format!(r#"{{"error":"code_used","message":"{}"}}"#, "x".repeat(64 * 1024));
    let (client, _) = scripted(reply(409, &[], huge.as_bytes()));
    assert_eq!(
        client.post_bytes("/v1/uploads", vec![1], 21).unwrap_err(),
        RemoteError::Refused { status: 409, code: "http_409".into() }
    );
    let (client, _) = scripted(reply(101, &[], b""));
    assert_eq!(client.delete("/v1/backups/ab").unwrap_err(), RemoteError::Refused { status: 101, code: "http_101".into() });
}

#[test]
fn a_url_that_is_not_allowed_never_reaches_the_transport() {
    let transport = Arc::new(ScriptedTransport { outcome: reply(200, &[], b"{}"), requests: Mutex::new(Vec::new()) });
    for refused in ["http://example.org", "https://example.org/?next=1"] {
        assert_eq!(ServerClient::new(refused, transport.clone()).err(), Some(RemoteError::InvalidServerUrl));
    }
    assert!(transport.requests.lock().unwrap().is_empty());
}
