//! The officer's follow-up queue: citizens who asked the health office to call back. Calling
//! one and marking it handled deletes the request.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use chrono::{DateTime, Utc};

use super::error::{PortalError, Problem};
use super::form::SignedInForm;
use super::html::{Done, data_table, escape, page};
use super::i18n::{Lang, Text};
use super::session::SignedIn;
use super::{Portal, see_other};
use crate::accounts::Role;

/// `GET /portal/follow-ups`: the open requests, oldest first.
pub async fn list(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
    Query(done): Query<Done>,
) -> Result<Html<String>, PortalError> {
    session.require(Role::HealthOfficer, lang)?;
    let queue = portal.app.database.follow_ups(Utc::now().timestamp()).await.map_err(|e| PortalError::database(e, lang))?;
    let mut body = format!("<p>{}</p>", lang.t(Text::FollowUpsIntro));
    body.push_str(&done.notice(lang, &[("handled", Text::Handled)]));
    let columns = [Text::Phone, Text::Name, Text::Language, Text::Received, Text::Actions];
    body.push_str(&data_table(lang, None, &columns, Text::NoFollowUps, &queue, |body, request| {
        let phone = escape(&request.phone);
        let language = Lang::from_tag(&request.language).map_or("?", |l| l.t(Text::LanguageName));
        let received = DateTime::from_timestamp(request.requested_at, 0).map(|t| portal.zone.show(t)).unwrap_or_default();
        let _ = write!(
            body,
            "<tr><th scope=\"row\"><a href=\"tel:{phone}\">{phone}</a></th><td>{name}</td><td>{language}</td><td>{received}</td><td>\
             <form method=\"post\" action=\"/portal/follow-ups/{id}/handled\">{csrf}\
             <button type=\"submit\" aria-label=\"{handled}: {phone}\">{handled}</button></form></td></tr>",
            name = escape(request.name.as_deref().unwrap_or("")),
            id = request.id,
            csrf = session.csrf_field(),
            handled = lang.t(Text::MarkHandled),
        );
    }));
    Ok(Html(page(lang, Some(&session), lang.t(Text::FollowUps), &body)))
}

/// `POST /portal/follow-ups/{id}/handled`: deletes a handled request.
pub async fn handled(State(portal): State<Portal>, Path(id): Path<String>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, lang, .. } = form;
    session.require(Role::HealthOfficer, lang)?;
    let id: i64 = id.parse().map_err(|_| PortalError::new(Problem::NotFound, lang))?;
    let deleted = portal.app.database.delete_follow_up(id).await.map_err(|e| PortalError::database(e, lang))?;
    if !deleted {
        return Err(PortalError::new(Problem::NotFound, lang));
    }
    tracing::info!("portal: follow-up handled");
    Ok(see_other("/portal/follow-ups?done=handled"))
}
