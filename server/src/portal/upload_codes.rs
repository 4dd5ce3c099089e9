//! The officer's case page: confirm a case and hand the citizen the one-time upload code, as
//! text and as a QR code the citizen's phone scans off the screen.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;

use super::Portal;
use super::error::PortalError;
use super::form::SignedInForm;
use super::html::page;
use super::i18n::{Lang, Text};
use super::qr_svg::qr_svg;
use super::session::SignedIn;
use crate::accounts::Role;
use crate::case_confirmation::confirm_case;

/// `GET /portal/cases`: the button that confirms a case.
pub async fn form(SignedIn(session): SignedIn, lang: Lang) -> Result<Html<String>, PortalError> {
    session.require(Role::HealthOfficer, lang)?;
    let body = format!(
        "<p>{}</p><form method=\"post\" action=\"/portal/cases\">{}<button type=\"submit\">{}</button></form>",
        lang.t(Text::ConfirmCaseIntro),
        session.csrf_field(),
        lang.t(Text::ConfirmCase)
    );
    Ok(Html(page(lang, Some(&session), lang.t(Text::Cases), &body)))
}

/// `POST /portal/cases`: confirms a case and shows its code once.
pub async fn confirm(State(portal): State<Portal>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, lang, .. } = form;
    let officer = session.require(Role::HealthOfficer, lang)?;
    let confirmed = confirm_case(&portal.app.database, officer.id, portal.app.upload_code_lifetime, Utc::now())
        .await
        .map_err(|e| PortalError::database(e, lang))?;
    tracing::info!(case_id = confirmed.case_id, "portal: case confirmed");
    // A 14-character code always fits a QR code; the text is shown either way.
    let qr = qr_svg(&confirmed.upload_code, lang.t(Text::UploadCode), 240).unwrap_or_default();
    let body = format!(
        "<p role=\"status\" class=\"notice\">{handover}</p>\
         <p>{label}: <output id=\"upload-code\" class=\"code\">{code}</output></p>{qr}\
         <p>{expires}: {at}</p><p><a href=\"/portal/cases\">{again}</a></p>",
        handover = lang.t(Text::CodeHandOver),
        label = lang.t(Text::UploadCode),
        code = confirmed.upload_code,
        expires = lang.t(Text::CodeExpires),
        at = portal.zone.show(confirmed.expires_at),
        again = lang.t(Text::ConfirmCase),
    );
    Ok((StatusCode::CREATED, Html(page(lang, Some(&session), lang.t(Text::CaseConfirmed), &body))).into_response())
}
