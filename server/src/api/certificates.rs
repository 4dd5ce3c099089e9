//! `POST /v1/certificates`: an officer issues a vaccination certificate (`HC1:` QR text)
//! signed by the server's certificate issuer key. Only the date, dose number and series length
//! are kept, for the daily counts; nothing about the holder is stored or logged.
//! `GET /v1/stats/vaccinations`: those counts per day.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{TimeDelta, Utc};
use healthpass_core::certificate::{
    COVID_19, DEFAULT_AUTHORITY, DEFAULT_COUNTRY, DEFAULT_MANUFACTURER, DEFAULT_PRODUCT, DEFAULT_VACCINE_TYPE,
    DEFAULT_VALID_DAYS, Holder, IssueError, IssueRequest, IssuedEntry, Vaccination, new_certificate_id,
};
use serde_json::{Value, json};

use super::AppState;
use super::auth::Authenticated;
use super::error::ApiError;
use super::json::ApiJson;
use crate::accounts::Role;
use crate::requests::CertificateBody;

/// Issues one certificate and counts it.
pub async fn issue(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(body): ApiJson<CertificateBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require(Role::HealthOfficer)?;
    let body = body.check()?;
    let country = body.country.unwrap_or_else(|| DEFAULT_COUNTRY.to_owned());
    let certificate_id = body.certificate_id.unwrap_or_else(|| new_certificate_id(&country));
    let doses = body.doses.unwrap_or(2);
    let entry = IssuedEntry::Vaccination(Vaccination {
        disease: COVID_19.into(),
        vaccine_type: body.vaccine_type.unwrap_or_else(|| DEFAULT_VACCINE_TYPE.to_owned()),
        product: body.product.unwrap_or_else(|| DEFAULT_PRODUCT.to_owned()),
        manufacturer: body.manufacturer.unwrap_or_else(|| DEFAULT_MANUFACTURER.to_owned()),
        dose_number: body.dose,
        series_doses: doses,
        date: Some(body.date),
        country: country.clone(),
        issuer: body.authority.unwrap_or_else(|| DEFAULT_AUTHORITY.to_owned()),
        certificate_id: certificate_id.clone(),
    });
    let issued_at = Utc::now();
    let wanted = issued_at.checked_add_signed(TimeDelta::days(i64::from(body.valid_days.unwrap_or(DEFAULT_VALID_DAYS))));
    // A certificate cannot outlive the key that signed it (verifiers refuse it from the
    // signer's end on), so its validity stops there; the issuer key rotates well before.
    let signer_end = state.keys.issuer.document_signer().not_after();
    let request = IssueRequest {
        holder: Holder { family_name: Some(body.family_name), given_name: body.given_name, date_of_birth: body.dob },
        entry,
        country,
        issued_at,
        expires_at: wanted.map_or(signer_end, |wanted| wanted.min(signer_end)),
    };
    let qr = state.keys.issuer.issue(&request).map_err(|e| match e {
        IssueError::Encoding => ApiError::Internal,
        refused => ApiError::InvalidField("invalid_certificate", refused.to_string()),
    })?;
    let vaccinated_on = body.date.format("%Y-%m-%d").to_string();
    state.database.insert_vaccination(&vaccinated_on, i64::from(body.dose), i64::from(doses)).await?;
    tracing::info!("vaccination certificate issued");
    Ok((StatusCode::CREATED, Json(json!({ "qr": qr, "certificate_id": certificate_id }))))
}

/// Daily vaccination counts, oldest day first.
pub async fn vaccination_stats(State(state): State<AppState>, caller: Authenticated) -> Result<Json<Value>, ApiError> {
    caller.require(Role::HealthOfficer)?;
    let days: Vec<Value> = state
        .database
        .vaccination_counts()
        .await?
        .into_iter()
        .map(|d| {
            json!({ "date": d.date, "first_doses": d.first_doses, "completed_series": d.completed_series, "boosters": d.boosters })
        })
        .collect();
    Ok(Json(json!({ "days": days })))
}
