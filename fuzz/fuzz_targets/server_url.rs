//! A server URL from settings or a command line, checked before anything is sent: never a
//! panic, and a client only for `https://…` or plain `http://` to this machine, without a user
//! name, query or fragment.
#![no_main]

use std::sync::Arc;

use healthpass_core::remote::{HttpReply, HttpRequest, ServerClient, Transport, TransportError};
use libfuzzer_sys::fuzz_target;

/// A transport that is never reached: checking a URL sends nothing.
struct Unreachable;

impl Transport for Unreachable {
    fn send(&self, _: HttpRequest) -> Result<HttpReply, TransportError> {
        panic!("checking a server URL sent a request")
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else { return };
    if ServerClient::new(url, Arc::new(Unreachable)).is_ok() {
        let loopback = ["http://localhost", "http://127.0.0.1", "http://[::1]"].iter().any(|prefix| {
            url.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        });
        assert!(url.starts_with("https://") || loopback, "{url:?}");
        assert!(!url.contains(['?', '#', '@', ' ']), "{url:?}");
    }
});
