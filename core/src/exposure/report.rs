//! Protected visit reports: a location hash and an encrypted time window.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use thiserror::Error;

use super::{LocationHash, LocationId};

/// Version byte of the encrypted window.
const WINDOW_VERSION: u8 = 1;
/// Plaintext: version, start (u64 s), end (u64 s), advice.
const PLAINTEXT_LEN: usize = 1 + 8 + 8 + 1;
/// XChaCha20-Poly1305 tag.
const TAG_LEN: usize = 16;
/// XChaCha20 nonce: 24 random bytes, safe to pick at random.
const NONCE_LEN: usize = 24;
/// Bytes of one report on the wire: hash, nonce, ciphertext with tag.
pub const PROTECTED_REPORT_LEN: usize = 32 + NONCE_LEN + PLAINTEXT_LEN + TAG_LEN;

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
    /// Not exactly [`PROTECTED_REPORT_LEN`] bytes.
    #[error("a protected report must be {PROTECTED_REPORT_LEN} bytes")]
    Length,
    /// The ciphertext does not authenticate under this location's key.
    #[error("the report does not decrypt under this location's key")]
    Undecryptable,
    /// It decrypts, but the window inside is not one this version writes.
    #[error("the decrypted window is invalid")]
    InvalidWindow,
}

/// One published report. Decoys have the same form and never decrypt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtectedReport {
    /// `SHA-256(location id)`.
    pub location_hash: LocationHash,
    nonce: [u8; NONCE_LEN],
    ciphertext: [u8; PLAINTEXT_LEN + TAG_LEN],
}

impl ProtectedReport {
    /// Encrypts `window` for everyone who knows `location`.
    pub fn seal(location: &LocationId, window: &WarningWindow) -> Self {
        let mut plaintext = [0u8; PLAINTEXT_LEN];
        plaintext[0] = WINDOW_VERSION;
        plaintext[1..9].copy_from_slice(&seconds(window.start).to_be_bytes());
        plaintext[9..17].copy_from_slice(&seconds(window.end).to_be_bytes());
        plaintext[17] = window.advice.code();
        let location_hash = location.hash();
        let nonce: [u8; NONCE_LEN] = crate::random::bytes();
        let cipher = XChaCha20Poly1305::new(&location.warning_key().into());
        let sealed = cipher.encrypt(XNonce::from_slice(&nonce), Payload { msg: &plaintext, aad: &location_hash.0 });
        let mut ciphertext = [0u8; PLAINTEXT_LEN + TAG_LEN];
        // Encryption of a fixed-size buffer in memory cannot fail; the length is always right.
        if let Ok(sealed) = sealed {
            ciphertext.copy_from_slice(&sealed);
        }
        ProtectedReport { location_hash, nonce, ciphertext }
    }

    /// A decoy: random bytes of the same form, indistinguishable from a real report.
    pub fn decoy() -> Self {
        ProtectedReport {
            location_hash: LocationHash(crate::random::bytes()),
            nonce: crate::random::bytes(),
            ciphertext: crate::random::bytes(),
        }
    }

    /// Decrypts the window with `location`'s key.
    pub fn open(&self, location: &LocationId) -> Result<WarningWindow, ReportError> {
        let cipher = XChaCha20Poly1305::new(&location.warning_key().into());
        let plaintext = cipher
            .decrypt(XNonce::from_slice(&self.nonce), Payload { msg: &self.ciphertext, aad: &self.location_hash.0 })
            .map_err(|_| ReportError::Undecryptable)?;
        let bytes: [u8; PLAINTEXT_LEN] = plaintext.try_into().map_err(|_| ReportError::InvalidWindow)?;
        let instant = |range: std::ops::Range<usize>| {
            let mut be = [0u8; 8];
            be.copy_from_slice(&bytes[range]);
            i64::try_from(u64::from_be_bytes(be)).ok().and_then(|s| DateTime::from_timestamp(s, 0))
        };
        match (bytes[0], instant(1..9), instant(9..17), Advice::from_code(bytes[17])) {
            (WINDOW_VERSION, Some(start), Some(end), Some(advice)) if start < end => Ok(WarningWindow { start, end, advice }),
            _ => Err(ReportError::InvalidWindow),
        }
    }

    /// The report's wire form ([`PROTECTED_REPORT_LEN`] bytes).
    pub fn to_bytes(&self) -> [u8; PROTECTED_REPORT_LEN] {
        let mut out = [0u8; PROTECTED_REPORT_LEN];
        out[..32].copy_from_slice(&self.location_hash.0);
        out[32..32 + NONCE_LEN].copy_from_slice(&self.nonce);
        out[32 + NONCE_LEN..].copy_from_slice(&self.ciphertext);
        out
    }

    /// Reads a report's wire form.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ReportError> {
        let bytes: &[u8; PROTECTED_REPORT_LEN] = bytes.try_into().map_err(|_| ReportError::Length)?;
        Ok(Self::from_array(bytes))
    }

    /// Reads a report's wire form from an array of the right size (cannot fail: every
    /// [`PROTECTED_REPORT_LEN`] bytes are a report, most of them decoys).
    pub fn from_array(bytes: &[u8; PROTECTED_REPORT_LEN]) -> Self {
        let mut report = ProtectedReport {
            location_hash: LocationHash([0; 32]),
            nonce: [0; NONCE_LEN],
            ciphertext: [0; PLAINTEXT_LEN + TAG_LEN],
        };
        report.location_hash.0.copy_from_slice(&bytes[..32]);
        report.nonce.copy_from_slice(&bytes[32..32 + NONCE_LEN]);
        report.ciphertext.copy_from_slice(&bytes[32 + NONCE_LEN..]);
        report
    }
}

/// Seconds since 1970; instants before it are clamped to 0 (no visit is that old).
fn seconds(instant: DateTime<Utc>) -> u64 {
    u64::try_from(instant.timestamp()).unwrap_or(0)
}
