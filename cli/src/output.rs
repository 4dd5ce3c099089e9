//! Printing results: text for people, one JSON document for scripts.

use serde_json::{Value, json};

use crate::failure::Failure;

/// Where and how results are printed.
pub struct Output {
    json: bool,
}

impl Output {
    /// Text output, or JSON when `json` is set.
    pub fn new(json: bool) -> Self {
        Output { json }
    }

    /// Prints a result: `human` as text, or `value` as one line of JSON.
    pub fn print(&self, human: &str, value: Value) {
        if self.json {
            println!("{value}");
        } else {
            println!("{human}");
        }
    }

    /// Reports a failure: JSON on standard output for scripts, text on standard error for people.
    pub fn failure(&self, failure: &Failure) {
        if self.json {
            println!("{}", json!({ "error": failure.code, "message": failure.message }));
        } else {
            eprintln!("error [{}]: {}", failure.code, failure.message);
        }
    }
}
