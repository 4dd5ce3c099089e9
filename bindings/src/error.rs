//! The one error type of the bindings, and the only place core errors are mapped to it.
//!
//! Each variant is something a screen can act on: tell the citizen the code is not a
//! check-in poster, that the poster or certificate is forged or expired, that the phone's clock
//! looks wrong, that the trust list must be downloaded again, that storage failed. Messages are
//! fixed English for logs; shells show their own localised text chosen by variant. No message
//! contains a venue name, address, holder name or other personal data.

use healthpass_core::api::FollowUpError;
use healthpass_core::certificate::{CertificateError, Stage};
use healthpass_core::checkin::CheckInError;
use healthpass_core::exposure::SubmissionError;
use healthpass_core::notify::NotifyError;
use healthpass_core::passport::PassportError;
use healthpass_core::remote::RemoteError;
use healthpass_core::scan::ScanError;
use healthpass_core::status::{CounterCheckError, StatusError};
use healthpass_core::store::StoreError;
use healthpass_core::sync::SyncError;
use healthpass_core::trust_list::{TrustCacheError, TrustListError};
use healthpass_core::venue::cwa::CwaError;
use healthpass_core::venue::{MalformedReason, PosterError, ScannedPosterError};
use healthpass_core::wallet::WalletError;

use crate::time::to_unix_seconds;

