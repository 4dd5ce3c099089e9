//! The HTTP client: base URL, optional bearer token, bounded replies, typed failures.
//!
//! ureq (blocking, rustls with the Mozilla roots, no async runtime): the phone library links no
//! tokio or hyper for the few calls it makes.

use std::io::Read;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH};
use ureq::http::{Response, StatusCode, Uri};
use ureq::{Agent, Body, RequestBuilder};

use super::RemoteError;
use crate::api::ErrorReply;

/// Largest JSON reply read from the server.
const MAX_JSON_REPLY: u64 = 1024 * 1024;

/// A server at one base URL, optionally acting with an account's token.
pub struct ServerClient {
    /// `scheme://authority[/path]`, without a trailing `/`.
    base: String,
    http: Agent,
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
    /// so nothing travels unencrypted over a network).
    pub fn new(base_url: &str) -> Result<Self, RemoteError> {
        let base = base_url.trim_end_matches('/');
        let uri: Uri = base.parse().map_err(|_| RemoteError::InvalidServerUrl)?;
        let loopback = matches!(uri.host(), Some("localhost" | "127.0.0.1" | "[::1]"));
        let https = uri.scheme_str() == Some("https");
        let plain_http_here = uri.scheme_str() == Some("http") && loopback;
        if !(https || plain_http_here) || uri.query().is_some() || base.contains('#') {
            return Err(RemoteError::InvalidServerUrl);
        }
        Ok(ServerClient { base: base.to_owned(), http: agent(), token: None })
    }

    /// A client for another phone at `address` on the local network (a backup transfer):
    /// plain `http`, since the transferred blob is encrypted and authenticated end to end.
    pub fn on_local_network(address: std::net::SocketAddr) -> Self {
        ServerClient { base: format!("http://{address}"), http: agent(), token: None }
    }

    /// The same server, acting as the account holding `token`.
    pub fn with_token(mut self, token: &str) -> Self {
        self.token = Some(token.trim().to_owned());
        self
    }

    /// `GET path`, decoded as JSON.
    pub fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, RemoteError> {
        let response = self.send(self.authorised(self.http.get(self.url(path))).call())?;
        decode_json(response)
    }

    /// `POST path` with a JSON body, the reply decoded as JSON.
    pub fn post_json<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T, RemoteError> {
        let json = serde_json::to_vec(body).map_err(|_| RemoteError::UnexpectedReply("request body"))?;
        let request = self.authorised(self.http.post(self.url(path))).header(CONTENT_TYPE, "application/json");
        decode_json(self.send(request.send(json))?)
    }

    /// `POST path` with a binary body (`application/octet-stream`); the reply's bytes, at most
    /// `max_reply` of them.
    pub fn post_bytes(&self, path: &str, body: Vec<u8>, max_reply: u64) -> Result<Vec<u8>, RemoteError> {
        let request = self.authorised(self.http.post(self.url(path))).header(CONTENT_TYPE, "application/octet-stream");
        read_bounded(self.send(request.send(body))?, max_reply)
    }

    /// `GET path` with `If-None-Match: etag` when one is known; the body is at most `max_len` bytes.
    pub fn fetch(&self, path: &str, etag: Option<&str>, max_len: u64) -> Result<Fetched, RemoteError> {
        let mut request = self.authorised(self.http.get(self.url(path)));
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        let response = self.send(request.call())?;
        let fresh_for = header(&response, CACHE_CONTROL).and_then(|value| cache_max_age(&value));
        if response.status() == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified { fresh_for });
        }
        let etag = header(&response, ETAG);
        Ok(Fetched::Body { bytes: read_bounded(response, max_len)?, etag, fresh_for })
    }

    /// `GET path` as a byte stream, for replies too large to hold in memory at once.
    pub fn stream(&self, path: &str) -> Result<impl Read + use<>, RemoteError> {
        let response = self.send(self.authorised(self.http.get(self.url(path))).call())?;
        Ok(response.into_body().into_reader())
    }

    /// `PUT path` with an opaque body, replacing the resource only while its ETag is still
    /// `if_match`, or creating it only if it does not exist (`None`); the new ETag.
    pub fn put_bytes(&self, path: &str, body: Vec<u8>, if_match: Option<&str>) -> Result<Option<String>, RemoteError> {
        let request = self.authorised(self.http.put(self.url(path))).header(CONTENT_TYPE, "application/octet-stream");
        let request = match if_match {
            Some(etag) => request.header(IF_MATCH, etag),
            None => request.header(IF_NONE_MATCH, "*"),
        };
        let response = self.send(request.send(body))?;
        Ok(header(&response, ETAG))
    }

    /// `DELETE path`.
    pub fn delete(&self, path: &str) -> Result<(), RemoteError> {
        self.send(self.authorised(self.http.delete(self.url(path))).call()).map(drop)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `request` with the token, if any.
    fn authorised<B>(&self, request: RequestBuilder<B>) -> RequestBuilder<B> {
        match &self.token {
            Some(token) => request.header(AUTHORIZATION, format!("Bearer {token}")),
            None => request,
        }
    }

    /// The reply to a sent request; a reply other than 2xx or 304 becomes an error (a redirect
    /// too: it is never followed).
    fn send(&self, sent: Result<Response<Body>, ureq::Error>) -> Result<Response<Body>, RemoteError> {
        let response = sent.map_err(|_| RemoteError::Offline)?;
        let status = response.status();
        if status.is_success() || status == StatusCode::NOT_MODIFIED {
            return Ok(response);
        }
        if status.is_redirection() {
            return Err(RemoteError::Redirected { status: status.as_u16() });
        }
        let code = read_bounded(response, MAX_JSON_REPLY)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<ErrorReply>(&bytes).ok())
            .map_or_else(|| format!("http_{}", status.as_u16()), |body| body.error);
        Err(RemoteError::Refused { status: status.as_u16(), code })
    }
}

/// The one way this client talks HTTP: never follows a redirect (see
/// [`RemoteError::Redirected`]), gives up connecting after 10 s and on a whole call after
/// 120 s, and hands every status back to [`ServerClient::send`] to judge.
fn agent() -> Agent {
    Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// The value of header `name`, when present and text.
fn header(response: &Response<Body>, name: ureq::http::HeaderName) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
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

fn decode_json<T: DeserializeOwned>(response: Response<Body>) -> Result<T, RemoteError> {
    let bytes = read_bounded(response, MAX_JSON_REPLY)?;
    serde_json::from_slice(&bytes).map_err(|_| RemoteError::UnexpectedReply("json body"))
}

/// Reads at most `max_len` bytes of `response`; a longer body is refused, not cut.
fn read_bounded(response: Response<Body>, max_len: u64) -> Result<Vec<u8>, RemoteError> {
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(max_len.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|_| RemoteError::Offline)?;
    if bytes.len() as u64 > max_len {
        return Err(RemoteError::ReplyTooLarge);
    }
    Ok(bytes)
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
