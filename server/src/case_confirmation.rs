//! Confirming a case: a fresh one-time upload code for the citizen, stored only as a hash, valid
//! for the server's upload-code lifetime. Shared by `POST /v1/cases` and the portal.

use chrono::{DateTime, TimeDelta, Utc};

use crate::db::{Database, DbError};
use crate::tokens::{hash_secret, new_upload_code, normalise_upload_code};

/// A confirmed case and the code to hand over (shown once, never stored in clear).
pub struct ConfirmedCase {
    /// The case number.
    pub case_id: i64,
    /// The code, `XXXX-XXXX-XXXX`.
    pub upload_code: String,
    /// When the code stops working (UTC).
    pub expires_at: DateTime<Utc>,
}

/// Opens a case for `officer_id` at `now` whose code lives `lifetime`.
pub async fn confirm_case(
    database: &Database,
    officer_id: i64,
    lifetime: TimeDelta,
    now: DateTime<Utc>,
) -> Result<ConfirmedCase, DbError> {
    let upload_code = new_upload_code();
    let expires_at = now + lifetime;
    let case_id =
        database.insert_case(officer_id, &hash_secret(&normalise_upload_code(&upload_code)), expires_at.timestamp()).await?;
    Ok(ConfirmedCase { case_id, upload_code, expires_at })
}
