//! Status colours of the family and the counter officer's check, both from certificates
//! verified offline against the trust in use and the rule sets in force.

use chrono::{DateTime, Utc};

use crate::status::{Advice, CounterCheck, RuleSet, ServiceRule, StatusColour, StatusDecision, counter_check};
use crate::wallet;

use super::{HealthPassport, PassportError};

/// One family member's status, from their certificates that verify now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderStatus {
    /// The family member (the wallet's holder label).
    pub holder: String,
    /// The colour.
    pub colour: StatusColour,
    /// The rule's stable reason code (`booster`, `two_doses`, `unvaccinated`, …).
    pub reason: String,
    /// The rule set's advice for the reason.
    pub advice: Advice,
    /// The id of the rule set that decided (`peduli-lindungi-2022`).
    pub rule_set: String,
}

impl HolderStatus {
    fn new(holder: String, decision: StatusDecision) -> Self {
        HolderStatus {
            holder,
            colour: decision.colour,
            reason: decision.reason,
            advice: decision.advice,
            rule_set: decision.rule_set,
        }
    }
}

/// What a status question adds to what the passport knows; the default asks for everyone in
/// the wallet under the rule set in force.
#[derive(Debug, Clone, Default)]
pub struct StatusQuery {
    /// Only this family member (default: everyone in the wallet).
    pub holder: Option<String>,
    /// Decide by these rules instead of the rule set in force.
    pub rules: Option<RuleSet>,
    /// A positive confirmed by the health office at this instant (UTC).
    pub confirmed_positive_at: Option<DateTime<Utc>>,
    /// A close contact at this instant (UTC), besides the phone's own exposure alerts.
    pub close_contact_at: Option<DateTime<Utc>>,
}

/// The service a counter officer checks for; each has a built-in rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterService {
    /// Public services (Bekasi circular 440/1395): at least a first dose.
    PublicService,
    /// Malls: green under the PeduliLindungi 2022 rules.
    Mall,
}

impl CounterService {
    /// The built-in rule of this service.
    pub fn rule(self) -> ServiceRule {
        match self {
            CounterService::PublicService => ServiceRule::public_service(),
            CounterService::Mall => ServiceRule::mall(),
        }
    }
}

impl HealthPassport {
    /// The status of the family members `query` names at `now`. Only certificates that verify
    /// now count: a holder whose certificates are all expired or unknown gets the colour of
    /// someone without certificates. The phone's exposure alerts count as close contacts.
    pub fn status(&self, query: &StatusQuery, now: DateTime<Utc>) -> Result<Vec<HolderStatus>, PassportError> {
        let trust = self.trust();
        let rules = query.rules.clone().unwrap_or_else(|| trust.status_rules());
        let store = self.store();
        let holders = match &query.holder {
            Some(holder) => vec![holder.clone()],
            None => wallet::holders(&store)?,
        };
        holders
            .into_iter()
            .map(|holder| {
                let extra = |facts: &mut crate::status::HealthFacts| {
                    facts.confirmed_positive_at = query.confirmed_positive_at;
                    facts.close_contact_at = facts.close_contact_at.max(query.close_contact_at);
                };
                let decision = wallet::holder_status(&store, &holder, trust.trust_store(), &rules, extra, now)?;
                Ok(HolderStatus::new(holder, decision))
            })
            .collect()
    }

    /// A counter officer's check of a citizen's certificate QR text against `service` at
    /// `now`, offline: allow or deny with the reason, and only the holder's name and date of
    /// birth. The service rule may name any rule set in force or built in. A certificate that
    /// is not genuine or not valid now is an error naming why. Nothing is stored.
    pub fn verify_for_service(
        &self,
        service: &ServiceRule,
        qr_text: &str,
        now: DateTime<Utc>,
    ) -> Result<CounterCheck, PassportError> {
        let trust = self.trust();
        Ok(counter_check(qr_text, trust.trust_store(), now, service, &trust.rule_sets())?)
    }
}
