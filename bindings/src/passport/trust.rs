//! What the passport trusts for health certificates: the health authority's pinned root keys,
//! the trust list they signed and the status rule set in force, synced from the server and
//! kept in the store for offline use.

use std::sync::Arc;

use super::HealthPassport;
use super::background::off_the_calling_thread;
use crate::{DocumentsUpdate, HealthpassError, RuleSetInfo, TrustListInfo};

#[uniffi::export]
impl HealthPassport {
    /// Pins the health authority's root public keys (`healthpass-trust-root-public-v1:…`, as
    /// the app ships them) and loads the trust list and status rule set kept in the store,
    /// each verified again against them. Returns the list, or `None` when none is kept or the
    /// kept one is not signed by these roots (then nothing is trusted until
    /// [`HealthPassport::sync_documents`] or [`HealthPassport::install_trust_list`]). A rule set
    /// installed with [`HealthPassport::install_status_rules`] is dropped. All or nothing: on
    /// [`HealthpassError::InvalidTrustRoot`] the previous roots stay.
    pub fn set_trust_roots(&self, keys: Vec<String>) -> Result<Option<TrustListInfo>, HealthpassError> {
        Ok(self.inner.set_trust_roots(&keys)?.as_ref().map(TrustListInfo::from))
    }

    /// Verifies a signed trust-list file against the pinned roots, caches it in the store and
    /// uses it from now on. A list older than the one in use is refused
    /// ([`HealthpassError::TrustFileOutdated`]); on any error the previous list stays.
    pub fn install_trust_list(&self, file: Vec<u8>) -> Result<TrustListInfo, HealthpassError> {
        Ok(TrustListInfo::from(&self.inner.install_trust_list(&file)?))
    }

    /// Fetches the trust list and the status rule set from `server_url` when they changed,
    /// verifies each against the pinned roots, keeps them in the store for offline use and
    /// uses them from now on. An older trust list, or a lower version of the rule set in use,
    /// is refused ([`HealthpassError::TrustFileOutdated`]); a trust list already installed
    /// stays if the rule set is then refused. Offline is [`HealthpassError::Offline`].
    pub async fn sync_documents(self: Arc<Self>, server_url: String) -> Result<DocumentsUpdate, HealthpassError> {
        off_the_calling_thread(move || Ok(self.inner.sync_documents(&server_url)?.into())).await
    }

    /// The trust list in use, or `None` when none is installed.
    pub fn trust_list(&self) -> Option<TrustListInfo> {
        self.inner.trust_list().as_ref().map(TrustListInfo::from)
    }

    /// Verifies a status rule set signed by the pinned roots and uses it for the status colour
    /// (and for counter checks that name its id) until the app stops; the shell installs it
    /// again at start. A lower version of the rule set in use is refused
    /// ([`HealthpassError::TrustFileOutdated`]).
    pub fn install_status_rules(&self, file: Vec<u8>) -> Result<RuleSetInfo, HealthpassError> {
        Ok(RuleSetInfo::from(&self.inner.install_status_rules(&file)?))
    }

    /// The status rule set in use (PeduliLindungi 2022 until another is installed).
    pub fn status_rules(&self) -> RuleSetInfo {
        RuleSetInfo::from(&self.inner.status_rules())
    }
}
