//! One condition of a status or service rule: every field that is present must hold.
//! Unknown fields are refused when a rule set loads, so a misspelt condition never widens a
//! rule silently.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::facts::{HealthFacts, TestKind};

/// What starts an isolation period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IsolationCause {
    /// A positive test or a positive confirmed by the health office.
    Positive,
    /// A close contact (exposure alert).
    CloseContact,
}

/// An isolation period that is still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Isolation {
    /// What started it.
    pub after: IsolationCause,
    /// Its length in days from the cause.
    pub days: u32,
    /// From this day on (counted from the cause), a negative PCR ends it early.
    #[serde(default)]
    pub cleared_by_negative_pcr_from_day: Option<u32>,
}

/// A recent negative test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecentNegativeTest {
    /// PCR or antigen.
    pub kind: TestKind,
    /// Largest age of the sample, in hours.
    pub max_hours: u32,
}

/// A condition over [`HealthFacts`]; an empty condition always holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Age at least this many years (an unknown age counts as an adult's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// Age at most this many years (an unknown age never matches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// At least this many doses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_doses: Option<u32>,
    /// The primary series is complete (`true`) or not (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fully_vaccinated: Option<bool>,
    /// A booster was given (`true`) or not (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booster: Option<bool>,
    /// A negative test of this kind and recency exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_test: Option<RecentNegativeTest>,
    /// Recovered (first positive) fewer than this many days ago.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered_within_days: Option<u32>,
    /// This isolation period is running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolation: Option<Isolation>,
}

impl Condition {
    /// Whether every present field holds for `facts` at `now`.
    pub fn holds(&self, facts: &HealthFacts, now: DateTime<Utc>) -> bool {
        let age = facts.age_years(now);
        self.min_age.is_none_or(|min| age.is_none_or(|a| a >= min))
            && self.max_age.is_none_or(|max| age.is_some_and(|a| a <= max))
            && self.min_doses.is_none_or(|min| facts.doses >= min)
            && self.fully_vaccinated.is_none_or(|want| facts.fully_vaccinated() == want)
            && self.booster.is_none_or(|want| facts.boosted() == want)
            && self.negative_test.is_none_or(|test| has_recent_negative(facts, test, now))
            && self.recovered_within_days.is_none_or(|days| recovered_within(facts, days, now))
            && self.isolation.is_none_or(|isolation| isolating(facts, isolation, now))
    }
}

// Durations come from a rule-set file (up to u32::MAX hours or days, far past chrono's range),
// so every instant below is computed with checked arithmetic: a limit beyond the representable
// range means "no limit", never a panic.

fn has_recent_negative(facts: &HealthFacts, test: RecentNegativeTest, now: DateTime<Utc>) -> bool {
    let oldest = now.checked_sub_signed(Duration::hours(i64::from(test.max_hours)));
    facts
        .tests
        .iter()
        .any(|t| !t.positive && t.kind == test.kind && oldest.is_none_or(|oldest| t.sampled_at >= oldest) && t.sampled_at <= now)
}

fn recovered_within(facts: &HealthFacts, days: u32, now: DateTime<Utc>) -> bool {
    let today = now.date_naive();
    facts.recovered_on.is_some_and(|day| day <= today && (today - day).num_days() < i64::from(days))
}

fn isolating(facts: &HealthFacts, isolation: Isolation, now: DateTime<Utc>) -> bool {
    let start = match isolation.after {
        IsolationCause::Positive => facts.latest_positive(),
        IsolationCause::CloseContact => facts.close_contact_at,
    };
    let Some(start) = start else { return false };
    let end = start.checked_add_signed(Duration::days(i64::from(isolation.days)));
    if now < start || end.is_some_and(|end| now >= end) {
        return false;
    }
    let cleared = isolation.cleared_by_negative_pcr_from_day.is_some_and(|day| {
        let Some(earliest) = start.checked_add_signed(Duration::days(i64::from(day))) else { return false };
        facts.tests.iter().any(|t| !t.positive && t.kind == TestKind::Pcr && t.sampled_at >= earliest && t.sampled_at <= now)
    });
    !cleared
}
