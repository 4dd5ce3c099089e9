//! Why a rule set or service rule was refused.

use thiserror::Error;

use crate::trust_list::TrustListError;

/// Why a rule set or service rule was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StatusError {
    /// The file is larger than any rule set needs.
    #[error("the rule file is too large")]
    TooLong,
    /// The JSON breaks the rule-set shape or its consistency rules.
    #[error("malformed rules: {0}")]
    Malformed(&'static str),
    /// The signed envelope was refused.
    #[error("rule signature: {0}")]
    Signature(TrustListError),
    /// A service rule names a status rule set that is not loaded.
    #[error("unknown rule set")]
    UnknownRuleSet,
}

impl StatusError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            StatusError::TooLong => "too_long",
            StatusError::Malformed(_) => "malformed_rules",
            StatusError::Signature(inner) => inner.code(),
            StatusError::UnknownRuleSet => "unknown_rule_set",
        }
    }
}
