//! The client over the ureq transport against real sockets on loopback: redirects are refused,
//! never followed.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::*;

/// The transport of the desk tools and of every test against a real socket.
pub(crate) fn ureq() -> Arc<dyn Transport> {
    Arc::new(UreqTransport::new())
}

/// A one-connection HTTP server on loopback: it reads one request head, answers `reply` and
/// returns the head it read (empty when the connection sent nothing).
pub(crate) fn answer_once(reply: Vec<u8>) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(socket.try_clone().unwrap());
        let (mut head, mut line) = (String::new(), String::new());
        while reader.read_line(&mut line).unwrap_or(0) > 2 {
            head.push_str(&line);
            line.clear();
        }
        let _ = socket.write_all(&reply);
        head
    });
    (url, server)
}

/// An HTTP/1.1 reply with `status` and `body`, closing the connection.
pub(crate) fn reply(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let head = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n", body.len());
    [head.as_bytes(), body].concat()
}

/// What a redirect's target received: pokes it, so it stops waiting, and returns its head.
fn received(target: &str, server: JoinHandle<String>) -> String {
    drop(TcpStream::connect(target.trim_start_matches("http://")));
    server.join().unwrap()
}

#[test]
fn a_post_is_never_resent_to_where_a_redirect_points() {
    let (target, target_server) = answer_once(reply("200 OK", "content-type: application/json\r\n", b"{}"));
    let location = format!("location: {target}/v1/uploads\r\n");
    let (url, _server) = answer_once(reply("307 Temporary Redirect", &location, b""));
    let client = ServerClient::new(&url, ureq()).unwrap();
    let result = client.post_json::<serde_json::Value>("/v1/uploads", &serde_json::json!({ "code": "secret" }));
    assert_eq!(result.unwrap_err(), RemoteError::Redirected { status: 307 });
    assert_eq!(received(&target, target_server), "", "the body went to the redirect's target");
}

#[test]
fn a_download_does_not_follow_a_redirect_to_plain_http() {
    let (target, target_server) = answer_once(reply("200 OK", "", b"rules"));
    let (url, _server) = answer_once(reply("302 Found", &format!("location: {target}/v1/rules\r\n"), b""));
    let client = ServerClient::new(&url, ureq()).unwrap();
    assert_eq!(client.fetch("/v1/rules", None, 1024).unwrap_err(), RemoteError::Redirected { status: 302 });
    assert_eq!(received(&target, target_server), "");
    assert_eq!(RemoteError::Redirected { status: 302 }.code(), "redirected");
}

#[test]
fn only_https_or_plain_http_to_this_machine_is_a_server_url() {
    for refused in ["http://example.org", "ftp://localhost", "https://example.org/?next=1", "example.org", "not a url", ""] {
        assert_eq!(ServerClient::new(refused, ureq()).err(), Some(RemoteError::InvalidServerUrl), "{refused:?}");
    }
    for accepted in [
        "https://example.org",
        "https://example.org/healthpass/",
        "http://localhost:8080",
        "http://127.0.0.1:1",
        "http://[::1]:80",
    ] {
        assert!(ServerClient::new(accepted, ureq()).is_ok(), "{accepted:?}");
    }
}

#[test]
fn a_reply_longer_than_its_limit_is_refused_not_cut() {
    let (url, _server) = answer_once(reply("200 OK", "", b"12345"));
    assert_eq!(ServerClient::new(&url, ureq()).unwrap().fetch("/v1/rules", None, 4).unwrap_err(), RemoteError::ReplyTooLarge);
    let (url, _server) = answer_once(reply("200 OK", "etag: \"v2\"\r\n", b"1234"));
    let fetched = ServerClient::new(&url, ureq()).unwrap().fetch("/v1/rules", None, 4).unwrap();
    assert_eq!(fetched, Fetched::Body { bytes: b"1234".to_vec(), etag: Some("\"v2\"".to_owned()), fresh_for: None });
}

#[test]
fn a_refusal_carries_the_servers_code_or_the_status() {
    let body = br#"{"error":"code_used","message":"this code was used"}"#;
    let (url, _server) = answer_once(reply("409 Conflict", "content-type: application/json\r\n", body));
    let refused = ServerClient::new(&url, ureq()).unwrap().post_json::<serde_json::Value>("/v1/uploads", &serde_json::json!({}));
    assert_eq!(refused.unwrap_err(), RemoteError::Refused { status: 409, code: "code_used".to_owned() });
    let (url, _server) = answer_once(reply("502 Bad Gateway", "", b"<html>proxy</html>"));
    let refused = ServerClient::new(&url, ureq()).unwrap().get_json::<serde_json::Value>("/v1/keys");
    assert_eq!(refused.unwrap_err(), RemoteError::Refused { status: 502, code: "http_502".to_owned() });
}

#[test]
fn the_token_and_the_etag_are_sent_and_an_unchanged_document_is_not_modified() {
    let (url, server) = answer_once(reply("304 Not Modified", "cache-control: public, max-age=60\r\n", b""));
    let client = ServerClient::new(&url, ureq()).unwrap().with_token(" officer-token \n");
    let fetched = client.fetch("/v1/rules", Some("\"v1\""), 1024).unwrap();
    assert_eq!(fetched, Fetched::NotModified { fresh_for: Some(std::time::Duration::from_secs(60)) });
    let head = server.join().unwrap().to_ascii_lowercase();
    assert!(head.starts_with("get /v1/rules http/1.1\r\n"), "{head}");
    assert!(head.contains("authorization: bearer officer-token\r\n"), "{head}");
    assert!(head.contains("if-none-match: \"v1\"\r\n"), "{head}");
}

#[test]
fn a_server_that_is_not_there_is_offline() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let client = ServerClient::new(&format!("http://{closed}"), ureq()).unwrap();
    assert_eq!(client.get_json::<serde_json::Value>("/v1/keys").unwrap_err(), RemoteError::Offline);
}
