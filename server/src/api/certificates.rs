//! `POST /v1/certificates`: an officer issues a vaccination certificate (`HC1:` QR text)
//! signed by the server's certificate issuer key. Only the date, dose number and series length
//! are kept, for the daily counts; nothing about the holder is stored or logged.
//! `GET /v1/stats/vaccinations`: those counts per day.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use healthpass_core::api::{CertificateRequest, IssuedCertificate, VaccinationDay, VaccinationStats};
use healthpass_core::certificate::{IssueError, IssuedEntry};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;

/// Issues one certificate and counts it.
pub async fn issue(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<CertificateRequest>,
) -> Result<(StatusCode, Json<IssuedCertificate>), ApiError> {
    caller.require(Role::HealthOfficer)?;
    let mut request = body.order().into_request(Utc::now()).map_err(refusal)?;
    // A certificate cannot outlive the key that signed it (verifiers refuse it from the
    // signer's end on), so its validity stops there; the issuer key rotates well before.
    request.expires_at = request.expires_at.min(state.keys.issuer.document_signer().not_after());
    let IssuedEntry::Vaccination(vaccination) = &request.entry else {
        return Err(ApiError::Internal);
    };
    let (certificate_id, dose, doses) = (vaccination.certificate_id.clone(), vaccination.dose_number, vaccination.series_doses);
    let vaccinated_on = vaccination.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let qr = state.keys.issuer.issue(&request).map_err(refusal)?;
    state.database.insert_vaccination(&vaccinated_on, i64::from(dose), i64::from(doses)).await?;
    tracing::info!("vaccination certificate issued");
    Ok((StatusCode::CREATED, Json(IssuedCertificate { qr, certificate_id })))
}

/// The issuing limits keep their own codes; anything else the DCC schema refuses is
/// `invalid_certificate`.
fn refusal(error: IssueError) -> ApiError {
    match error {
        IssueError::Encoding => ApiError::Internal,
        IssueError::InvalidDose | IssueError::InvalidValidity | IssueError::OutlivesSigner { .. } => {
            ApiError::InvalidField(error.code(), error.to_string())
        }
        refused => ApiError::InvalidField("invalid_certificate", refused.to_string()),
    }
}

/// Daily vaccination counts, oldest day first.
pub async fn vaccination_stats(State(state): State<AppState>, caller: Authenticated) -> Result<Json<VaccinationStats>, ApiError> {
    caller.require(Role::HealthOfficer)?;
    let days = state
        .database
        .vaccination_counts()
        .await?
        .into_iter()
        .map(|d| VaccinationDay {
            date: d.date,
            first_doses: d.first_doses,
            completed_series: d.completed_series,
            boosters: d.boosters,
        })
        .collect();
    Ok(Json(VaccinationStats { days }))
}
