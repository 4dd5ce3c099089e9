//! Status rule sets and service rules, evaluated when they load, for an empty set of facts and
//! for a person with every kind of fact (doses, tests, a recovery, a positive, a close contact),
//! so every condition's time arithmetic runs with the file's durations.
#![no_main]

use chrono::TimeDelta;
use healthpass_core::status::{HealthFacts, RuleSet, ServiceRule, TestFact, TestKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = chrono::DateTime::from_timestamp(1_660_000_000, 0).unwrap_or_default();
    let day = TimeDelta::days(1);
    let everything = HealthFacts {
        date_of_birth: chrono::NaiveDate::from_ymd_opt(1985, 11, 2),
        doses: 3,
        series_doses: 2,
        tests: vec![
            TestFact { kind: TestKind::Pcr, sampled_at: now - day, positive: false },
            TestFact { kind: TestKind::Antigen, sampled_at: now - day * 20, positive: true },
        ],
        recovered_on: chrono::NaiveDate::from_ymd_opt(2022, 7, 20),
        confirmed_positive_at: Some(now - day * 3),
        close_contact_at: Some(now - day * 2),
    };
    if let Ok(rules) = RuleSet::from_json(data) {
        let _ = rules.evaluate(&HealthFacts::default(), now);
        let _ = rules.evaluate(&everything, now);
    }
    if let Ok(rule) = ServiceRule::from_json(data) {
        let _ = rule.decide(&HealthFacts::default(), &[RuleSet::peduli_lindungi_2022()], now);
        let _ = rule.decide(&everything, &[RuleSet::peduli_lindungi_2022()], now);
    }
});
