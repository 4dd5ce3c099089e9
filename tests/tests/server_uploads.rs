//! Uploads on the wire: a real upload and a phone's dummy upload are the same exchange to a
//! network observer (same route, request and reply sizes, status and reply bytes, both held
//! back by a drawn reply delay), and dummies never count against the code-guessing limit.
//! Real server on loopback; each scenario on SQLite and PostgreSQL.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use healthpass_core::exposure::{SlotReport, Submission, SubmissionKind};
use healthpass_e2e::server_client::{ServerFixture, case_terms, reply};
use healthpass_e2e::{Backend, on_both_backends};
use healthpass_server::reply_delay::DEFAULT_MIN;
use reqwest::StatusCode;

on_both_backends!(a_dummy_and_a_real_upload_look_the_same_on_the_wire, dummies_never_count_as_guesses_and_store_nothing,);

/// One HTTP exchange as captured on the loopback interface: the bytes each way and the time.
struct Exchange {
    request: Vec<u8>,
    reply: Vec<u8>,
    took: Duration,
}

impl Exchange {
    /// The reply's status line.
    fn status_line(&self) -> String {
        String::from_utf8_lossy(&self.reply).lines().next().unwrap_or_default().to_owned()
    }

    /// The reply with its `date` header blanked (the one line that differs by clock second).
    fn reply_without_date(&self) -> String {
        let text = String::from_utf8_lossy(&self.reply);
        text.lines()
            .map(|l| if l.to_ascii_lowercase().starts_with("date:") { "date: …" } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Sends `body` to `POST /v1/uploads` over a raw TCP connection and captures both directions.
fn capture(f: &ServerFixture, body: &[u8]) -> Exchange {
    let address = f.server.url.strip_prefix("http://").unwrap();
    let mut request = format!(
        "POST /v1/uploads HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    let start = Instant::now();
    let mut stream = TcpStream::connect(address).unwrap();
    stream.write_all(&request).unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    Exchange { request, reply, took: start.elapsed() }
}

fn new_code(f: &ServerFixture) -> String {
    let (status, case) = reply(f.post("/v1/cases", Some(&f.officer)).json(&case_terms()));
    assert_eq!(status, StatusCode::CREATED, "{case}");
    case["upload_code"].as_str().unwrap().to_owned()
}

fn real_upload(code: &str, reports: usize) -> Vec<u8> {
    let reports = (0..reports).map(|_| SlotReport::decoy()).collect();
    Submission { kind: SubmissionKind::Upload { code: code.to_owned() }, reports }.to_bytes().unwrap()
}

fn a_dummy_and_a_real_upload_look_the_same_on_the_wire(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let real = capture(&f, &real_upload(&new_code(&f), 7));
    let dummy = capture(&f, &Submission::dummy().to_bytes().unwrap());
    assert_eq!(real.status_line(), "HTTP/1.1 202 Accepted", "{}", real.reply_without_date());
    assert_eq!(dummy.status_line(), real.status_line());
    assert_eq!(real.request.len(), dummy.request.len(), "same request size");
    assert_eq!(real.reply.len(), dummy.reply.len(), "same reply size");
    assert_eq!(real.reply_without_date(), dummy.reply_without_date(), "same reply bytes");
    for exchange in [&real, &dummy] {
        assert!(exchange.took >= DEFAULT_MIN, "held back by the drawn reply delay: {:?}", exchange.took);
    }
    let (_, review) = reply(f.get("/v1/review", Some(&f.officer)));
    assert_eq!(review["pending"].as_array().unwrap().len(), 1, "only the real upload is kept: {review}");
    assert_eq!(review["pending"][0]["reports"], 7);
}

fn dummies_never_count_as_guesses_and_store_nothing(backend: Backend) {
    let f = ServerFixture::start(backend, &[]);
    let dummy = Submission::dummy().to_bytes().unwrap();
    // More dummies than the guessing limit allows failures (10): none is a failure.
    for _ in 0..12 {
        assert_eq!(capture(&f, &dummy).status_line(), "HTTP/1.1 202 Accepted");
    }
    let code = new_code(&f);
    assert_eq!(capture(&f, &real_upload(&code, 3)).status_line(), "HTTP/1.1 202 Accepted");
    let (_, review) = reply(f.get("/v1/review", Some(&f.officer)));
    assert_eq!(review["pending"].as_array().unwrap().len(), 1, "{review}");
    // A body that is not a submission is refused, and nothing is kept of it.
    let mut malformed = dummy.clone();
    malformed[0] = b'X';
    assert!(capture(&f, &malformed).status_line().starts_with("HTTP/1.1 422"));
    assert!(capture(&f, &dummy[..100]).status_line().starts_with("HTTP/1.1 422"));
}
