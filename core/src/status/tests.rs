//! Both PeduliLindungi rule sets, the service rules and counter checks on issued certificates.

use chrono::{Duration, NaiveDate};

use super::*;
use crate::certificate::test_support::{at, issuer, santoso_vaccination, trusting};
use crate::certificate::{CertificateError, IssuerKey, TrustStore};
use crate::trust_list::{TrustListError, TrustRootSigningKey};

const NOW: &str = "2022-08-01T10:00:00Z";

fn adult(doses: u32, series: u32) -> HealthFacts {
    HealthFacts { date_of_birth: NaiveDate::from_ymd_opt(1990, 3, 15), doses, series_doses: series, ..Default::default() }
}

fn child(age: i32, doses: u32) -> HealthFacts {
    HealthFacts { date_of_birth: NaiveDate::from_ymd_opt(2022 - age, 1, 1), doses, series_doses: 2, ..Default::default() }
}

fn test(kind: TestKind, sampled: &str, positive: bool) -> TestFact {
    TestFact { kind, sampled_at: at(sampled), positive }
}

fn status(rules: &RuleSet, facts: &HealthFacts) -> (StatusColour, String) {
    let d = rules.evaluate(facts, at(NOW));
    assert!(!d.advice.id.is_empty() && !d.advice.en.is_empty());
    (d.colour, d.reason)
}

fn is(colour: StatusColour, reason: &str) -> (StatusColour, String) {
    (colour, reason.to_owned())
}

#[test]
fn rules_2021_give_green_yellow_red_black() {
    use StatusColour::*;
    let rules = RuleSet::peduli_lindungi_2021();
    assert_eq!(status(&rules, &adult(2, 2)), is(Green, "fully_vaccinated"));
    assert_eq!(status(&rules, &adult(1, 2)), is(Yellow, "one_dose"));
    let recovered = HealthFacts { recovered_on: NaiveDate::from_ymd_opt(2022, 6, 1), ..adult(0, 0) };
    assert_eq!(status(&rules, &recovered), is(Yellow, "recovered"));
    assert_eq!(status(&rules, &adult(0, 0)), is(Red, "unvaccinated"));
    let positive = HealthFacts { confirmed_positive_at: Some(at("2022-07-25T00:00:00Z")), ..adult(2, 2) };
    assert_eq!(status(&rules, &positive), is(Black, "positive"));
    let contact = HealthFacts { close_contact_at: Some(at("2022-07-30T00:00:00Z")), ..adult(2, 2) };
    assert_eq!(status(&rules, &contact), is(Black, "close_contact"));
    let long_ago = HealthFacts { confirmed_positive_at: Some(at("2022-07-01T00:00:00Z")), ..adult(2, 2) };
    assert_eq!(status(&rules, &long_ago), is(Green, "fully_vaccinated"));
}

#[test]
fn rules_2022_for_adults() {
    use StatusColour::*;
    let rules = RuleSet::peduli_lindungi_2022();
    assert_eq!(status(&rules, &adult(3, 2)), is(Green, "booster"));
    assert_eq!(status(&rules, &adult(3, 3)), is(Green, "booster"));
    assert_eq!(status(&rules, &adult(2, 2)), is(Yellow, "two_doses"));
    assert_eq!(status(&rules, &adult(1, 2)), is(Red, "one_dose"));
    assert_eq!(status(&rules, &adult(0, 0)), is(Red, "unvaccinated"));

    let antigen = |sampled| HealthFacts { tests: vec![test(TestKind::Antigen, sampled, false)], ..adult(0, 0) };
    assert_eq!(status(&rules, &antigen("2022-07-31T11:00:00Z")), is(Green, "negative_antigen_24h"));
    assert_eq!(status(&rules, &antigen("2022-07-31T09:00:00Z")), is(Red, "unvaccinated"));
    let pcr = |sampled| HealthFacts { tests: vec![test(TestKind::Pcr, sampled, false)], ..adult(1, 2) };
    assert_eq!(status(&rules, &pcr("2022-07-29T11:00:00Z")), is(Green, "negative_pcr_72h"));
    assert_eq!(status(&rules, &pcr("2022-07-29T09:00:00Z")), is(Red, "one_dose"));

    let recovered = |day| HealthFacts { recovered_on: NaiveDate::from_ymd_opt(2022, 5, day), ..adult(2, 2) };
    assert_eq!(status(&rules, &recovered(10)), is(Green, "vaccinated_and_recovered"));
    assert_eq!(status(&rules, &recovered(1)), is(Yellow, "two_doses"));
}

#[test]
fn rules_2022_for_children() {
    use StatusColour::*;
    let rules = RuleSet::peduli_lindungi_2022();
    assert_eq!(status(&rules, &child(10, 2)), is(Green, "child_two_doses"));
    assert_eq!(status(&rules, &child(10, 1)), is(Yellow, "child_one_dose"));
    assert_eq!(status(&rules, &child(17, 0)), is(Red, "child_unvaccinated"));
    assert_eq!(status(&rules, &child(4, 0)), is(Green, "child_too_young"));
    // The adult rules apply from the 18th birthday.
    assert_eq!(status(&rules, &child(19, 2)), is(Yellow, "two_doses"));
}

