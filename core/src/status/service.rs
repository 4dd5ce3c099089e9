//! Counter checks: an officer scans a citizen's certificate and gets allow/deny for one
//! service's rule, offline, seeing only the holder's name and date of birth.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::StatusError;
use super::colour::{Advice, StatusColour};
use super::condition::Condition;
use super::facts::HealthFacts;
use super::rule_set::RuleSet;
use crate::certificate::{CertificateError, TrustStore, verify_certificate};

const PUBLIC_SERVICE: &str = include_str!("../../rules/service-public-service.json");
const MALL: &str = include_str!("../../rules/service-mall.json");

/// What a service asks of a citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ServiceRequirement {
    /// A condition over the certificate's facts (e.g. at least one dose).
    Condition(Condition),
    /// A status colour under a named rule set.
    Status {
        /// The rule set's id (`peduli-lindungi-2022`).
        rule_set: String,
        /// The colours that are allowed.
        colours: Vec<StatusColour>,
    },
}

/// A service's rule, as published data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceRule {
    /// Stable id (`public-service`, `mall`).
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Revision of this rule.
    pub version: u32,
    /// What is required.
    pub requires: ServiceRequirement,
    /// Reason code when allowed.
    pub allow_reason: String,
    /// Reason code when denied.
    pub deny_reason: String,
    /// Advice for both reason codes.
    pub advice: BTreeMap<String, Advice>,
}

/// What the officer sees: the answer, why, and who — name and date of birth only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CounterCheck {
    /// Whether the service may go ahead.
    pub allowed: bool,
    /// The service rule's reason code.
    pub reason: String,
    /// What to tell the citizen.
    pub advice: Advice,
    /// The status colour and its reason, when the rule is a status rule.
    pub status: Option<ServiceStatus>,
    /// The holder's name (given then family).
    pub name: String,
    /// The holder's date of birth as written on the certificate.
    pub date_of_birth: String,
}

/// Why a counter check gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CounterCheckError {
    /// The certificate is not genuine or not valid now: deny, and show this reason.
    #[error("{0}")]
    Certificate(#[from] CertificateError),
    /// The service rule cannot be applied.
    #[error("{0}")]
    Rules(#[from] StatusError),
}

impl CounterCheckError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            CounterCheckError::Certificate(e) => e.code(),
            CounterCheckError::Rules(e) => e.code(),
        }
    }
}

impl ServiceRule {
    /// Public services (Bekasi circular 440/1395): at least a first dose.
    pub fn public_service() -> ServiceRule {
        Self::builtin(PUBLIC_SERVICE)
    }

    /// Malls: green under the PeduliLindungi 2022 rules.
    pub fn mall() -> ServiceRule {
        Self::builtin(MALL)
    }

    /// The built-in rule with this id.
    pub fn builtin_by_id(id: &str) -> Option<ServiceRule> {
        match id {
            "public-service" => Some(Self::public_service()),
            "mall" => Some(Self::mall()),
            _ => None,
        }
    }

    fn builtin(json: &str) -> ServiceRule {
        // Built-in rules are part of the binary and checked by tests.
        match Self::from_json(json.as_bytes()) {
            Ok(rule) => rule,
            Err(e) => panic!("built-in service rule is invalid: {e}"),
        }
    }

    /// Reads and checks a service rule (JSON): both reasons need advice in both languages.
    pub fn from_json(bytes: &[u8]) -> Result<ServiceRule, StatusError> {
        if bytes.len() > super::MAX_RULE_SET_LEN {
            return Err(StatusError::TooLong);
        }
        let rule: ServiceRule = serde_json::from_slice(bytes).map_err(|_| StatusError::Malformed("service rule JSON"))?;
        for reason in [&rule.allow_reason, &rule.deny_reason] {
            match rule.advice.get(reason) {
                Some(a) if !a.id.is_empty() && !a.en.is_empty() => {}
                _ => return Err(StatusError::Malformed("a reason has no advice in both languages")),
            }
        }
        Ok(rule)
    }

    /// Applies the rule to `facts` at `now`; `rule_sets` must hold a status rule's rule set.
    pub fn decide(&self, facts: &HealthFacts, rule_sets: &[RuleSet], now: DateTime<Utc>) -> Result<ServiceDecision, StatusError> {
        let (allowed, status) = match &self.requires {
            ServiceRequirement::Condition(condition) => (condition.holds(facts, now), None),
            ServiceRequirement::Status { rule_set, colours } => {
                let rules = rule_sets.iter().find(|r| &r.id == rule_set).ok_or(StatusError::UnknownRuleSet)?;
                let decision = rules.evaluate(facts, now);
                (colours.contains(&decision.colour), Some(ServiceStatus { colour: decision.colour, reason: decision.reason }))
            }
        };
        let reason = if allowed { &self.allow_reason } else { &self.deny_reason };
        let advice = self.advice.get(reason).cloned().ok_or(StatusError::Malformed("missing advice"))?;
        Ok(ServiceDecision { allowed, reason: reason.clone(), advice, status })
    }
}

/// A service rule's answer for a set of facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceDecision {
    /// Whether the service may go ahead.
    pub allowed: bool,
    /// The reason code.
    pub reason: String,
    /// What to tell the citizen.
    pub advice: Advice,
    /// The status colour and its reason, for status rules.
    pub status: Option<ServiceStatus>,
}

/// The status colour behind a service decision whose rule asks for a colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceStatus {
    /// The colour.
    pub colour: StatusColour,
    /// Its reason code.
    pub reason: String,
}

/// Verifies the citizen's QR text offline and applies `service`. A certificate that fails
/// verification gives `Err(Certificate)`: the officer denies and shows that reason.
pub fn counter_check(
    text: &str,
    trust: &TrustStore,
    now: DateTime<Utc>,
    service: &ServiceRule,
    rule_sets: &[RuleSet],
) -> Result<CounterCheck, CounterCheckError> {
    let certificate = verify_certificate(text, trust, now)?;
    let facts = HealthFacts::from_certificates([&certificate]);
    let decision = service.decide(&facts, rule_sets, now)?;
    let holder = certificate.holder();
    Ok(CounterCheck {
        allowed: decision.allowed,
        reason: decision.reason,
        advice: decision.advice,
        status: decision.status,
        name: holder.display_name(),
        date_of_birth: holder.date_of_birth.clone(),
    })
}
