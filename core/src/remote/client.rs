//! The HTTP client: base URL, optional bearer token, and every policy of talking to a server —
//! which URLs are allowed, redirects refused, reply sizes capped, caching headers read, failures
//! typed — over whatever [`Transport`] the platform provides (the phone's own HTTP stack, or
//! ureq on desk tools). The transport only moves bytes, so these rules hold, and are tested,
//! once for every platform.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::RemoteError;
use super::server_url::check_server_url;
use super::transport::{HttpHeader, HttpMethod, HttpReply, HttpRequest, Transport, TransportError};
use crate::api::ErrorReply;

/// Largest JSON reply read from the server.
const MAX_JSON_REPLY: u64 = 1024 * 1024;
/// Largest error reply whose body is read for the server's error code.
const MAX_ERROR_REPLY: u64 = 64 * 1024;
/// Longest wait for a connection, in milliseconds.
const CONNECT_TIMEOUT_MILLIS: u32 = 10_000;
/// Longest a whole exchange may take, in milliseconds.
const TIMEOUT_MILLIS: u32 = 120_000;

/// A server at one base URL, optionally acting with an account's token.
pub struct ServerClient {
    /// `scheme://authority[/path]`, without a trailing `/`.
    base: String,
    transport: Arc<dyn Transport>,
    token: Option<String>,
}

/// A conditional download: either unchanged since the given ETag, or new bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server's copy still has the ETag the phone sent (HTTP 304).
    NotModified {
        /// How long the server lets caches keep the reply (`Cache-Control: max-age`), if it said.
        fresh_for: Option<Duration>,
    },
    /// New content, with its ETag if the server sent one.
    Body {
        /// The reply body.
        bytes: Vec<u8>,
        /// The reply's ETag, to send as `If-None-Match` next time.
        etag: Option<String>,
        /// How long the server lets caches keep the reply (`Cache-Control: max-age`), if it said.
        fresh_for: Option<Duration>,
    },
}

impl ServerClient {
    /// A client for the server at `base_url` (`https://…`, or `http://` to this machine only,
    /// so nothing travels unencrypted over a network), sending through `transport`.
    pub fn new(base_url: &str, transport: Arc<dyn Transport>) -> Result<Self, RemoteError> {
        let base = base_url.trim_end_matches('/');
        check_server_url(base)?;
        Ok(ServerClient { base: base.to_owned(), transport, token: None })
    }

    /// A client for another phone at `address` on the local network (a backup transfer):
    /// plain `http`, since the transferred blob is encrypted and authenticated end to end.
    pub fn on_local_network(address: std::net::SocketAddr, transport: Arc<dyn Transport>) -> Self {
        ServerClient { base: format!("http://{address}"), transport, token: None }
    }

    /// The same server, acting as the account holding `token`.
    pub fn with_token(mut self, token: &str) -> Self {
        self.token = Some(token.trim().to_owned());
        self
    }

    /// `GET path`, decoded as JSON.
    pub fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, RemoteError> {
        decode_json(self.exchange(HttpMethod::Get, path, vec![], Vec::new(), MAX_JSON_REPLY)?)
    }

    /// `POST path` with a JSON body, the reply decoded as JSON.
    pub fn post_json<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T, RemoteError> {
        let json = serde_json::to_vec(body).map_err(|_| RemoteError::UnexpectedReply("request body"))?;
        decode_json(self.exchange(HttpMethod::Post, path, vec![content_type("application/json")], json, MAX_JSON_REPLY)?)
    }

    /// `POST path` with a binary body (`application/octet-stream`); the reply's bytes, at most
    /// `max_reply` of them.
    pub fn post_bytes(&self, path: &str, body: Vec<u8>, max_reply: u64) -> Result<Vec<u8>, RemoteError> {
        let headers = vec![content_type("application/octet-stream")];
        Ok(self.exchange(HttpMethod::Post, path, headers, body, max_reply)?.body)
    }

    /// `GET path` with `If-None-Match: etag` when one is known; the body is at most `max_len` bytes.
    pub fn fetch(&self, path: &str, etag: Option<&str>, max_len: u64) -> Result<Fetched, RemoteError> {
        let headers = etag.map(|etag| header_line("if-none-match", etag)).into_iter().collect();
        let reply = self.exchange(HttpMethod::Get, path, headers, Vec::new(), max_len)?;
        let fresh_for = header(&reply, "cache-control").and_then(cache_max_age);
        if reply.status == NOT_MODIFIED {
            return Ok(Fetched::NotModified { fresh_for });
        }
        let etag = header(&reply, "etag").map(str::to_owned);
        Ok(Fetched::Body { bytes: reply.body, etag, fresh_for })
    }

