//! The desk tools' and the tests' [`Transport`]: ureq, blocking, rustls with the Mozilla roots
//! (feature `ureq-transport`). The phone library does not link it: phones send through their
//! own HTTP stack.

use std::io::{ErrorKind, Read};
use std::time::Duration;

use ureq::http::{self, Response};
use ureq::{Agent, AsSendBody, Body};

use super::transport::{HttpHeader, HttpMethod, HttpReply, HttpRequest, Transport, TransportError};

/// HTTP over ureq. Never follows a redirect and hands every status back as a reply.
#[derive(Debug, Clone)]
pub struct UreqTransport {
    agent: Agent,
}

impl UreqTransport {
    /// A transport with its own connection pool.
    pub fn new() -> Self {
        let agent = Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into();
        UreqTransport { agent }
    }

    /// Sends `request` with `body` under the request's timeouts.
    fn run<S: AsSendBody>(&self, request: &HttpRequest, body: S) -> Result<Response<Body>, TransportError> {
        let mut builder = http::Request::builder().method(request.method.as_str()).uri(&request.url);
        for header in &request.headers {
            builder = builder.header(&header.name, &header.value);
        }
        let built = builder.body(body).map_err(|_| TransportError::Other)?;
        let configured = self
            .agent
            .configure_request(built)
            .timeout_connect(Some(Duration::from_millis(u64::from(request.connect_timeout_millis))))
            .timeout_global(Some(Duration::from_millis(u64::from(request.timeout_millis))))
            .build();
        self.agent.run(configured).map_err(failure)
    }
}

impl Default for UreqTransport {
    fn default() -> Self {
        UreqTransport::new()
    }
}

impl Transport for UreqTransport {
    fn send(&self, mut request: HttpRequest) -> Result<HttpReply, TransportError> {
        let body = std::mem::take(&mut request.body);
        // A GET or DELETE goes without a body (and without `content-length: 0`).
        let response = match request.method {
            HttpMethod::Get | HttpMethod::Delete if body.is_empty() => self.run(&request, ())?,
            _ => self.run(&request, body)?,
        };
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some(HttpHeader { name: name.as_str().to_owned(), value: value.to_str().ok()?.to_owned() })
            })
            .collect();
        let mut bytes = Vec::new();
        response.into_body().into_reader().take(request.max_reply_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(
            |error| if error.kind() == ErrorKind::TimedOut { TransportError::TimedOut } else { TransportError::Offline },
        )?;
        Ok(HttpReply { status, headers, body: bytes })
    }
}

/// The transport meaning of a ureq failure.
fn failure(error: ureq::Error) -> TransportError {
    match error {
        ureq::Error::Timeout(_) => TransportError::TimedOut,
        ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => TransportError::TimedOut,
        ureq::Error::Io(_) | ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => TransportError::Offline,
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::TlsRequired => TransportError::Tls,
        _ => TransportError::Other,
    }
}
