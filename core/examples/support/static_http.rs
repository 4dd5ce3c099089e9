//! A static HTTP/1.1 server on loopback, standing in for the CDN that serves the warning index
//! and bundles: one request per connection, `ETag` and `If-None-Match` (304), one
//! `Cache-Control` value for every file, and a count of the bytes it sent (headers included).
//! Used by the background-sync example and the notify tests.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use data_encoding::HEXLOWER;
use sha2::{Digest, Sha256};

/// Files by path, each with its ETag.
type Files = Arc<Mutex<HashMap<String, (Vec<u8>, String)>>>;

/// The running server; it serves until the process exits.
pub struct StaticServer {
    /// `http://127.0.0.1:port`.
    pub url: String,
    files: Files,
    sent: Arc<AtomicU64>,
}

impl StaticServer {
    /// Starts serving on a free loopback port, every reply with `cache_control`.
    pub fn start(cache_control: &'static str) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let files: Files = Arc::default();
        let sent = Arc::new(AtomicU64::new(0));
        let (served, counted) = (files.clone(), sent.clone());
        std::thread::spawn(move || {
            for socket in listener.incoming().flatten() {
                // A client that hangs up mid-request costs nothing but that request.
                let _ = answer(socket, &served, &counted, cache_control);
            }
        });
        Ok(StaticServer { url, files, sent })
    }

    /// Serves `bytes` at `path` from now on, with a new ETag.
    pub fn publish(&self, path: &str, bytes: Vec<u8>) {
        let etag = format!("\"{}\"", HEXLOWER.encode(&Sha256::digest(&bytes)[..16]));
        self.files.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_owned(), (bytes, etag));
    }

    /// Bytes sent so far, headers and bodies.
    pub fn bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

/// Reads one request from `socket` and answers it.
fn answer(socket: TcpStream, files: &Files, sent: &AtomicU64, cache_control: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(socket.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
    let mut if_none_match = None;
    loop {
        line.clear();
        if reader.read_line(&mut line)? <= 2 {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(value.trim().to_owned());
        }
    }
    let file = files.lock().unwrap_or_else(PoisonError::into_inner).get(&path).cloned();
    let (status, body, etag) = match file {
        Some((_, etag)) if if_none_match.as_deref() == Some(etag.as_str()) => ("304 Not Modified", Vec::new(), etag),
        Some((bytes, etag)) => ("200 OK", bytes, etag),
        None => ("404 Not Found", Vec::new(), String::new()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\netag: {etag}\r\ncache-control: {cache_control}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let mut socket = socket;
    socket.write_all(head.as_bytes())?;
    socket.write_all(&body)?;
    sent.fetch_add((head.len() + body.len()) as u64, Ordering::Relaxed);
    Ok(())
}
