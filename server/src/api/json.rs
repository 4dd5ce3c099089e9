//! A JSON body extractor whose every refusal is an [`ApiError`] with a JSON body.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use healthpass_core::api::parse_json;

/// A request body parsed as `T`, within the router's body limit.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = typed_body(request, state, "application/json").await?;
        Ok(ApiJson(parse_json(&bytes)?))
    }
}

/// The body of `request` if its content type is `media_type` (parameters ignored) and it fits
/// the router's body limit.
pub(super) async fn typed_body<S: Send + Sync>(request: Request, state: &S, media_type: &str) -> Result<Bytes, ApiError> {
    let matches = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case(media_type)));
    if !matches {
        return Err(ApiError::UnsupportedMediaType);
    }
    // The only failure reading a body within DefaultBodyLimit is exceeding it.
    Bytes::from_request(request, state).await.map_err(|_| ApiError::PayloadTooLarge)
}
