//! Status rule sets and service rules, evaluated when they load, for an empty set of facts.
#![no_main]

use healthpass_core::status::{HealthFacts, RuleSet, ServiceRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = chrono::DateTime::from_timestamp(1_660_000_000, 0).unwrap_or_default();
    if let Ok(rules) = RuleSet::from_json(data) {
        let _ = rules.evaluate(&HealthFacts::default(), now);
    }
    if let Ok(rule) = ServiceRule::from_json(data) {
        let _ = rule.decide(&HealthFacts::default(), &[RuleSet::peduli_lindungi_2022()], now);
    }
});
