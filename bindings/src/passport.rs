//! The citizen's health passport on this phone: one-line wrappers over the core's
//! [`healthpass_core::passport::HealthPassport`], which holds every rule. This file holds the
//! visit diary; `passport/` adds the wallet, status and counter checks, certificate trust,
//! exposure warnings (sync, alerts, upload) and the health office's call-back. Instants cross as Unix seconds.

use std::path::Path;
use std::sync::Arc;

use healthpass_core::checkin::{CheckInOutcome, Visit};
use healthpass_core::passport;
use healthpass_core::scan::LumaFrame;

use crate::HealthpassError;
use crate::time::from_unix_seconds;

mod background;
mod backup;
mod cover_traffic;
mod exposure;
mod follow_up;
mod notify;
mod status;
mod trust;
mod wallet;

/// The health passport: the on-device store, the venue-registry keys it trusts and the
/// certificate trust (root keys, trust list, status rules).
///
/// `Send + Sync`; hand the same instance to every screen and thread. A panic inside a call
/// rolls back its open transaction as it unwinds and later calls keep working (see the core
/// object).
#[derive(uniffi::Object)]
pub struct HealthPassport {
    inner: passport::HealthPassport,
}

#[uniffi::export]
impl HealthPassport {
    /// Opens (or creates) the database file at `path` (the app's private files directory),
    /// applying pending migrations. Trusts no registry key until
    /// [`HealthPassport::set_trusted_registry_keys`] is called, and no certificate signer
    /// until [`HealthPassport::set_trust_roots`] loads a trust list.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>, HealthpassError> {
        Ok(Arc::new(HealthPassport { inner: passport::HealthPassport::open(Path::new(&path))? }))
    }

    /// Replaces the venue-registry public keys posters are accepted from, each in its text form
    /// (`healthpass-registry-public-v1:…`). All or nothing: on
    /// [`HealthpassError::InvalidRegistryKey`] the previous set stays.
    pub fn set_trusted_registry_keys(&self, keys: Vec<String>) -> Result<(), HealthpassError> {
        Ok(self.inner.set_trusted_registry_keys(&keys)?)
    }

    /// Reads scanned QR text as a venue poster at `now_unix_seconds` and checks in (or out,
    /// when it is the open visit's poster scanned again). A healthpass poster must verify
    /// against the trusted registry keys; a Corona-Warn-App or CrowdNotifier event poster is
    /// unsigned and checks in as an unverified visit (its `poster_kind` is `Cwa`).
    pub fn check_in_qr(&self, text: String, now_unix_seconds: i64) -> Result<CheckInOutcome, HealthpassError> {
        Ok(self.inner.check_in_text(&text, from_unix_seconds(now_unix_seconds)?)?)
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
        let frame = LumaFrame { bytes: &luma, width, height, row_stride };
        Ok(self.inner.check_in_frame(frame, from_unix_seconds(now_unix_seconds)?)?)
    }

    /// Checks out of the open visit at `now_unix_seconds`; [`HealthpassError::NoOpenVisit`]
    /// when there is none.
    pub fn check_out(&self, now_unix_seconds: i64) -> Result<Visit, HealthpassError> {
        Ok(self.inner.check_out(from_unix_seconds(now_unix_seconds)?)?)
    }

    /// Every visit, newest check-in first, with ends as of `now_unix_seconds`.
    pub fn history(&self, now_unix_seconds: i64) -> Result<Vec<Visit>, HealthpassError> {
        Ok(self.inner.history(from_unix_seconds(now_unix_seconds)?)?)
    }

    /// Deletes visits that ended more than the retention before `now_unix_seconds`; returns
    /// how many were deleted.
    pub fn purge(&self, now_unix_seconds: i64) -> Result<u64, HealthpassError> {
        Ok(u64::try_from(self.inner.purge(from_unix_seconds(now_unix_seconds)?)?).unwrap_or(u64::MAX))
    }

    /// Days a visit is kept after it ended (the user's setting, else 21).
    pub fn retention_days(&self) -> Result<u32, HealthpassError> {
        Ok(self.inner.retention_days()?)
    }

    /// Sets the retention to `days` (1–365) at `now_unix_seconds` (a backup follows);
    /// [`HealthpassError::InvalidRetention`] otherwise.
    pub fn set_retention_days(&self, days: u32, now_unix_seconds: i64) -> Result<(), HealthpassError> {
        Ok(self.inner.set_retention_days(days, from_unix_seconds(now_unix_seconds)?)?)
    }

    /// The diary as RFC 4180 CSV (header row, instants RFC 3339 UTC, spreadsheet formulas
    /// neutralised) for the citizen's own records, with ends as of `now_unix_seconds`.
    pub fn export_csv(&self, now_unix_seconds: i64) -> Result<String, HealthpassError> {
        Ok(self.inner.export_csv(from_unix_seconds(now_unix_seconds)?)?)
    }

    /// Deletes everything the user owns and rewrites the file so nothing deleted stays on disk.
    pub fn delete_everything(&self) -> Result<(), HealthpassError> {
        Ok(self.inner.delete_everything()?)
    }
}

#[cfg(any(test, feature = "test-hooks"))]
#[uniffi::export]
impl HealthPassport {
    /// Test hook (feature `test-hooks`, never shipped): panics while holding the store lock,
    /// so tests can prove that a panic comes out as an error and later calls still work.
    pub fn panic_while_holding_store(&self) {
        self.inner.panic_while_holding_store();
    }
}

#[cfg(test)]
mod certificate_tests;
#[cfg(test)]
mod tests;
