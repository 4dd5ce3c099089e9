//! Putting backup contents into the phone's store, in one transaction: what the phone already
//! has is kept and nothing is stored twice, so restoring the same backup again, or a backup
//! made by another device of the same person, adds only what is missing.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

use super::BackupError;
use super::contents::{BackedUpAlert, BackedUpVisit, BackupContents, visit_key};
use crate::certificate::decode_certificate;
use crate::checkin::{DEFAULT_RETENTION_DAYS, location_of};
use crate::exposure::alerts;
use crate::exposure::{Advice, ExposureAlert};
use crate::store::{CheckoutKind, NewCertificate, NewVisit, PosterKind, Store, certificates, settings, visits};
use crate::venue::{DefaultStay, VenueId};
use crate::wallet::MAX_HOLDER_LABEL_CHARS;

/// What a restore added to the phone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Visits the phone did not have.
    pub visits: usize,
    /// Certificates the wallet did not have.
    pub certificates: usize,
    /// Alerts the phone did not have.
    pub alerts: usize,
}

/// Adds what `contents` has and `store` lacks, with the retention applied as of `now`.
/// Everything happens in one transaction: on any error (a malformed entry included) it is
/// rolled back and the phone's data is exactly as before.
pub fn restore(store: &mut Store, contents: BackupContents, now: DateTime<Utc>) -> Result<RestoreSummary, BackupError> {
    let contents = contents.within_retention(now, DEFAULT_RETENTION_DAYS);
    let mut local: HashMap<String, (i64, bool)> = HashMap::new();
    for record in visits::all_newest_first(store.read())? {
        let key = visit_key(record.checked_in_at.timestamp(), &URL_SAFE_NO_PAD.encode(&record.poster));
        local.insert(key, (record.id, record.closed.is_some()));
    }
    let tx = store.write()?;
    let mut summary = RestoreSummary::default();
    let mut ids: HashMap<String, i64> = local.iter().map(|(key, (id, _))| (key.clone(), *id)).collect();
    for visit in &contents.visits {
        let key = visit.key();
        let closed = closed_of(visit)?;
        match local.get(&key) {
            Some((id, false)) => {
                if let Some((at, kind)) = closed {
                    visits::close(&tx, *id, at, kind)?;
                }
            }
            Some((_, true)) => {}
            None => {
                let id = insert_visit(&tx, visit)?;
                if let Some((at, kind)) = closed {
                    visits::close(&tx, id, at, kind)?;
                }
                ids.insert(key, id);
                summary.visits += 1;
            }
        }
    }
    for certificate in &contents.certificates {
        let decoded = decode_certificate(&certificate.qr_text).map_err(|_| BackupError::MalformedContents("certificate"))?;
        let holder = certificate.holder.trim();
        if holder.is_empty() || holder.chars().count() > MAX_HOLDER_LABEL_CHARS {
            return Err(BackupError::MalformedContents("holder"));
        }
        let new = NewCertificate {
            holder,
            format: decoded.format.name(),
            qr_text: certificate.qr_text.trim(),
            fingerprint: decoded.fingerprint,
            added_at: instant(certificate.added_at)?,
        };
        if certificates::insert(&tx, &new)?.is_some() {
            summary.certificates += 1;
        }
    }
    for alert in &contents.alerts {
        let visit_id = alert.visit_key.as_ref().and_then(|key| ids.get(key)).copied().unwrap_or(-alert.visit_start.max(1));
        if alerts::insert(&tx, &exposure_alert(alert, visit_id)?)? {
            summary.alerts += 1;
        }
    }
    if settings::get(&tx, settings::RETENTION_DAYS)?.is_none()
        && let Some(days) = contents.retention_days
    {
        settings::set(&tx, settings::RETENTION_DAYS, &days.to_string())?;
    }
    tx.commit().map_err(crate::store::StoreError::from)?;
    Ok(summary)
}

fn insert_visit(conn: &rusqlite::Connection, visit: &BackedUpVisit) -> Result<i64, BackupError> {
    let venue_id = match &visit.venue_id {
        Some(text) => {
            let bytes = URL_SAFE_NO_PAD.decode(text).map_err(malformed("venue id"))?;
            Some(VenueId(bytes.try_into().map_err(malformed("venue id"))?))
        }
        None => None,
    };
    let poster_kind = PosterKind::from_name(&visit.poster_kind).map_err(malformed("poster kind"))?;
    if (poster_kind == PosterKind::Healthpass) != venue_id.is_some() {
        return Err(BackupError::MalformedContents("venue id"));
    }
    let poster = URL_SAFE_NO_PAD.decode(&visit.poster).map_err(malformed("poster"))?;
    let new = NewVisit {
        poster_kind,
        venue_id,
        venue_name: &visit.venue_name,
        venue_address: &visit.venue_address,
        category: visit.category.parse().map_err(malformed("category"))?,
        default_stay: DefaultStay::from_minutes(visit.default_stay_min).map_err(malformed("default stay"))?,
        poster: &poster,
        checked_in_at: instant(visit.checked_in_at)?,
    };
    let id = visits::insert(conn, &new)?;
    // Matching derives the location from the poster bytes: a visit it could not read would
    // stop exposure matching for the whole diary.
    let stored = visits::by_id(conn, id)?.ok_or(BackupError::MalformedContents("visit"))?;
    location_of(&stored).map_err(|_| BackupError::MalformedContents("poster"))?;
    Ok(id)
}

/// Maps any error to [`BackupError::MalformedContents`] naming `what`.
fn malformed<E>(what: &'static str) -> impl Fn(E) -> BackupError {
    move |_| BackupError::MalformedContents(what)
}

fn closed_of(visit: &BackedUpVisit) -> Result<Option<(DateTime<Utc>, CheckoutKind)>, BackupError> {
    match (visit.checked_out_at, &visit.checkout_kind) {
        (Some(at), Some(kind)) => {
            Ok(Some((instant(at)?, CheckoutKind::from_name(kind).map_err(|_| BackupError::MalformedContents("checkout kind"))?)))
        }
        (None, None) => Ok(None),
        _ => Err(BackupError::MalformedContents("checkout")),
    }
}

fn exposure_alert(alert: &BackedUpAlert, visit_id: i64) -> Result<ExposureAlert, BackupError> {
    if alert.warning_end <= alert.warning_start || alert.overlap_minutes < 0 {
        return Err(BackupError::MalformedContents("alert"));
    }
    Ok(ExposureAlert {
        id: 0,
        visit_id,
        venue_name: alert.venue_name.clone(),
        visit_start: instant(alert.visit_start)?,
        visit_end: instant(alert.visit_end)?,
        warning_start: instant(alert.warning_start)?,
        warning_end: instant(alert.warning_end)?,
        advice: Advice::from_name(&alert.advice).ok_or(BackupError::MalformedContents("advice"))?,
        overlap_minutes: alert.overlap_minutes,
        bundle_hour: alert.bundle_hour,
        received_at: instant(alert.received_at)?,
    })
}

fn instant(seconds: i64) -> Result<DateTime<Utc>, BackupError> {
    DateTime::from_timestamp(seconds, 0).ok_or(BackupError::MalformedContents("instant"))
}
