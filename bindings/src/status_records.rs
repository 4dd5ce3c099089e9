//! Status colours and counter checks as they cross the boundary: the core's own types,
//! exported as they are. The core gives reason codes and the rule set's advice in both
//! languages; shells show their own text for the codes they know and fall back to the advice
//! for codes a newer rule set introduced.
//!
//! uniffi needs the fields and variants of a type of another crate listed again; a mismatch
//! with the core's definition fails to compile, so these are declarations, not copies.

use healthpass_core::passport::{CounterService, HolderStatus};
use healthpass_core::status::{Advice, CounterCheck, ServiceStatus, StatusColour};

/// The status colour shown at a venue door.
#[uniffi::remote(Enum)]
pub enum StatusColour {
    Green,
    Yellow,
    Red,
    Black,
}

/// An advice text from the rule set, in Bahasa Indonesia (`id`) and English (`en`).
#[uniffi::remote(Record)]
pub struct Advice {
    pub id: String,
    pub en: String,
}

/// One family member's status, from their certificates that verify now.
#[uniffi::remote(Record)]
pub struct HolderStatus {
    pub holder: String,
    pub colour: StatusColour,
    pub reason: String,
    pub advice: Advice,
    pub rule_set: String,
}

/// The service a counter officer checks for; each has a built-in rule in the core.
#[uniffi::remote(Enum)]
pub enum CounterService {
    PublicService,
    Mall,
}

/// The status colour behind a counter check whose service asks for a colour.
#[uniffi::remote(Record)]
pub struct ServiceStatus {
    pub colour: StatusColour,
    pub reason: String,
}

/// What a counter officer sees: allow or deny, why, and who — the name and date of birth
/// only, never the certificate's other content.
#[uniffi::remote(Record)]
pub struct CounterCheck {
    pub allowed: bool,
    pub reason: String,
    pub advice: Advice,
    pub status: Option<ServiceStatus>,
    pub name: String,
    pub date_of_birth: String,
}
