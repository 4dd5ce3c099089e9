//! The portal's static files, compiled into the binary: no third-party assets, nothing fetched
//! from elsewhere.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::error::{PortalError, Problem};
use super::i18n::Lang;

/// Every file: name, media type, content.
const FILES: &[(&str, &str, &str)] = &[
    ("portal.css", "text/css; charset=utf-8", include_str!("assets/portal.css")),
    ("qr.js", "text/javascript; charset=utf-8", include_str!("assets/qr.js")),
    ("poster.js", "text/javascript; charset=utf-8", include_str!("assets/poster.js")),
];

/// `GET /portal/assets/{file}`.
pub async fn serve(lang: Lang, Path(file): Path<String>) -> Result<Response, PortalError> {
    let (_, media_type, content) =
        FILES.iter().find(|(name, _, _)| *name == file).ok_or(PortalError::new(Problem::NotFound, lang))?;
    Ok(([(CONTENT_TYPE, *media_type), (CACHE_CONTROL, "public, max-age=3600")], *content).into_response())
}
