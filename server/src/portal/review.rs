//! The officer's review queue: approve or reject each pending submission, then publish the
//! approved ones as the next signed bundle.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use healthpass_core::api::ReviewDecision;
use healthpass_core::exposure::Advice;

use super::error::{PortalError, Problem};
use super::form::SignedInForm;
use super::html::{Done, data_table, page};
use super::i18n::{Lang, Text};
use super::session::SignedIn;
use super::{Portal, see_other};
use crate::accounts::Role;
use crate::api::{ApiError, pending_page, publish_approved, record_decision};

/// Submissions listed on the review page.
const PAGE: u32 = 100;

/// `GET /portal/review`: everything pending, oldest first, and the publish button.
pub async fn list(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
    Query(done): Query<Done>,
) -> Result<Html<String>, PortalError> {
    session.require(Role::HealthOfficer, lang)?;
    let pending = pending_page(&portal.app, 0, PAGE).await.map_err(|e| failure(e, lang))?.pending;
    let mut body = done.notice(
        lang,
        &[
            ("decided", Text::Decided),
            ("already", Text::AlreadyDecided),
            ("published", Text::Published),
            ("nothing", Text::NothingToPublish),
        ],
    );
    let columns = [Text::Kind, Text::Received, Text::Reports, Text::Advice, Text::InfectiousPeriod, Text::Actions];
    body.push_str(&data_table(lang, None, &columns, Text::NothingPending, &pending, |body, item| {
        let kind = if item.kind == "upload" { lang.t(Text::Cases) } else { lang.t(Text::Venues) };
        let number = item.id.rsplit('-').next().unwrap_or_default();
        let advice = Advice::from_name(&item.advice).map_or("", |a| lang.advice(a));
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{kind} #{number}</th><td>{received}</td><td>{reports}</td><td>{advice}</td><td>{from} – {until}</td><td>\
             <form method=\"post\" action=\"/portal/review/{id}\">{csrf}<input type=\"hidden\" name=\"decision\" value=\"approve\">\
             <button type=\"submit\" aria-label=\"{approve}: {kind} #{number}\">{approve}</button></form>\
             <form method=\"post\" action=\"/portal/review/{id}\">{csrf}<input type=\"hidden\" name=\"decision\" value=\"reject\">\
             <button type=\"submit\" class=\"danger\" aria-label=\"{reject}: {kind} #{number}\">{reject}</button></form></td></tr>",
            id = item.id,
            received = portal.zone.show(item.received_at),
            reports = item.reports,
            from = portal.zone.show(item.infectious_from),
            until = portal.zone.show(item.infectious_until),
            csrf = session.csrf_field(),
            approve = lang.t(Text::Approve),
            reject = lang.t(Text::Reject),
        );
    }));
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/portal/publish\">{}<button type=\"submit\">{}</button></form>",
        session.csrf_field(),
        lang.t(Text::Publish)
    );
    Ok(Html(page(lang, Some(&session), lang.t(Text::Review), &body)))
}

/// `POST /portal/review/{id}`: records an approval or a rejection.
pub async fn decide(State(portal): State<Portal>, Path(id): Path<String>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, fields, lang } = form;
    session.require(Role::HealthOfficer, lang)?;
    let decision = match fields.get("decision") {
        "approve" => ReviewDecision::Approve,
        "reject" => ReviewDecision::Reject,
        _ => return Err(PortalError::new(Problem::NotFound, lang)),
    };
    match record_decision(&portal.app, &id, decision).await {
        Ok(_) => Ok(see_other("/portal/review?done=decided")),
        Err(ApiError::Conflict(..)) => Ok(see_other("/portal/review?done=already")),
        Err(error) => Err(failure(error, lang)),
    }
}

/// `POST /portal/publish`: publishes the approved reports.
pub async fn publish(State(portal): State<Portal>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, lang, .. } = form;
    session.require(Role::HealthOfficer, lang)?;
    match publish_approved(&portal.app).await {
        Ok(Some(_)) => Ok(see_other("/portal/review?done=published")),
        Ok(None) => Ok(see_other("/portal/review?done=nothing")),
        Err(error) => Err(failure(error, lang)),
    }
}

/// An API failure as a page: an unknown submission is "not found", anything else the
/// server's own failure (logged).
fn failure(error: ApiError, lang: Lang) -> PortalError {
    match error {
        ApiError::NotFound => PortalError::new(Problem::NotFound, lang),
        error => {
            tracing::error!(?error, "portal: review failed");
            PortalError::new(Problem::ServerFailed, lang)
        }
    }
}