/// Why a call into the healthpass core was refused. Nothing was written when it is returned.
///
/// In Kotlin this is the sealed class `HealthpassException`; in Swift the enum
/// `HealthpassError`. A panic inside the core is not one of these: it arrives as uniffi's
/// `InternalException` (Kotlin) or `UniffiInternalError.rustPanic` (Swift).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum HealthpassError {
    /// The scanned text is not a healthpass venue poster (some other QR code or URL).
    #[error("not a healthpass poster")]
    NotAPoster,
    /// The text looks like a poster but its payload is damaged or breaks a field rule (for a
    /// Corona-Warn-App or CrowdNotifier event poster the reason is its `cwa_…` code).
    #[error("malformed poster: {reason}")]
    Malformed {
        /// Which rule was broken, in fixed English for logs (never personal data).
        reason: String,
    },
    /// The poster uses a format version this build does not read: the app needs an update.
    #[error("unsupported poster version {version}")]
    UnsupportedVersion {
        /// The version byte found.
        version: u8,
    },
    /// The text is longer than any poster can be; it was not parsed.
    #[error("poster text too long")]
    TooLong,
    /// No trusted venue-registry key signed this poster (another deployment, or keys not set).
    #[error("poster signed by an unknown registry key")]
    UnknownKey,
    /// The signature does not match: the poster was forged or altered.
    #[error("forged or altered poster")]
    ForgedSignature,
    /// The poster is not valid yet (or the phone's clock is behind).
    #[error("poster not yet valid")]
    NotYetValid {
        /// Start of the poster's validity, Unix seconds UTC.
        valid_from_unix_seconds: i64,
    },
    /// The poster has expired (or the phone's clock is ahead).
    #[error("poster expired")]
    Expired {
        /// End of the poster's validity (exclusive), Unix seconds UTC.
        valid_until_unix_seconds: i64,
    },
    /// A registry key given to [`crate::HealthPassport::set_trusted_registry_keys`] is not a
    /// `healthpass-registry-public-v1:` key.
    #[error("invalid registry public key")]
    InvalidRegistryKey,
    /// There is no open visit to check out of.
    #[error("no open visit")]
    NoOpenVisit,
    /// A snooze would make the visit last longer than a day from its check-in.
    #[error("a visit cannot be extended past a day")]
    StayTooLong,
    /// The instant given is before the latest check-in: the phone's clock went backwards.
    #[error("clock is behind the latest check-in")]
    ClockBehind,
    /// A retention outside 1–365 days was asked for.
    #[error("retention must be 1 to 365 days")]
    InvalidRetention,
    /// An instant outside the range the core represents was given.
    #[error("instant out of range")]
    InvalidInstant,
    /// The camera frame's geometry does not match its bytes (empty, stride below width,
    /// buffer too short) or the frame is larger than the scanner accepts.
    #[error("invalid frame: {reason}")]
    InvalidFrame {
        /// What is wrong with the frame, in fixed English for logs.
        reason: String,
    },
    /// The QR decoder failed on this frame; keep scanning with the next frame.
    #[error("QR decoder failed on this frame")]
    DecoderFailure,
    /// The scanned text is not a health certificate (`HC1:` or `NZCP:/1/`).
    #[error("not a health certificate")]
    NotACertificate,
    /// The text looks like a certificate but is damaged or too long to be one.
    #[error("damaged certificate: {reason}")]
    CertificateDamaged {
        /// The decoding stage that failed, in fixed English for logs (never content).
        reason: String,
    },
    /// The certificate uses a format version or signature algorithm this build does not
    /// read: the app needs an update.
    #[error("unsupported certificate")]
    CertificateUnsupported,
    /// No signer in the trust list in use signed this certificate (another issuer, or the
    /// trust list is missing or stale: install a fresh one).
    #[error("certificate signed by an unknown signer")]
    CertificateUnknownSigner,
    /// The certificate's signature does not match: it was forged or altered.
    #[error("forged or altered certificate")]
    CertificateForged,
    /// The certificate (or its signer) has expired at the instant of the check.
    #[error("certificate expired")]
    CertificateExpired {
        /// The limit that was passed, Unix seconds UTC.
        expired_at_unix_seconds: i64,
    },
    /// The certificate (or its signer) is not valid yet (or the phone's clock is behind).
    #[error("certificate not yet valid")]
    CertificateNotYetValid {
        /// The start of validity, Unix seconds UTC.
        valid_from_unix_seconds: i64,
    },
    /// The same certificate is already in the wallet.
    #[error("certificate already in the wallet")]
    DuplicateCertificate {
        /// The id of the copy in the wallet.
        existing_id: i64,
    },
    /// No certificate in the wallet has this id (removed meanwhile).
    #[error("no such certificate")]
    CertificateNotFound {
        /// The id asked for.
        id: i64,
    },
    /// A holder label must be 1 to 100 characters without control characters, and may not
    /// already hold another person's certificates.
    #[error("invalid holder label")]
    InvalidHolderLabel,
    /// A root key given to [`crate::HealthPassport::set_trust_roots`] is not a
    /// `healthpass-trust-root-public-v1:` key.
    #[error("invalid trust root key")]
    InvalidTrustRoot,
    /// A trust list or rule-set file is signed by a root key the app does not pin (or no
    /// root is pinned yet).
    #[error("trust file signed by an unknown root key")]
    TrustFileUnknownRoot,
    /// A trust list or rule-set file's signature does not match: forged or altered.
    #[error("forged or altered trust file")]
    TrustFileForged,
    /// A trust list or rule set older than the one in use: kept the newer one.
    #[error("trust file older than the one in use")]
    TrustFileOutdated,
    /// A trust list or rule-set file that is too large, not of its JSON shape or holds an
    /// entry that does not parse: download it again.
    #[error("damaged trust file: {reason}")]
    TrustFileDamaged {
        /// What is wrong, in fixed English for logs.
        reason: String,
    },
    /// A trust list of a format version this build does not read: the app needs an update.
    #[error("unsupported trust list version {version}")]
    TrustFileUnsupportedVersion {
        /// The version found.
        version: u32,
    },
    /// The server could not be reached: try again when the phone is online.
    #[error("the server could not be reached")]
    Offline,
    /// The server URL is not https (plain http is allowed to this device only).
    #[error("invalid server URL")]
    InvalidServerUrl,
    /// The server refused the request with its error code (`invalid_code`, `code_used`,
    /// `code_expired`, `too_many_attempts`, …): show the matching message.
    #[error("the server refused the request ({code})")]
    ServerRefused {
        /// The server's stable error code.
        code: String,
    },
    /// The server's reply is not what the protocol specifies.
    #[error("the server's reply is invalid")]
    ServerReplyInvalid,
    /// A pinned warning-publisher key is not `healthpass-publisher-public-v1:…`.
    #[error("invalid publisher key")]
    InvalidPublisherKey,
    /// Downloaded warnings were refused (forged, replayed, tampered, truncated): nothing was
    /// stored; a later sync tries again.
    #[error("warnings refused ({code})")]
    WarningsRefused {
        /// The stable code (`forged_signature`, `stale_index`, `bundle_mismatch`, …).
        code: String,
    },
    /// The least overlap asked for is outside 1–1440 minutes (refused, never clamped).
    #[error("minimum overlap must be 1 to 1440 minutes")]
    InvalidMinimumOverlap {
        /// The minutes given.
        minutes: u32,
    },
    /// The upload window asked for is outside 1–21 days (refused, never clamped).
    #[error("upload window must be 1 to 21 days")]
    InvalidUploadWindow {
        /// The days given.
        days: u32,
    },
    /// More visited hours were chosen than one upload carries; leave some out.
    #[error("too many visits for one upload")]
    TooManyVisits,
    /// No visit is left to share in the upload window (none ended there, or all were left
    /// out); nothing was sent.
    #[error("no visit to share")]
    NothingToShare,
    /// The upload code as typed cannot be one a health office hands out (empty, too long,
    /// not printable); nothing was sent.
    #[error("not an upload code")]
    InvalidUploadCode,
    /// A visit to leave out is not among the visits of the upload window.
    #[error("visit {visit_id} is not in the upload window")]
    UnknownVisit {
        /// The id given.
        visit_id: i64,
    },
    /// The call-back number is not 8 to 15 digits (optionally after `+`, with spaces or
    /// dashes); nothing was sent.
    #[error("not a phone number")]
    InvalidPhoneNumber,
    /// The name for the call-back is longer than 100 characters or holds a control character;
    /// nothing was sent.
    #[error("invalid name for the call-back")]
    InvalidCallerName,
    /// A call-back is offered only after an exposure alert or with a red or black status;
    /// nothing was sent.
    #[error("call-back not offered")]
    FollowUpNotOffered,
    /// The core failed unexpectedly (a bug): report it.
    #[error("internal failure")]
    Internal,
    /// The database was written by a newer app version: the app needs an update.
    #[error("database from a newer app version")]
    DatabaseFromNewerApp,
    /// Storage failed (disk full, file damaged or locked, I/O error).
    #[error("storage failure: {reason}")]
    Storage {
        /// What failed, in SQLite's words for logs (never row contents).
        reason: String,
    },
    /// The typed recovery code is not a code: wrong length, a character codes never use, or
    /// a typo the check symbols caught (`wrong_length`, `invalid_character`, `typo`).
    #[error("invalid recovery code: {reason}")]
    InvalidRecoveryCode {
        /// Which check failed.
        reason: String,
    },
    /// The backup was made with another recovery code.
    #[error("wrong recovery code")]
    WrongRecoveryCode,
    /// The backup is protected by a passphrase: ask for it.
    #[error("passphrase required")]
    PassphraseRequired,
    /// The passphrase does not open the backup.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// The backup is damaged or was altered (its stable reason code for logs).
    #[error("backup damaged: {reason}")]
    BackupDamaged {
        /// `backup_tampered`, `backup_truncated`, `not_a_backup`, `backup_malformed`, …
        reason: String,
    },
    /// The backup was made by a newer app: update the app.
    #[error("backup from a newer app")]
    BackupFromNewerApp,
    /// The server holds no backup for this code (never made, deleted, or expired after 90 days).
    #[error("no backup for this code")]
    BackupNotFound,
    /// Backup is not switched on for this phone.
    #[error("backup is not on")]
    BackupNotEnabled,
    /// A scanned transfer QR is not one, or names an address outside the local network; or
    /// this phone's own address given for a transfer is not a local-network address.
    #[error("not a transfer code for this network")]
    InvalidTransferCode,
}

