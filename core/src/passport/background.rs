//! The passport without the app open: the background wake-up (warning sync on the core's
//! schedule, then what to notify), the check-out reminder and its snooze, and the dummy
//! uploads every phone sends so that a real upload says nothing about its sender. Every
//! decision is the core's (`crate::notify`, `crate::sync::run_dummy_schedule`); shells post
//! what these return and schedule their next wake-up for the instant given.

use chrono::{DateTime, Utc};

use crate::exposure::PublisherPublicKey;
use crate::notify::{
    BackgroundRun, CheckoutReminder, Language, NotificationPlan, alerts_seen, background_wake, plan_notifications,
    snooze_reminder,
};
use crate::remote::ServerClient;
use crate::sync::run_dummy_schedule;

use super::{HealthPassport, MinimumOverlap, PassportError};

impl HealthPassport {
    /// One background wake-up at `now`: syncs the warnings from `server_url` (as
    /// [`HealthPassport::sync_warnings`]) when the schedule says a sync is due, then says what
    /// to show in `language`. A failed sync is backed off, not returned as an error.
    pub fn background_wake<K: AsRef<str>>(
        &self,
        server_url: &str,
        publisher_keys: &[K],
        min_overlap: MinimumOverlap,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<BackgroundRun, PassportError> {
        let keys = publisher_keys
            .iter()
            .map(|text| PublisherPublicKey::from_text(text.as_ref()).map_err(|_| PassportError::InvalidPublisherKey))
            .collect::<Result<Vec<_>, _>>()?;
        let client = ServerClient::new(server_url)?;
        Ok(background_wake(|| self.store(), &client, &keys, min_overlap.duration(), language, now)?)
    }

    /// What to show at `now` and when to wake next, without syncing: after a check-in or
    /// check-out, and at app start. Alerts it returns count as notified.
    pub fn plan_notifications(&self, language: Language, now: DateTime<Utc>) -> Result<NotificationPlan, PassportError> {
        Ok(plan_notifications(&mut self.store(), language, now)?)
    }

    /// The reminder's "Snooze" action at `now`: the citizen is still there, the reminder comes
    /// again in 30 minutes and the automatic check-out moves with it (a stay of a day at most).
    pub fn snooze_reminder(&self, now: DateTime<Utc>) -> Result<CheckoutReminder, PassportError> {
        Ok(snooze_reminder(&mut self.store(), now)?)
    }

    /// The alerts screen was shown at `now`: its alerts are not notified later.
    pub fn alerts_seen(&self, now: DateTime<Utc>) -> Result<(), PassportError> {
        Ok(alerts_seen(&mut self.store(), now)?)
    }

    /// Sends a dummy upload to `server_url` if one is due at `now`, and returns the instant the
    /// next is due (the first call only schedules).
    pub fn run_dummy_uploads(&self, server_url: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, PassportError> {
        let client = ServerClient::new(server_url)?;
        Ok(run_dummy_schedule(|| self.store(), &client, now)?)
    }
}
