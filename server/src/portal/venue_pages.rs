//! The operator's pages: register a venue, list venues with their poster downloads and live
//! occupancy, reprint a poster with a fresh secret, revoke a venue, ask for a venue warning.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, NaiveDateTime, TimeDelta, TimeZone, Utc};
use healthpass_core::exposure::{Advice, LocationId, ProtectedReport, WarningWindow};
use healthpass_core::venue::{
    DefaultStay, MAX_TEXT_CHARS, SignedPoster, VenueCategory, VenueDetails, is_valid_venue_text, stored_poster,
};

use super::error::{PortalError, Problem};
use super::form::{FormFields, SignedInForm};
use super::html::{DisplayZone, Done, escape, page};
use super::i18n::{Lang, Text};
use super::session::{SessionView, SignedIn};
use super::{Portal, see_other};
use crate::accounts::Role;
use crate::requests::parse_venue_id;
use crate::venue_registry::{self, DEFAULT_VALID_DAYS, RegistrationError, Signed};

/// Longest presence a venue warning may cover.
const MAX_WARNING_WINDOW: TimeDelta = TimeDelta::hours(24);

/// `GET /portal/venues`: the operator's venues.
pub async fn list(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
    Query(done): Query<Done>,
) -> Result<Html<String>, PortalError> {
    let operator = session.require(Role::VenueOperator, lang)?;
    let venues = portal.app.database.venues_of_operator(operator.id).await.map_err(|e| PortalError::database(e, lang))?;
    let mut body = done.notice(lang, &[("revoked", Text::RevokedDone), ("warning", Text::WarningSent)]);
    if venues.is_empty() {
        let _ = write!(body, "<p>{}</p>", lang.t(Text::NoVenues));
    } else {
        let _ = write!(
            body,
            "<table><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>\
             <th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            lang.t(Text::VenueName),
            lang.t(Text::Category),
            lang.t(Text::ValidUntil),
            lang.t(Text::Status),
            lang.t(Text::Occupancy),
            lang.t(Text::Poster),
            lang.t(Text::Actions),
        );
        for venue in &venues {
            let Ok(signed) = stored_poster(&venue.poster) else { continue };
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
                body.push_str(&download_links(&id, poster.name()));
            }
            body.push_str("</td><td>");
            if !revoked {
                let _ = write!(
                    body,
                    "<form method=\"post\" action=\"/portal/venues/{id}/reprint\">{csrf}<button type=\"submit\" aria-label=\"{reprint}: {name}\">{reprint}</button></form>\
                     <form method=\"post\" action=\"/portal/venues/{id}/revoke\">{csrf}<button type=\"submit\" class=\"danger\" aria-label=\"{revoke}: {name}\">{revoke}</button></form>\
                     <a href=\"/portal/venues/{id}/warning\" aria-label=\"{warn}: {name}\">{warn}</a>",
                    csrf = session.csrf_field(),
                    reprint = lang.t(Text::Reprint),
                    revoke = lang.t(Text::Revoke),
                    warn = lang.t(Text::AskWarning),
                );
            }
            body.push_str("</td></tr>");
        }
        body.push_str("</tbody></table>");
    }
    let _ = write!(body, "<p><a href=\"/portal/venues/new\">{}</a></p>", lang.t(Text::RegisterVenue));
    Ok(Html(page(lang, Some(&session), lang.t(Text::Venues), &body)))
}

/// Links to a venue's poster as PDF, PNG and SVG.
fn download_links(id: &str, name: &str) -> String {
    let name = escape(name);
    ["pdf", "png", "svg"]
        .iter()
        .map(|format| {
            format!(
                "<a href=\"/portal/venues/{id}/poster/{format}\" download aria-label=\"{name}: {upper}\">{upper}</a> ",
                upper = format.to_ascii_uppercase()
            )
        })
        .collect()
}

/// `GET /portal/venues/new`: the registration form.
pub async fn new_form(SignedIn(session): SignedIn, lang: Lang) -> Result<Html<String>, PortalError> {
    session.require(Role::VenueOperator, lang)?;
    Ok(Html(registration_page(lang, &session, &FormFields::default(), &[])))
}

/// A field of the registration form that failed, and why.
type FieldProblem = (&'static str, Text);

fn registration_page(lang: Lang, session: &SessionView, values: &FormFields, problems: &[FieldProblem]) -> String {
    let mut body = String::new();
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
        "<form method=\"post\" action=\"/portal/venues\">{csrf}\
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
         <button type=\"submit\">{submit}</button></form>",
        stay_label = lang.t(Text::DefaultStay),
        hint = lang.t(Text::MinutesHint),
        stay_error = message("stay"),
        stay = escape(stay),
        stay_invalid = invalid("stay"),
        checked = if values.ticked("occupancy") { " checked" } else { "" },
        occupancy = lang.t(Text::OccupancyOptIn),
        submit = lang.t(Text::Register),
    );
    page(lang, Some(session), lang.t(Text::RegisterVenue), &body)
}

