//! What the status rules look at, gathered from a holder's certificates and the app's own
//! records (a confirmed positive, an exposure alert).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::certificate::{
    COVID_19, CertificateContent, HealthCertificate, TEST_RESULT_DETECTED, TEST_RESULT_NOT_DETECTED, TEST_TYPE_NAAT,
    TEST_TYPE_RAPID_ANTIGEN,
};

/// The kind of a test, as the rules distinguish them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    /// A nucleic-acid amplification test (RT-PCR).
    Pcr,
    /// A rapid antigen test.
    Antigen,
}

impl TestKind {
    /// The kind of a test of EU DCC type `test_type` (LOINC: [`TEST_TYPE_NAAT`] or
    /// [`TEST_TYPE_RAPID_ANTIGEN`]); `None` for a type the rules do not count.
    pub fn of(test_type: &str) -> Option<Self> {
        match test_type {
            TEST_TYPE_NAAT => Some(TestKind::Pcr),
            TEST_TYPE_RAPID_ANTIGEN => Some(TestKind::Antigen),
            _ => None,
        }
    }
}

/// One test result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestFact {
    /// PCR or antigen.
    pub kind: TestKind,
    /// When the sample was taken (UTC).
    pub sampled_at: DateTime<Utc>,
    /// Whether the test found the disease.
    pub positive: bool,
}

/// Everything the status rules may look at, for one person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HealthFacts {
    /// Date of birth, when known to the day.
    pub date_of_birth: Option<NaiveDate>,
    /// Highest dose number on any COVID-19 vaccination.
    pub doses: u32,
    /// Doses in the series of that vaccination.
    pub series_doses: u32,
    /// Test results.
    pub tests: Vec<TestFact>,
    /// Day of the first positive test of the latest recovery.
    pub recovered_on: Option<NaiveDate>,
    /// A positive confirmed by the health office (UTC).
    pub confirmed_positive_at: Option<DateTime<Utc>>,
    /// The latest close contact (an exposure alert) (UTC).
    pub close_contact_at: Option<DateTime<Utc>>,
}

impl HealthFacts {
    /// Gathers the facts of one person's verified certificates. Only COVID-19 entries count.
    /// The caller makes sure every certificate is verified and belongs to the same person.
    pub fn from_certificates<'a>(certificates: impl IntoIterator<Item = &'a HealthCertificate>) -> Self {
        let mut facts = HealthFacts::default();
        for certificate in certificates {
            if facts.date_of_birth.is_none() {
                facts.date_of_birth = NaiveDate::parse_from_str(&certificate.holder().date_of_birth, "%Y-%m-%d").ok();
            }
            let CertificateContent::Dcc(dcc) = &certificate.content else { continue };
            for v in dcc.vaccinations.iter().filter(|v| v.disease == COVID_19) {
                if v.dose_number > facts.doses {
                    facts.doses = v.dose_number;
                    facts.series_doses = v.series_doses;
                }
            }
            for t in dcc.tests.iter().filter(|t| t.disease == COVID_19) {
                let Some(kind) = TestKind::of(&t.test_type) else { continue };
                let positive = match t.result.as_str() {
                    TEST_RESULT_DETECTED => true,
                    TEST_RESULT_NOT_DETECTED => false,
                    _ => continue,
                };
                if let Some(sampled_at) = t.sampled_at {
                    facts.tests.push(TestFact { kind, sampled_at, positive });
                }
            }
            for r in dcc.recoveries.iter().filter(|r| r.disease == COVID_19) {
                if r.first_positive > facts.recovered_on {
                    facts.recovered_on = r.first_positive;
                }
            }
        }
        facts
    }

    /// Whole years of age on the UTC day of `now`, when the date of birth is known.
    pub fn age_years(&self, now: DateTime<Utc>) -> Option<u32> {
        let dob = self.date_of_birth?;
        let today = now.date_naive();
        let mut age = today.year() - dob.year();
        if (today.month(), today.day()) < (dob.month(), dob.day()) {
            age -= 1;
        }
        u32::try_from(age).ok()
    }

    /// Whether the primary series is complete (e.g. 2 of 2, or 1 of 1).
    pub fn fully_vaccinated(&self) -> bool {
        self.doses >= 1 && self.doses >= self.series_doses
    }

    /// Whether a booster was given: a dose past the primary series, or a third dose.
    pub fn boosted(&self) -> bool {
        self.doses >= 1 && (self.doses > self.series_doses || self.doses >= 3)
    }

    /// The latest positive: a confirmed one or a positive test (UTC).
    pub fn latest_positive(&self) -> Option<DateTime<Utc>> {
        let tested = self.tests.iter().filter(|t| t.positive).map(|t| t.sampled_at).max();
        tested.max(self.confirmed_positive_at)
    }
}
