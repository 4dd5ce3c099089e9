//! Status colours and counter checks as they cross the boundary. The core gives reason codes
//! and the rule set's advice in both languages; shells show their own text for the codes they
//! know and fall back to the advice for codes a newer rule set introduced.

use healthpass_core::status::{self, StatusDecision};

/// The status colour shown at a venue door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum StatusColour {
    /// May enter.
    Green,
    /// May enter with limits.
    Yellow,
    /// May not enter.
    Red,
    /// Must isolate (a positive or a close contact).
    Black,
}

impl From<status::StatusColour> for StatusColour {
    fn from(colour: status::StatusColour) -> Self {
        match colour {
            status::StatusColour::Green => StatusColour::Green,
            status::StatusColour::Yellow => StatusColour::Yellow,
            status::StatusColour::Red => StatusColour::Red,
            status::StatusColour::Black => StatusColour::Black,
        }
    }
}

/// An advice text from the rule set, in Bahasa Indonesia and English.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Advice {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}

impl From<status::Advice> for Advice {
    fn from(advice: status::Advice) -> Self {
        Advice { id: advice.id, en: advice.en }
    }
}

/// One family member's status, from their certificates that verify now.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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
    /// The status of `holder` from the core's decision.
    pub(crate) fn new(holder: String, decision: StatusDecision) -> Self {
        HolderStatus {
            holder,
            colour: decision.colour.into(),
            reason: decision.reason,
            advice: decision.advice.into(),
            rule_set: decision.rule_set,
        }
    }
}

/// The service a counter officer checks for; each has a built-in rule in the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CounterService {
    /// Public services (Bekasi circular 440/1395): at least a first dose.
    PublicService,
    /// Malls: green under the PeduliLindungi 2022 rules.
    Mall,
}

/// The status colour behind a counter check whose service asks for a colour.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServiceStatus {
    /// The colour.
    pub colour: StatusColour,
    /// Its reason code.
    pub reason: String,
}

/// What a counter officer sees: allow or deny, why, and who — the name and date of birth
/// only, never the certificate's other content.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CounterCheck {
    /// Whether the service may go ahead.
    pub allowed: bool,
    /// The service rule's reason code (`at_least_one_dose`, `no_dose`, `status_green`, …).
    pub reason: String,
    /// The rule's advice for the reason.
    pub advice: Advice,
    /// The colour and its reason, for services that ask for a colour.
    pub status: Option<ServiceStatus>,
    /// The holder's name (given then family), to compare with an identity card.
    pub name: String,
    /// The holder's date of birth as written on the certificate.
    pub date_of_birth: String,
}

impl From<status::CounterCheck> for CounterCheck {
    fn from(check: status::CounterCheck) -> Self {
        CounterCheck {
            allowed: check.allowed,
            reason: check.reason,
            advice: check.advice.into(),
            status: check.status.map(|(colour, reason)| ServiceStatus { colour: colour.into(), reason }),
            name: check.name,
            date_of_birth: check.date_of_birth,
        }
    }
}
