//! The operator's pages: register a venue, list venues with their live occupancy, reprint a
//! poster with a fresh secret, revoke a venue, and how to ask for a venue warning.
//!
//! The poster's secret (its seed) is made by the operator's browser (`assets/poster.js`): the
//! registration and reprint forms carry only its commitment, and the page the server answers
//! with holds only the registry's signed public part, which the script completes with the seed
//! it kept. Without JavaScript everything else works; those two forms say why they cannot.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use healthpass_core::api::{PosterRegistration, RegisteredPoster, parse_venue_id};
use healthpass_core::venue::{
    DefaultStay, INSTRUCTION_EN, INSTRUCTION_ID, MAX_TEXT_CHARS, PosterCommitment, PosterSecret, STEPS_EN, STEPS_ID,
    SignedPoster, VenueCategory, category_label, is_valid_venue_text, registry_copy,
};

use super::error::{PortalError, Problem};
use super::form::{FormFields, SignedInForm};
use super::html::{DisplayZone, Done, data_table, escape, page};
use super::i18n::{Lang, Text};
use super::session::{SessionView, SignedIn};
use super::{Portal, see_other};
use crate::accounts::Role;
use crate::api::{ApiError, register_venue, reprint_poster};
use crate::db::OperatorVenue;

/// The scripts of the pages that make a poster's secret: the QR encoder, then the poster code.
const POSTER_SCRIPTS: &str =
    "<script src=\"/portal/assets/qr.js\" defer></script><script src=\"/portal/assets/poster.js\" defer></script>";

/// `GET /portal/venues`: the operator's venues.
pub async fn list(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
    Query(done): Query<Done>,
) -> Result<Html<String>, PortalError> {
    let operator = session.require(Role::VenueOperator, lang)?;
    let venues = portal.app.database.venues_of_operator(operator.id).await.map_err(|e| PortalError::database(e, lang))?;
    let mut body = done.notice(lang, &[("revoked", Text::RevokedDone)]);
    let columns = [Text::VenueName, Text::Category, Text::ValidUntil, Text::Status, Text::Occupancy, Text::Actions];
    body.push_str(&data_table(lang, None, &columns, Text::NoVenues, &venues, |body, venue| {
        let Some(signed) = kept_poster(venue) else { return };
        let poster = signed.poster();
        let id = poster.venue_id().to_string();
        let name = escape(poster.name());
        let revoked = venue.revoked_at.is_some();
        let occupancy = venue.occupancy.map_or_else(|| lang.t(Text::NotCounted).to_owned(), |n| n.to_string());
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{name}</th><td>{}</td><td>{}</td><td>{}</td><td>{occupancy}</td><td>",
            lang.category(poster.category()),
            portal.zone.show(poster.valid_until()),
            lang.t(if revoked { Text::Revoked } else { Text::Active }),
        );
        if !revoked {
            let _ = write!(
                body,
                "<form method=\"post\" action=\"/portal/venues/{id}/reprint\" data-poster-form>{csrf}\
                 <input type=\"hidden\" name=\"commitment\" value=\"\">\
                 <button type=\"submit\" aria-label=\"{reprint}: {name}\">{reprint}</button></form>\
                 <form method=\"post\" action=\"/portal/venues/{id}/revoke\">{csrf}<button type=\"submit\" class=\"danger\" aria-label=\"{revoke}: {name}\">{revoke}</button></form>\
                 <a href=\"/portal/venues/{id}/warning\" aria-label=\"{warn}: {name}\">{warn}</a>",
                csrf = session.csrf_field(),
                reprint = lang.t(Text::Reprint),
                revoke = lang.t(Text::Revoke),
                warn = lang.t(Text::AskWarning),
            );
        }
        body.push_str("</td></tr>");
    }));
    if !venues.is_empty() {
        let _ = write!(body, "<noscript><p class=\"notice\">{}</p></noscript>", lang.t(Text::ScriptNeeded));
    }
    let _ = write!(body, "<p><a href=\"/portal/venues/new\">{}</a></p>{POSTER_SCRIPTS}", lang.t(Text::RegisterVenue));
    Ok(Html(page(lang, Some(&session), lang.t(Text::Venues), &body)))
}

/// The registry's copy of a venue's poster in force, if it kept one that parses.
fn kept_poster(venue: &OperatorVenue) -> Option<SignedPoster> {
    registry_copy(venue.registered.as_deref()?).ok()
}

/// `GET /portal/venues/new`: the registration form.
pub async fn new_form(SignedIn(session): SignedIn, lang: Lang) -> Result<Html<String>, PortalError> {
    session.require(Role::VenueOperator, lang)?;
    Ok(Html(registration_page(lang, &session, &FormFields::default(), &[])))
}

