//! A status rule set: ordered rules, first match wins, each naming a colour and a reason code
//! with advice in Bahasa Indonesia and English. Rule sets are data, shipped in the app and
//! updated as files signed by the health authority's root key.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StatusError;
use super::colour::{Advice, StatusColour};
use super::condition::Condition;
use super::facts::HealthFacts;
use crate::exposure::Advice as WarningAdvice;
use crate::keys::envelope::{open, seal};
use crate::trust_list::{TrustRootKey, TrustRootSigningKey};

/// Largest rule-set file accepted, in bytes.
pub const MAX_RULE_SET_LEN: usize = 256 * 1024;
const SIGNATURE_CONTEXT: &[u8] = b"healthpass/status-rules/v1\0";
const PEDULI_LINDUNGI_2021: &str = include_str!("../../rules/peduli-lindungi-2021.json");
const PEDULI_LINDUNGI_2022: &str = include_str!("../../rules/peduli-lindungi-2022.json");

/// One rule: when `when` holds, the status is `colour` for reason `reason`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRule {
    /// The colour given.
    pub colour: StatusColour,
    /// A stable reason code (`booster`, `positive`, …), also the key of its advice.
    pub reason: String,
    /// The condition.
    #[serde(default)]
    pub when: Condition,
}

/// A rule set as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Stable id (`peduli-lindungi-2022`).
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Revision of this rule set; a newer file has a larger number.
    pub version: u32,
    /// When the health authority published this revision (UTC). Roll-back protection compares
    /// it across every rule set of the root, whatever their ids, so an old signed set (the
    /// 2021 rules) can never take the place of a later one (the 2022 rules).
    pub published_at: DateTime<Utc>,
    /// The rules, in order: the first whose condition holds decides.
    pub rules: Vec<StatusRule>,
    /// Advice for every reason code.
    pub advice: BTreeMap<String, Advice>,
    /// Which advice of an exposure warning makes a close contact (changes the colour); other
    /// warnings alert without it. Stable advice names; `["isolate"]` when absent.
    #[serde(default = "isolate_only")]
    pub close_contact_advice: Vec<String>,
}

fn isolate_only() -> Vec<String> {
    vec![WarningAdvice::Isolate.name().to_owned()]
}

/// The answer of a rule set for one person at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusDecision {
    /// The colour.
    pub colour: StatusColour,
    /// The reason code.
    pub reason: String,
    /// What to tell the person.
    pub advice: Advice,
    /// Which rule set decided (`id`).
    pub rule_set: String,
}

impl RuleSet {
    /// The PeduliLindungi rules of 2021 (green two doses, yellow one dose or recovered, red
    /// none, black positive or close contact).
    pub fn peduli_lindungi_2021() -> RuleSet {
        Self::builtin(PEDULI_LINDUNGI_2021)
    }

    /// The PeduliLindungi rules from 17 July 2022 (booster, tests, ages 6–17; see the file).
    pub fn peduli_lindungi_2022() -> RuleSet {
        Self::builtin(PEDULI_LINDUNGI_2022)
    }

    fn builtin(json: &str) -> RuleSet {
        // The built-in files are part of the binary and checked by tests; a broken one is a
        // build defect, not input.
        match Self::from_json(json.as_bytes()) {
            Ok(rules) => rules,
            Err(e) => panic!("built-in rule set is invalid: {e}"),
        }
    }

    /// Reads and checks a rule set (unsigned JSON): every reason has advice in both languages,
    /// and the last rule has an empty condition so every person gets a colour.
    pub fn from_json(bytes: &[u8]) -> Result<RuleSet, StatusError> {
        if bytes.len() > MAX_RULE_SET_LEN {
            return Err(StatusError::TooLong);
        }
        let rules: RuleSet = serde_json::from_slice(bytes).map_err(|_| StatusError::Malformed("rule set JSON"))?;
        rules.check()?;
        Ok(rules)
    }

    /// Reads a rule set file signed by the health authority's root key.
    pub fn from_signed(bytes: &[u8], roots: &[TrustRootKey]) -> Result<RuleSet, StatusError> {
        if bytes.len() > 2 * MAX_RULE_SET_LEN {
            return Err(StatusError::TooLong);
        }
        let (content, _) = open(SIGNATURE_CONTEXT, bytes, roots).map_err(|e| StatusError::Signature(e.into()))?;
        Self::from_json(&content)
    }

    /// The rule set in force until the health authority's root installs another:
    /// PeduliLindungi 2022.
    pub fn default_in_force() -> RuleSet {
        Self::peduli_lindungi_2022()
    }

    /// Whether this rule set may take the place of `current`: one published no earlier (any
    /// id), and for the same id no lower revision. A replayed older file of any rule set of
    /// the root is refused.
    pub fn may_replace(&self, current: &RuleSet) -> bool {
        self.published_at >= current.published_at && (self.id != current.id || self.version >= current.version)
    }

    /// Signs this rule set for publication.
    pub fn sign(&self, root: &TrustRootSigningKey) -> Result<Vec<u8>, StatusError> {
        self.check()?;
        let content = serde_json::to_vec(self).map_err(|_| StatusError::Malformed("rule set JSON"))?;
        Ok(seal(SIGNATURE_CONTEXT, &content, root))
    }

    /// The warning advice that makes a close contact under these rules.
    pub fn close_contact_advice(&self) -> Vec<WarningAdvice> {
        self.close_contact_advice.iter().filter_map(|name| WarningAdvice::from_name(name)).collect()
    }

    fn check(&self) -> Result<(), StatusError> {
        if self.close_contact_advice.iter().any(|name| WarningAdvice::from_name(name).is_none()) {
            return Err(StatusError::Malformed("an unknown advice makes a close contact"));
        }
        let Some(last) = self.rules.last() else { return Err(StatusError::Malformed("no rules")) };
        if last.when != Condition::default() {
            return Err(StatusError::Malformed("the last rule must apply to everyone"));
        }
        for rule in &self.rules {
            match self.advice.get(&rule.reason) {
                Some(advice) if !advice.id.is_empty() && !advice.en.is_empty() => {}
                _ => return Err(StatusError::Malformed("a reason has no advice in both languages")),
            }
        }
        Ok(())
    }

    /// The status for `facts` at `now`: the first rule whose condition holds.
    pub fn evaluate(&self, facts: &HealthFacts, now: DateTime<Utc>) -> StatusDecision {
        // `check` guarantees a catch-all last rule, so `find` always succeeds on a loaded set.
        let rule = self.rules.iter().find(|rule| rule.when.holds(facts, now)).or(self.rules.last());
        let (colour, reason) = rule.map_or((StatusColour::Red, String::new()), |r| (r.colour, r.reason.clone()));
        let advice = self.advice.get(&reason).cloned().unwrap_or(Advice { id: String::new(), en: String::new() });
        StatusDecision { colour, reason, advice, rule_set: self.id.clone() }
    }
}
