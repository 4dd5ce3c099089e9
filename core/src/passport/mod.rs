//! The citizen's health passport on this device: the one application object that the phones
//! (through the uniffi bindings) and the CLI's citizen commands share, so each behaviour exists
//! once. It holds the store, the venue-registry keys posters are accepted from and the
//! certificate trust (pinned roots, trust list, status rule set in force); this file holds
//! the visit diary, `passport/` adds the wallet, status and counter checks, trust, exposure
//! warnings (sync, alerts, upload), the health office's call-back, the encrypted backup, and the background work
//! (notifications, check-out reminder, dummy uploads).
//!
//! Every operation that depends on the clock takes `now` (UTC) from the caller: the phone's
//! clock is the shell's to read, and tests replay any instant. Network calls block; phones
//! call them off the UI thread.

mod background;
mod backup;
mod error;
mod exposure;
mod follow_up;
mod status;
mod trust;
mod wallet;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock};

use chrono::{DateTime, Utc};

use crate::checkin::{self, CheckInOutcome, Visit};
use crate::scan::{self, LumaFrame};
use crate::store::Store;
use crate::venue::{self, RegistryPublicKey, ScannedPoster, TrustedRegistries};

pub use backup::BackupStatus;
pub use error::PassportError;
pub use exposure::{
    DEFAULT_MIN_OVERLAP_MINUTES, DEFAULT_UPLOAD_DAYS, MAX_MIN_OVERLAP_MINUTES, MAX_UPLOAD_DAYS, MinimumOverlap, UploadSummary,
    UploadWindow,
};
pub use status::{CounterService, HolderStatus, StatusQuery};
pub use trust::DocumentsUpdate;

/// The health passport: the on-device store, the venue-registry keys it trusts and the
/// certificate trust.
///
/// `Send + Sync`; share one instance between every screen and thread. Calls on the store are
/// serialised by a mutex (SQLite has one writer anyway) and network calls never hold it. A
/// panic inside a call rolls back its open transaction as it unwinds, so the store stays
/// consistent and later calls keep working: the poison flags of the locks are deliberately
/// ignored. Lock order: certificate trust before the store, everywhere.
pub struct HealthPassport {
    store: Mutex<Store>,
    posters: RwLock<PosterTrust>,
    certificate_trust: RwLock<trust::CertificateTrust>,
}

/// What scanned posters are checked against.
#[derive(Default)]
struct PosterTrust {
    /// The venue-registry keys healthpass posters must be signed by; `None` until set, when a
    /// healthpass poster is refused as `registry_required`.
    registries: Option<TrustedRegistries>,
    /// Accept CrowdNotifier event posters only on this host; any host when `None`.
    crowdnotifier_host: Option<String>,
}

impl HealthPassport {
    /// Opens (or creates) the store at `path`, applying pending migrations. Trusts no
    /// venue-registry key until [`HealthPassport::set_trusted_registry_keys`] and no
    /// certificate signer until [`HealthPassport::set_trust_roots`] finds a kept trust list.
    pub fn open(path: &Path) -> Result<Self, PassportError> {
        Ok(HealthPassport {
            store: Mutex::new(Store::open(path)?),
            posters: RwLock::new(PosterTrust::default()),
            certificate_trust: RwLock::new(trust::CertificateTrust::default()),
        })
    }

    /// Replaces the venue-registry public keys posters are accepted from, each in its text form
    /// (`healthpass-registry-public-v1:…`; more than one during a rotation). All or nothing: on
    /// [`PassportError::InvalidRegistryKey`] the previous set stays. Before the first call a
    /// healthpass poster is refused as `registry_required`; after setting no key, as signed by
    /// an unknown key. Event posters need none.
    pub fn set_trusted_registry_keys<K: AsRef<str>>(&self, keys: &[K]) -> Result<(), PassportError> {
        let keys = keys
            .iter()
            .map(|text| RegistryPublicKey::from_text(text.as_ref()).map_err(|_| PassportError::InvalidRegistryKey))
            .collect::<Result<Vec<_>, _>>()?;
        self.poster_trust_mut().registries = Some(TrustedRegistries::new(keys));
        Ok(())
    }

    /// Accepts CrowdNotifier event posters only on `host` (`None`: on any host).
    pub fn set_crowdnotifier_host(&self, host: Option<String>) {
        self.poster_trust_mut().crowdnotifier_host = host;
    }

    /// Reads scanned QR text as a venue poster at `now` and checks in (or out, when it is the
    /// open visit's poster scanned again). A healthpass poster must verify against the trusted
    /// registry keys; a Corona-Warn-App or CrowdNotifier event poster is unsigned and checks in
    /// as an unverified visit.
    pub fn check_in_text(&self, text: &str, now: DateTime<Utc>) -> Result<CheckInOutcome, PassportError> {
        let poster = {
            let posters = self.poster_trust();
            venue::read_scanned_poster(text, posters.registries.as_ref(), posters.crowdnotifier_host.as_deref(), now)?
        };
        self.check_in_poster(&poster, now)
    }