impl From<healthpass_core::backup::BackupError> for HealthpassError {
    fn from(error: healthpass_core::backup::BackupError) -> Self {
        use healthpass_core::backup::BackupError as B;
        use healthpass_core::backup::recovery_code::RecoveryCodeError as R;
        match error {
            B::RecoveryCode(reason) => HealthpassError::InvalidRecoveryCode {
                reason: match reason {
                    R::WrongLength { .. } => "wrong_length",
                    R::InvalidCharacter => "invalid_character",
                    R::Typo => "typo",
                }
                .to_owned(),
            },
            B::WrongRecoveryCode => HealthpassError::WrongRecoveryCode,
            B::PassphraseRequired => HealthpassError::PassphraseRequired,
            B::WrongPassphrase => HealthpassError::WrongPassphrase,
            B::NewerFormat { .. } => HealthpassError::BackupFromNewerApp,
            B::NotFound => HealthpassError::BackupNotFound,
            B::NotEnabled => HealthpassError::BackupNotEnabled,
            B::InvalidTransferCode(_) => HealthpassError::InvalidTransferCode,
            B::Offline => HealthpassError::Offline,
            B::Refused(code) => HealthpassError::ServerRefused { code },
            B::Stale => HealthpassError::ServerRefused { code: "stale_backup".to_owned() },
            B::Store(error) => error.into(),
            other => HealthpassError::BackupDamaged { reason: other.code().to_owned() },
        }
    }
}