#[test]
fn rules_2022_black_ends_after_ten_days_or_a_negative_pcr_from_day_five() {
    use StatusColour::*;
    let rules = RuleSet::peduli_lindungi_2022();
    let positive = |days_ago: i64| at(NOW) - Duration::days(days_ago);
    let facts =
        HealthFacts { tests: vec![TestFact { kind: TestKind::Pcr, sampled_at: positive(3), positive: true }], ..adult(3, 2) };
    assert_eq!(status(&rules, &facts), is(Black, "positive"));
    let over = HealthFacts { confirmed_positive_at: Some(positive(10)), ..adult(3, 2) };
    assert_eq!(status(&rules, &over), is(Green, "booster"));

    // A negative PCR on day 4 does not clear; one on day 5 does.
    let start = positive(6);
    let with_negative = |day: i64| HealthFacts {
        confirmed_positive_at: Some(start),
        tests: vec![TestFact { kind: TestKind::Pcr, sampled_at: start + Duration::days(day), positive: false }],
        ..adult(3, 2)
    };
    assert_eq!(status(&rules, &with_negative(4)), is(Black, "positive"));
    assert_eq!(status(&rules, &with_negative(5)), is(Green, "booster"));

    let contact = HealthFacts { close_contact_at: Some(positive(13)), ..adult(3, 2) };
    assert_eq!(status(&rules, &contact), is(Black, "close_contact"));
    let contact_over = HealthFacts { close_contact_at: Some(positive(14)), ..adult(3, 2) };
    assert_eq!(status(&rules, &contact_over), is(Green, "booster"));
}

#[test]
fn signed_rule_set_round_trips_and_forgery_is_refused() {
    let root = TrustRootSigningKey::generate();
    let signed = RuleSet::peduli_lindungi_2022().sign(&root).unwrap();
    assert_eq!(RuleSet::from_signed(&signed, &[root.public_key()]), Ok(RuleSet::peduli_lindungi_2022()));
    let other = TrustRootSigningKey::generate().public_key();
    assert_eq!(RuleSet::from_signed(&signed, &[other]), Err(StatusError::Signature(TrustListError::UnknownRootKey)));
    // A rule set signed as such is not a trust list, even under the same key.
    assert!(crate::trust_list::TrustList::verify(&signed, &[root.public_key()]).is_err());
}

#[test]
fn rule_set_without_a_catch_all_or_advice_is_refused() {
    let mut rules = RuleSet::peduli_lindungi_2021();
    rules.rules.pop();
    let json = serde_json::to_vec(&rules).unwrap();
    assert_eq!(RuleSet::from_json(&json), Err(StatusError::Malformed("the last rule must apply to everyone")));
    let mut rules = RuleSet::peduli_lindungi_2021();
    rules.advice.remove("one_dose");
    let json = serde_json::to_vec(&rules).unwrap();
    assert_eq!(RuleSet::from_json(&json), Err(StatusError::Malformed("a reason has no advice in both languages")));
    let typo = br#"{"id":"x","name":"x","version":1,"published_at":"2026-01-05T00:00:00Z","rules":[{"colour":"green","reason":"r","when":{"min_dose":1}}],"advice":{"r":{"id":"a","en":"b"}}}"#;
    assert_eq!(RuleSet::from_json(typo), Err(StatusError::Malformed("rule set JSON")));
}

fn vaccination_qr(key: &IssuerKey, dose: u32) -> String {
    santoso_vaccination(key, "Budi", dose)
}

#[test]
fn public_service_allows_a_first_dose_and_shows_only_name_and_birth_date() {
    let key = issuer();
    let rule_sets = [RuleSet::peduli_lindungi_2022()];
    let check =
        counter_check(&vaccination_qr(&key, 1), &trusting(&key), at(NOW), &ServiceRule::public_service(), &rule_sets).unwrap();
    assert!(check.allowed);
    assert_eq!(check.reason, "at_least_one_dose");
    assert_eq!(check.name, "Budi Santoso");
    assert_eq!(check.date_of_birth, "1985-11-02");
    assert_eq!(check.status, None);
}

#[test]
fn mall_follows_the_2022_rules() {
    let key = issuer();
    let rule_sets = [RuleSet::peduli_lindungi_2022()];
    let mall = ServiceRule::mall();
    let boosted = counter_check(&vaccination_qr(&key, 3), &trusting(&key), at(NOW), &mall, &rule_sets).unwrap();
    assert!(boosted.allowed);
    assert_eq!(boosted.status, Some(ServiceStatus { colour: StatusColour::Green, reason: "booster".to_owned() }));
    let two = counter_check(&vaccination_qr(&key, 2), &trusting(&key), at(NOW), &mall, &rule_sets).unwrap();
    assert!(!two.allowed);
    assert_eq!(two.reason, "status_not_green");
    assert_eq!(two.status, Some(ServiceStatus { colour: StatusColour::Yellow, reason: "two_doses".to_owned() }));
    // Without the rule set the mall rule cannot answer.
    assert_eq!(
        counter_check(&vaccination_qr(&key, 3), &trusting(&key), at(NOW), &mall, &[]),
        Err(CounterCheckError::Rules(StatusError::UnknownRuleSet))
    );
}

