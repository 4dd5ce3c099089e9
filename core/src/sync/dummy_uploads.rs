//! The phone's dummy-upload schedule (cover traffic, see `exposure::next_dummy_upload`): the
//! next instant is kept in the store, so the schedule survives restarts and a shell only has
//! to call [`run_dummy_schedule`] whenever its background work runs.

use std::ops::DerefMut;

use chrono::{DateTime, Utc};

use super::SyncError;
use crate::exposure::{Submission, next_dummy_upload, os_random_u64};
use crate::remote::{ServerClient, send_submission};
use crate::store::{Store, settings};

/// Settings key of the instant the next dummy upload is due (RFC 3339).
const NEXT_DUMMY_UPLOAD: &str = "dummy_uploads.next_at";

/// Sends a dummy upload if one is due at `now` and schedules the next; the first call only
/// schedules. Returns the instant the next one is due, for the shell's background scheduler.
/// The store is taken for each step and never held while the network is waited on.
pub fn run_dummy_schedule<S: DerefMut<Target = Store>>(
    store: impl Fn() -> S,
    client: &ServerClient,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, SyncError> {
    let due = next_dummy_upload_at(&store())?;
    if due.is_some_and(|due| due <= now) {
        send_submission(client, &Submission::dummy())?;
    }
    let next = match due {
        Some(due) if due > now => due,
        _ => next_dummy_upload(now, &mut os_random_u64),
    };
    let mut store = store();
    let tx = store.write()?;
    settings::set(&tx, NEXT_DUMMY_UPLOAD, &next.to_rfc3339())?;
    tx.commit()?;
    Ok(next)
}

/// The instant the next dummy upload is due (UTC), as [`run_dummy_schedule`] last kept it;
/// `None` before the schedule ever ran.
pub fn next_dummy_upload_at(store: &Store) -> Result<Option<DateTime<Utc>>, SyncError> {
    Ok(settings::get(store.read(), NEXT_DUMMY_UPLOAD)?
        .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
        .map(|due| due.with_timezone(&Utc)))
}
