//! The family's certificate wallet on the passport's store.

use chrono::{DateTime, Utc};

use crate::wallet::{self, WalletEntry};

use super::{HealthPassport, PassportError};

impl HealthPassport {
    /// Adds a certificate from its QR text (`HC1:…` or `NZCP:/1/…`) under the family member
    /// `holder` (default: the name on the certificate) at `now`. The text must decode; its
    /// signature is checked when it is used. The same certificate twice is `duplicate`.
    /// Nothing is stored on any error.
    pub fn add_certificate(&self, qr_text: &str, holder: Option<&str>, now: DateTime<Utc>) -> Result<WalletEntry, PassportError> {
        let entry = wallet::add_certificate(&mut self.store(), qr_text, holder, now)?;
        self.record_backup_change(now)?;
        Ok(entry)
    }

    /// Every certificate, by family member, then oldest first.
    pub fn certificates(&self) -> Result<Vec<WalletEntry>, PassportError> {
        Ok(wallet::list_certificates(&self.store())?)
    }

    /// One certificate; `not_found` when no certificate has `id`.
    pub fn certificate(&self, id: i64) -> Result<WalletEntry, PassportError> {
        Ok(wallet::show_certificate(&self.store(), id)?)
    }

    /// Removes one certificate at `now`, and schedules a backup without it; `not_found` when
    /// no certificate has `id`.
    pub fn remove_certificate(&self, id: i64, now: DateTime<Utc>) -> Result<(), PassportError> {
        wallet::remove_certificate(&mut self.store(), id)?;
        self.record_backup_change(now)
    }

    /// The family members with at least one certificate, in order.
    pub fn holders(&self) -> Result<Vec<String>, PassportError> {
        Ok(wallet::holders(&self.store())?)
    }
}
