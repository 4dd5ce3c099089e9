//! API errors: an exact status code and a JSON body `{"error": CODE, "message": TEXT}`.
//! Messages never echo request contents.

use axum::Json;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::{ETAG, RETRY_AFTER};
use axum::response::{IntoResponse, Response};
use healthpass_core::api::{ErrorReply, RequestError};

use crate::db::DbError;
use crate::vault::VaultError;

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
    /// The request (head, body and handling) took longer than the server allows (408).
    RequestTimeout,
    /// Too many failed attempts from this client (429); retry after this many seconds.
    TooManyAttempts {
        /// Seconds until the next attempt is accepted.
        retry_after: u64,
    },
    /// Too many requests of this kind (429); retry after this many seconds.
    RateLimited {
        /// Seconds until the next request is accepted.
        retry_after: u64,
    },
    /// A backup write named a version that is no longer current (412); `current` is sent as the ETag.
    StaleBackup {
        /// The backup's current version.
        current: i64,
    },
    /// A backup write named no version to replace (428).
    PreconditionRequired,
    /// The server failed (500); details go to the log, not to the client.
    Internal,
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        tracing::error!(%error, "database failure");
        ApiError::Internal
    }
}

impl From<VaultError> for ApiError {
    fn from(error: VaultError) -> Self {
        tracing::error!(%error, "submission vault failure");
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
            ApiError::TooManyAttempts { retry_after } | ApiError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        };
        let etag = match &self {
            ApiError::StaleBackup { current } => Some(format!("\"{current}\"")),
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
            ApiError::RequestTimeout => {
                (StatusCode::REQUEST_TIMEOUT, "request_timeout", "the request took too long; send it again".to_owned())
            }
            ApiError::TooManyAttempts { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "too many attempts from this client; wait and retry".to_owned(),
            ),
            ApiError::RateLimited { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "rate_limited", "too many requests; wait and retry".to_owned())
            }
            ApiError::StaleBackup { .. } => (
                StatusCode::PRECONDITION_FAILED,
                "stale_backup",
                "another device wrote this backup first; read it, merge, and retry".to_owned(),
            ),
            ApiError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "precondition_required",
                "send If-Match with the version replaced, or If-None-Match: * to create".to_owned(),
            ),
            ApiError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server failed; try again".to_owned()),
        };
        let mut response = (status, Json(ErrorReply { error: code.to_owned(), message })).into_response();
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(RETRY_AFTER, seconds.into());
        }
        if let Some(etag) = etag.and_then(|etag| HeaderValue::from_str(&etag).ok()) {
            response.headers_mut().insert(ETAG, etag);
        }
        response
    }
}
