//! Why a request body was refused, and the error reply every refusal is sent as.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RequestError {
    /// Not well-formed JSON.
    #[error("the body is not well-formed JSON")]
    MalformedJson,
    /// JSON, but not the fields this request needs.
    #[error("{0}")]
    InvalidBody(String),
    /// A field breaks a rule; the stable code names which.
    #[error("{message}")]
    InvalidField {
        /// Stable error code (e.g. `invalid_reports`).
        code: &'static str,
        /// What is wrong, without the value.
        message: String,
    },
}

impl RequestError {
    /// A field that breaks a rule, with its stable code.
    pub(crate) fn field(code: &'static str, message: impl Into<String>) -> Self {
        RequestError::InvalidField { code, message: message.into() }
    }
}

/// Parses `bytes` as JSON of shape `T`.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, RequestError> {
    serde_json::from_slice(bytes).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => RequestError::InvalidBody(field_problem(&error)),
        _ => RequestError::MalformedJson,
    })
}

/// What is wrong with the fields, without anything the client sent: serde's messages quote
/// values (`invalid value: string "…"`) and unknown keys, so only a missing field, whose name
/// is the server's own, is named.
fn field_problem(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let missing = text.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')).map(|(name, _)| name);
    match missing {
        Some(name) if name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') => format!("missing field `{name}`"),
        _ => "a field is unknown, or has the wrong type or value".to_owned(),
    }
}

/// The body of every refusal: a stable code and a message that never echoes the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReply {
    /// Stable code (`invalid_code`, `code_used`, `unauthorized`, …).
    pub error: String,
    /// One line for people.
    #[serde(default)]
    pub message: String,
}
