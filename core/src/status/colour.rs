//! The four status colours and the bilingual advice shown with them.

use serde::{Deserialize, Serialize};

/// The status colour a shell shows at a venue door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusColour {
    /// May enter.
    Green,
    /// May enter with limits (e.g. not yet boosted).
    Yellow,
    /// May not enter.
    Red,
    /// Must isolate: a positive or a close contact.
    Black,
}

impl StatusColour {
    /// The colour's stable name (`green`, `yellow`, `red`, `black`).
    pub fn name(self) -> &'static str {
        match self {
            StatusColour::Green => "green",
            StatusColour::Yellow => "yellow",
            StatusColour::Red => "red",
            StatusColour::Black => "black",
        }
    }
}

/// An advice text in Bahasa Indonesia and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    /// Bahasa Indonesia.
    pub id: String,
    /// English.
    pub en: String,
}
