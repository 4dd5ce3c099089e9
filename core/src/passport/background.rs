//! The passport without the app open: one background wake-up does every job that is due (the
//! warning sync on the core's schedule, the dummy upload every phone sends so that a real
//! upload says nothing about its sender, the encrypted backup after a change) and says what to
//! notify; plus the check-out reminder and its snooze. Every decision is the core's
//! (`crate::notify`, `crate::sync::run_dummy_schedule`, `crate::backup::schedule`); shells post
//! what these return and schedule their next wake-up for the instant given.

use chrono::{DateTime, Utc};

use crate::backup::BackupError;
use crate::notify::{
    BackgroundRun, CheckoutReminder, Language, NotificationPlan, alerts_seen, background_wake, plan_notifications,
    snooze_reminder,
};
use crate::remote::ServerClient;
use crate::sync::{SyncError, next_dummy_upload_at, run_dummy_schedule};

use super::exposure::publisher_keys_from_text;
use super::{HealthPassport, MinimumOverlap, PassportError};

impl HealthPassport {
    /// One background wake-up at `now`: syncs the warnings from `server_url` (as
    /// [`HealthPassport::sync_warnings`]) when the schedule says a sync is due, sends a dummy
    /// upload to it when one is due, backs up when a backup is due, then says what to show in
    /// `language`. The plan's `wake_at` is the earliest instant any of these jobs is due next.
    /// A failed sync, dummy upload or backup is retried later (backed off), not returned as an
    /// error; only the phone's own storage failing is.
    pub fn background_wake<K: AsRef<str>>(
        &self,
        server_url: &str,
        publisher_keys: &[K],
        min_overlap: MinimumOverlap,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<BackgroundRun, PassportError> {
        let keys = publisher_keys_from_text(publisher_keys)?;
        let client = self.client(server_url)?;
        let mut run = background_wake(|| self.store(), &client, &keys, min_overlap.duration(), language, now)?;
        if run.report.as_ref().is_some_and(|report| report.new_alerts > 0) {
            self.record_backup_change(now)?;
        }
        if let Some(job) = self.jobs_due_next(Some(&client), now)? {
            run.plan.wake_at = run.plan.wake_at.min(job);
        }
        Ok(run)
    }

    /// What to show at `now` and when to wake next, without syncing: after a check-in or
    /// check-out, and at app start. Alerts it returns count as notified. The plan's `wake_at`
    /// is no later than the next backup or dummy upload: the shell replaces its pending wake-up
    /// with this one, so the backup a check-in schedules runs once the diary has been quiet and
    /// the cover traffic keeps its schedule, neither waiting for the next sync.
    pub fn plan_notifications(&self, language: Language, now: DateTime<Utc>) -> Result<NotificationPlan, PassportError> {
        let mut plan = plan_notifications(&mut self.store(), language, now)?;
        if let Some(job) = self.jobs_due_next(None, now)? {
            plan.wake_at = plan.wake_at.min(job);
        }
        Ok(plan)
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
    /// next is due (the first call only schedules). [`HealthPassport::background_wake`] does
    /// this too; this call is for a shell that schedules cover traffic on its own.
    pub fn run_dummy_uploads(&self, server_url: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, PassportError> {
        let client = self.client(server_url)?;
        Ok(run_dummy_schedule(|| self.store(), &client, now)?)
    }

    /// When the next dummy upload is due (UTC), without sending anything; `None` before the
    /// schedule first ran.
    pub fn next_dummy_upload(&self) -> Result<Option<DateTime<Utc>>, PassportError> {
        Ok(next_dummy_upload_at(&self.store())?)
    }

    /// The earliest instant a background job (dummy upload, backup) is due next: at a wake-up
    /// (`client` given) each job due at `now` runs first; for a plan only their schedules are
    /// read. One list for both, so that a job cannot be woken for in one and missed in the other.
    fn jobs_due_next(&self, client: Option<&ServerClient>, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, PassportError> {
        let jobs = match client {
            Some(client) => [self.dummy_upload_if_due(client, now)?, self.back_up_if_due(now)?],
            None => [self.next_dummy_upload()?, self.backup_status(now, false)?.and_then(|status| status.next_backup)],
        };
        Ok(jobs.into_iter().flatten().min())
    }

    /// The dummy-upload job of a wake-up: when the next is due, or `None` when this one could
    /// not be sent (it stays due and is tried at the next wake-up).
    fn dummy_upload_if_due(&self, client: &ServerClient, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, PassportError> {
        match run_dummy_schedule(|| self.store(), client, now) {
            Ok(next) => Ok(Some(next)),
            Err(SyncError::Store(error)) => Err(error.into()),
            Err(_) => Ok(None),
        }
    }

    /// The backup job of a wake-up: backs up when backup is on and due, and says when the next
    /// backup is due (`None`: backup is off, or nothing changed since the last one). A failed
    /// attempt is in the backup's history, which backs the next one off.
    fn back_up_if_due(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, PassportError> {
        let Some(status) = self.backup_status(now, false)? else { return Ok(None) };
        if status.next_backup.is_some_and(|due| due <= now) {
            match self.back_up_now(now) {
                Ok(_) => {}
                Err(PassportError::Backup(BackupError::Store(error))) => return Err(error.into()),
                Err(PassportError::Backup(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(self.backup_status(now, false)?.and_then(|status| status.next_backup))
    }
}