/// `POST /portal/venues`: validates the form, signs and records the venue, shows its posters.
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
    let stay = fields.get("stay").parse::<u32>().ok().and_then(|m| DefaultStay::from_minutes(m).ok());
    if stay.is_none() {
        problems.push(("stay", Text::StayInvalid));
    }
    let (Ok(category), Some(default_stay), true) = (category, stay, problems.is_empty()) else {
        let html = registration_page(lang, &session, &fields, &problems);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    };
    let now = Utc::now();
    let details = VenueDetails {
        name: fields.get("name").to_owned(),
        address: fields.get("address").to_owned(),
        category,
        default_stay,
        valid_from: now,
        valid_until: now + TimeDelta::days(i64::from(DEFAULT_VALID_DAYS)),
    };
    let signed =
        venue_registry::register(&portal.app.database, &portal.app.keys, operator.id, details, fields.ticked("occupancy"))
            .await
            .map_err(|e| registration_failure(e, lang))?;
    tracing::info!(venue = %signed.poster.poster().venue_id(), "portal: venue registered");
    Ok(Html(signed_page(lang, &session, &portal.zone, Text::VenueRegistered, &signed)).into_response())
}

fn registration_failure(error: RegistrationError, lang: Lang) -> PortalError {
    match error {
        RegistrationError::Database(e) => PortalError::database(e, lang),
        // Every field was checked above; what is left is the server's own (validity) values,
        // or a poster whose secret the registry does not hold.
        RegistrationError::Field(_) | RegistrationError::NoLocation => PortalError::new(Problem::ServerFailed, lang),
    }
}

/// The page after registering or reprinting: the poster downloads and the trace secret, once.
fn signed_page(lang: Lang, session: &SessionView, zone: &DisplayZone, notice: Text, signed: &Signed) -> String {
    let poster: &SignedPoster = &signed.poster;
    let id = poster.poster().venue_id().to_string();
    let body = format!(
        "<p role=\"status\" class=\"notice\">{notice}</p><p>{name} — {valid}: {until}</p><p>{links}</p>\
         <p>{once}</p><p><code class=\"secret\">{secret}</code></p><p><a href=\"/portal/venues\">{venues}</a></p>",
        notice = lang.t(notice),
        name = escape(poster.poster().name()),
        valid = lang.t(Text::ValidUntil),
        until = zone.show(poster.poster().valid_until()),
        links = download_links(&id, poster.poster().name()),
        once = lang.t(Text::TraceSecretOnce),
        secret = escape(&signed.location.to_trace_secret()),
        venues = lang.t(Text::Venues),
    );
    page(lang, Some(session), lang.t(Text::Poster), &body)
}

/// The venue id in a path, or the "not found" page.
fn venue_id(text: &str, lang: Lang) -> Result<[u8; 16], PortalError> {
    parse_venue_id(text).map_err(|_| PortalError::new(Problem::NotFound, lang))
}

/// `POST /portal/venues/{id}/reprint`: a new poster with a fresh secret.
pub async fn reprint(State(portal): State<Portal>, Path(id): Path<String>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, lang, .. } = form;
    let operator = session.require(Role::VenueOperator, lang)?.clone();
    let venue_id = venue_id(&id, lang)?;
    let signed = venue_registry::reprint(&portal.app.database, &portal.app.keys, operator.id, venue_id)
        .await
        .map_err(|e| registration_failure(e, lang))?
        .ok_or(PortalError::new(Problem::NotFound, lang))?;
    tracing::info!(venue = %signed.poster.poster().venue_id(), "portal: poster reprinted");
    Ok(Html(signed_page(lang, &session, &portal.zone, Text::Reprinted, &signed)).into_response())
}

/// `POST /portal/venues/{id}/revoke`.
pub async fn revoke(State(portal): State<Portal>, Path(id): Path<String>, form: SignedInForm) -> Result<Response, PortalError> {
    let SignedInForm { session, lang, .. } = form;
    let operator = session.require(Role::VenueOperator, lang)?;
    let venue_id = venue_id(&id, lang)?;
    let revoked = portal
        .app
        .database
        .revoke_venue(venue_id, operator.id, Utc::now().timestamp())
        .await
        .map_err(|e| PortalError::database(e, lang))?;
    if !revoked {
        return Err(PortalError::new(Problem::NotFound, lang));
    }
    tracing::info!("portal: venue revoked");
    Ok(see_other("/portal/venues?done=revoked"))
}

