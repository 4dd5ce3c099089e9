//! Bearer-token authentication and role checks.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::AppState;
use super::error::ApiError;
use crate::accounts::{Account, Role};
use crate::tokens::hash_secret;

/// The account behind the request's `Authorization: Bearer TOKEN` header.
pub struct Authenticated(pub Account);

impl Authenticated {
    /// The account, if it has `role`; [`ApiError::Forbidden`] otherwise.
    pub fn require(self, role: Role) -> Result<Account, ApiError> {
        if self.0.role == role { Ok(self.0) } else { Err(ApiError::Forbidden) }
    }
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(ApiError::Unauthorized)?;
        let account = state.database.account_by_token_hash(&hash_secret(token.trim())).await?;
        account.map(Authenticated).ok_or(ApiError::Unauthorized)
    }
}