impl From<PassportError> for HealthpassError {
    fn from(error: PassportError) -> Self {
        match error {
            PassportError::Store(e) => e.into(),
            PassportError::CheckIn(e) => e.into(),
            PassportError::Poster(e) => e.into(),
            PassportError::Scan(e) => e.into(),
            // Phones decode camera frames, where no code means keep scanning, never an error.
            PassportError::NoQrCode => HealthpassError::NotAPoster,
            PassportError::InvalidRegistryKey => HealthpassError::InvalidRegistryKey,
            PassportError::Wallet(e) => e.into(),
            PassportError::InvalidTrustRoot => HealthpassError::InvalidTrustRoot,
            PassportError::TrustList(e) => e.into(),
            PassportError::Rules(e) => e.into(),
            PassportError::OutdatedRuleSet => HealthpassError::TrustFileOutdated,
            PassportError::CounterCheck(e) => e.into(),
            PassportError::Sync(e) => e.into(),
            PassportError::InvalidPublisherKey => HealthpassError::InvalidPublisherKey,
            PassportError::InvalidMinimumOverlap(minutes) => HealthpassError::InvalidMinimumOverlap { minutes },
            PassportError::InvalidUploadWindow(days) => HealthpassError::InvalidUploadWindow { days },
            PassportError::Upload(e) => e.into(),
            PassportError::Remote(e) => e.into(),
            PassportError::Backup(e) => e.into(),
            PassportError::Notify(e) => e.into(),
            PassportError::FollowUp(e) => e.into(),
            PassportError::FollowUpNotOffered => HealthpassError::FollowUpNotOffered,
        }
    }
}

impl From<FollowUpError> for HealthpassError {
    fn from(error: FollowUpError) -> Self {
        match error {
            FollowUpError::Phone => HealthpassError::InvalidPhoneNumber,
            FollowUpError::Name => HealthpassError::InvalidCallerName,
            // The bindings take the language as the core's enum, so its code is always valid.
            FollowUpError::Language => HealthpassError::Internal,
        }
    }
}

impl From<RemoteError> for HealthpassError {
    fn from(error: RemoteError) -> Self {
        match error {
            RemoteError::Offline => HealthpassError::Offline,
            RemoteError::InvalidServerUrl => HealthpassError::InvalidServerUrl,
            RemoteError::Refused { code, .. } => HealthpassError::ServerRefused { code },
            RemoteError::Redirected { .. } | RemoteError::ReplyTooLarge | RemoteError::UnexpectedReply(_) => {
                HealthpassError::ServerReplyInvalid
            }
        }
    }
}

