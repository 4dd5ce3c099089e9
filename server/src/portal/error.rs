//! Refusals as pages: every failure of a portal request is a clear page in the user's language
//! with the right status code. Nothing is stored when one of these is returned, and no page
//! echoes what was submitted.

use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{Html, IntoResponse, Response};

use super::html::page;
use super::i18n::{Lang, Text};
use crate::db::DbError;

/// Why a portal request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// No session cookie, or its session ended (401).
    SessionMissing,
    /// The form's CSRF token is missing or wrong, or it is not a form (403).
    CsrfRefused,
    /// The form is larger than the portal reads (413).
    FormTooLarge,
    /// No such page or record (404).
    NotFound,
    /// The account's role may not open this page (403).
    WrongRole,
    /// Too many failed sign-ins from this address (429); retry after this many seconds.
    TooManyAttempts(u64),
    /// The server failed (500); the cause is in the log.
    ServerFailed,
}

/// A refusal in a language.
#[derive(Debug)]
pub struct PortalError {
    problem: Problem,
    lang: Lang,
}

impl PortalError {
    /// `problem`, told in `lang`.
    pub fn new(problem: Problem, lang: Lang) -> Self {
        PortalError { problem, lang }
    }

    /// A database failure: logged, told as "the server failed".
    pub fn database(error: DbError, lang: Lang) -> Self {
        tracing::error!(%error, "portal: database failure");
        PortalError::new(Problem::ServerFailed, lang)
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        let (status, title, help) = match self.problem {
            Problem::SessionMissing => (StatusCode::UNAUTHORIZED, Text::SessionMissing, Text::SessionMissingHelp),
            Problem::CsrfRefused => (StatusCode::FORBIDDEN, Text::CsrfRefused, Text::CsrfRefusedHelp),
            Problem::FormTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, Text::FormTooLarge, Text::FormTooLargeHelp),
            Problem::NotFound => (StatusCode::NOT_FOUND, Text::NotFound, Text::NotFoundHelp),
            Problem::WrongRole => (StatusCode::FORBIDDEN, Text::WrongRole, Text::WrongRoleHelp),
            Problem::TooManyAttempts(_) => (StatusCode::TOO_MANY_REQUESTS, Text::SignIn, Text::TooManyAttempts),
            Problem::ServerFailed => (StatusCode::INTERNAL_SERVER_ERROR, Text::ServerFailed, Text::ServerFailedHelp),
        };
        let lang = self.lang;
        let body = format!("<p role=\"alert\">{}</p><p><a href=\"/portal/\">{}</a></p>", lang.t(help), lang.t(Text::BackHome));
        let mut response = (status, Html(page(lang, None, lang.t(title), &body))).into_response();
        if let Problem::TooManyAttempts(seconds) = self.problem {
            response.headers_mut().insert(RETRY_AFTER, seconds.into());
        }
        response
    }
}
