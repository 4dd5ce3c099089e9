//! A binary body extractor: `application/octet-stream` within the router's body limit, for
//! the fixed-size report submissions phones send.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};

use super::error::ApiError;
use super::json::typed_body;

/// A request body of raw bytes.
pub struct ApiBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        Ok(ApiBytes(typed_body(request, state, "application/octet-stream").await?))
    }
}
