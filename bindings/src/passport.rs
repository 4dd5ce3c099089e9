//! The citizen's health passport on this phone: one object per database file, shared by every
//! screen. This file holds the visit diary; `passport/` adds the certificate wallet, status and
//! counter checks, certificate trust, and exposure warnings (sync, alerts, upload), on the same store.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use healthpass_core::checkin;
use healthpass_core::scan::{self, LumaFrame};
use healthpass_core::store::Store;
use healthpass_core::venue::{self, RegistryPublicKey, ScannedPoster, TrustedRegistries};

use crate::time::from_unix_seconds;
use crate::{CheckInOutcome, HealthpassError, Visit};

mod background;
mod backup;
mod cover_traffic;
mod exposure;
mod status;
mod trust;
mod wallet;

/// The health passport: the on-device store, the venue-registry keys it trusts and the
/// certificate trust (root keys, trust list, status rules).
///
/// `Send + Sync`; hand the same instance to every screen and thread. Calls on the store are
/// serialised by a mutex (SQLite has one writer anyway). A panic inside a call rolls back its
/// open transaction as it unwinds, so the store stays consistent and later calls keep working:
/// the poison flags of its locks are deliberately ignored.
#[derive(uniffi::Object)]
pub struct HealthPassport {
    store: Mutex<Store>,
    trusted: RwLock<TrustedRegistries>,
    certificate_trust: RwLock<trust::CertificateTrust>,
}

#[uniffi::export]
impl HealthPassport {
    /// Opens (or creates) the database file at `path` (the app's private files directory),
    /// applying pending migrations. Trusts no registry key until
    /// [`HealthPassport::set_trusted_registry_keys`] is called, and no certificate signer
    /// until [`HealthPassport::set_trust_roots`] loads a trust list.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>, HealthpassError> {
        let store = Store::open(Path::new(&path))?;
        Ok(Arc::new(HealthPassport {
            store: Mutex::new(store),
            trusted: RwLock::new(TrustedRegistries::default()),
            certificate_trust: RwLock::new(trust::CertificateTrust::default()),
        }))
    }

    /// Replaces the venue-registry public keys posters are accepted from, each in its text form
    /// (`healthpass-registry-public-v1:…`). All or nothing: on
    /// [`HealthpassError::InvalidRegistryKey`] the previous set stays.
    pub fn set_trusted_registry_keys(&self, keys: Vec<String>) -> Result<(), HealthpassError> {
        let keys = keys.iter().map(|text| RegistryPublicKey::from_text(text)).collect::<Result<Vec<_>, _>>()?;
        *self.trusted.write().unwrap_or_else(PoisonError::into_inner) = TrustedRegistries::new(keys);
        Ok(())
    }

    /// Reads scanned QR text as a venue poster at `now_unix_seconds` and checks in (or out,
    /// when it is the open visit's poster scanned again). A healthpass poster must verify
    /// against the trusted registry keys; a Corona-Warn-App or CrowdNotifier event poster is
    /// unsigned and checks in as an unverified visit ([`Visit::verified`] is false).
    pub fn check_in_qr(&self, text: String, now_unix_seconds: i64) -> Result<CheckInOutcome, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        let poster = self.read_poster(&text, now)?;
        self.check_in_poster(&poster, now)
    }

    /// Decodes a camera frame (8-bit luma, see [`crate::decode_frame`]) and checks in with the
    /// first code in it that is a valid poster. `None` when the frame holds no QR code (keep
    /// scanning); when it holds codes but none is a valid poster, the first code's refusal.
    pub fn check_in_frame(
        &self,
        luma: Vec<u8>,
        width: u32,
        height: u32,
        row_stride: u32,
        now_unix_seconds: i64,
    ) -> Result<Option<CheckInOutcome>, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        let texts = scan::decode_frame(LumaFrame { bytes: &luma, width, height, row_stride })?;
        let trusted = self.trusted.read().unwrap_or_else(PoisonError::into_inner);
        let read = venue::first_scanned_poster(&texts, Some(&trusted), None, now);
        drop(trusted);
        read.map(|poster| self.check_in_poster(&poster?, now)).transpose()
    }

    /// Checks out of the open visit at `now_unix_seconds`; [`HealthpassError::NoOpenVisit`]
    /// when there is none.
    pub fn check_out(&self, now_unix_seconds: i64) -> Result<Visit, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        Ok(checkin::check_out(&mut self.store(), now)?.into())
    }

    /// Every visit, newest check-in first, with ends as of `now_unix_seconds`.
    pub fn history(&self, now_unix_seconds: i64) -> Result<Vec<Visit>, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        Ok(checkin::history(&self.store(), now)?.into_iter().map(Visit::from).collect())
    }

    /// Deletes visits that ended more than the retention before `now_unix_seconds`; returns
    /// how many were deleted.
    pub fn purge(&self, now_unix_seconds: i64) -> Result<u64, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        let deleted = checkin::purge(&mut self.store(), now)?;
        Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
    }

    /// Days a visit is kept after it ended (the user's setting, else 21).
    pub fn retention_days(&self) -> Result<u32, HealthpassError> {
        Ok(checkin::retention_days(&self.store())?)
    }

    /// Sets the retention to `days` (1–365); [`HealthpassError::InvalidRetention`] otherwise.
    pub fn set_retention_days(&self, days: u32) -> Result<(), HealthpassError> {
        Ok(checkin::set_retention_days(&mut self.store(), days)?)
    }

    /// The diary as RFC 4180 CSV (header row, instants RFC 3339 UTC, spreadsheet formulas
    /// neutralised) for the citizen's own records, with ends as of `now_unix_seconds`.
    pub fn export_csv(&self, now_unix_seconds: i64) -> Result<String, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        let visits = checkin::history(&self.store(), now)?;
        Ok(checkin::export_csv(&visits))
    }

    /// Deletes everything the user owns and rewrites the file so nothing deleted stays on disk.
    pub fn delete_everything(&self) -> Result<(), HealthpassError> {
        Ok(self.store().delete_everything()?)
    }
}

#[cfg(any(test, feature = "test-hooks"))]
#[uniffi::export]
impl HealthPassport {
    /// Test hook (feature `test-hooks`, never shipped): panics while holding the store lock,
    /// so tests can prove that a panic comes out as an error and later calls still work.
    pub fn panic_while_holding_store(&self) {
        let _store = self.store();
        panic!("deliberate panic for the FFI test");
    }
}

impl HealthPassport {
    /// The store, even if an earlier call panicked while holding it (see the type's docs).
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads `text` as an event poster, or as a poster signed by a trusted registry key valid
    /// at `now`.
    fn read_poster(&self, text: &str, now: chrono::DateTime<chrono::Utc>) -> Result<ScannedPoster, HealthpassError> {
        let trusted = self.trusted.read().unwrap_or_else(PoisonError::into_inner);
        Ok(venue::read_scanned_poster(text, Some(&trusted), None, now)?)
    }

    /// Checks in at a scanned poster's venue at `now`.
    fn check_in_poster(
        &self,
        poster: &ScannedPoster,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<CheckInOutcome, HealthpassError> {
        Ok(checkin::check_in_scanned(&mut self.store(), poster, now)?.into())
    }
}

#[cfg(test)]
mod certificate_tests;
#[cfg(test)]
mod tests;