/// A field of the registration form that failed, and why.
type FieldProblem = (&'static str, Text);

fn registration_page(lang: Lang, session: &SessionView, values: &FormFields, problems: &[FieldProblem]) -> String {
    let mut body = format!("<noscript><p class=\"notice\">{}</p></noscript>", lang.t(Text::ScriptNeeded));
    if !problems.is_empty() {
        let _ = write!(body, "<div role=\"alert\" class=\"error\"><p>{}</p><ul>", lang.t(Text::FixErrors));
        for (field, text) in problems {
            let _ = write!(body, "<li><a href=\"#{field}\">{}</a></li>", lang.t(*text));
        }
        body.push_str("</ul></div>");
    }
    let invalid = |field: &str| {
        problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(f, _)| format!(" aria-invalid=\"true\" aria-describedby=\"{f}-error\""))
            .unwrap_or_default()
    };
    let message = |field: &str| {
        problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(f, text)| format!("<p class=\"field-error\" id=\"{f}-error\">{}</p>", lang.t(*text)))
            .unwrap_or_default()
    };
    let stay = if values.get("stay").is_empty() { "60" } else { values.get("stay") };
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/portal/venues\" data-poster-form>{csrf}<input type=\"hidden\" name=\"commitment\" value=\"\">\
         <label for=\"name\">{name_label}</label>{name_error}<input id=\"name\" name=\"name\" maxlength=\"{max}\" required value=\"{name}\"{name_invalid}>\
         <label for=\"address\">{address_label}</label>{address_error}<input id=\"address\" name=\"address\" maxlength=\"{max}\" required value=\"{address}\"{address_invalid}>\
         <label for=\"category\">{category_label}</label>{category_error}<select id=\"category\" name=\"category\"{category_invalid}>",
        csrf = session.csrf_field(),
        max = MAX_TEXT_CHARS,
        name_label = lang.t(Text::VenueName),
        name_error = message("name"),
        name = escape(values.get("name")),
        name_invalid = invalid("name"),
        address_label = lang.t(Text::VenueAddress),
        address_error = message("address"),
        address = escape(values.get("address")),
        address_invalid = invalid("address"),
        category_label = lang.t(Text::Category),
        category_error = message("category"),
        category_invalid = invalid("category"),
    );
    for category in VenueCategory::ALL {
        let selected = if values.get("category") == category.name() { " selected" } else { "" };
        let _ = write!(body, "<option value=\"{}\"{selected}>{}</option>", category.name(), lang.category(category));
    }
    let _ = write!(
        body,
        "</select><label for=\"stay\">{stay_label}</label><p class=\"hint\" id=\"stay-hint\">{hint}</p>{stay_error}\
         <input id=\"stay\" name=\"stay\" type=\"number\" min=\"15\" max=\"1425\" step=\"15\" required value=\"{stay}\" aria-describedby=\"stay-hint\"{stay_invalid}>\
         <p class=\"check\"><input id=\"occupancy\" name=\"occupancy\" type=\"checkbox\" value=\"yes\"{checked}><label for=\"occupancy\">{occupancy}</label></p>\
         <p class=\"hint\">{secret_hint}</p><button type=\"submit\">{submit}</button></form>{POSTER_SCRIPTS}",
        stay_label = lang.t(Text::DefaultStay),
        hint = lang.t(Text::MinutesHint),
        stay_error = message("stay"),
        stay = escape(stay),
        stay_invalid = invalid("stay"),
        checked = if values.ticked("occupancy") { " checked" } else { "" },
        occupancy = lang.t(Text::OccupancyOptIn),
        secret_hint = lang.t(Text::SecretMadeHere),
        submit = lang.t(Text::Register),
    );
    page(lang, Some(session), lang.t(Text::RegisterVenue), &body)
}

/// The commitment a poster form carries, or the problem to show: none (no JavaScript ran), or
/// not a commitment.
fn form_commitment(fields: &FormFields) -> Result<String, Text> {
    match fields.get("commitment") {
        "" => Err(Text::ScriptNeeded),
        text => PosterCommitment::from_base64url(text).map(|c| c.to_base64url()).map_err(|_| Text::CommitmentInvalid),
    }
}