impl From<SyncError> for HealthpassError {
    fn from(error: SyncError) -> Self {
        match error {
            SyncError::Remote(remote) => remote.into(),
            SyncError::Store(store) => store.into(),
            SyncError::TrustList(refusal) => refusal.into(),
            SyncError::RuleSet(refusal) => refusal.into(),
            SyncError::OutdatedRuleSet => HealthpassError::TrustFileOutdated,
            other => HealthpassError::WarningsRefused { code: other.code() },
        }
    }
}

impl From<SubmissionError> for HealthpassError {
    fn from(error: SubmissionError) -> Self {
        match error {
            SubmissionError::Count => HealthpassError::TooManyVisits,
            SubmissionError::UnknownVisit(visit_id) => HealthpassError::UnknownVisit { visit_id },
            SubmissionError::Code => HealthpassError::InvalidUploadCode,
            SubmissionError::NothingToShare => HealthpassError::NothingToShare,
            SubmissionError::Window(_) => HealthpassError::InvalidInstant,
            // Only a server parses submissions; a phone building one cannot meet these.
            SubmissionError::Length
            | SubmissionError::BadMagic
            | SubmissionError::UnsupportedVersion(_)
            | SubmissionError::UnknownKind
            | SubmissionError::Padding => HealthpassError::Internal,
        }
    }
}

impl From<ScannedPosterError> for HealthpassError {
    fn from(error: ScannedPosterError) -> Self {
        match error {
            ScannedPosterError::RegistryRequired => HealthpassError::NotAPoster,
            ScannedPosterError::Signed(refusal) => refusal.into(),
            ScannedPosterError::Event(CwaError::TooLong { .. }) => HealthpassError::TooLong,
            ScannedPosterError::Event(refusal) => HealthpassError::Malformed { reason: refusal.code().to_owned() },
        }
    }
}

impl From<PosterError> for HealthpassError {
    fn from(error: PosterError) -> Self {
        match error {
            PosterError::Malformed(MalformedReason::NotAPosterUrl) => HealthpassError::NotAPoster,
            PosterError::Malformed(reason) => HealthpassError::Malformed { reason: reason.to_string() },
            PosterError::UnsupportedVersion(version) => HealthpassError::UnsupportedVersion { version },
            PosterError::TooLong { .. } => HealthpassError::TooLong,
            PosterError::UnknownKeyId(_) => HealthpassError::UnknownKey,
            // The seed in the QR is not the one the registry signed a commitment to: as forged
            // as a bad signature, and the screen says the same.
            PosterError::ForgedSignature | PosterError::CommitmentMismatch => HealthpassError::ForgedSignature,
            PosterError::NotYetValid { valid_from } => {
                HealthpassError::NotYetValid { valid_from_unix_seconds: to_unix_seconds(valid_from) }
            }
            PosterError::Expired { valid_until } => {
                HealthpassError::Expired { valid_until_unix_seconds: to_unix_seconds(valid_until) }
            }
        }
    }
}

impl From<ScanError> for HealthpassError {
    fn from(error: ScanError) -> Self {
        match error {
            ScanError::DecoderFailure => HealthpassError::DecoderFailure,
            // Frames come from the camera as bytes, never from a file; an unreadable image
            // can only be a frame the shell built wrongly.
            other @ (ScanError::EmptyFrame
            | ScanError::StrideTooSmall { .. }
            | ScanError::BufferTooShort { .. }
            | ScanError::TooLarge
            | ScanError::UnreadableImage(_)) => HealthpassError::InvalidFrame { reason: other.to_string() },
        }
    }
}

impl From<CheckInError> for HealthpassError {
    fn from(error: CheckInError) -> Self {
        match error {
            CheckInError::NoOpenVisit => HealthpassError::NoOpenVisit,
            CheckInError::ClockBehind => HealthpassError::ClockBehind,
            CheckInError::InvalidRetention => HealthpassError::InvalidRetention,
            CheckInError::Store(store) => store.into(),
        }
    }
}

