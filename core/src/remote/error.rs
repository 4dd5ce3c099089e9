//! Why a call to the server failed.

use thiserror::Error;

/// Why a call to the server failed. A failed call changed nothing on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RemoteError {
    /// The server URL is not `https://…`, or `http://` to a host other than this machine.
    #[error("the server URL must be https (plain http only to localhost)")]
    InvalidServerUrl,
    /// The server could not be reached (no network, refused, timed out): try again later.
    #[error("the server could not be reached")]
    Offline,
    /// The server did not answer in time: try again later.
    #[error("the server did not answer in time")]
    TimedOut,
    /// The secure connection failed (a certificate the phone does not trust, a clock far off,
    /// or a network that intercepts it, such as a captive portal): try again on another network.
    #[error("the connection to the server is not secure")]
    InsecureConnection,
    /// The server refused the request with its error code (`invalid_code`, `code_used`, …).
    #[error("the server refused the request ({status}, {code})")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's stable error code.
        code: String,
    },
    /// The server answered with a redirect (3xx other than 304). Redirects are never
    /// followed: one could lead from https to plain http, or make the client send a POST
    /// body (an upload code, reports) to another host.
    #[error("the server redirected the request ({status}); redirects are not followed")]
    Redirected {
        /// HTTP status.
        status: u16,
    },
    /// The reply is larger than this kind of reply may be.
    #[error("the server's reply is too large")]
    ReplyTooLarge,
    /// The reply does not have the shape the protocol specifies.
    #[error("the server's reply is not what the protocol specifies ({0})")]
    UnexpectedReply(&'static str),
}

impl RemoteError {
    /// A short, stable code for scripts and UIs; a refusal gives the server's own code.
    pub fn code(&self) -> &str {
        match self {
            RemoteError::InvalidServerUrl => "invalid_server_url",
            RemoteError::Offline => "offline",
            RemoteError::TimedOut => "timed_out",
            RemoteError::InsecureConnection => "insecure_connection",
            RemoteError::Refused { code, .. } => code,
            RemoteError::Redirected { .. } => "redirected",
            RemoteError::ReplyTooLarge => "reply_too_large",
            RemoteError::UnexpectedReply(_) => "unexpected_reply",
        }
    }

    /// Whether no reply came (offline, timed out, no secure connection): the network's doing,
    /// worth retrying later, unlike a refusal or a reply the protocol does not allow.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, RemoteError::Offline | RemoteError::TimedOut | RemoteError::InsecureConnection)
    }
}
