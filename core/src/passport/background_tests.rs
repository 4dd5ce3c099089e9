//! The passport's background work on a real SQLite file: every change the backup keeps
//! schedules a backup, and the plan a shell asks for wakes it for that backup.

use chrono::{DateTime, TimeDelta, Utc};

use crate::backup::format::ContentKey;
use crate::backup::keys::BackupKeys;
use crate::backup::recovery_code::RecoveryCode;
use crate::backup::schedule::{BackupHistory, QUIET_PERIOD};
use crate::backup::setup::BackupSetup;
use crate::certificate::test_support::{issuer, santoso_vaccination};
use crate::notify::{Jitter, Language, SyncOutcome, record_sync};
use crate::venue::RegistrySigningKey;
use crate::venue::tests::{at, signed};

use super::HealthPassport;

/// A passport trusting `registry`, with backup on and last backed up at `backed_up` (to a
/// server nobody listens on: nothing here talks to it).
fn passport_with_backup(dir: &tempfile::TempDir, registry: &RegistrySigningKey, backed_up: DateTime<Utc>) -> HealthPassport {
    let passport = HealthPassport::open(&dir.path().join("passport.db")).unwrap();
    passport.set_trusted_registry_keys(&[registry.public_key().to_text()]).unwrap();
    let code = RecoveryCode::generate();
    let setup = BackupSetup {
        server: "http://127.0.0.1:9".to_owned(),
        key: ContentKey::plain(&BackupKeys::derive(&code)),
        code,
        version: Some("\"1\"".to_owned()),
        history: BackupHistory { last_success: Some(backed_up), last_attempt: Some(backed_up), ..BackupHistory::default() },
    };
    setup.save(&passport.store()).unwrap();
    passport
}

/// When the next backup is due, as the settings screen shows it.
fn next_backup(passport: &HealthPassport, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    passport.backup_status(now, false).unwrap().unwrap().next_backup
}

#[test]
fn the_plan_after_a_check_in_wakes_for_the_backup_it_scheduled() {
    let dir = tempfile::tempdir().unwrap();
    let registry = RegistrySigningKey::generate();
    let passport = passport_with_backup(&dir, &registry, at(12));
    record_sync(&mut passport.store(), SyncOutcome::Synced { fresh_for: None }, at(12), Jitter(0)).unwrap();
    let before = passport.plan_notifications(Language::English, at(13)).unwrap();
    assert_eq!(before.wake_at, before.sync_due_at, "nothing changed: wake for the sync");

    passport.check_in_text(&signed(&registry).to_url(&Default::default()), at(13)).unwrap();
    let plan = passport.plan_notifications(Language::English, at(13)).unwrap();
    let reminder = plan.visit.as_ref().unwrap().remind_at;
    assert!(reminder > at(13) + QUIET_PERIOD && plan.sync_due_at > reminder);
    assert_eq!(plan.wake_at, at(13) + QUIET_PERIOD, "woken for the backup, not at the reminder");
}

#[test]
fn removing_a_certificate_changing_the_retention_or_purging_schedules_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let registry = RegistrySigningKey::generate();
    let days = TimeDelta::days;
    let passport = passport_with_backup(&dir, &registry, at(12));
    passport.check_in_text(&signed(&registry).to_url(&Default::default()), at(13)).unwrap();
    passport.check_out(at(14)).unwrap();
    let added = passport.add_certificate(&santoso_vaccination(&issuer(), "Budi", 1), None, at(14)).unwrap();
    let backed_up = at(15);
    let mut setup = BackupSetup::load(&passport.store()).unwrap().unwrap();
    setup.history.last_success = Some(backed_up);
    setup.save(&passport.store()).unwrap();
    assert_eq!(next_backup(&passport, backed_up), Some(backed_up + crate::backup::schedule::REFRESH_PERIOD));

    passport.remove_certificate(added.id, backed_up + days(1)).unwrap();
    assert_eq!(next_backup(&passport, backed_up + days(1)), Some(backed_up + days(1) + QUIET_PERIOD), "a removal");
    passport.set_retention_days(7, backed_up + days(2)).unwrap();
    assert_eq!(next_backup(&passport, backed_up + days(2)), Some(backed_up + days(2) + QUIET_PERIOD), "a retention change");
    assert_eq!(passport.purge(backed_up + days(3)).unwrap(), 0);
    assert_eq!(next_backup(&passport, backed_up + days(3)), Some(backed_up + days(3)), "still due, not put off: nothing purged");
    assert_eq!(passport.purge(backed_up + days(8)).unwrap(), 1);
    assert_eq!(next_backup(&passport, backed_up + days(8)), Some(backed_up + days(8) + QUIET_PERIOD), "a purge");
}
