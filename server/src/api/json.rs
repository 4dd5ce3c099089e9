//! A JSON body extractor whose every refusal is an [`ApiError`] with a JSON body.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// A request body parsed as `T`, within the router's body limit.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json")));
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        // The only failure reading a body within DefaultBodyLimit is exceeding it.
        let bytes = Bytes::from_request(request, state).await.map_err(|_| ApiError::PayloadTooLarge)?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|error| match error.classify() {
            serde_json::error::Category::Data => ApiError::InvalidBody(field_problem(&error)),
            _ => ApiError::MalformedJson,
        })
    }
}

/// Serde's description of a data error, without the offending value.
fn field_problem(error: &serde_json::Error) -> String {
    let text = error.to_string();
    // serde_json appends " at line L column C"; keep just the description of the field.
    text.split(" at line ").next().unwrap_or("the body does not match the expected fields").to_owned()
}
