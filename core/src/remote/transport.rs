//! The one door to the network: a [`Transport`] sends one HTTP request and hands back the reply
//! as it came. Phones implement it on their own HTTP stack (Android's `HttpURLConnection`, iOS's
//! `URLSession`: the system trust store, proxy and pinning settings apply, and the library ships
//! no TLS of its own); desk tools and tests use [`super::UreqTransport`] (feature
//! `ureq-transport`). Every policy stays in [`super::ServerClient`], the same on every platform:
//! which URLs are allowed, redirects refused, reply sizes capped, caching headers read, errors
//! typed. A transport only moves bytes.

use thiserror::Error;

/// The HTTP methods the client sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`: read a document or a bundle.
    Get,
    /// `POST`: submit a body.
    Post,
    /// `PUT`: replace a backup.
    Put,
    /// `DELETE`: delete a backup.
    Delete,
}

impl HttpMethod {
    /// The method's name on the wire (`GET`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One header line. Names are compared ignoring ASCII case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpHeader {
    /// The header's name (`etag`, `Cache-Control`, …).
    pub name: String,
    /// Its value, as text.
    pub value: String,
}

/// One request, as the client hands it to the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: HttpMethod,
    /// The absolute URL (`https://…`, or `http://` to this machine or a phone on the local
    /// network), already checked by the client.
    pub url: String,
    /// Headers to send besides those the HTTP stack adds itself (host, length).
    pub headers: Vec<HttpHeader>,
    /// The body; empty for `GET` and `DELETE`.
    pub body: Vec<u8>,
    /// Longest wait for the connection (TCP and TLS), in milliseconds.
    pub connect_timeout_millis: u32,
    /// Longest the whole exchange may take, in milliseconds; a stack that only bounds each
    /// read applies it there.
    pub timeout_millis: u32,
    /// Most body bytes worth reading: the transport may stop after `max_reply_bytes + 1` bytes
    /// (the extra byte tells an over-long reply from one exactly at the cap); the client refuses
    /// a longer body, whatever the transport returned.
    pub max_reply_bytes: u64,
}

/// The reply as it came, whatever its status: the transport never follows a redirect, never
/// turns a status into an error, never decompresses or caches on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpReply {
    /// The HTTP status (200, 304, 307, 409, …).
    pub status: u16,
    /// The reply's headers.
    pub headers: Vec<HttpHeader>,
    /// The body, at most `max_reply_bytes + 1` bytes of it.
    pub body: Vec<u8>,
}

/// Why no reply came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TransportError {
    /// No network, the name did not resolve or the connection was refused or dropped.
    #[error("the server could not be reached")]
    Offline,
    /// The connection or the reply took longer than the request allowed.
    #[error("the server did not answer in time")]
    TimedOut,
    /// The TLS handshake failed: a certificate the phone does not trust (or pins otherwise),
    /// a clock far off, or something between the phone and the server (a captive portal).
    #[error("the connection to the server is not secure")]
    Tls,
    /// Any other failure of the HTTP stack.
    #[error("the HTTP stack failed")]
    Other,
}

/// Sends HTTP requests. `Send + Sync`: one transport serves every call and thread.
pub trait Transport: Send + Sync {
    /// Sends `request` and returns the reply as it came (any status, redirects not followed),
    /// or why none came. Blocking: called off the UI thread.
    fn send(&self, request: HttpRequest) -> Result<HttpReply, TransportError>;
}