impl From<NotifyError> for HealthpassError {
    fn from(error: NotifyError) -> Self {
        match error {
            NotifyError::NoOpenVisit => HealthpassError::NoOpenVisit,
            NotifyError::StayTooLong => HealthpassError::StayTooLong,
            NotifyError::Store(store) => store.into(),
        }
    }
}

impl From<StoreError> for HealthpassError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NewerSchema { .. } => HealthpassError::DatabaseFromNewerApp,
            // SQLite's messages name the failing operation, never row contents.
            other @ (StoreError::Sqlite(_) | StoreError::DiskFull | StoreError::Corrupt(_) | StoreError::InvalidRow(_)) => {
                HealthpassError::Storage { reason: other.to_string() }
            }
        }
    }
}

impl From<CertificateError> for HealthpassError {
    fn from(error: CertificateError) -> Self {
        match error {
            CertificateError::Malformed(Stage::Prefix) => HealthpassError::NotACertificate,
            CertificateError::Malformed(stage) => HealthpassError::CertificateDamaged { reason: stage.code().to_owned() },
            CertificateError::TooLong { .. } => HealthpassError::CertificateDamaged { reason: "too long".to_owned() },
            CertificateError::Unsupported(_) => HealthpassError::CertificateUnsupported,
            CertificateError::UnknownKey => HealthpassError::CertificateUnknownSigner,
            CertificateError::SignatureInvalid => HealthpassError::CertificateForged,
            CertificateError::Expired { expired_at, .. } => {
                HealthpassError::CertificateExpired { expired_at_unix_seconds: to_unix_seconds(expired_at) }
            }
            CertificateError::NotYetValid { valid_from, .. } => {
                HealthpassError::CertificateNotYetValid { valid_from_unix_seconds: to_unix_seconds(valid_from) }
            }
        }
    }
}

impl From<WalletError> for HealthpassError {
    fn from(error: WalletError) -> Self {
        match error {
            WalletError::Certificate(e) => e.into(),
            WalletError::Duplicate { existing_id } => HealthpassError::DuplicateCertificate { existing_id },
            WalletError::NotFound(id) => HealthpassError::CertificateNotFound { id },
            // The label is unusable for this certificate either way: the shell asks for another.
            WalletError::InvalidHolder | WalletError::HolderMismatch => HealthpassError::InvalidHolderLabel,
            WalletError::Store(e) => e.into(),
        }
    }
}

impl From<TrustListError> for HealthpassError {
    fn from(error: TrustListError) -> Self {
        match error {
            TrustListError::UnknownRootKey => HealthpassError::TrustFileUnknownRoot,
            TrustListError::ForgedSignature => HealthpassError::TrustFileForged,
            TrustListError::Rollback => HealthpassError::TrustFileOutdated,
            TrustListError::UnsupportedVersion(version) => HealthpassError::TrustFileUnsupportedVersion { version },
            other @ (TrustListError::TooLong { .. } | TrustListError::Malformed(_) | TrustListError::InvalidEntry { .. }) => {
                HealthpassError::TrustFileDamaged { reason: other.to_string() }
            }
        }
    }
}

impl From<TrustCacheError> for HealthpassError {
    fn from(error: TrustCacheError) -> Self {
        match error {
            TrustCacheError::TrustList(e) => e.into(),
            TrustCacheError::Store(e) => e.into(),
        }
    }
}

impl From<StatusError> for HealthpassError {
    fn from(error: StatusError) -> Self {
        match error {
            StatusError::Signature(e) => e.into(),
            // The bindings offer only built-in service rules, whose rule sets are built in; an
            // unknown one can only come from a damaged installed rule set.
            other @ (StatusError::TooLong | StatusError::Malformed(_) | StatusError::UnknownRuleSet) => {
                HealthpassError::TrustFileDamaged { reason: other.to_string() }
            }
        }
    }
}

