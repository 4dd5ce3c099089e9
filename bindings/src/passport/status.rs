//! Status colours of the family and the counter officer's check, both from certificates
//! verified offline against the trust list in use.

use healthpass_core::status::{ServiceRule, counter_check};
use healthpass_core::wallet;

use super::HealthPassport;
use crate::time::from_unix_seconds;
use crate::{CounterCheck, CounterService, HealthpassError, HolderStatus};

#[uniffi::export]
impl HealthPassport {
    /// The status of every family member in the wallet at `now_unix_seconds`, under the
    /// status rule set in use. Only certificates that verify now count: a holder whose
    /// certificates are all expired or unknown gets the colour of someone without certificates.
    pub fn status(&self, now_unix_seconds: i64) -> Result<Vec<HolderStatus>, HealthpassError> {
        let now = from_unix_seconds(now_unix_seconds)?;
        let trust = self.trust();
        let rules = trust.status_rules();
        let store = self.store();
        wallet::holders(&store)?
            .into_iter()
            .map(|holder| {
                let decision = wallet::holder_status(&store, &holder, trust.trust_store(), &rules, |_| {}, now)?;
                Ok(HolderStatus::new(holder, decision))
            })
            .collect()
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
        let now = from_unix_seconds(now_unix_seconds)?;
        let rule = match service {
            CounterService::PublicService => ServiceRule::public_service(),
            CounterService::Mall => ServiceRule::mall(),
        };
        let trust = self.trust();
        Ok(counter_check(&qr_text, trust.trust_store(), now, &rule, &trust.rule_sets())?.into())
    }
}
