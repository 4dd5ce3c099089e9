//! The phone's own HTTP stack as the core's transport: the shell implements [`HttpTransport`]
//! (Android: `org.healthpass.presentation.UrlConnectionTransport` on `HttpURLConnection`; iOS:
//! `URLSessionTransport`) and hands it to [`crate::HealthPassport::open`]. The library then ships
//! no TLS stack of its own, and the system's trust store, proxy and pinning settings apply.
//! Every policy (allowed URLs, redirects refused, reply caps, caching headers, typed errors)
//! stays in the core's client; the shell only moves bytes.
//!
//! The core calls the transport from the thread running the blocking call: network calls are
//! `suspend`/`async` and run on a thread of their own (see `passport/background.rs`), never on
//! the UI thread.

use std::sync::Arc;

use healthpass_core::remote::{self, HttpHeader, HttpMethod, HttpReply, HttpRequest, TransportError};

/// The HTTP methods the core sends.
#[uniffi::remote(Enum)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
}

/// One header line; names compare ignoring ASCII case.
#[uniffi::remote(Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

/// One request to send as it is: follow no redirect, connect within
/// `connect_timeout_millis`, give up after `timeout_millis` (a stack that bounds each read
/// applies it there), and read at most `max_reply_bytes + 1` bytes of the body.
#[uniffi::remote(Record)]
pub struct HttpRequest {
    pub method: HttpMethod,
    pub url: String,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
    pub connect_timeout_millis: u32,
    pub timeout_millis: u32,
    pub max_reply_bytes: u64,
}

/// The reply as it came, whatever its status (3xx and 4xx included: the core judges them).
#[uniffi::remote(Record)]
pub struct HttpReply {
    pub status: u16,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

/// Why no reply came: no network or connection refused (`Offline`), too slow (`TimedOut`), the
/// TLS handshake failed (`Tls`), anything else (`Other`).
#[uniffi::remote(Error)]
pub enum TransportError {
    Offline,
    TimedOut,
    Tls,
    Other,
}

/// The shell's HTTP stack. `send` blocks until the reply is read; it is never called on the UI
/// thread. It throws only [`TransportError`]: any other exception is a bug in the shell.
#[uniffi::export(with_foreign)]
pub trait HttpTransport: Send + Sync {
    /// Sends `request` and returns the reply as it came, or why none came.
    fn send(&self, request: HttpRequest) -> Result<HttpReply, TransportError>;
}

/// The shell's [`HttpTransport`] as the core's [`remote::Transport`].
pub(crate) struct ShellTransport(pub(crate) Arc<dyn HttpTransport>);

impl remote::Transport for ShellTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpReply, TransportError> {
        self.0.send(request)
    }
}
