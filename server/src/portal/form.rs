//! Submitted forms: `application/x-www-form-urlencoded` bodies of at most [`MAX_FORM_BYTES`],
//! read into fields, and — for signed-in forms — checked for the session's CSRF token before
//! any handler runs. A refused form stores nothing.

use axum::body::to_bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use sha2::{Digest, Sha256};

use super::Portal;
use super::error::{PortalError, Problem};
use super::i18n::Lang;
use super::session::{SessionView, session_of};

/// Largest form body read; larger ones get the "form too large" page.
pub const MAX_FORM_BYTES: usize = 16 * 1024;

/// The fields of a submitted form, in order.
#[derive(Debug, Clone, Default)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// The first value of `name`, trimmed; `""` when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value.trim()).unwrap_or("")
    }

    /// Whether a checkbox `name` was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(key, _)| key == name)
    }
}

/// Reads a form body: refused as [`Problem::CsrfRefused`] when it is not a form (browsers send
/// forms urlencoded; anything else is a script's request) and [`Problem::FormTooLarge`] above
/// the limit.
pub async fn read_form(request: Request, lang: Lang) -> Result<FormFields, PortalError> {
    if !is_urlencoded(request.headers()) {
        return Err(PortalError::new(Problem::CsrfRefused, lang));
    }
    let bytes = to_bytes(request.into_body(), MAX_FORM_BYTES).await.map_err(|_| PortalError::new(Problem::FormTooLarge, lang))?;
    parse_form(&bytes).ok_or(PortalError::new(Problem::CsrfRefused, lang))
}

/// The fields of an urlencoded body; `None` if it is not one.
pub fn parse_form(bytes: &[u8]) -> Option<FormFields> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).ok().map(FormFields)
}

fn is_urlencoded(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}

/// Whether two secrets are equal, in time independent of where they differ (compares digests).
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A form posted from a signed-in page with that session's CSRF token.
pub struct SignedInForm {
    /// The session that posted it.
    pub session: SessionView,
    /// The form's fields.
    pub fields: FormFields,
    /// The user's language.
    pub lang: Lang,
}

impl FromRequest<Portal> for SignedInForm {
    type Rejection = PortalError;

    async fn from_request(request: Request, portal: &Portal) -> Result<Self, PortalError> {
        let (mut parts, body) = request.into_parts();
        let lang = Lang::from_request_parts(&mut parts, portal).await.unwrap_or(Lang::Id);
        let session = session_of(&parts.headers, portal, lang)?;
        let fields = read_form(Request::from_parts(parts, body), lang).await?;
        if !same_secret(fields.get("csrf"), &session.csrf) {
            return Err(PortalError::new(Problem::CsrfRefused, lang));
        }
        Ok(SignedInForm { session, fields, lang })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("", "abc"));
    }
}
