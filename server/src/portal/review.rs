//! The officer's review queue: approve or reject each pending submission, then publish the
//! approved ones as the next signed bundle.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use chrono::DateTime;

use super::error::{PortalError, Problem};
use super::form::SignedInForm;
use super::html::{Done, page};
use super::i18n::{Lang, Text};
use super::session::SignedIn;
use super::{Portal, see_other};
use crate::accounts::Role;
use crate::api::publish_approved;
use crate::db::{Decision, DecisionOutcome, SubmissionKind};
use crate::requests::SubmissionRef;

/// `GET /portal/review`: everything pending, oldest first, and the publish button.
pub async fn list(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
    Query(done): Query<Done>,
) -> Result<Html<String>, PortalError> {
    session.require(Role::HealthOfficer, lang)?;
    let pending = portal.app.database.pending().await.map_err(|e| PortalError::database(e, lang))?;
    let mut body = done.notice(
        lang,
        &[
            ("decided", Text::Decided),
            ("already", Text::AlreadyDecided),
            ("published", Text::Published),
            ("nothing", Text::NothingToPublish),
        ],
    );
    if pending.is_empty() {
        let _ = write!(body, "<p>{}</p>", lang.t(Text::NothingPending));
    } else {
        let _ = write!(
            body,
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            lang.t(Text::Kind),
            lang.t(Text::Received),
            lang.t(Text::Reports),
            lang.t(Text::Actions)
        );
        for item in &pending {
            let (id, kind) = match item.kind {
                SubmissionKind::Upload => (format!("upload-{}", item.id), lang.t(Text::Cases)),
                SubmissionKind::VenueWarning => (format!("venue-warning-{}", item.id), lang.t(Text::Venues)),
            };
            let received = DateTime::from_timestamp(item.received_at, 0).map(|t| portal.zone.show(t)).unwrap_or_default();
            let _ = write!(
                body,
                "<tr><th scope=\"row\">{kind} #{number}</th><td>{received}</td><td>{reports}</td><td>\
                 <form method=\"post\" action=\"/portal/review/{id}\">{csrf}<input type=\"hidden\" name=\"decision\" value=\"approve\">\
                 <button type=\"submit\" aria-label=\"{approve}: {kind} #{number}\">{approve}</button></form>\
                 <form method=\"post\" action=\"/portal/review/{id}\">{csrf}<input type=\"hidden\" name=\"decision\" value=\"reject\">\
                 <button type=\"submit\" class=\"danger\" aria-label=\"{reject}: {kind} #{number}\">{reject}</button></form></td></tr>",
                number = item.id,
                reports = item.report_count,
                csrf = session.csrf_field(),
                approve = lang.t(Text::Approve),
                reject = lang.t(Text::Reject),
            );
        }
        body.push_str("</tbody></table>");
    }
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
    let not_found = || PortalError::new(Problem::NotFound, lang);
    let (kind, number) = match SubmissionRef::parse(&id).ok_or_else(not_found)? {
        SubmissionRef::Upload(n) => (SubmissionKind::Upload, n),
        SubmissionRef::VenueWarning(n) => (SubmissionKind::VenueWarning, n),
    };
    let decision = match fields.get("decision") {
        "approve" => Decision::Approve,
        "reject" => Decision::Reject,
        _ => return Err(not_found()),
    };
    let outcome = portal.app.database.decide(kind, number, decision).await.map_err(|e| PortalError::database(e, lang))?;
    match outcome {
        DecisionOutcome::Decided => {
            tracing::info!(submission = number, state = decision.state(), "portal: reviewed");
            Ok(see_other("/portal/review?done=decided"))
        }
        DecisionOutcome::AlreadyDecided => Ok(see_other("/portal/review?done=already")),
        DecisionOutcome::NotFound => Err(not_found()),
    }
}

/// `POST /portal/publish`: publishes the approved reports.
pub async fn publish(State(portal): State<Portal>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, lang, .. } = form;
    session.require(Role::HealthOfficer, lang)?;
    match publish_approved(&portal.app).await {
        Ok(Some(_)) => Ok(see_other("/portal/review?done=published")),
        Ok(None) => Ok(see_other("/portal/review?done=nothing")),
        Err(_) => Err(PortalError::new(Problem::ServerFailed, lang)),
    }
}
