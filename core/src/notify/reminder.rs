//! The check-out reminder: while a visit is open, an ongoing notification with "Check out" and
//! "Snooze"; it reminds [`REMINDER_LEAD`] before the automatic check-out (the venue's default
//! stay), so that both actions still act on an open visit. A snooze says "still here": it moves
//! the automatic check-out to [`SNOOZE`] + [`REMINDER_LEAD`] from now, so the reminder comes
//! again in [`SNOOZE`]. A closed visit has no reminder.

use chrono::{DateTime, TimeDelta, Utc};

use super::NotifyError;
use crate::store::VisitRecord;

/// How long before the automatic check-out the reminder comes.
pub const REMINDER_LEAD: TimeDelta = TimeDelta::minutes(10);
/// How long a snooze puts the reminder off.
pub const SNOOZE: TimeDelta = TimeDelta::minutes(30);
/// The longest a visit can last with snoozes, from its check-in.
pub const MAX_STAY: TimeDelta = TimeDelta::hours(24);

/// The reminder of a visit open at the instant it was computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutReminder {
    /// The open visit.
    pub visit_id: i64,
    /// When the reminder is due (UTC): [`REMINDER_LEAD`] before `automatic_end`, never before check-in.
    pub remind_at: DateTime<Utc>,
    /// When the visit closes by itself unless the citizen checks out or snoozes (UTC).
    pub automatic_end: DateTime<Utc>,
}

/// The reminder of `visit` at `now`; `None` when the visit is closed (checked out, or its
/// automatic end has passed).
pub fn checkout_reminder(visit: &VisitRecord, now: DateTime<Utc>) -> Option<CheckoutReminder> {
    let automatic_end = visit.automatic_end();
    if visit.closed.is_some() || now >= automatic_end {
        return None;
    }
    let remind_at = (automatic_end - REMINDER_LEAD).max(visit.checked_in_at);
    Some(CheckoutReminder { visit_id: visit.id, remind_at, automatic_end })
}

/// The automatic end of `visit` after a snooze at `now`: [`SNOOZE`] + [`REMINDER_LEAD`] from
/// now, or later when it already was. Refused when the visit is closed at `now`, or when the
/// stay would pass [`MAX_STAY`].
pub fn snoozed_end(visit: &VisitRecord, now: DateTime<Utc>) -> Result<DateTime<Utc>, NotifyError> {
    let reminder = checkout_reminder(visit, now).ok_or(NotifyError::NoOpenVisit)?;
    let wanted = now.checked_add_signed(SNOOZE + REMINDER_LEAD).ok_or(NotifyError::StayTooLong)?;
    let longest = visit.checked_in_at.checked_add_signed(MAX_STAY).ok_or(NotifyError::StayTooLong)?;
    if wanted > longest {
        return Err(NotifyError::StayTooLong);
    }
    Ok(wanted.max(reminder.automatic_end))
}
