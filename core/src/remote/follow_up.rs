//! `POST /v1/follow-ups`: a citizen asks the health office to call back (body
//! [`FollowUpRequest`], checked before it is sent).

use super::{RemoteError, ServerClient};
use crate::api::{FollowUpReceived, FollowUpRequest};

/// Sends `request` (no account needed).
pub fn request_follow_up(client: &ServerClient, request: &FollowUpRequest) -> Result<(), RemoteError> {
    client.post_json::<FollowUpReceived>("/v1/follow-ups", request)?;
    Ok(())
}
