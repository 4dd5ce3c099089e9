//! The client against real sockets on loopback: redirects are refused, never followed.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;

use super::*;

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
    let client = ServerClient::new(&url).unwrap();
    let result = client.post_json::<serde_json::Value>("/v1/uploads", &serde_json::json!({ "code": "secret" }));
    assert_eq!(result.unwrap_err(), RemoteError::Redirected { status: 307 });
    assert_eq!(received(&target, target_server), "", "the body went to the redirect's target");
}

#[test]
fn a_download_does_not_follow_a_redirect_to_plain_http() {
    let (target, target_server) = answer_once(reply("200 OK", "", b"rules"));
    let (url, _server) = answer_once(reply("302 Found", &format!("location: {target}/v1/rules\r\n"), b""));
    let client = ServerClient::new(&url).unwrap();
    assert_eq!(client.fetch("/v1/rules", None, 1024).unwrap_err(), RemoteError::Redirected { status: 302 });
    assert_eq!(received(&target, target_server), "");
    assert_eq!(RemoteError::Redirected { status: 302 }.code(), "redirected");
}
