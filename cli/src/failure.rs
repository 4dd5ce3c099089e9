//! Everything a command can fail with, as a stable code, a message and an exit status.

use std::borrow::Cow;

use healthpass_core::checkin::CheckInError;
use healthpass_core::passport::PassportError;
use healthpass_core::scan::ScanError;
use healthpass_core::store::StoreError;
use healthpass_core::venue::cwa::CwaError;
use healthpass_core::venue::{FieldError, KeyFileError, PosterError, ScannedPosterError};

/// Why a command failed.
#[derive(Debug)]
pub struct Failure {
    /// Stable code printed for scripts (`forged_signature`, `no_open_visit`, …).
    pub code: Cow<'static, str>,
    /// One line for people. Never holds personal data.
    pub message: String,
    /// Whether the input was refused (exit 1) or the machine failed (exit 3).
    pub refused: bool,
    /// The command already printed its own answer (e.g. `cert verify --json`): only exit 1.
    pub reported: bool,
}

impl Failure {
    /// The input was refused.
    pub fn refused(code: &'static str, message: impl ToString) -> Self {
        Failure { code: code.into(), message: message.to_string(), refused: true, reported: false }
    }

    /// The input was refused and the command already printed why.
    pub fn reported(code: &'static str) -> Self {
        Failure { code: code.into(), message: String::new(), refused: true, reported: true }
    }

    /// Storage or file I/O failed.
    pub fn environment(code: &'static str, message: impl ToString) -> Self {
        Failure { code: code.into(), message: message.to_string(), refused: false, reported: false }
    }

    /// The process exit status for this failure.
    pub fn exit_status(&self) -> u8 {
        if self.refused { 1 } else { 3 }
    }

    /// A file could not be read or written; the path is the user's own, so it may be shown.
    pub fn io(path: &std::path::Path, error: std::io::Error) -> Self {
        Failure::environment("io", format!("{}: {error}", path.display()))
    }
}

impl From<PosterError> for Failure {
    fn from(error: PosterError) -> Self {
        Failure::refused(error.code(), error)
    }
}

impl From<ScannedPosterError> for Failure {
    fn from(error: ScannedPosterError) -> Self {
        match error {
            ScannedPosterError::RegistryRequired => Failure::refused(
                "registry_required",
                "not a Corona-Warn-App or CrowdNotifier event poster; a healthpass poster needs --registry FILE",
            ),
            ScannedPosterError::Signed(error) => error.into(),
            ScannedPosterError::Event(error) => error.into(),
        }
    }
}

impl From<CwaError> for Failure {
    fn from(error: CwaError) -> Self {
        Failure::refused(error.code(), error)
    }
}

impl From<FieldError> for Failure {
    fn from(error: FieldError) -> Self {
        Failure::refused("invalid_field", error)
    }
}

impl From<KeyFileError> for Failure {
    fn from(error: KeyFileError) -> Self {
        Failure::refused("invalid_key_file", error)
    }
}

impl From<ScanError> for Failure {
    fn from(error: ScanError) -> Self {
        Failure::refused(error.code(), error)
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure::environment("storage", error)
    }
}

impl From<CheckInError> for Failure {
    fn from(error: CheckInError) -> Self {
        match error {
            CheckInError::Store(store) => store.into(),
            other => Failure::refused(other.code(), other),
        }
    }
}

impl From<healthpass_core::certificate::CertificateError> for Failure {
    fn from(error: healthpass_core::certificate::CertificateError) -> Self {
        Failure::refused(error.code(), error)
    }
}

impl From<healthpass_core::certificate::IssueError> for Failure {
    fn from(error: healthpass_core::certificate::IssueError) -> Self {
        Failure::refused(error.code(), error)
    }
}

impl From<healthpass_core::certificate::IssuerKeyError> for Failure {
    fn from(error: healthpass_core::certificate::IssuerKeyError) -> Self {
        Failure::refused("invalid_issuer_key", error)
    }
}

impl From<healthpass_core::trust_list::TrustListError> for Failure {
    fn from(error: healthpass_core::trust_list::TrustListError) -> Self {
        Failure::refused(error.code(), error)
    }
}

impl From<healthpass_core::status::StatusError> for Failure {
    fn from(error: healthpass_core::status::StatusError) -> Self {
        Failure::refused(error.code(), error)
    }
}

impl From<healthpass_core::status::CounterCheckError> for Failure {
    fn from(error: healthpass_core::status::CounterCheckError) -> Self {
        Failure::refused(error.code(), error)
    }
}

impl From<healthpass_core::wallet::WalletError> for Failure {
    fn from(error: healthpass_core::wallet::WalletError) -> Self {
        match error {
            healthpass_core::wallet::WalletError::Store(store) => store.into(),
            other => Failure::refused(other.code(), other),
        }
    }
}

impl From<healthpass_core::remote::RemoteError> for Failure {
    fn from(error: healthpass_core::remote::RemoteError) -> Self {
        // Unreachable (offline, timed out, no secure connection) is the network's doing, not
        // the input's: exit 3, try again later.
        let refused = !error.is_unreachable();
        Failure { code: error.code().to_owned().into(), message: error.to_string(), refused, reported: false }
    }
}

/// The passport's refusals keep their codes; storage and an unreachable server exit 3.
impl From<PassportError> for Failure {
    fn from(error: PassportError) -> Self {
        Failure { code: error.code().into(), message: error.to_string(), refused: !error.is_environmental(), reported: false }
    }
}
