//! API errors: an exact status code and a JSON body `{"error": CODE, "message": TEXT}`.
//! Messages never echo request contents.

use axum::Json;
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::db::DbError;
use crate::requests::RequestError;

/// Every way a request can fail.
#[derive(Debug)]
pub enum ApiError {
    /// No or unknown bearer token (401).
    Unauthorized,
    /// The token's role may not do this (403).
    Forbidden,
    /// Refused for a reason of the domain (403), with its stable code and message.
    Denied(&'static str, &'static str),
    /// No such route or resource (404).
    NotFound,
    /// Conflicts with what happened before (409), with its stable code and message.
    Conflict(&'static str, &'static str),
    /// No longer available (410), with its stable code and message.
    Gone(&'static str, &'static str),
    /// The body is larger than the route accepts (413).
    PayloadTooLarge,
    /// The body is not `application/json` (415).
    UnsupportedMediaType,
    /// The body is not well-formed JSON (400).
    MalformedJson,
    /// The JSON does not have the fields this route needs (422).
    InvalidBody(String),
    /// A field breaks a rule of the domain (422), with its stable code.
    InvalidField(&'static str, String),
    /// Too many attempts from this client (failed upload codes, follow-up requests) (429);
    /// retry after this many seconds.
    TooManyAttempts {
        /// Seconds until the next attempt is accepted.
        retry_after: u64,
    },
    /// The server failed (500); details go to the log, not to the client.
    Internal,
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        tracing::error!(%error, "database failure");
        ApiError::Internal
    }
}

impl From<RequestError> for ApiError {
    fn from(error: RequestError) -> Self {
        match error {
            RequestError::MalformedJson => ApiError::MalformedJson,
            RequestError::InvalidBody(message) => ApiError::InvalidBody(message),
            RequestError::InvalidField { code, message } => ApiError::InvalidField(code, message),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match &self {
            ApiError::TooManyAttempts { retry_after } => Some(*retry_after),
            _ => None,
        };
        let (status, code, message) = match self {
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "a valid bearer token is required".to_owned()),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "this account's role may not do that".to_owned()),
            ApiError::Denied(code, message) => (StatusCode::FORBIDDEN, code, message.to_owned()),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "no such resource".to_owned()),
            ApiError::Conflict(code, message) => (StatusCode::CONFLICT, code, message.to_owned()),
            ApiError::Gone(code, message) => (StatusCode::GONE, code, message.to_owned()),
            ApiError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the body is too large".to_owned()),
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "the body must be application/json".to_owned())
            }
            ApiError::MalformedJson => (StatusCode::BAD_REQUEST, "malformed_json", "the body is not well-formed JSON".to_owned()),
            ApiError::InvalidBody(message) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", message),
            ApiError::InvalidField(code, message) => (StatusCode::UNPROCESSABLE_ENTITY, code, message),
            ApiError::TooManyAttempts { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "too many attempts from this address; wait and retry".to_owned(),
            ),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server failed; try again".to_owned()),
        };
        let mut response = (status, Json(json!({ "error": code, "message": message }))).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(RETRY_AFTER, seconds.into());
        }
        response
    }
}