/// `GET /portal/venues/{id}/warning`: the form asking for a warning about a time window.
pub async fn warning_form(
    State(portal): State<Portal>,
    SignedIn(session): SignedIn,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Html<String>, PortalError> {
    let operator = session.require(Role::VenueOperator, lang)?;
    let venue_id = venue_id(&id, lang)?;
    let name = own_venue_name(&portal, venue_id, operator.id, lang).await?;
    Ok(Html(warning_page(lang, &session, &portal.zone, &id, &name, &FormFields::default(), None)))
}

/// The name of an unrevoked venue of `operator_id`, or the "not found" page.
async fn own_venue_name(portal: &Portal, venue_id: [u8; 16], operator_id: i64, lang: Lang) -> Result<String, PortalError> {
    let venue = portal.app.database.venue_of_operator(venue_id, operator_id).await.map_err(|e| PortalError::database(e, lang))?;
    venue
        .filter(|v| v.revoked_at.is_none())
        .and_then(|v| stored_poster(&v.poster).ok())
        .map(|p| p.poster().name().to_owned())
        .ok_or(PortalError::new(Problem::NotFound, lang))
}

fn warning_page(
    lang: Lang,
    session: &SessionView,
    zone: &DisplayZone,
    id: &str,
    name: &str,
    values: &FormFields,
    problem: Option<Text>,
) -> String {
    let mut body = format!("<p>{}</p>", escape(name));
    if let Some(problem) = problem {
        let _ = write!(body, "<p role=\"alert\" class=\"error\" id=\"warning-error\">{}</p>", lang.t(problem));
    }
    let described = if problem.is_some() { " aria-describedby=\"warning-error\"" } else { "" };
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/portal/venues/{id}/warning\">{csrf}\
         <label for=\"trace_secret\">{secret_label}</label>\
         <input id=\"trace_secret\" name=\"trace_secret\" required autocomplete=\"off\"{described}>\
         <p class=\"hint\" id=\"zone-hint\">{times_in} {zone}</p>\
         <label for=\"from\">{from}</label><input id=\"from\" name=\"from\" type=\"datetime-local\" required value=\"{from_value}\" aria-describedby=\"zone-hint\">\
         <label for=\"to\">{to}</label><input id=\"to\" name=\"to\" type=\"datetime-local\" required value=\"{to_value}\" aria-describedby=\"zone-hint\">\
         <label for=\"advice\">{advice_label}</label><select id=\"advice\" name=\"advice\">",
        csrf = session.csrf_field(),
        secret_label = lang.t(Text::TraceSecret),
        times_in = lang.t(Text::TimesIn),
        zone = escape(zone.name()),
        from = lang.t(Text::From),
        from_value = escape(values.get("from")),
        to = lang.t(Text::To),
        to_value = escape(values.get("to")),
        advice_label = lang.t(Text::Advice),
    );
    for advice in Advice::ALL {
        let selected = if values.get("advice") == advice.name() { " selected" } else { "" };
        let _ = write!(body, "<option value=\"{}\"{selected}>{}</option>", advice.name(), lang.advice(advice));
    }
    let _ = write!(body, "</select><button type=\"submit\">{}</button></form>", lang.t(Text::SendWarning));
    page(lang, Some(session), lang.t(Text::AskWarning), &body)
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional) in `zone`, as UTC.
pub fn local_time(text: &str, zone: &DisplayZone) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone.offset().from_local_datetime(&naive).single().map(|local| local.with_timezone(&Utc))
}

/// `POST /portal/venues/{id}/warning`: seals the window with the venue's trace secret and
/// stores it for an officer's review.
pub async fn ask_warning(
    State(portal): State<Portal>,
    Path(id): Path<String>,
    form: SignedInForm,
) -> Result<Response, PortalError> {
    let SignedInForm { session, fields, lang } = form;
    let operator = session.require(Role::VenueOperator, lang)?.clone();
    let venue_id = venue_id(&id, lang)?;
    let name = own_venue_name(&portal, venue_id, operator.id, lang).await?;
    let refuse = |problem: Text| -> Result<Response, PortalError> {
        let html = warning_page(lang, &session, &portal.zone, &id, &name, &fields, Some(problem));
        Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response())
    };
    let owner = portal.app.database.venue_owner(venue_id).await.map_err(|e| PortalError::database(e, lang))?;
    let location = LocationId::from_trace_secret(fields.get("trace_secret"))
        .ok()
        .filter(|l| owner.as_ref().and_then(|o| o.location_hash.as_deref()) == Some(l.hash().0.as_slice()));
    let Some(location) = location else { return refuse(Text::TraceSecretInvalid) };
    let window = match (local_time(fields.get("from"), &portal.zone), local_time(fields.get("to"), &portal.zone)) {
        (Some(start), Some(end)) if start < end && end - start <= MAX_WARNING_WINDOW => Some((start, end)),
        _ => None,
    };
    let (Some((start, end)), Some(advice)) = (window, Advice::from_name(fields.get("advice"))) else {
        return refuse(Text::WindowInvalid);
    };
    let report = ProtectedReport::seal(&location, &WarningWindow { start, end, advice });
    portal
        .app
        .database
        .insert_venue_warning(venue_id, report.to_bytes().to_vec(), Utc::now().timestamp())
        .await
        .map_err(|e| PortalError::database(e, lang))?;
    tracing::info!("portal: venue warning received");
    Ok(see_other("/portal/venues?done=warning"))
}
