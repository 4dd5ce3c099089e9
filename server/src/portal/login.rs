//! Signing in with the account token, signing out, and switching the language.
//!
//! The sign-in form has its own CSRF token (a random value in a short-lived cookie and in the
//! form, compared on submit), so no other site can sign a browser in to an account of its
//! choosing. Failed sign-ins count against the client address like failed upload codes do.
//! The token typed in is never shown back, logged or kept: only its hash is looked up.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;

use super::Portal;
use super::cookies::{cookie, is_https, set_cookie};
use super::error::{PortalError, Problem};
use super::form::{SignedInForm, read_form, same_secret};
use super::html::{escape, page};
use super::i18n::{LANG_COOKIE, Lang, Text};
use super::session::{LIFETIME, SESSION_COOKIE, random_token};
use crate::tokens::hash_secret;

/// The cookie holding the sign-in form's CSRF value.
const SIGN_IN_COOKIE: &str = "hp_signin";

/// Seconds the sign-in form's CSRF cookie lives.
const SIGN_IN_FORM_SECONDS: i64 = 3600;

/// Seconds the language cookie lives (a year).
const LANG_SECONDS: i64 = 365 * 24 * 3600;

/// Query of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct SignInQuery {
    signed_out: Option<String>,
}

/// `GET /portal/login`: the sign-in form.
pub async fn form(headers: HeaderMap, lang: Lang, Query(query): Query<SignInQuery>) -> Response {
    let notice = query.signed_out.is_some().then(|| lang.t(Text::SignedOut));
    sign_in_page(lang, is_https(&headers), StatusCode::OK, notice, None)
}

fn sign_in_page(lang: Lang, secure: bool, status: StatusCode, notice: Option<&str>, error: Option<&str>) -> Response {
    let csrf = random_token();
    let mut body = String::new();
    if let Some(notice) = notice {
        body.push_str(&format!("<p role=\"status\" class=\"notice\">{notice}</p>"));
    }
    if let Some(error) = error {
        body.push_str(&format!("<p role=\"alert\" class=\"error\" id=\"token-error\">{error}</p>"));
    }
    let described = if error.is_some() { " aria-describedby=\"token-error\" aria-invalid=\"true\"" } else { "" };
    body.push_str(&format!(
        "<p>{intro}</p><form method=\"post\" action=\"/portal/login\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <label for=\"token\">{label}</label>\
         <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required{described}>\
         <button type=\"submit\">{submit}</button></form>",
        intro = lang.t(Text::SignInIntro),
        csrf = escape(&csrf),
        label = lang.t(Text::AccountToken),
        submit = lang.t(Text::SignIn),
    ));
    let mut response = (status, Html(page(lang, None, lang.t(Text::SignIn), &body))).into_response();
    response.headers_mut().append(SET_COOKIE, set_cookie(SIGN_IN_COOKIE, &csrf, SIGN_IN_FORM_SECONDS, secure));
    response
}

/// `POST /portal/login`: checks the form's CSRF value and the token; opens a session.
pub async fn sign_in(
    State(portal): State<Portal>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Result<Response, PortalError> {
    let (mut parts, body) = request.into_parts();
    let client = portal.app.client_address.of(peer.ip(), &parts.headers);
    let lang = Lang::from_request_parts(&mut parts, &portal).await.unwrap_or(Lang::Id);
    let secure = is_https(&parts.headers);
    let form_cookie = cookie(&parts.headers, SIGN_IN_COOKIE).unwrap_or_default();
    let fields = read_form(Request::from_parts(parts, body), lang).await?;
    if form_cookie.is_empty() || !same_secret(fields.get("csrf"), &form_cookie) {
        return Err(PortalError::new(Problem::CsrfRefused, lang));
    }
    if let Err(seconds) = portal.sign_ins.check(client, Instant::now()) {
        return Err(PortalError::new(Problem::TooManyAttempts(seconds), lang));
    }
    let token = fields.get("token");
    let account = if token.is_empty() {
        None
    } else {
        portal.app.database.account_by_token_hash(&hash_secret(token)).await.map_err(|e| PortalError::database(e, lang))?
    };
    let Some(account) = account else {
        portal.sign_ins.record(client, Instant::now());
        tracing::info!("portal: sign-in refused");
        return Ok(sign_in_page(lang, secure, StatusCode::UNAUTHORIZED, None, Some(lang.t(Text::WrongToken))));
    };
    tracing::info!(account = account.id, "portal: signed in");
    let session = portal.sessions.open(account, Utc::now());
    let mut response = Redirect::to("/portal/").into_response();
    let headers = response.headers_mut();
    headers.append(SET_COOKIE, set_cookie(SESSION_COOKIE, &session, LIFETIME.num_seconds(), secure));
    headers.append(SET_COOKIE, set_cookie(SIGN_IN_COOKIE, "", 0, secure));
    Ok(response)
}

/// `POST /portal/logout`: ends the session and deletes its cookie.
pub async fn sign_out(State(portal): State<Portal>, headers: HeaderMap, form: SignedInForm) -> Response {
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        portal.sessions.close(&id);
    }
    tracing::info!(account = form.session.account.id, "portal: signed out");
    let mut response = Redirect::to("/portal/login?signed_out=1").into_response();
    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, is_https(&headers)));
    response
}

/// `GET /portal/language/{tag}`: keeps the language in a cookie and goes back to the start page.
pub async fn switch_language(headers: HeaderMap, lang: Lang, Path(tag): Path<String>) -> Result<Response, PortalError> {
    let chosen = Lang::from_tag(&tag).ok_or(PortalError::new(Problem::NotFound, lang))?;
    let mut response = Redirect::to("/portal/").into_response();
    response.headers_mut().append(SET_COOKIE, set_cookie(LANG_COOKIE, chosen.tag(), LANG_SECONDS, is_https(&headers)));
    Ok(response)
}