    /// `PUT path` with an opaque body, replacing the resource only while its ETag is still
    /// `if_match`, or creating it only if it does not exist (`None`); the new ETag.
    pub fn put_bytes(&self, path: &str, body: Vec<u8>, if_match: Option<&str>) -> Result<Option<String>, RemoteError> {
        let condition = match if_match {
            Some(etag) => header_line("if-match", etag),
            None => header_line("if-none-match", "*"),
        };
        let headers = vec![content_type("application/octet-stream"), condition];
        let reply = self.exchange(HttpMethod::Put, path, headers, body, MAX_JSON_REPLY)?;
        Ok(header(&reply, "etag").map(str::to_owned))
    }

    /// `DELETE path`.
    pub fn delete(&self, path: &str) -> Result<(), RemoteError> {
        self.exchange(HttpMethod::Delete, path, vec![], Vec::new(), MAX_JSON_REPLY).map(drop)
    }

    /// Sends one request (with the token, if any) and judges the reply: a 2xx or 304 reply of
    /// at most `max_reply` bytes is returned; a longer one is refused, not cut; a redirect is
    /// an error, never followed; any other status is the server's refusal with its error code.
    fn exchange(
        &self,
        method: HttpMethod,
        path: &str,
        mut headers: Vec<HttpHeader>,
        body: Vec<u8>,
        max_reply: u64,
    ) -> Result<HttpReply, RemoteError> {
        if let Some(token) = &self.token {
            headers.push(header_line("authorization", &format!("Bearer {token}")));
        }
        let request = HttpRequest {
            method,
            url: format!("{}{path}", self.base),
            headers,
            body,
            connect_timeout_millis: CONNECT_TIMEOUT_MILLIS,
            timeout_millis: TIMEOUT_MILLIS,
            max_reply_bytes: max_reply.max(MAX_ERROR_REPLY),
        };
        let reply = self.transport.send(request).map_err(unreachable)?;
        let status = reply.status;
        if (200..300).contains(&status) || status == NOT_MODIFIED {
            if reply.body.len() as u64 > max_reply {
                return Err(RemoteError::ReplyTooLarge);
            }
            return Ok(reply);
        }
        if (300..400).contains(&status) {
            return Err(RemoteError::Redirected { status });
        }
        let code = Some(reply.body)
            .filter(|body| body.len() as u64 <= MAX_ERROR_REPLY)
            .and_then(|body| serde_json::from_slice::<ErrorReply>(&body).ok())
            .map_or_else(|| format!("http_{status}"), |body| body.error);
        Err(RemoteError::Refused { status, code })
    }
}

/// HTTP 304: the copy the phone has is current.
const NOT_MODIFIED: u16 = 304;

fn header_line(name: &str, value: &str) -> HttpHeader {
    HttpHeader { name: name.to_owned(), value: value.to_owned() }
}

fn content_type(value: &str) -> HttpHeader {
    header_line("content-type", value)
}

/// The value of the reply's header `name` (ASCII case ignored), when present.
fn header<'a>(reply: &'a HttpReply, name: &str) -> Option<&'a str> {
    reply.headers.iter().find(|header| header.name.eq_ignore_ascii_case(name)).map(|header| header.value.as_str())
}

/// Why no reply came, as the client's error.
fn unreachable(error: TransportError) -> RemoteError {
    match error {
        TransportError::Offline | TransportError::Other => RemoteError::Offline,
        TransportError::TimedOut => RemoteError::TimedOut,
        TransportError::Tls => RemoteError::InsecureConnection,
    }
}

/// The `max-age` of a `Cache-Control` header value (`public, max-age=60`): how long a cache may
/// keep the reply. `None` when absent or not a whole number of seconds; `no-cache`/`no-store`
/// mean zero. Untrusted input: never panics.
pub fn cache_max_age(cache_control: &str) -> Option<Duration> {
    cache_control.split(',').map(str::trim).find_map(|directive| match directive.split_once('=') {
        Some((name, seconds)) if name.eq_ignore_ascii_case("max-age") => {
            seconds.trim_matches('"').parse().ok().map(Duration::from_secs)
        }
        None if directive.eq_ignore_ascii_case("no-cache") || directive.eq_ignore_ascii_case("no-store") => Some(Duration::ZERO),
        _ => None,
    })
}

fn decode_json<T: DeserializeOwned>(reply: HttpReply) -> Result<T, RemoteError> {
    serde_json::from_slice(&reply.body).map_err(|_| RemoteError::UnexpectedReply("json body"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_is_read_from_the_cache_control_directives() {
        assert_eq!(cache_max_age("public, max-age=60"), Some(Duration::from_secs(60)));
        assert_eq!(cache_max_age("Max-Age=\"300\", public"), Some(Duration::from_secs(300)));
        assert_eq!(cache_max_age("public, max-age=31536000, immutable"), Some(Duration::from_secs(31_536_000)));
        assert_eq!(cache_max_age("no-store"), Some(Duration::ZERO));
        assert_eq!(cache_max_age("public"), None);
        assert_eq!(cache_max_age("max-age=-1"), None);
        assert_eq!(cache_max_age("max-age=soon"), None);
        assert_eq!(cache_max_age("s-maxage=60"), None);
    }
}
