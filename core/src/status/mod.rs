//! Status colour and counter checks, computed on the device from verified certificates by
//! rules that are data: the PeduliLindungi 2021 and 2022 rule sets ship built in, and newer
//! ones arrive as files signed by the health authority's root key.

mod colour;
mod condition;
mod error;
mod facts;
mod rule_set;
mod service;

pub use colour::{Advice, StatusColour};
pub use condition::{Condition, Isolation, IsolationCause, RecentNegativeTest};
pub use error::StatusError;
pub use facts::{HealthFacts, TestFact, TestKind};
pub use rule_set::{MAX_RULE_SET_LEN, RuleSet, StatusDecision, StatusRule};
pub use service::{
    CounterCheck, CounterCheckError, ServiceDecision, ServiceRequirement, ServiceRule, ServiceStatus, counter_check,
};

#[cfg(test)]
mod tests;