    /// Decodes a camera frame (8-bit luma) and checks in with the first code in it that is a
    /// valid poster. `None` when the frame holds no QR code (keep scanning); when it holds
    /// codes but none is a valid poster, the first code's refusal.
    pub fn check_in_frame(&self, frame: LumaFrame<'_>, now: DateTime<Utc>) -> Result<Option<CheckInOutcome>, PassportError> {
        let texts = scan::decode_frame(frame)?;
        self.check_in_first_poster(&texts, now)
    }

    /// Reads a photo of a poster (PNG, JPEG or WebP) and checks in with the first code in it
    /// that is a valid poster; [`PassportError::NoQrCode`] when it holds none.
    #[cfg(feature = "image-files")]
    pub fn check_in_image(&self, path: &Path, now: DateTime<Utc>) -> Result<CheckInOutcome, PassportError> {
        let texts = scan::decode_image_file(path)?;
        self.check_in_first_poster(&texts, now)?.ok_or(PassportError::NoQrCode)
    }

    /// Checks out of the open visit at `now`; `no_open_visit` when there is none.
    pub fn check_out(&self, now: DateTime<Utc>) -> Result<Visit, PassportError> {
        let visit = checkin::check_out(&mut self.store(), now)?;
        self.record_backup_change(now)?;
        Ok(visit)
    }

    /// Every visit, newest check-in first, with ends as of `now`.
    pub fn history(&self, now: DateTime<Utc>) -> Result<Vec<Visit>, PassportError> {
        Ok(checkin::history(&self.store(), now)?)
    }

    /// Deletes visits that ended more than the retention before `now`; returns how many. A
    /// purge that deleted any schedules a backup, so the server's copy loses them too.
    pub fn purge(&self, now: DateTime<Utc>) -> Result<usize, PassportError> {
        let deleted = checkin::purge(&mut self.store(), now)?;
        if deleted > 0 {
            self.record_backup_change(now)?;
        }
        Ok(deleted)
    }

    /// Days a visit is kept after it ended (the citizen's setting, else 21).
    pub fn retention_days(&self) -> Result<u32, PassportError> {
        Ok(checkin::retention_days(&self.store())?)
    }

    /// Sets the retention to `days` (1–365) at `now`, and schedules a backup (the backup keeps
    /// the setting and applies it); `invalid_retention` otherwise, nothing changed.
    pub fn set_retention_days(&self, days: u32, now: DateTime<Utc>) -> Result<(), PassportError> {
        checkin::set_retention_days(&mut self.store(), days)?;
        self.record_backup_change(now)
    }

    /// The diary as RFC 4180 CSV (header row, instants RFC 3339 UTC, spreadsheet formulas
    /// neutralised) for the citizen's own records, with ends as of `now`.
    pub fn export_csv(&self, now: DateTime<Utc>) -> Result<String, PassportError> {
        Ok(checkin::export_csv(&self.history(now)?))
    }

    /// Deletes everything the citizen owns and rewrites the file so nothing deleted stays on disk.
    pub fn delete_everything(&self) -> Result<(), PassportError> {
        Ok(self.store().delete_everything()?)
    }

    /// Test hook (feature `test-hooks`, never shipped): panics while holding the store lock,
    /// so the bindings' tests can prove that a panic comes out as an error and later calls
    /// still work.
    #[cfg(feature = "test-hooks")]
    pub fn panic_while_holding_store(&self) {
        let _store = self.store();
        panic!("deliberate panic for the FFI test");
    }

    /// The store, even if an earlier call panicked while holding it (see the type's docs).
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn poster_trust(&self) -> std::sync::RwLockReadGuard<'_, PosterTrust> {
        self.posters.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn poster_trust_mut(&self) -> std::sync::RwLockWriteGuard<'_, PosterTrust> {
        self.posters.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Checks in with the first of `texts` that is a valid poster; `None` without texts.
    fn check_in_first_poster(&self, texts: &[String], now: DateTime<Utc>) -> Result<Option<CheckInOutcome>, PassportError> {
        let read = {
            let posters = self.poster_trust();
            venue::first_scanned_poster(texts, posters.registries.as_ref(), posters.crowdnotifier_host.as_deref(), now)
        };
        read.map(|poster| self.check_in_poster(&poster?, now)).transpose()
    }

    fn check_in_poster(&self, poster: &ScannedPoster, now: DateTime<Utc>) -> Result<CheckInOutcome, PassportError> {
        let outcome = checkin::check_in_scanned(&mut self.store(), poster, now)?;
        self.record_backup_change(now)?;
        Ok(outcome)
    }
}

#[cfg(test)]
mod background_tests;
#[cfg(test)]
mod tests;
