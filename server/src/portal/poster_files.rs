//! `GET /portal/venues/{id}/poster/{format}`: a venue's poster as an A4 PDF, a PNG or an SVG,
//! for its own operator only, as a download.

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use healthpass_core::poster::{PosterLayout, PrintedDetails, render_pdf, render_png, render_svg};

use super::Portal;
use super::error::{PortalError, Problem};
use super::i18n::Lang;
use super::session::SignedIn;
use crate::accounts::Role;
use crate::requests::parse_venue_id;
use crate::venue_registry::{poster_text, recorded_poster};

/// Sends the poster of an unrevoked venue of the signed-in operator in `format`.
pub async fn download(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
    Path((id, format)): Path<(String, String)>,
) -> Result<Response, PortalError> {
    let operator = session.require(Role::VenueOperator, lang)?;
    let not_found = || PortalError::new(Problem::NotFound, lang);
    let venue_id = parse_venue_id(&id).map_err(|_| not_found())?;
    let venue = portal.app.database.venue_of_operator(venue_id, operator.id).await.map_err(|e| PortalError::database(e, lang))?;
    let venue = venue.filter(|v| v.revoked_at.is_none()).ok_or_else(not_found)?;
    let signed = recorded_poster(&venue).ok_or_else(not_found)?;
    let poster = signed.poster();
    let layout = PosterLayout::new(&poster_text(&signed), poster.name()).map_err(|_| not_found())?;
    let (content_type, bytes) = match format.as_str() {
        "pdf" => {
            let details = PrintedDetails {
                category: poster.category(),
                valid_from: poster.valid_from(),
                valid_until: poster.valid_until(),
            };
            ("application/pdf", render_pdf(&layout, &details))
        }
        "png" => ("image/png", render_png(&layout).map_err(|_| PortalError::new(Problem::ServerFailed, lang))?),
        "svg" => ("image/svg+xml", render_svg(&layout).into_bytes()),
        _ => return Err(not_found()),
    };
    let disposition = format!("attachment; filename=\"poster-{id}.{format}\"");
    Ok(([(CONTENT_TYPE, content_type.to_owned()), (CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
