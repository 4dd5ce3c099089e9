//! The one call a shell makes whenever it wakes — "what do I show, and when do I wake next" —
//! and the calls that record what the shell did: a background sync, a snooze, the alerts
//! screen seen. Each is one transaction, so a crash never shows an alert twice or loses one
//! that was not shown.

use std::ops::DerefMut;

use chrono::{DateTime, TimeDelta, Utc};

use super::NotifyError;
use super::exposure_notice::{ExposureNotice, exposure_notice};
use super::reminder::{CheckoutReminder, REMINDER_LEAD, SNOOZE, checkout_reminder, snoozed_end};
use super::schedule::{Jitter, SyncOutcome, SyncSchedule, next_sync};
use super::text::{Language, NotificationText, check_out_label, snooze_label, visit_text};
use crate::exposure::PublisherPublicKey;
use crate::exposure::alerts;
use crate::remote::ServerClient;
use crate::store::{Store, background, visits};
use crate::sync::{WarningSyncReport, sync_warnings};

/// The ongoing notification of the open visit, with its "Check out" and "Snooze" actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitNotice {
    /// The open visit.
    pub visit_id: i64,
    /// Its check-in (UTC), for a running "since" clock.
    pub checked_in_at: DateTime<Utc>,
    /// When the check-out reminder is due (UTC).
    pub remind_at: DateTime<Utc>,
    /// When the visit closes by itself (UTC); remove the notification then.
    pub automatic_end: DateTime<Utc>,
    /// Alert now (sound, heads-up): the reminder is due and was not shown yet. Once per
    /// reminder: false again on the next call, true again after a snooze when it is due.
    pub remind_now: bool,
    /// What it says (the reminder's words once it is due).
    pub text: NotificationText,
    /// The label of the "Check out" action.
    pub check_out_label: String,
    /// The label of the "Snooze" action.
    pub snooze_label: String,
}

/// What a shell shows now and when it wakes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationPlan {
    /// Post this exposure notification (replacing an earlier one); `None`: nothing new.
    pub exposure: Option<ExposureNotice>,
    /// The ongoing visit notification; `None`: no visit is open, remove it.
    pub visit: Option<VisitNotice>,
    /// When the next background sync is due (UTC); at once before the first.
    pub sync_due_at: DateTime<Utc>,
    /// When to wake next (UTC): the earliest of the sync, the reminder and the visit's end.
    pub wake_at: DateTime<Utc>,
}

/// What one background wake-up did: the sync, if one was due, and the plan after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackgroundRun {
    /// How the sync ended; `None` when none was due.
    pub synced: Option<SyncOutcome>,
    /// What the sync downloaded and found, when it succeeded.
    pub report: Option<WarningSyncReport>,
    /// What to show and when to wake next.
    pub plan: NotificationPlan,
}

/// What to show at `now` and when to wake next. Alerts in the returned exposure notice count
/// as shown, and so does a reminder returned with `remind_now`.
pub fn plan_notifications(store: &mut Store, language: Language, now: DateTime<Utc>) -> Result<NotificationPlan, NotifyError> {
    let tx = store.write()?;
    let mut state = background::read(&tx)?;
    let exposure = exposure_notice(&alerts::not_notified(&tx)?, language);
    alerts::mark_all_notified(&tx, now)?;
    let open = visits::latest(&tx)?.and_then(|visit| checkout_reminder(&visit, now).map(|reminder| (visit, reminder)));
    let visit = open.map(|(visit, reminder)| {
        let reminding = now >= reminder.remind_at;
        let shown = (reminder.visit_id, reminder.remind_at);
        let remind_now = reminding && state.reminder_shown != Some(shown);
        if remind_now {
            state.reminder_shown = Some(shown);
        }
        visit_notice(&visit.venue_name, visit.checked_in_at, &reminder, reminding, remind_now, language)
    });
    let sync_due_at = state.sync_due_at.unwrap_or(now);
    let wake_at = visit
        .iter()
        .map(|notice| if notice.remind_at > now { notice.remind_at } else { notice.automatic_end })
        .fold(sync_due_at, |earliest, at| earliest.min(at));
    background::write(&tx, &state)?;
    tx.commit()?;
    Ok(NotificationPlan { exposure, visit, sync_due_at, wake_at })
}