#[test]
fn counter_check_of_an_untrusted_certificate_is_an_error() {
    let key = issuer();
    let result = counter_check(&vaccination_qr(&key, 1), &TrustStore::new(), at(NOW), &ServiceRule::public_service(), &[]);
    assert_eq!(result, Err(CounterCheckError::Certificate(CertificateError::UnknownKey)));
}

#[test]
fn facts_come_from_certificates() {
    let key = issuer();
    let certificate = crate::certificate::verify_certificate(&vaccination_qr(&key, 2), &trusting(&key), at(NOW)).unwrap();
    let facts = HealthFacts::from_certificates([&certificate]);
    assert_eq!((facts.doses, facts.series_doses), (2, 2));
    assert!(facts.fully_vaccinated() && !facts.boosted());
    assert_eq!(facts.age_years(at(NOW)), Some(36));
}

#[test]
fn a_rule_set_replaces_another_or_a_newer_revision_never_an_older_one() {
    let current = RuleSet::peduli_lindungi_2022();
    let older = RuleSet { version: current.version - 1, ..current.clone() };
    let newer = RuleSet { version: current.version + 1, ..current.clone() };
    assert!(!older.may_replace(&newer));
    assert!(newer.may_replace(&older));
    assert!(current.may_replace(&current));
    let later = RuleSet { id: "bekasi-2026".into(), published_at: at("2026-01-05T00:00:00Z"), ..RuleSet::peduli_lindungi_2021() };
    assert!(later.may_replace(&newer), "another rule set published later");
}

#[test]
fn an_older_rule_set_of_another_id_cannot_roll_the_rules_back() {
    let (rules_2021, rules_2022) = (RuleSet::peduli_lindungi_2021(), RuleSet::peduli_lindungi_2022());
    assert_ne!(rules_2021.id, rules_2022.id);
    // The signed 2021 set would make two doses green again instead of yellow.
    assert!(!rules_2021.may_replace(&rules_2022));
    assert!(rules_2022.may_replace(&rules_2021));
    // A higher revision number does not make an older publication newer.
    let renumbered = RuleSet { version: 99, ..rules_2021 };
    assert!(!renumbered.may_replace(&rules_2022));
    assert_eq!(RuleSet::default_in_force(), rules_2022);
}

#[test]
fn durations_near_u32_max_in_a_rule_set_evaluate_without_overflow() {
    let now = at(NOW);
    let endless = Condition {
        isolation: Some(Isolation {
            after: IsolationCause::CloseContact,
            days: u32::MAX,
            cleared_by_negative_pcr_from_day: Some(u32::MAX),
        }),
        ..Condition::default()
    };
    let contact = HealthFacts { close_contact_at: Some(now - Duration::days(400)), ..HealthFacts::default() };
    assert!(endless.holds(&contact, now), "an isolation longer than the calendar is still running");
    assert!(!endless.holds(&HealthFacts::default(), now));
    let any_negative = Condition {
        negative_test: Some(RecentNegativeTest { kind: TestKind::Pcr, max_hours: u32::MAX }),
        ..Condition::default()
    };
    let tested = HealthFacts {
        tests: vec![TestFact { kind: TestKind::Pcr, positive: false, sampled_at: now - Duration::days(3_000) }],
        ..HealthFacts::default()
    };
    assert!(any_negative.holds(&tested, now));
    assert!(!any_negative.holds(&HealthFacts::default(), now));
}

#[test]
fn only_isolate_makes_a_close_contact_under_the_2021_and_2022_rules() {
    use crate::exposure::Advice as WarningAdvice;
    for rules in [RuleSet::peduli_lindungi_2021(), RuleSet::peduli_lindungi_2022()] {
        assert_eq!(rules.close_contact_advice(), vec![WarningAdvice::Isolate], "{}", rules.id);
    }
    let mut json: serde_json::Value = serde_json::to_value(RuleSet::peduli_lindungi_2022()).unwrap();
    json["close_contact_advice"] = serde_json::json!(["isolate", "get_tested"]);
    let wider = RuleSet::from_json(json.to_string().as_bytes()).unwrap();
    assert_eq!(wider.close_contact_advice(), vec![WarningAdvice::Isolate, WarningAdvice::GetTested]);
    json["close_contact_advice"] = serde_json::json!(["panic"]);
    assert!(RuleSet::from_json(json.to_string().as_bytes()).is_err(), "an unknown advice is refused");
    json.as_object_mut().unwrap().remove("close_contact_advice");
    let older = RuleSet::from_json(json.to_string().as_bytes()).unwrap();
    assert_eq!(older.close_contact_advice(), vec![WarningAdvice::Isolate], "isolate only when absent");
}
