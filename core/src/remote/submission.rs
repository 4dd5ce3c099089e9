//! Sending a report submission (format v2): a citizen's upload, a phone's dummy upload or a
//! venue's warning. Uploads and dummies take the same route with the same fixed-size body and
//! get the same reply, so the network sees the same exchange either way.

use super::{RemoteError, ServerClient};
use crate::exposure::Submission;

/// The server's reply to every accepted submission, real or dummy: always these bytes.
pub const SUBMISSION_RECEIPT: &[u8] = b"{\"status\":\"received\"}";
/// The route of uploads and dummy uploads.
pub const UPLOADS_ROUTE: &str = "/v1/uploads";
/// The route of venue warnings (with the operator's token).
pub const VENUE_WARNINGS_ROUTE: &str = "/v1/venue-warnings";

/// `POST /v1/uploads` (an upload or a dummy) or `POST /v1/venue-warnings` (a venue warning,
/// sent with the operator's token): the submission's fixed-size body. No identity travels
/// with an upload; the server keeps nothing of a dummy.
pub fn send_submission(client: &ServerClient, submission: &Submission) -> Result<(), RemoteError> {
    let route = match submission.kind {
        crate::exposure::SubmissionKind::VenueWarning => VENUE_WARNINGS_ROUTE,
        _ => UPLOADS_ROUTE,
    };
    let body = submission.to_bytes().map_err(|_| RemoteError::UnexpectedReply("submission"))?;
    let reply = client.post_bytes(route, body, SUBMISSION_RECEIPT.len() as u64)?;
    if reply != SUBMISSION_RECEIPT {
        return Err(RemoteError::UnexpectedReply("submission receipt"));
    }
    Ok(())
}
