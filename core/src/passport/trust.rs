//! What the passport trusts for health certificates: the health authority's pinned root keys,
//! the trust list they signed and the status rule set in force (built in, or a newer one the
//! same roots signed); both signed files are synced from the server and kept in the store for
//! offline use.

use std::sync::{PoisonError, RwLockReadGuard, RwLockWriteGuard};

use crate::certificate::TrustStore;
use crate::status::RuleSet;
use crate::sync::{SyncError, cached_rule_set, sync_rule_set, sync_trust_list};
use crate::trust_list::{TrustCacheError, TrustList, TrustRootKey, cached_trust_list, install_trust_list};

use super::{HealthPassport, PassportError};

/// Certificate trust held in memory. Lock order: this before the store, everywhere.
#[derive(Default)]
pub(super) struct CertificateTrust {
    roots: Vec<TrustRootKey>,
    list: Option<TrustList>,
    installed_rules: Option<RuleSet>,
    /// Signers and issuers given for this session instead of the trust list (a desk tool
    /// handed signer files).
    given: Option<TrustStore>,
    /// What is trusted without a trust list: nothing.
    nothing: TrustStore,
}

impl CertificateTrust {
    /// The signers and issuers certificates are checked against (none without a trust list).
    pub(super) fn trust_store(&self) -> &TrustStore {
        match (&self.given, &self.list) {
            (Some(given), _) => given,
            (None, Some(list)) => list.trust_store(),
            (None, None) => &self.nothing,
        }
    }

    /// The rule set in force: the installed one, else PeduliLindungi 2022.
    pub(super) fn status_rules(&self) -> RuleSet {
        self.installed_rules.clone().unwrap_or_else(RuleSet::peduli_lindungi_2022)
    }

    /// Every rule set a service rule may name; an installed one wins over a built-in one with
    /// the same id.
    pub(super) fn rule_sets(&self) -> Vec<RuleSet> {
        let builtin = [RuleSet::peduli_lindungi_2021(), RuleSet::peduli_lindungi_2022()];
        self.installed_rules.iter().cloned().chain(builtin).collect()
    }

    /// Installs `rules` unless a higher version of the same rule set is in force.
    fn replace_rules(&mut self, rules: RuleSet) -> Result<(), PassportError> {
        if !rules.may_replace(&self.status_rules()) {
            return Err(PassportError::OutdatedRuleSet);
        }
        self.installed_rules = Some(rules);
        Ok(())
    }
}

/// What a documents sync changed: the newly installed trust list and status rule set, `None`
/// where the server had nothing newer.
#[derive(Debug, Clone)]
pub struct DocumentsUpdate {
    /// The new trust list, now in use.
    pub trust_list: Option<TrustList>,
    /// The new status rule set, now in force.
    pub status_rules: Option<RuleSet>,
}

impl HealthPassport {
    /// Pins the health authority's root public keys (`healthpass-trust-root-public-v1:…`, as
    /// the app ships them) and loads the trust list and status rule set kept in the store,
    /// each verified again against them. Returns the list, or `None` when none is kept or the
    /// kept one is not signed by these roots (then nothing is trusted until
    /// [`HealthPassport::sync_documents`] or [`HealthPassport::install_trust_list`]). A rule
    /// set installed with [`HealthPassport::install_status_rules`] is dropped. All or nothing:
    /// on [`PassportError::InvalidTrustRoot`] the previous roots stay.
    pub fn set_trust_roots<K: AsRef<str>>(&self, keys: &[K]) -> Result<Option<TrustList>, PassportError> {
        let roots = keys
            .iter()
            .map(|text| TrustRootKey::from_text(text.as_ref()).map_err(|_| PassportError::InvalidTrustRoot))
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
        Ok(trust.list.clone())
    }

    /// Trusts exactly `signers` (document signers and NZ Pass issuers) for the life of this
    /// object instead of the trust list: a desk tool handed signer files, not a phone.
    pub fn use_trust_store(&self, signers: TrustStore) {
        self.trust_mut().given = Some(signers);
    }

    /// Verifies a signed trust-list file against the pinned roots, keeps it in the store and
    /// uses it from now on. A list older than the one in use is refused (`rollback`); on any
    /// error the previous list stays.
    pub fn install_trust_list(&self, file: &[u8]) -> Result<TrustList, PassportError> {
        let mut trust = self.trust_mut();
        let list = install_trust_list(&mut self.store(), file, &trust.roots)?;
        trust.list = Some(list.clone());
        Ok(list)
    }

    /// Fetches the trust list and the status rule set from `server_url` when they changed,
    /// verifies each against the pinned roots, keeps them in the store for offline use and
    /// uses them from now on. An older trust list, or a lower version of the rule set in
    /// force, is refused; a trust list already installed stays if the rule set is then
    /// refused. Blocking: call it off the UI thread.
    pub fn sync_documents(&self, server_url: &str) -> Result<DocumentsUpdate, PassportError> {
        let client = self.client(server_url)?;
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
            // Roots changed meanwhile: the kept rule set is checked against them at the next start.
            if trust.roots == roots {
                trust.replace_rules(rules.clone())?;
            }
        }
        Ok(DocumentsUpdate { trust_list: list, status_rules: rules })
    }

    /// The trust list in use, or `None` when none is installed.
    pub fn trust_list(&self) -> Option<TrustList> {
        self.trust().list.clone()
    }

    /// Verifies a status rule set signed by the pinned roots and puts it in force (for the
    /// status colour and for counter checks that name its id) until this object is dropped;
    /// the shell installs it again at start. A lower version of the rule set in force is
    /// refused ([`PassportError::OutdatedRuleSet`]).
    pub fn install_status_rules(&self, file: &[u8]) -> Result<RuleSet, PassportError> {
        let mut trust = self.trust_mut();
        let rules = RuleSet::from_signed(file, &trust.roots)?;
        trust.replace_rules(rules.clone())?;
        Ok(rules)
    }

    /// The status rule set in force: the installed or synced one, else PeduliLindungi 2022.
    pub fn status_rules(&self) -> RuleSet {
        self.trust().status_rules()
    }

    /// The rule set synced from the server (or installed), when there is one.
    pub fn installed_status_rules(&self) -> Option<RuleSet> {
        self.trust().installed_rules.clone()
    }

    /// Certificate trust for reading (see [`CertificateTrust`] for the lock order).
    pub(super) fn trust(&self) -> RwLockReadGuard<'_, CertificateTrust> {
        self.certificate_trust.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn trust_mut(&self) -> RwLockWriteGuard<'_, CertificateTrust> {
        self.certificate_trust.write().unwrap_or_else(PoisonError::into_inner)
    }
}
