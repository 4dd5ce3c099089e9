//! The web portal at `/portal/` for venue operators and health officers: server-rendered HTML
//! in Bahasa Indonesia and English, usable without JavaScript. The one script
//! (`assets/poster.js` with our QR encoder `assets/qr.js`, served from the binary like
//! everything else) runs where the operator's browser must make a poster's secret: the
//! registry never sees it (docs/PROTOCOL.md, "Who makes what (format v2)").
//!
//! Security: sessions in HttpOnly, SameSite=Strict cookies ([`session`]); a CSRF token on every
//! form ([`form`]); a strict Content-Security-Policy without inline script on every response;
//! sign-in failures rate-limited per address; account tokens are never logged or echoed.

mod assets;
mod cookies;
mod error;
mod follow_ups;
mod form;
mod html;
mod i18n;
mod login;
mod qr_svg;
mod review;
mod session;
mod upload_codes;
mod vaccinations;
mod venue_pages;

use std::sync::Arc;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub use form::{FormFields, parse_form};
pub use html::DisplayZone;
pub use upload_codes::local_time;
pub use vaccinations::csv_cell;

use crate::accounts::Role;
use crate::api::{AppState, AttemptLimiter, UPLOAD_CODE_LIMITS};
use error::{PortalError, Problem};
use i18n::Lang;
use session::{Sessions, session_of};

/// The policy every portal response carries: only our own script, styles and images; forms
/// post only to us; no framing; no plugins; no inline script or style.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// What every portal handler can reach: the API's state plus the portal's sessions, its
/// sign-in limiter and the zone times are shown in.
#[derive(Clone)]
pub struct Portal {
    app: AppState,
    sessions: Arc<Sessions>,
    sign_ins: Arc<AttemptLimiter>,
    zone: Arc<DisplayZone>,
}

/// The portal's routes over the API's state; times are shown in `zone`.
pub fn router(app: AppState, zone: DisplayZone) -> Router {
    let sign_ins = Arc::new(AttemptLimiter::new(UPLOAD_CODE_LIMITS));
    let portal = Portal { app, sessions: Arc::default(), sign_ins, zone: Arc::new(zone) };
    Router::new()
        .route("/portal", get(|| async { Redirect::to("/portal/") }))
        .route("/portal/", get(home))
        .route("/portal/assets/{file}", get(assets::serve))
        .route("/portal/language/{tag}", get(login::switch_language))
        .route("/portal/login", get(login::form).post(login::sign_in))
        .route("/portal/logout", post(login::sign_out))
        .route("/portal/venues", get(venue_pages::list).post(venue_pages::register))
        .route("/portal/venues/new", get(venue_pages::new_form))
        .route("/portal/venues/{venue_id}/reprint", post(venue_pages::reprint))
        .route("/portal/venues/{venue_id}/revoke", post(venue_pages::revoke))
        .route("/portal/venues/{venue_id}/warning", get(venue_pages::warning_help))
        .route("/portal/cases", get(upload_codes::form).post(upload_codes::confirm))
        .route("/portal/review", get(review::list))
        .route("/portal/review/{id}", post(review::decide))
        .route("/portal/publish", post(review::publish))
        .route("/portal/follow-ups", get(follow_ups::list))
        .route("/portal/follow-ups/{id}/handled", post(follow_ups::handled))
        .route("/portal/vaccinations", get(vaccinations::dashboard))
        .route("/portal/vaccinations.csv", get(vaccinations::csv))
        .route("/portal/{*rest}", get(not_found).post(not_found))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(portal)
}

/// The start page of the signed-in role, or the sign-in page.
async fn home(
    headers: axum::http::HeaderMap,
    lang: Lang,
    axum::extract::State(portal): axum::extract::State<Portal>,
) -> Redirect {
    match session_of(&headers, &portal, lang) {
        Ok(session) if session.account.role == Role::VenueOperator => Redirect::to("/portal/venues"),
        Ok(_) => Redirect::to("/portal/cases"),
        Err(_) => Redirect::to("/portal/login"),
    }
}

async fn not_found(lang: Lang) -> PortalError {
    PortalError::new(Problem::NotFound, lang)
}

/// Adds the security headers to every portal response.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.entry(CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// A redirect after a successful form (303, so the browser fetches the target with GET).
fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}
