//! The officer's case page: confirm a case with the advice and infectious period the citizen's
//! contacts will be told, and hand the citizen the one-time upload code that carries them, as
//! text and as a QR code the citizen's phone scans off the screen.

use std::fmt::Write;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use healthpass_core::api::CaseRequest;
use healthpass_core::exposure::Advice;

use super::Portal;
use super::error::PortalError;
use super::form::{FormFields, SignedInForm};
use super::html::{DisplayZone, escape, page};
use super::i18n::{Lang, Text};
use super::qr_svg::qr_svg;
use super::session::{SessionView, SignedIn};
use crate::accounts::Role;
use crate::case_confirmation::confirm_case;

/// `GET /portal/cases`: the form that confirms a case.
pub async fn form(State(portal): State<Portal>, SignedIn(session): SignedIn, lang: Lang) -> Result<Html<String>, PortalError> {
    session.require(Role::HealthOfficer, lang)?;
    Ok(Html(case_page(lang, &session, &portal.zone, &FormFields::default(), false)))
}

fn case_page(lang: Lang, session: &SessionView, zone: &DisplayZone, values: &FormFields, period_invalid: bool) -> String {
    let mut body = format!("<p>{}</p>", lang.t(Text::ConfirmCaseIntro));
    if period_invalid {
        let _ = write!(body, "<p role=\"alert\" class=\"error\" id=\"period-error\">{}</p>", lang.t(Text::PeriodInvalid));
    }
    let described = if period_invalid {
        " aria-invalid=\"true\" aria-describedby=\"zone-hint period-error\""
    } else {
        " aria-describedby=\"zone-hint\""
    };
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/portal/cases\">{csrf}\
         <label for=\"advice\">{advice_label}</label><select id=\"advice\" name=\"advice\">",
        csrf = session.csrf_field(),
        advice_label = lang.t(Text::Advice),
    );
    for advice in Advice::ALL {
        let selected = if values.get("advice") == advice.name() { " selected" } else { "" };
        let _ = write!(body, "<option value=\"{}\"{selected}>{}</option>", advice.name(), lang.advice(advice));
    }
    let _ = write!(
        body,
        "</select><p class=\"hint\" id=\"zone-hint\">{times_in} {zone}</p>\
         <label for=\"infectious_from\">{from}</label><input id=\"infectious_from\" name=\"infectious_from\" type=\"datetime-local\" required value=\"{from_value}\"{described}>\
         <label for=\"infectious_until\">{until}</label><input id=\"infectious_until\" name=\"infectious_until\" type=\"datetime-local\" required value=\"{until_value}\"{described}>\
         <button type=\"submit\">{confirm}</button></form>",
        times_in = lang.t(Text::TimesIn),
        zone = escape(zone.name()),
        from = lang.t(Text::InfectiousFrom),
        from_value = escape(values.get("infectious_from")),
        until = lang.t(Text::InfectiousUntil),
        until_value = escape(values.get("infectious_until")),
        confirm = lang.t(Text::ConfirmCase),
    );
    page(lang, Some(session), lang.t(Text::Cases), &body)
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional) in `zone`, as UTC.
pub fn local_time(text: &str, zone: &DisplayZone) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone.offset().from_local_datetime(&naive).single().map(|local| local.with_timezone(&Utc))
}

/// `POST /portal/cases`: confirms a case with its terms and shows its code once.
pub async fn confirm(State(portal): State<Portal>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, fields, lang } = form;
    let officer = session.require(Role::HealthOfficer, lang)?;
    let from = local_time(fields.get("infectious_from"), &portal.zone);
    let until = local_time(fields.get("infectious_until"), &portal.zone);
    let terms = match (from, until) {
        (Some(infectious_from), Some(infectious_until)) => {
            CaseRequest { advice: fields.get("advice").to_owned(), infectious_from, infectious_until }.check().ok()
        }
        _ => None,
    };
    let Some(terms) = terms else {
        let html = case_page(lang, &session, &portal.zone, &fields, true);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    let app = &portal.app;
    let confirmed = confirm_case(&app.database, &app.keys, officer.id, &terms, app.upload_code_lifetime, Utc::now())
        .await
        .map_err(|e| PortalError::database(e, lang))?;
    tracing::info!("portal: case confirmed");
    // A 14-character code always fits a QR code; the text is shown either way.
    let qr = qr_svg(&confirmed.upload_code, lang.t(Text::UploadCode), 240).unwrap_or_default();
    let body = format!(
        "<p role=\"status\" class=\"notice\">{handover}</p>\
         <p>{label}: <output id=\"upload-code\" class=\"code\">{code}</output></p>{qr}\
         <dl><dt>{advice_label}</dt><dd id=\"case-advice\">{advice}</dd>\
         <dt>{from_label}</dt><dd>{from}</dd><dt>{until_label}</dt><dd>{until}</dd>\
         <dt>{expires}</dt><dd>{at}</dd></dl><p><a href=\"/portal/cases\">{again}</a></p>",
        handover = lang.t(Text::CodeHandOver),
        label = lang.t(Text::UploadCode),
        code = escape(&confirmed.upload_code),
        advice_label = lang.t(Text::Advice),
        advice = lang.advice(terms.advice),
        from_label = lang.t(Text::InfectiousFrom),
        from = portal.zone.show(terms.infectious_from),
        until_label = lang.t(Text::InfectiousUntil),
        until = portal.zone.show(terms.infectious_until),
        expires = lang.t(Text::CodeExpires),
        at = portal.zone.show(confirmed.expires_at),
        again = lang.t(Text::ConfirmCase),
    );
    Ok((StatusCode::CREATED, Html(page(lang, Some(&session), lang.t(Text::CaseConfirmed), &body))).into_response())
}
