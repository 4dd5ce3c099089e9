//! What a published warning tells a phone: the window of a confirmed presence and the advice
//! for people who were there, and why a report could not be read.

use chrono::{DateTime, Utc};
use thiserror::Error;

/// What people who were there should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Advice {
    /// Watch for symptoms for 14 days.
    MonitorSymptoms,
    /// Get tested.
    GetTested,
    /// Isolate and get tested.
    Isolate,
}

impl Advice {
    /// The one-byte wire code (1 monitor symptoms, 2 get tested, 3 isolate).
    pub fn code(self) -> u8 {
        match self {
            Advice::MonitorSymptoms => 1,
            Advice::GetTested => 2,
            Advice::Isolate => 3,
        }
    }

    /// The advice of a wire code, if any.
    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Every advice, mildest first.
    pub const ALL: [Advice; 3] = [Advice::MonitorSymptoms, Advice::GetTested, Advice::Isolate];

    /// The advice with this stable name, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The stable name shells localise (`monitor_symptoms`, `get_tested`, `isolate`).
    pub fn name(self) -> &'static str {
        match self {
            Advice::MonitorSymptoms => "monitor_symptoms",
            Advice::GetTested => "get_tested",
            Advice::Isolate => "isolate",
        }
    }
}

/// When a confirmed case was at a location (UTC, whole seconds, end exclusive), and the advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarningWindow {
    /// Start of the presence.
    pub start: DateTime<Utc>,
    /// End of the presence (after `start`).
    pub end: DateTime<Utc>,
    /// What to do if you were there.
    pub advice: Advice,
}

/// Why a report could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ReportError {
    /// The ciphertext does not authenticate under this location's key.
    #[error("the report does not decrypt under this location's key")]
    Undecryptable,
    /// It decrypts, but the window inside is not one this version writes.
    #[error("the decrypted window is invalid")]
    InvalidWindow,
}
