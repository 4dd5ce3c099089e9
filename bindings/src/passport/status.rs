//! Status colours of the family and the counter officer's check, both from certificates
//! verified offline against the trust list in use.

use healthpass_core::passport::StatusQuery;

use super::HealthPassport;
use crate::time::from_unix_seconds;
use crate::{CounterCheck, CounterService, HealthpassError, HolderStatus};

#[uniffi::export]
impl HealthPassport {
    /// The status of every family member in the wallet at `now_unix_seconds`, under the
    /// status rule set in force. Only certificates that verify now count: a holder whose
    /// certificates are all expired or unknown gets the colour of someone without certificates.
    pub fn status(&self, now_unix_seconds: i64) -> Result<Vec<HolderStatus>, HealthpassError> {
        Ok(self.inner.status(&StatusQuery::default(), from_unix_seconds(now_unix_seconds)?)?)
    }

    /// A counter officer's check of a citizen's certificate QR text for `service`, offline:
    /// allow or deny with the reason, and only the holder's name and date of birth. A
    /// certificate that is not genuine or not valid now is an error naming why
    /// (`Certificate…` variants): the officer denies and shows it. Nothing is stored.
    pub fn verify_for_service(
        &self,
        service: CounterService,
        qr_text: String,
        now_unix_seconds: i64,
    ) -> Result<CounterCheck, HealthpassError> {
        Ok(self.inner.verify_for_service(&service.rule(), &qr_text, from_unix_seconds(now_unix_seconds)?)?)
    }
}
