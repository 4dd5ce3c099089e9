//! What the passport trusts for health certificates: the health authority's pinned root keys,
//! the trust list they signed and the status rule set (built in, or a newer one the same roots
//! signed); both signed files are synced from the server and kept in the store for offline use.

use std::sync::{PoisonError, RwLockReadGuard, RwLockWriteGuard};

use healthpass_core::certificate::TrustStore;
use healthpass_core::status::RuleSet;
use std::sync::Arc;

use healthpass_core::remote::ServerClient;
use healthpass_core::sync::{SyncError, cached_rule_set, sync_rule_set, sync_trust_list};
use healthpass_core::trust_list::{TrustCacheError, TrustList, TrustRootKey, cached_trust_list, install_trust_list};

use super::HealthPassport;
use super::background::off_the_calling_thread;
use crate::{DocumentsUpdate, HealthpassError, RuleSetInfo, TrustListInfo};

/// Certificate trust held in memory: the roots, the verified trust list and the installed
/// rule set. Lock order: this before the store, everywhere.
#[derive(Default)]
pub(super) struct CertificateTrust {
    roots: Vec<TrustRootKey>,
    list: Option<TrustList>,
    installed_rules: Option<RuleSet>,
    /// What is trusted without a trust list: nothing.
    nothing: TrustStore,
}

impl CertificateTrust {
    /// The signers and issuers certificates are checked against (none without a trust list).
    pub(super) fn trust_store(&self) -> &TrustStore {
        self.list.as_ref().map_or(&self.nothing, TrustList::trust_store)
    }

    /// The rule set the status colour comes from: the installed one, else PeduliLindungi 2022.
    pub(super) fn status_rules(&self) -> RuleSet {
        self.installed_rules.clone().unwrap_or_else(RuleSet::peduli_lindungi_2022)
    }

    /// Every rule set a service rule may name; an installed one wins over a built-in one with
    /// the same id.
    pub(super) fn rule_sets(&self) -> Vec<RuleSet> {
        let builtin = [RuleSet::peduli_lindungi_2021(), RuleSet::peduli_lindungi_2022()];
        self.installed_rules.iter().cloned().chain(builtin).collect()
    }
}

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
        let roots = keys
            .iter()
            .map(|text| TrustRootKey::from_text(text).map_err(|_| HealthpassError::InvalidTrustRoot))
            .collect::<Result<Vec<_>, _>>()?;
        let mut trust = self.trust_mut();
        let store = self.store();
        let list = match cached_trust_list(&store, &roots) {
            Ok(list) => list,
            Err(TrustCacheError::Store(e)) => return Err(e.into()),
            // Signed by roots no longer pinned: the shell installs a fresh list.
            Err(TrustCacheError::TrustList(_)) => None,
        };
        let rules = match cached_rule_set(&store, &roots) {
            Ok(rules) => rules,
            // Signed by roots no longer pinned: the next sync brings a fresh one.
            Err(SyncError::RuleSet(_)) => None,
            Err(e) => return Err(e.into()),
        };
        trust.roots = roots;
        trust.list = list;
        trust.installed_rules = rules;
        Ok(trust.list.as_ref().map(TrustListInfo::from))
    }

    /// Verifies a signed trust-list file against the pinned roots, caches it in the store and
    /// uses it from now on. A list older than the one in use is refused
    /// ([`HealthpassError::TrustFileOutdated`]); on any error the previous list stays.
    pub fn install_trust_list(&self, file: Vec<u8>) -> Result<TrustListInfo, HealthpassError> {
        let mut trust = self.trust_mut();
        let list = install_trust_list(&mut self.store(), &file, &trust.roots)?;
        let info = TrustListInfo::from(&list);
        trust.list = Some(list);
        Ok(info)
    }

    /// Fetches the trust list and the status rule set from `server_url` when they changed,
    /// verifies each against the pinned roots, keeps them in the store for offline use and
    /// uses them from now on. An older trust list, or a lower version of the rule set in use,
    /// is refused ([`HealthpassError::TrustFileOutdated`]); a trust list already installed
    /// stays if the rule set is then refused. Offline is [`HealthpassError::Offline`].
    pub async fn sync_documents(self: Arc<Self>, server_url: String) -> Result<DocumentsUpdate, HealthpassError> {
        off_the_calling_thread(move || {
            let client = ServerClient::new(&server_url)?;
            let roots = self.trust().roots.clone();
            // The store is locked only for each step of a sync and the trust only after it
            // (lock order), so a check-in never waits for the network.
            let list = sync_trust_list(|| self.store(), &client, &roots)?;
            if let Some(list) = &list {
                let mut trust = self.trust_mut();
                // Roots changed meanwhile: the kept list is checked against them at the next start.
                if trust.roots == roots {
                    trust.list = Some(list.clone());
                }
            }
            let rules = sync_rule_set(|| self.store(), &client, &roots)?;
            if let Some(rules) = &rules {
                let mut trust = self.trust_mut();
                if !rules.may_replace(&trust.status_rules()) {
                    return Err(HealthpassError::TrustFileOutdated);
                }
                if trust.roots == roots {
                    trust.installed_rules = Some(rules.clone());
                }
            }
            Ok(DocumentsUpdate {
                trust_list: list.as_ref().map(TrustListInfo::from),
                status_rules: rules.as_ref().map(RuleSetInfo::from),
            })
        })
        .await
    }

    /// The trust list in use, or `None` when none is installed.
    pub fn trust_list(&self) -> Option<TrustListInfo> {
        self.trust().list.as_ref().map(TrustListInfo::from)
    }

    /// Verifies a status rule set signed by the pinned roots and uses it for the status colour
    /// (and for counter checks that name its id) until the app stops; the shell installs it
    /// again at start. A lower version of the rule set in use is refused
    /// ([`HealthpassError::TrustFileOutdated`]).
    pub fn install_status_rules(&self, file: Vec<u8>) -> Result<RuleSetInfo, HealthpassError> {
        let mut trust = self.trust_mut();
        let rules = RuleSet::from_signed(&file, &trust.roots)?;
        if !rules.may_replace(&trust.status_rules()) {
            return Err(HealthpassError::TrustFileOutdated);
        }
        let info = RuleSetInfo::from(&rules);
        trust.installed_rules = Some(rules);
        Ok(info)
    }

    /// The status rule set in use (PeduliLindungi 2022 until another is installed).
    pub fn status_rules(&self) -> RuleSetInfo {
        RuleSetInfo::from(&self.trust().status_rules())
    }
}

impl HealthPassport {
    /// Certificate trust for reading (see [`CertificateTrust`] for the lock order).
    pub(super) fn trust(&self) -> RwLockReadGuard<'_, CertificateTrust> {
        self.certificate_trust.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn trust_mut(&self) -> RwLockWriteGuard<'_, CertificateTrust> {
        self.certificate_trust.write().unwrap_or_else(PoisonError::into_inner)
    }
}