/// Records that a background sync at `now` ended with `outcome`; returns the new schedule.
pub fn record_sync(
    store: &mut Store,
    outcome: SyncOutcome,
    now: DateTime<Utc>,
    jitter: Jitter,
) -> Result<SyncSchedule, NotifyError> {
    let tx = store.write()?;
    let mut state = background::read(&tx)?;
    let schedule = next_sync(outcome, state.sync_failures, now, jitter);
    state.sync_failures = schedule.failures;
    state.sync_due_at = Some(schedule.due_at);
    background::write(&tx, &state)?;
    tx.commit()?;
    Ok(schedule)
}

/// The "Snooze" action at `now`: the citizen is still at the open visit's venue, so its
/// automatic check-out moves and the reminder comes again in [`SNOOZE`]. Refused when no visit
/// is open, or past a day's stay.
pub fn snooze_reminder(store: &mut Store, now: DateTime<Utc>) -> Result<CheckoutReminder, NotifyError> {
    let tx = store.write()?;
    let visit = visits::latest(&tx)?.ok_or(NotifyError::NoOpenVisit)?;
    let end = snoozed_end(&visit, now)?;
    visits::extend_stay(&tx, visit.id, end)?;
    let extended = visits::by_id(&tx, visit.id)?.and_then(|visit| checkout_reminder(&visit, now));
    let reminder = extended.ok_or(NotifyError::NoOpenVisit)?;
    tx.commit()?;
    Ok(reminder)
}

/// The citizen saw every alert (the alerts screen was shown at `now`): none of them is notified later.
pub fn alerts_seen(store: &mut Store, now: DateTime<Utc>) -> Result<(), NotifyError> {
    let tx = store.write()?;
    alerts::mark_all_notified(&tx, now)?;
    tx.commit()?;
    Ok(())
}

/// One background wake-up at `now`: syncs the exposure warnings when a sync is due (see
/// [`crate::sync::sync_warnings`] for `store`, `client`, `publishers` and `min_overlap`),
/// records how it ended, then plans the notifications. A failed sync is recorded and backed
/// off, not returned: the plan is made either way.
pub fn background_wake<S: DerefMut<Target = Store>>(
    store: impl Fn() -> S,
    client: &ServerClient,
    publishers: &[PublisherPublicKey],
    min_overlap: TimeDelta,
    language: Language,
    now: DateTime<Utc>,
) -> Result<BackgroundRun, NotifyError> {
    let due = background::read(store().read())?.sync_due_at.is_none_or(|due| due <= now);
    let (synced, report) = if due {
        let result = sync_warnings(&store, client, publishers, min_overlap, now);
        let outcome = SyncOutcome::of(&result);
        record_sync(&mut store(), outcome, now, Jitter::random())?;
        (Some(outcome), result.ok())
    } else {
        (None, None)
    };
    let plan = plan_notifications(&mut store(), language, now)?;
    Ok(BackgroundRun { synced, report, plan })
}

fn visit_notice(
    venue: &str,
    checked_in_at: DateTime<Utc>,
    reminder: &CheckoutReminder,
    reminding: bool,
    remind_now: bool,
    language: Language,
) -> VisitNotice {
    VisitNotice {
        visit_id: reminder.visit_id,
        checked_in_at,
        remind_at: reminder.remind_at,
        automatic_end: reminder.automatic_end,
        remind_now,
        text: visit_text(language, venue, reminding, REMINDER_LEAD.num_minutes()),
        check_out_label: check_out_label(language).to_owned(),
        snooze_label: snooze_label(language, SNOOZE.num_minutes()),
    }
}
