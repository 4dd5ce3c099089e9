//! Taking the backup contents from the phone's store.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

use super::contents::{BackedUpAlert, BackedUpCertificate, BackedUpVisit, BackupContents, CONTENTS_VERSION};
use crate::checkin::DEFAULT_RETENTION_DAYS;
use crate::exposure::alerts;
use crate::store::{Store, StoreError, VisitRecord, certificates, visits};

/// Everything the backup keeps from `store`, as of `now`, with the retention applied.
pub fn snapshot(store: &Store, now: DateTime<Utc>) -> Result<BackupContents, StoreError> {
    let conn = store.read();
    let records = visits::all_newest_first(conn)?;
    let visits: Vec<(i64, BackedUpVisit)> = records.into_iter().map(|record| (record.id, backed_up_visit(record))).collect();
    let keys: HashMap<i64, String> = visits.iter().map(|(id, visit)| (*id, visit.key())).collect();
    let alerts = alerts::all_newest_first(conn)?
        .into_iter()
        .map(|alert| BackedUpAlert {
            visit_key: keys.get(&alert.visit_id).cloned(),
            venue_name: alert.venue_name,
            visit_start: alert.visit_start.timestamp(),
            visit_end: alert.visit_end.timestamp(),
            warning_start: alert.warning_start.timestamp(),
            warning_end: alert.warning_end.timestamp(),
            advice: alert.advice.name().to_owned(),
            overlap_minutes: alert.overlap_minutes,
            bundle_hour: alert.bundle_hour,
            received_at: alert.received_at.timestamp(),
        })
        .collect();
    let certificates = certificates::all(conn)?
        .into_iter()
        .map(|record| BackedUpCertificate {
            holder: record.holder,
            qr_text: record.qr_text,
            added_at: record.added_at.timestamp(),
        })
        .collect();
    let mut contents = BackupContents {
        version: CONTENTS_VERSION,
        made_at: now.timestamp(),
        retention_days: store.retention_days()?,
        visits: visits.into_iter().map(|(_, visit)| visit).collect(),
        certificates,
        alerts,
    };
    contents.sort();
    Ok(contents.within_retention(now, DEFAULT_RETENTION_DAYS))
}

fn backed_up_visit(record: VisitRecord) -> BackedUpVisit {
    BackedUpVisit {
        poster_kind: record.poster_kind.name().to_owned(),
        venue_id: record.venue_id.map(|id| URL_SAFE_NO_PAD.encode(id.0)),
        venue_name: record.venue_name,
        venue_address: record.venue_address,
        category: record.category.name().to_owned(),
        default_stay_min: record.default_stay.minutes(),
        poster: URL_SAFE_NO_PAD.encode(&record.poster),
        checked_in_at: record.checked_in_at.timestamp(),
        checked_out_at: record.closed.map(|(at, _)| at.timestamp()),
        checkout_kind: record.closed.map(|(_, kind)| kind.name().to_owned()),
    }
}
