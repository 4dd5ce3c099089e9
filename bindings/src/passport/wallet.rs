//! The family's certificate wallet on the passport's store.

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
        Ok(self.inner.add_certificate(&qr_text, holder.as_deref(), from_unix_seconds(now_unix_seconds)?)?.into())
    }

    /// Every certificate, by family member, then oldest first.
    pub fn certificates(&self) -> Result<Vec<WalletCertificate>, HealthpassError> {
        Ok(self.inner.certificates()?.into_iter().map(WalletCertificate::from).collect())
    }

    /// One certificate; [`HealthpassError::CertificateNotFound`] when no certificate has `id`.
    pub fn certificate(&self, id: i64) -> Result<WalletCertificate, HealthpassError> {
        Ok(self.inner.certificate(id)?.into())
    }

    /// Removes one certificate at `now_unix_seconds` (a backup follows);
    /// [`HealthpassError::CertificateNotFound`] when no certificate has `id`.
    pub fn remove_certificate(&self, id: i64, now_unix_seconds: i64) -> Result<(), HealthpassError> {
        Ok(self.inner.remove_certificate(id, from_unix_seconds(now_unix_seconds)?)?)
    }

    /// The family members with at least one certificate, in order.
    pub fn holders(&self) -> Result<Vec<String>, HealthpassError> {
        Ok(self.inner.holders()?)
    }
}
