//! A citizen's consented upload of protected visit reports with an officer's one-time code.

use super::{RemoteError, ServerClient};
use crate::api::{UploadReceipt, UploadRequest};
use crate::exposure::ProtectedReport;

/// `POST /v1/uploads`: sends `reports` (already padded with decoys) with the upload code.
/// No account and no identity travel with it.
pub fn upload_reports(client: &ServerClient, code: &str, reports: &[ProtectedReport]) -> Result<UploadReceipt, RemoteError> {
    client.post_json("/v1/uploads", &UploadRequest::new(code, reports))
}