impl From<CounterCheckError> for HealthpassError {
    fn from(error: CounterCheckError) -> Self {
        match error {
            CounterCheckError::Certificate(e) => e.into(),
            CounterCheckError::Rules(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use healthpass_core::venue::{FieldError, KeyId};

    use super::*;

    #[test]
    fn every_poster_refusal_maps_to_its_own_variant() {
        let at = DateTime::from_timestamp(1_767_225_600, 0).unwrap();
        let cases = [
            (PosterError::Malformed(MalformedReason::NotAPosterUrl), HealthpassError::NotAPoster),
            (
                PosterError::Malformed(MalformedReason::Truncated),
                HealthpassError::Malformed { reason: "the payload is truncated".into() },
            ),
            (PosterError::UnsupportedVersion(7), HealthpassError::UnsupportedVersion { version: 7 }),
            (PosterError::TooLong { length: 2000, limit: 1437 }, HealthpassError::TooLong),
            (PosterError::UnknownKeyId(KeyId([0; 8])), HealthpassError::UnknownKey),
            (PosterError::ForgedSignature, HealthpassError::ForgedSignature),
            (PosterError::CommitmentMismatch, HealthpassError::ForgedSignature),
            (
                PosterError::NotYetValid { valid_from: at },
                HealthpassError::NotYetValid { valid_from_unix_seconds: 1_767_225_600 },
            ),
            (PosterError::Expired { valid_until: at }, HealthpassError::Expired { valid_until_unix_seconds: 1_767_225_600 }),
        ];
        for (core, expected) in cases {
            assert_eq!(HealthpassError::from(core), expected);
        }
    }

    #[test]
    fn field_errors_are_malformed_with_a_fixed_reason() {
        let mapped = HealthpassError::from(PosterError::from(FieldError::Name));
        assert!(matches!(mapped, HealthpassError::Malformed { reason } if reason.contains("venue name")));
    }

    #[test]
    fn diary_and_store_refusals_map_to_actionable_variants() {
        assert_eq!(HealthpassError::from(CheckInError::NoOpenVisit), HealthpassError::NoOpenVisit);
        assert_eq!(HealthpassError::from(CheckInError::ClockBehind), HealthpassError::ClockBehind);
        assert_eq!(HealthpassError::from(CheckInError::InvalidRetention), HealthpassError::InvalidRetention);
        let newer = CheckInError::Store(StoreError::NewerSchema { found: 9, supported: 1 });
        assert_eq!(HealthpassError::from(newer), HealthpassError::DatabaseFromNewerApp);
        let damaged = HealthpassError::from(StoreError::InvalidRow("category"));
        assert!(matches!(damaged, HealthpassError::Storage { .. }));
    }

    #[test]
    fn every_certificate_refusal_maps_to_an_actionable_variant() {
        use healthpass_core::certificate::{Unsupported, ValidityLimit};
        let at = DateTime::from_timestamp(1_629_367_315, 0).unwrap();
        let cases = [
            (CertificateError::Malformed(Stage::Prefix), HealthpassError::NotACertificate),
            (CertificateError::Malformed(Stage::Base45), HealthpassError::CertificateDamaged { reason: "base45".into() }),
            (
                CertificateError::TooLong { length: 9000, limit: 8192 },
                HealthpassError::CertificateDamaged { reason: "too long".into() },
            ),
            (CertificateError::Unsupported(Unsupported::Algorithm(Some(-35))), HealthpassError::CertificateUnsupported),
            (CertificateError::UnknownKey, HealthpassError::CertificateUnknownSigner),
            (CertificateError::SignatureInvalid, HealthpassError::CertificateForged),
            (
                CertificateError::Expired { expired_at: at, limit: ValidityLimit::Signer },
                HealthpassError::CertificateExpired { expired_at_unix_seconds: 1_629_367_315 },
            ),
            (
                CertificateError::NotYetValid { valid_from: at, limit: ValidityLimit::Certificate },
                HealthpassError::CertificateNotYetValid { valid_from_unix_seconds: 1_629_367_315 },
            ),
        ];
        for (core, expected) in cases {
            assert_eq!(HealthpassError::from(core.clone()), expected);
            assert_eq!(HealthpassError::from(WalletError::Certificate(core.clone())), expected);
            assert_eq!(HealthpassError::from(CounterCheckError::Certificate(core)), expected);
        }
    }

    #[test]
    fn wallet_and_trust_refusals_map_to_their_own_variants() {
        let wallet = [
            (WalletError::Duplicate { existing_id: 4 }, HealthpassError::DuplicateCertificate { existing_id: 4 }),
            (WalletError::NotFound(9), HealthpassError::CertificateNotFound { id: 9 }),
            (WalletError::InvalidHolder, HealthpassError::InvalidHolderLabel),
            (WalletError::HolderMismatch, HealthpassError::InvalidHolderLabel),
        ];
        for (core, expected) in wallet {
            assert_eq!(HealthpassError::from(core), expected);
        }
        let trust = [
            (TrustListError::UnknownRootKey, HealthpassError::TrustFileUnknownRoot),
            (TrustListError::ForgedSignature, HealthpassError::TrustFileForged),
            (TrustListError::Rollback, HealthpassError::TrustFileOutdated),
            (TrustListError::UnsupportedVersion(2), HealthpassError::TrustFileUnsupportedVersion { version: 2 }),
        ];
        for (core, expected) in trust {
            assert_eq!(HealthpassError::from(TrustCacheError::TrustList(core.clone())), expected);
            assert_eq!(HealthpassError::from(SyncError::TrustList(TrustCacheError::TrustList(core.clone()))), expected);
            assert_eq!(HealthpassError::from(SyncError::RuleSet(StatusError::Signature(core.clone()))), expected);
            assert_eq!(HealthpassError::from(StatusError::Signature(core)), expected);
        }
        assert_eq!(HealthpassError::from(SyncError::OutdatedRuleSet), HealthpassError::TrustFileOutdated);
        let stale = HealthpassError::from(SyncError::StaleIndex);
        assert_eq!(stale, HealthpassError::WarningsRefused { code: "stale_index".into() });
        let entry = HealthpassError::from(TrustListError::InvalidEntry { index: 3 });
        assert!(matches!(entry, HealthpassError::TrustFileDamaged { ref reason } if reason.contains("entry 3")), "{entry:?}");
        let rules = HealthpassError::from(CounterCheckError::Rules(StatusError::Malformed("no rules")));
        assert!(matches!(rules, HealthpassError::TrustFileDamaged { .. }), "{rules:?}");
        let store = HealthpassError::from(WalletError::Store(StoreError::InvalidRow("qr_text")));
        assert!(matches!(store, HealthpassError::Storage { .. }), "{store:?}");
    }

    #[test]
    fn out_of_range_windows_keep_the_value_that_was_refused() {
        assert_eq!(
            HealthpassError::from(PassportError::InvalidMinimumOverlap(0)),
            HealthpassError::InvalidMinimumOverlap { minutes: 0 }
        );
        assert_eq!(
            HealthpassError::from(PassportError::InvalidUploadWindow(30)),
            HealthpassError::InvalidUploadWindow { days: 30 }
        );
        assert_eq!(HealthpassError::from(PassportError::OutdatedRuleSet), HealthpassError::TrustFileOutdated);
    }

    #[test]
    fn frame_refusals_are_invalid_frame_and_decoder_failure_is_its_own() {
        let short = ScanError::BufferTooShort { needed: 10, actual: 3 };
        assert!(matches!(HealthpassError::from(short), HealthpassError::InvalidFrame { .. }));
        assert!(matches!(HealthpassError::from(ScanError::EmptyFrame), HealthpassError::InvalidFrame { .. }));
        assert_eq!(HealthpassError::from(ScanError::DecoderFailure), HealthpassError::DecoderFailure);
    }
}
