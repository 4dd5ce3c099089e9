//! A citizen's consented upload of protected visit reports with an officer's one-time code.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::json;

use super::{RemoteError, ServerClient};
use crate::exposure::ProtectedReport;

/// The server's receipt for an accepted upload.
#[derive(Debug, Clone, Deserialize)]
pub struct UploadReceipt {
    /// The server's upload number (the officer reviews it under `upload-N`).
    pub upload_id: i64,
    /// Reports received (always the padded count).
    pub reports: u32,
}

/// `POST /v1/uploads`: sends `reports` (already padded with decoys) with the upload code.
/// No account and no identity travel with it.
pub fn upload_reports(client: &ServerClient, code: &str, reports: &[ProtectedReport]) -> Result<UploadReceipt, RemoteError> {
    let bytes: Vec<u8> = reports.iter().flat_map(|r| r.to_bytes()).collect();
    client.post_json("/v1/uploads", &json!({ "code": code.trim(), "reports": URL_SAFE_NO_PAD.encode(bytes) }))
}
