//! Records of the background plan as the shells see them: the core's, with instants as Unix
//! seconds.

use healthpass_core::notify::{self, Language, SyncOutcome};

use crate::ExposureAdvice;

/// The core's language of texts and of the health office's call-back, exposed as it is.
#[uniffi::remote(Enum)]
pub enum Language {
    English,
    Indonesian,
}
use crate::time::to_unix_seconds;

/// What a shell shows now and when it wakes next (see `healthpass_core::notify`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NotificationPlan {
    /// Post this exposure notification (replacing an earlier one); null: nothing new.
    pub exposure: Option<ExposureNotice>,
    /// The ongoing visit notification; null: no visit is open, remove it.
    pub visit: Option<VisitNotice>,
    /// When the next background sync is due, Unix seconds.
    pub sync_due_at: i64,
    /// When to wake next, Unix seconds: the earliest of the sync, the reminder and the visit's end.
    pub wake_at: i64,
}

/// One notification for every alert found since the last one; it never names a venue.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExposureNotice {
    /// How many alerts it stands for.
    pub new_alerts: u32,
    /// The strictest advice among them.
    pub advice: ExposureAdvice,
    /// Title, in the language asked for.
    pub title: String,
    /// Body, in the language asked for.
    pub body: String,
}

/// The ongoing notification of the open visit, with "Check out" and "Snooze".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VisitNotice {
    /// The open visit.
    pub visit_id: i64,
    /// Its check-in, Unix seconds (for a running clock).
    pub checked_in_at: i64,
    /// When the check-out reminder is due, Unix seconds.
    pub remind_at: i64,
    /// When the visit closes by itself, Unix seconds: remove the notification then.
    pub automatic_end: i64,
    /// Sound now: the reminder is due and was not shown yet (once per reminder).
    pub remind_now: bool,
    /// Title, in the language asked for.
    pub title: String,
    /// Body, in the language asked for.
    pub body: String,
    /// Label of the "Check out" action.
    pub check_out_label: String,
    /// Label of the "Snooze" action.
    pub snooze_label: String,
}

/// How a background sync ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum BackgroundSync {
    /// Warnings are up to date.
    Synced,
    /// The server could not be reached; the next try backs off.
    Offline,
    /// The server refused or sent something refused; the next try backs off further.
    Refused,
}

/// What one background wake-up did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BackgroundRun {
    /// How the sync ended; null when none was due.
    pub synced: Option<BackgroundSync>,
    /// Alerts the sync stored (0 when none ran).
    pub new_alerts: u32,
    /// What to show and when to wake next.
    pub plan: NotificationPlan,
}

impl From<notify::NotificationPlan> for NotificationPlan {
    fn from(plan: notify::NotificationPlan) -> Self {
        NotificationPlan {
            exposure: plan.exposure.map(|notice| ExposureNotice {
                new_alerts: u32::try_from(notice.new_alerts).unwrap_or(u32::MAX),
                advice: notice.advice,
                title: notice.text.title,
                body: notice.text.body,
            }),
            visit: plan.visit.map(|notice| VisitNotice {
                visit_id: notice.visit_id,
                checked_in_at: to_unix_seconds(notice.checked_in_at),
                remind_at: to_unix_seconds(notice.remind_at),
                automatic_end: to_unix_seconds(notice.automatic_end),
                remind_now: notice.remind_now,
                title: notice.text.title,
                body: notice.text.body,
                check_out_label: notice.check_out_label,
                snooze_label: notice.snooze_label,
            }),
            sync_due_at: to_unix_seconds(plan.sync_due_at),
            wake_at: to_unix_seconds(plan.wake_at),
        }
    }
}

impl From<notify::BackgroundRun> for BackgroundRun {
    fn from(run: notify::BackgroundRun) -> Self {
        BackgroundRun {
            synced: run.synced.map(|outcome| match outcome {
                SyncOutcome::Synced { .. } => BackgroundSync::Synced,
                SyncOutcome::Offline => BackgroundSync::Offline,
                SyncOutcome::Refused => BackgroundSync::Refused,
            }),
            new_alerts: run.report.map_or(0, |report| report.new_alerts),
            plan: run.plan.into(),
        }
    }
}