/// `POST /portal/venues`: validates the form, has the registry sign the poster's public part
/// and shows the page on which the browser completes the poster.
pub async fn register(State(portal): State<Portal>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, fields, lang } = form;
    let operator = session.require(Role::VenueOperator, lang)?.clone();
    let mut problems: Vec<FieldProblem> = Vec::new();
    if !is_valid_venue_text(fields.get("name")) {
        problems.push(("name", Text::NameRequired));
    }
    if !is_valid_venue_text(fields.get("address")) {
        problems.push(("address", Text::AddressRequired));
    }
    let category = fields.get("category").parse::<VenueCategory>();
    if category.is_err() {
        problems.push(("category", Text::CategoryInvalid));
    }
    let stay = fields.get("stay").parse::<u32>().ok().filter(|m| DefaultStay::from_minutes(*m).is_ok());
    if stay.is_none() {
        problems.push(("stay", Text::StayInvalid));
    }
    let commitment = form_commitment(&fields);
    if let Err(problem) = commitment {
        problems.push(("commitment", problem));
    }
    let (Ok(category), Some(default_stay_minutes), Ok(commitment), true) = (category, stay, commitment, problems.is_empty())
    else {
        let html = registration_page(lang, &session, &fields, &problems);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    let registration = PosterRegistration {
        name: fields.get("name").to_owned(),
        address: fields.get("address").to_owned(),
        category: category.name().to_owned(),
        default_stay_minutes,
        valid_from: None,
        valid_days: None,
        commitment,
        occupancy: fields.ticked("occupancy"),
    };
    let registered = register_venue(&portal.app, operator.id, registration).await.map_err(|e| refusal(e, lang))?;
    Ok(Html(poster_page(lang, &session, &portal.zone, Text::VenueRegistered, &registered)?).into_response())
}

/// An API refusal of a request the portal checked first: a stranger's or revoked venue is
/// "not found"; anything else is the server's own failure (logged by the API error).
fn refusal(error: ApiError, lang: Lang) -> PortalError {
    match error {
        ApiError::Denied(..) => PortalError::new(Problem::NotFound, lang),
        error => {
            tracing::error!(?error, "portal: poster refused");
            PortalError::new(Problem::ServerFailed, lang)
        }
    }
}

/// The page after registering or reprinting: the registry's signed public part for the
/// browser to complete with its seed, and the A4 print view around the code it draws.
fn poster_page(
    lang: Lang,
    session: &SessionView,
    zone: &DisplayZone,
    notice: Text,
    registered: &(SignedPoster, RegisteredPoster),
) -> Result<String, PortalError> {
    let (signed, registered) = registered;
    let poster = signed.poster();
    let PosterSecret::Commitment(commitment) = poster.secret() else {
        return Err(PortalError::new(Problem::ServerFailed, lang));
    };
    let (category_id, category_en) = category_label(poster.category());
    let body = format!(
        "<p role=\"status\" class=\"notice\">{notice}</p>\
         <noscript><p class=\"error\">{script_needed}</p></noscript>\
         <p id=\"poster-lost\" class=\"error\" role=\"alert\" hidden>{lost}</p>\
         <section id=\"poster\" aria-labelledby=\"poster-title\" data-signed=\"{signed}\" data-base-url=\"{base}\" \
         data-commitment=\"{commitment}\" data-venue-id=\"{venue_id}\" data-qr-label=\"{qr_label}\">\
         <div id=\"poster-ready\" class=\"no-print\" hidden><p>{keep_text}</p><ul class=\"downloads\">\
         <li><a id=\"poster-text\" hidden>{save_text}</a></li>\
         <li><a id=\"poster-png\" hidden>{download} PNG</a></li>\
         <li><a id=\"poster-svg\" hidden>{download} SVG</a></li></ul>\
         <button type=\"button\" id=\"poster-print\" hidden>{print}</button></div>\
         <div class=\"print-poster\"><h2 id=\"poster-title\">{name}</h2><p class=\"category\">{category_id} · <span lang=\"en\">{category_en}</span></p>\
         <div class=\"poster-qr\"></div>\
         <p class=\"instruction\">{instruction_id}<br><span lang=\"en\">{instruction_en}</span></p>\
         <p class=\"steps\">{steps_id}<br><span lang=\"en\">{steps_en}</span></p>\
         <p class=\"validity\">Berlaku / <span lang=\"en\">Valid</span>: {from} – {until}</p></div></section>\
         <p class=\"no-print\"><a href=\"/portal/venues\">{venues}</a></p>{POSTER_SCRIPTS}",
        notice = lang.t(notice),
        script_needed = lang.t(Text::ScriptNeeded),
        lost = lang.t(Text::PosterLost),
        signed = escape(&registered.signed),
        commitment = commitment.to_base64url(),
        base = escape(&registered.base_url),
        venue_id = escape(&registered.venue_id),
        qr_label = lang.t(Text::PosterCode),
        keep_text = lang.t(Text::KeepPosterFile),
        save_text = lang.t(Text::SavePosterFile),
        download = lang.t(Text::Download),
        print = lang.t(Text::PrintPoster),
        name = escape(poster.name()),
        instruction_id = INSTRUCTION_ID,
        instruction_en = INSTRUCTION_EN,
        steps_id = STEPS_ID,
        steps_en = STEPS_EN,
        from = zone.show(poster.valid_from()),
        until = zone.show(poster.valid_until()),
        venues = lang.t(Text::Venues),
    );
    Ok(page(lang, Some(session), lang.t(Text::Poster), &body))
}

