//! Confirming a case: a fresh one-time upload code for the citizen, stored only as an HMAC
//! with the officer's terms (advice, infectious period) sealed under a key derived from the
//! code, valid for the server's upload-code lifetime. Shared by `POST /v1/cases` and the portal.

use chrono::{DateTime, TimeDelta, Utc};
use healthpass_core::api::{CaseTerms, ConfirmedCase, normalise_upload_code};

use crate::db::{Database, DbError, NewCode};
use crate::keys::KeyRing;
use crate::tokens::new_upload_code;

/// Opens a case for `officer_id` at `now` with `terms` bound to a code that lives `lifetime`.
/// The reply holds the code in clear: it is shown once and never stored so.
pub async fn confirm_case(
    database: &Database,
    keys: &KeyRing,
    officer_id: i64,
    terms: &CaseTerms,
    lifetime: TimeDelta,
    now: DateTime<Utc>,
) -> Result<ConfirmedCase, DbError> {
    let code = new_upload_code();
    let canonical = normalise_upload_code(&code);
    let expires_at: DateTime<Utc> = now + lifetime;
    let new_code = NewCode {
        code_hash: keys.upload_codes.lookup_hash(&canonical),
        terms: keys.upload_codes.seal_terms(&canonical, terms),
        expires_at: expires_at.timestamp(),
    };
    let case_id = database.insert_case(officer_id, new_code).await?;
    Ok(ConfirmedCase {
        case_id,
        upload_code: code,
        expires_at,
        advice: terms.advice.name().to_owned(),
        infectious_from: terms.infectious_from,
        infectious_until: terms.infectious_until,
    })
}
