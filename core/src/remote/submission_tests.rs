//! On the wire, a dummy upload is the same exchange as a real one.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use chrono::{TimeZone, Utc};

use super::{SUBMISSION_RECEIPT, ServerClient, send_submission};
use crate::exposure::{CoarseWindow, LocationId, SUBMISSION_LEN, Submission, SubmissionKind, sealed_slot_reports};

/// Serves `count` requests, one connection each, answering the receipt; returns each request
/// as it arrived (request line, headers, body).
pub(crate) fn capture(listener: TcpListener, count: usize) -> std::thread::JoinHandle<Vec<Vec<u8>>> {
    std::thread::spawn(move || {
        (0..count)
            .map(|_| {
                let (mut socket, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(socket.try_clone().unwrap());
                let mut request = Vec::new();
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap();
                    }
                    request.extend_from_slice(line.as_bytes());
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                request.extend_from_slice(&body);
                let head =
                    format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", SUBMISSION_RECEIPT.len());
                socket.write_all(&[head.as_bytes(), SUBMISSION_RECEIPT].concat()).unwrap();
                request
            })
            .collect()
    })
}

#[test]
fn a_dummy_upload_is_the_same_request_as_a_real_one_but_for_its_encrypted_content() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = ServerClient::new(&format!("http://{}", listener.local_addr().unwrap()), super::tests::ureq()).unwrap();
    let server = capture(listener, 2);
    let start = Utc.with_ymd_and_hms(2026, 11, 23, 14, 0, 0).unwrap();
    let window = CoarseWindow::around(start, start + chrono::TimeDelta::minutes(90)).unwrap();
    let real = Submission {
        kind: SubmissionKind::Upload { code: "ABCD-EFGH-JKLM".into() },
        reports: sealed_slot_reports(&LocationId([1; 32]), &window),
    };
    send_submission(&client, &real).unwrap();
    send_submission(&client, &Submission::dummy()).unwrap();
    let requests = server.join().unwrap();
    assert_eq!(requests[0].len(), requests[1].len(), "the same number of bytes on the wire");
    let head = |request: &[u8]| String::from_utf8_lossy(&request[..request.len() - SUBMISSION_LEN]).into_owned();
    assert_eq!(head(&requests[0]), head(&requests[1]), "the same route and headers");
    assert!(head(&requests[0]).starts_with("POST /v1/uploads HTTP/1.1\r\n"));
    assert!(head(&requests[0]).to_ascii_lowercase().contains(&format!("content-length: {SUBMISSION_LEN}\r\n")));
    assert_ne!(requests[0], requests[1], "only the content differs, which TLS hides");
}
