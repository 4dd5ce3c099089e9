//! The phone without the app open: background sync, notifications and the check-out reminder.
//! Every decision is the core's (`healthpass_core::notify`); shells post what it returns.

use std::sync::Arc;

use healthpass_core::notify::Language;
use healthpass_core::passport::MinimumOverlap;

use super::HealthPassport;
use super::background::off_the_calling_thread;
use crate::time::{from_unix_seconds, to_unix_seconds};
use crate::{BackgroundRun, HealthpassError, NotificationPlan};

#[uniffi::export]
impl HealthPassport {
    /// One background wake-up at `now_unix_seconds`: syncs the warnings from `server_url`
    /// (as [`HealthPassport::sync_warnings`]) when the core's schedule says a sync is due,
    /// then says what to show, in the language of `locale` (`id`/`in` → Bahasa Indonesia,
    /// else English). A failed sync is backed off, not thrown.
    pub async fn background_wake(
        self: Arc<Self>,
        server_url: String,
        publisher_keys: Vec<String>,
        min_overlap_minutes: u32,
        locale: String,
        now_unix_seconds: i64,
    ) -> Result<BackgroundRun, HealthpassError> {
        off_the_calling_thread(move || {
            let (overlap, now) = (MinimumOverlap::from_minutes(min_overlap_minutes)?, from_unix_seconds(now_unix_seconds)?);
            let language = Language::from_locale(&locale);
            Ok(self.inner.background_wake(&server_url, &publisher_keys, overlap, language, now)?.into())
        })
        .await
    }

    /// What to show at `now_unix_seconds` and when to wake next, without syncing: after a
    /// check-in or check-out, and at app start. Alerts it returns count as notified.
    pub fn plan_notifications(&self, locale: String, now_unix_seconds: i64) -> Result<NotificationPlan, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        Ok(self.inner.plan_notifications(Language::from_locale(&locale), now)?.into())
    }

    /// The "Snooze" action: the citizen is still there, the reminder comes again in 30 minutes
    /// and the automatic check-out moves with it. Returns the new reminder instant, Unix seconds.
    pub fn snooze_reminder(&self, now_unix_seconds: i64) -> Result<i64, HealthpassError> {
        Ok(to_unix_seconds(self.inner.snooze_reminder(from_unix_seconds(now_unix_seconds)?)?.remind_at))
    }

    /// The alerts screen was shown at `now_unix_seconds`: its alerts are not notified later.
    pub fn alerts_seen(&self, now_unix_seconds: i64) -> Result<(), HealthpassError> {
        Ok(self.inner.alerts_seen(from_unix_seconds(now_unix_seconds)?)?)
    }
}
