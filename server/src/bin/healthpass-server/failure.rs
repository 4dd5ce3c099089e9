//! What a `healthpass-server` command can fail with: a stable code, a message and an exit status.

use std::path::Path;

use healthpass_server::ServerError;
use healthpass_server::documents::DocumentError;
use serde_json::json;

/// Why a command failed.
#[derive(Debug)]
pub struct Failure {
    /// Stable code printed for scripts (`current_key`, `malformed_rules`, …).
    code: &'static str,
    /// One line for people. Never holds personal data or tokens.
    message: String,
    /// Whether the input was refused (exit 1) or the machine failed (exit 3).
    refused: bool,
}

impl Failure {
    /// The input was refused.
    pub fn refused(code: &'static str, message: impl ToString) -> Self {
        Failure { code, message: message.to_string(), refused: true }
    }

    /// Storage, file I/O or the network failed.
    pub fn environment(code: &'static str, message: impl ToString) -> Self {
        Failure { code, message: message.to_string(), refused: false }
    }

    /// A file could not be read; the path is the operator's own, so it may be shown.
    pub fn io(path: &Path, error: std::io::Error) -> Self {
        Failure::environment("io", format!("{}: {error}", path.display()))
    }

    /// Key management: refusals (current or unknown key) exit 1; file failures exit 3.
    pub fn from_key(error: ServerError) -> Self {
        match error {
            ServerError::CurrentKey(_) => Failure::refused("current_key", error),
            ServerError::UnknownKey(_) => Failure::refused("unknown_key", error),
            ServerError::MissingTrustRootKey(_) => Failure::refused("missing_trust_root_key", error),
            _ => Failure::environment("keys", error),
        }
    }

    /// A trust list or rule set refused (forged, mismatched, dated in the future, …) exits 1
    /// with its own code; a file that cannot be read exits 3.
    pub fn from_document(error: DocumentError) -> Self {
        match error {
            DocumentError::Read { .. } => Failure::environment("io", error),
            _ => Failure::refused(error.code(), error),
        }
    }

    /// The process exit status for this failure.
    pub fn exit_status(&self) -> u8 {
        if self.refused { 1 } else { 3 }
    }

    /// Prints the failure: JSON on standard output for scripts, text on standard error for people.
    pub fn report(&self, json: bool) {
        if json {
            println!("{}", json!({ "error": self.code, "message": self.message }));
        } else {
            eprintln!("error [{}]: {}", self.code, self.message);
        }
    }
}
