//! A phone that works without being opened: decisions for the shells' background work and
//! notifications, so no rule lives in Android or iOS code.
//!
//! - when the next background sync is due ([`next_sync`]): a few times a day, jittered,
//!   backing off while offline or refused, never sooner than the server's cache allows;
//! - which exposure alerts are new since the last notification ([`exposure_notice`]): never one
//!   twice, one summary for several;
//! - the ongoing visit notification and its check-out reminder ([`checkout_reminder`]): before
//!   the automatic check-out at the venue's default stay, again after a snooze, never once the
//!   visit is closed;
//! - every text in Bahasa Indonesia and English ([`Language`]);
//! - and the one call a shell makes when it wakes, [`plan_notifications`] (or
//!   [`background_wake`], which syncs first when a sync is due): what to show, when to wake next.
//!
//! Instants are UTC; every call takes an explicit `now`.

mod error;
mod exposure_notice;
mod plan;
mod reminder;
mod schedule;
mod text;

pub use error::NotifyError;
pub use exposure_notice::{ExposureNotice, exposure_notice};
pub use plan::{
    BackgroundRun, NotificationPlan, VisitNotice, alerts_seen, background_wake, plan_notifications, record_sync, snooze_reminder,
};
pub use reminder::{CheckoutReminder, MAX_STAY, REMINDER_LEAD, SNOOZE, checkout_reminder, snoozed_end};
pub use schedule::{Jitter, MAX_BACKOFF, OFFLINE_RETRY, REFUSED_RETRY, SYNC_INTERVAL, SyncOutcome, SyncSchedule, next_sync};
pub use text::{Language, NotificationText};

#[cfg(test)]
#[path = "../../examples/support/static_http.rs"]
mod static_http;
#[cfg(test)]
mod tests;
