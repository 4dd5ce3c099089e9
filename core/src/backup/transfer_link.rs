//! Carrying a transfer over the local network: the old phone answers exactly one request for
//! the blob with the one-time credential ([`serve_transfer_once`]); the new phone fetches it
//! with the backup client and restores it ([`receive_transfer`]). Plain HTTP/1.1 on a socket:
//! the blob is encrypted and authenticated end to end, and the one-time code travels only in
//! the QR between two screens.

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::BackupError;
use super::contents::BackupContents;
use super::format::{ContentKey, open, seal};
use super::keys::{BackupKeys, WriteCredential};
use super::restore::{RestoreSummary, restore};
use super::server::{backup_path, download};
use super::snapshot::snapshot;
use super::transfer::{TransferOffer, check_local};
use crate::remote::ServerClient;
use crate::store::Store;

/// Longest request head the old phone reads.
const MAX_REQUEST_HEAD: usize = 8 * 1024;
/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the listener is polled while waiting.
const POLL: Duration = Duration::from_millis(50);

/// The blob the old phone offers: a snapshot of `store` sealed under the offer's one-time code.
pub fn transfer_blob(store: &Store, offer: &TransferOffer, now: DateTime<Utc>) -> Result<Vec<u8>, BackupError> {
    seal(&snapshot(store, now)?.to_json(), &ContentKey::plain(&BackupKeys::derive(&offer.code)))
}

/// The old phone's side of a transfer, ready to show and to serve: a listener on a free port
/// of the phone's local-network address, the offer naming it, and the sealed snapshot.
#[derive(Debug)]
pub struct TransferSender {
    /// Taken by the one [`TransferSender::serve_once`] and closed when it returns.
    listener: Mutex<Option<TcpListener>>,
    offer: TransferOffer,
    blob: Vec<u8>,
}

impl TransferSender {
    /// Seals a snapshot of `store` as of `now` under a fresh one-time code and listens on a free
    /// port of `ip` (the phone's private or link-local address: anything else is
    /// [`BackupError::InvalidTransferCode`]; a port that cannot be opened is [`BackupError::Offline`]).
    pub fn prepare(store: &Store, ip: IpAddr, now: DateTime<Utc>) -> Result<Self, BackupError> {
        check_local(SocketAddr::new(ip, 1))?;
        let listener = TcpListener::bind(SocketAddr::new(ip, 0)).map_err(|_| BackupError::Offline)?;
        let offer = TransferOffer::new(listener.local_addr().map_err(|_| BackupError::Offline)?)?;
        let blob = transfer_blob(store, &offer, now)?;
        Ok(TransferSender { listener: Mutex::new(Some(listener)), offer, blob })
    }

    /// The QR text the new phone scans (see [`TransferOffer::to_qr_text`]).
    pub fn qr_text(&self) -> String {
        self.offer.to_qr_text()
    }

    /// Serves the blob once, waiting at most `wait` (see [`serve_transfer_once`]); the port
    /// is closed when it returns, so a second call, like a late scan, is [`BackupError::Offline`].
    pub fn serve_once(&self, wait: Duration) -> Result<(), BackupError> {
        let listener = self.listener.lock().unwrap_or_else(PoisonError::into_inner).take().ok_or(BackupError::Offline)?;
        serve_transfer_once(&listener, &self.offer, &self.blob, wait)
    }
}

/// Answers requests on `listener` until one fetched `blob` with the offer's credential (then
/// returns), or `wait` has passed ([`BackupError::Offline`]). Other requests get 404.
pub fn serve_transfer_once(
    listener: &TcpListener,
    offer: &TransferOffer,
    blob: &[u8],
    wait: Duration,
) -> Result<(), BackupError> {
    let keys = BackupKeys::derive(&offer.code);
    let expected = (backup_path(&keys), WriteCredential::hash_of_text(&keys.credential.to_text()));
    let deadline = Instant::now() + wait;
    listener.set_nonblocking(true).map_err(|_| BackupError::Offline)?;
    while Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                if answer(stream, &expected, blob).unwrap_or(false) {
                    return Ok(());
                }
            }
            Err(error) if error.kind() == ErrorKind::WouldBlock => std::thread::sleep(POLL),
            Err(_) => return Err(BackupError::Offline),
        }
    }
    Err(BackupError::Offline)
}

/// Answers one connection; whether it fetched the blob.
fn answer(mut stream: TcpStream, expected: &(String, Option<[u8; 32]>), blob: &[u8]) -> std::io::Result<bool> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let head = read_head(&mut stream)?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let credential = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("authorization"))
        .and_then(|(_, value)| value.trim().strip_prefix("Bearer "))
        .and_then(WriteCredential::hash_of_text);
    let wanted = request_line == format!("GET {} HTTP/1.1", expected.0) && credential.is_some() && credential == expected.1;
    if wanted {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nETag: \"1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            blob.len()
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(blob)?;
    } else {
        let body = r#"{"error":"not_found","message":"no such resource"}"#;
        let head = format!(
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
    }
    stream.flush()?;
    Ok(wanted)
}

/// Reads up to the blank line ending a request head (at most [`MAX_REQUEST_HEAD`] bytes).
fn read_head(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= MAX_REQUEST_HEAD || stream.read(&mut byte)? == 0 {
            return Err(ErrorKind::InvalidData.into());
        }
        head.push(byte[0]);
    }
    String::from_utf8(head).map_err(|_| ErrorKind::InvalidData.into())
}

/// The new phone's side: fetches the blob the scanned `qr_text` offers and restores it into
/// `store` (merging with what the phone has).
pub fn receive_transfer(store: &mut Store, qr_text: &str, now: DateTime<Utc>) -> Result<RestoreSummary, BackupError> {
    let offer = TransferOffer::parse(qr_text)?;
    let keys = BackupKeys::derive(&offer.code);
    let stored = download(ServerClient::on_local_network(offer.address), &keys)?;
    let (contents, _) = open(&stored.blob, &keys, None)?;
    restore(store, BackupContents::from_json(&contents)?, now)
}