/// The venue id in a path, or the "not found" page.
fn venue_id(text: &str, lang: Lang) -> Result<[u8; 16], PortalError> {
    parse_venue_id(text).map_err(|_| PortalError::new(Problem::NotFound, lang))
}

/// `POST /portal/venues/{id}/reprint`: the same venue details under a fresh commitment (the
/// browser made a new seed), valid from now for the default period.
pub async fn reprint(State(portal): State<Portal>, Path(id): Path<String>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, fields, lang } = form;
    let operator = session.require(Role::VenueOperator, lang)?.clone();
    let venue_id = venue_id(&id, lang)?;
    let not_found = || PortalError::new(Problem::NotFound, lang);
    let venue = portal.app.database.venue_of_operator(venue_id, operator.id).await.map_err(|e| PortalError::database(e, lang))?;
    let venue = venue.filter(|v| v.revoked_at.is_none()).ok_or_else(not_found)?;
    let kept = kept_poster(&venue).ok_or_else(not_found)?;
    let old = kept.poster();
    let commitment = match form_commitment(&fields) {
        Ok(commitment) => commitment,
        Err(problem) => {
            let body = format!(
                "<p role=\"alert\" class=\"error\">{}</p><p><a href=\"/portal/venues\">{}</a></p>",
                lang.t(problem),
                lang.t(Text::Venues)
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page(lang, Some(&session), lang.t(Text::Reprint), &body)))
                .into_response());
        }
    };
    let registration = PosterRegistration {
        name: old.name().to_owned(),
        address: old.address().to_owned(),
        category: old.category().name().to_owned(),
        default_stay_minutes: old.default_stay().minutes(),
        valid_from: None,
        valid_days: None,
        commitment,
        occupancy: venue.occupancy.is_some(),
    };
    let registered = reprint_poster(&portal.app, operator.id, venue_id, registration).await.map_err(|e| refusal(e, lang))?;
    Ok(Html(poster_page(lang, &session, &portal.zone, Text::Reprinted, &registered)?).into_response())
}

/// `POST /portal/venues/{id}/revoke`.
pub async fn revoke(State(portal): State<Portal>, Path(id): Path<String>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, lang, .. } = form;
    let operator = session.require(Role::VenueOperator, lang)?;
    let venue_id = venue_id(&id, lang)?;
    let revoked = portal
        .app
        .database
        .revoke_venue(venue_id, operator.id, chrono::Utc::now().timestamp())
        .await
        .map_err(|e| PortalError::database(e, lang))?;
    if !revoked {
        return Err(PortalError::new(Problem::NotFound, lang));
    }
    tracing::info!("portal: venue revoked");
    Ok(see_other("/portal/venues?done=revoked"))
}

/// `GET /portal/venues/{id}/warning`: how to ask for a warning about a time window. The
/// reports must be sealed with the poster's seed, which only the operator's poster text file
/// holds, so the operator's own machine does it with the command line.
pub async fn warning_help(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Html<String>, PortalError> {
    let operator = session.require(Role::VenueOperator, lang)?;
    let venue_id = venue_id(&id, lang)?;
    let venue = portal.app.database.venue_of_operator(venue_id, operator.id).await.map_err(|e| PortalError::database(e, lang))?;
    let name = venue
        .filter(|v| v.revoked_at.is_none())
        .and_then(|v| kept_poster(&v))
        .map(|p| p.poster().name().to_owned())
        .ok_or(PortalError::new(Problem::NotFound, lang))?;
    let body = format!(
        "<p>{name}</p><p>{why}</p><pre><code>HEALTHPASS_TOKEN=… healthpass operator warn --server URL \\\n  --venue-id {id} --poster-text poster-{id}.txt \\\n  --from 2026-12-01T10:00:00{offset} --to 2026-12-01T12:00:00{offset} --advice get_tested</code></pre><p>{after}</p>",
        offset = portal.zone.offset(),
        name = escape(&name),
        why = lang.t(Text::WarningByCommand),
        id = escape(&id),
        after = lang.t(Text::WarningReviewed),
    );
    Ok(Html(page(lang, Some(&session), lang.t(Text::AskWarning), &body)))
}
