//! The family's certificate wallet on the passport's store.

use healthpass_core::wallet;

use super::HealthPassport;
use crate::time::from_unix_seconds;
use crate::{HealthpassError, WalletCertificate};

#[uniffi::export]
impl HealthPassport {
    /// Adds a certificate from its QR text (`HC1:…` or `NZCP:/1/…`, e.g. from
    /// [`crate::decode_frame`]) under the family member `holder` (default: the name on the
    /// certificate). The text must decode; its signature is checked when it is used. The
    /// same certificate twice is [`HealthpassError::DuplicateCertificate`]. Nothing is
    /// stored on any error.
    pub fn add_certificate(
        &self,
        qr_text: String,
        holder: Option<String>,
        now_unix_seconds: i64,
    ) -> Result<WalletCertificate, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        Ok(wallet::add_certificate(&mut self.store(), &qr_text, holder.as_deref(), now)?.into())
    }

    /// Every certificate, by family member, then oldest first.
    pub fn certificates(&self) -> Result<Vec<WalletCertificate>, HealthpassError> {
        Ok(wallet::list_certificates(&self.store())?.into_iter().map(WalletCertificate::from).collect())
    }

    /// One certificate; [`HealthpassError::CertificateNotFound`] when no certificate has `id`.
    pub fn certificate(&self, id: i64) -> Result<WalletCertificate, HealthpassError> {
        Ok(wallet::show_certificate(&self.store(), id)?.into())
    }

    /// Removes one certificate; [`HealthpassError::CertificateNotFound`] when no certificate
    /// has `id`.
    pub fn remove_certificate(&self, id: i64) -> Result<(), HealthpassError> {
        Ok(wallet::remove_certificate(&mut self.store(), id)?)
    }

    /// The family members with at least one certificate, in order.
    pub fn holders(&self) -> Result<Vec<String>, HealthpassError> {
        Ok(wallet::holders(&self.store())?)
    }
}
