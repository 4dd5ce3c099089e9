//! What the shell learns about the signed trust list and status rule set in use.

use healthpass_core::passport;
use healthpass_core::status::RuleSet;
use healthpass_core::trust_list::TrustList;

use crate::time::to_unix_seconds;

/// What a documents sync changed: the newly installed trust list and status rule set, `None`
/// where the server had nothing newer.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DocumentsUpdate {
    /// The new trust list, now in use.
    pub trust_list: Option<TrustListInfo>,
    /// The new status rule set, now in use.
    pub status_rules: Option<RuleSetInfo>,
}

impl From<passport::DocumentsUpdate> for DocumentsUpdate {
    fn from(update: passport::DocumentsUpdate) -> Self {
        DocumentsUpdate {
            trust_list: update.trust_list.as_ref().map(TrustListInfo::from),
            status_rules: update.status_rules.as_ref().map(RuleSetInfo::from),
        }
    }
}

/// The trust list in use: when it was issued (so the shell can warn when it is stale) and how
/// many signers it trusts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrustListInfo {
    /// When the publisher issued it, Unix seconds UTC; its age is `now - issued_at`.
    pub issued_at: i64,
    /// EU DCC document signers it trusts.
    pub signers: u32,
    /// NZ Pass issuers it trusts.
    pub nz_issuers: u32,
}

impl From<&TrustList> for TrustListInfo {
    fn from(list: &TrustList) -> Self {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        TrustListInfo {
            issued_at: to_unix_seconds(list.issued_at()),
            signers: count(list.trust_store().signers().len()),
            nz_issuers: count(list.trust_store().issuers().len()),
        }
    }
}

/// The status rule set in use.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RuleSetInfo {
    /// Stable id (`peduli-lindungi-2022`).
    pub id: String,
    /// Name for people, as the publisher wrote it.
    pub name: String,
    /// Revision; a newer file has a larger number.
    pub version: u32,
}

impl From<&RuleSet> for RuleSetInfo {
    fn from(rules: &RuleSet) -> Self {
        RuleSetInfo { id: rules.id.clone(), name: rules.name.clone(), version: rules.version }
    }
}
