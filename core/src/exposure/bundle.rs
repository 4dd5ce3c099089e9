//! Hourly warning bundles: every report published in one hour slot, signed by the publisher.
//!
//! ```text
//! "HPWB" | version u8 = 1 | key id (8) | hour u64 BE | count u32 BE
//!        | count × 90-byte ProtectedReport | Ed25519 signature (64)
//! ```
//! The signature covers `"healthpass/warning-bundle/v1\0"`, the 25-byte header and SHA-256 of
//! all report bytes, so a phone streams a bundle of any size with constant memory and checks
//! the signature at the end.

use std::io::{ErrorKind, Read};

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::{PROTECTED_REPORT_LEN, ProtectedReport, PublisherPublicKey, PublisherSigningKey};
use crate::keys::KeyId;

/// The first four bytes of every bundle.
pub const BUNDLE_MAGIC: [u8; 4] = *b"HPWB";
/// The format version this build reads and writes.
pub const BUNDLE_VERSION: u8 = 1;
/// Bytes before the first report: magic, version, key id, hour, count.
pub const BUNDLE_HEADER_LEN: usize = 4 + 1 + 8 + 8 + 4;
/// Bytes of the Ed25519 signature that ends a bundle.
pub const BUNDLE_SIGNATURE_LEN: usize = 64;
/// The most reports one bundle may carry (about 90 MiB); larger counts are refused unread.
pub const MAX_BUNDLE_REPORTS: u32 = 1_048_576;
const SIGNATURE_CONTEXT: &[u8] = b"healthpass/warning-bundle/v1\0";
/// Reports read and hashed at a time: about 64 KiB, whatever the bundle's size.
const CHUNK_REPORTS: usize = 728;

/// Why a bundle was refused. Each cause has its own stable [`BundleError::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum BundleError {
    /// The bundle ends before its header, reports or signature are complete.
    #[error("the bundle is truncated")]
    Truncated,
    /// The header announces more than [`MAX_BUNDLE_REPORTS`] reports.
    #[error("the bundle announces {count} reports, more than the limit of {MAX_BUNDLE_REPORTS}")]
    TooLarge {
        /// The announced (or offered) number of reports.
        count: u64,
    },
    /// The bytes do not start with `HPWB`.
    #[error("not a warning bundle")]
    BadMagic,
    /// A format version this build does not read.
    #[error("unsupported warning bundle version {0}")]
    UnsupportedVersion(u8),
    /// No trusted publisher key has the header's key id.
    #[error("the bundle is signed by an unknown publisher key {0}")]
    UnknownKeyId(KeyId),
    /// The signature does not match the header and reports under the named key.
    #[error("the bundle's signature is forged or the bundle was altered")]
    ForgedSignature,
    /// The bundle is signed for another hour slot than the one asked for (a replay).
    #[error("the bundle is for hour {found}, not {expected}")]
    WrongHour {
        /// The slot the caller asked for.
        expected: u64,
        /// The slot in the signed header.
        found: u64,
    },
    /// Bytes follow the signature.
    #[error("bytes follow the bundle's signature")]
    TrailingBytes,
    /// Reading failed (network or file), not the bundle's fault.
    #[error("reading the bundle failed: {0}")]
    Io(ErrorKind),
}

impl BundleError {
    /// A short, stable code for scripts and UIs.
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::Truncated => "truncated",
            BundleError::TooLarge { .. } => "too_large",
            BundleError::BadMagic => "bad_magic",
            BundleError::UnsupportedVersion(_) => "unsupported_version",
            BundleError::UnknownKeyId(_) => "unknown_key_id",
            BundleError::ForgedSignature => "forged_signature",
            BundleError::WrongHour { .. } => "wrong_hour",
            BundleError::TrailingBytes => "trailing_bytes",
            BundleError::Io(_) => "io",
        }
    }
}

/// What a bundle's header says, returned once the whole bundle has verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundleHeader {
    /// The publisher key that signed it.
    pub key_id: KeyId,
    /// The publication slot: Unix time / 3600.
    pub hour: u64,
    /// How many reports it carries.
    pub reports: u32,
}

impl BundleHeader {
    fn to_bytes(self) -> [u8; BUNDLE_HEADER_LEN] {
        let mut out = [0u8; BUNDLE_HEADER_LEN];
        out[..4].copy_from_slice(&BUNDLE_MAGIC);
        out[4] = BUNDLE_VERSION;
        out[5..13].copy_from_slice(&self.key_id.0);
        out[13..21].copy_from_slice(&self.hour.to_be_bytes());
        out[21..25].copy_from_slice(&self.reports.to_be_bytes());
        out
    }

    /// Reads magic, version and count; the key and the hour are the caller's to judge.
    fn parse(bytes: &[u8; BUNDLE_HEADER_LEN]) -> Result<Self, BundleError> {
        let (magic, rest) = bytes.split_at(4);
        if magic != BUNDLE_MAGIC {
            return Err(BundleError::BadMagic);
        }
        let (version, rest) = rest.split_at(1);
        if version[0] != BUNDLE_VERSION {
            return Err(BundleError::UnsupportedVersion(version[0]));
        }
        let (key_id, rest) = rest.split_at(8);
        let (hour, count) = rest.split_at(8);
        let mut header = BundleHeader { key_id: KeyId([0; 8]), hour: 0, reports: 0 };
        header.key_id.0.copy_from_slice(key_id);
        header.hour = u64::from_be_bytes(hour.try_into().map_err(|_| BundleError::Truncated)?);
        header.reports = u32::from_be_bytes(count.try_into().map_err(|_| BundleError::Truncated)?);
        if header.reports > MAX_BUNDLE_REPORTS {
            return Err(BundleError::TooLarge { count: header.reports.into() });
        }
        Ok(header)
    }
}

/// The size in bytes of a bundle carrying `reports` reports.
pub fn bundle_len(reports: u32) -> u64 {
    (BUNDLE_HEADER_LEN + BUNDLE_SIGNATURE_LEN) as u64 + u64::from(reports) * PROTECTED_REPORT_LEN as u64
}

/// Writes and signs the bundle of `reports` for hour slot `hour`. More than
/// [`MAX_BUNDLE_REPORTS`] reports is refused ([`BundleError::TooLarge`]): no phone would read it.
pub fn seal_bundle(hour: u64, reports: &[ProtectedReport], key: &PublisherSigningKey) -> Result<Vec<u8>, BundleError> {
    let count = u32::try_from(reports.len())
        .ok()
        .filter(|&count| count <= MAX_BUNDLE_REPORTS)
        .ok_or(BundleError::TooLarge { count: reports.len() as u64 })?;
    let header = BundleHeader { key_id: key.public_key().key_id(), hour, reports: count }.to_bytes();
    let mut out = Vec::with_capacity(usize::try_from(bundle_len(count)).unwrap_or(0));
    out.extend_from_slice(&header);
    for report in reports {
        out.extend_from_slice(&report.to_bytes());
    }
    let digest: [u8; 32] = Sha256::digest(&out[BUNDLE_HEADER_LEN..]).into();
    out.extend_from_slice(&key.sign(&signed_message(&header, &digest)));
    Ok(out)
}

/// Streams a bundle from `reader`, calling `on_report` for every report, and verifies it:
/// header, hour slot `expected_hour`, a key among `trusted`, the signature, nothing after it.
///
/// `on_report` sees each report BEFORE the signature is checked at the end: keep what it
/// finds aside and use it only when this returns `Ok` (as [`super::match_bundle`] does).
/// Memory stays constant (one 64 KiB chunk) whatever the bundle's size.
pub fn read_bundle(
    mut reader: impl Read,
    trusted: &[PublisherPublicKey],
    expected_hour: u64,
    mut on_report: impl FnMut(&ProtectedReport),
) -> Result<BundleHeader, BundleError> {
    let mut header_bytes = [0u8; BUNDLE_HEADER_LEN];
    read_full(&mut reader, &mut header_bytes)?;
    let header = BundleHeader::parse(&header_bytes)?;
    if header.hour != expected_hour {
        return Err(BundleError::WrongHour { expected: expected_hour, found: header.hour });
    }
    let keys: Vec<&PublisherPublicKey> = trusted.iter().filter(|key| key.key_id() == header.key_id).collect();
    if keys.is_empty() {
        return Err(BundleError::UnknownKeyId(header.key_id));
    }
    let mut digest = Sha256::new();
    let mut chunk = vec![0u8; CHUNK_REPORTS * PROTECTED_REPORT_LEN];
    let mut remaining = header.reports as usize;
    while remaining > 0 {
        let count = remaining.min(CHUNK_REPORTS);
        let bytes = &mut chunk[..count * PROTECTED_REPORT_LEN];
        read_full(&mut reader, bytes)?;
        digest.update(&*bytes);
        let (reports, _) = bytes.as_chunks::<PROTECTED_REPORT_LEN>();
        reports.iter().for_each(|report| on_report(&ProtectedReport::from_array(report)));
        remaining -= count;
    }
    let mut signature = [0u8; BUNDLE_SIGNATURE_LEN];
    read_full(&mut reader, &mut signature)?;
    if read_some(&mut reader, &mut [0u8; 1])? != 0 {
        return Err(BundleError::TrailingBytes);
    }
    let message = signed_message(&header_bytes, &digest.finalize().into());
    if !keys.iter().any(|key| key.verifies(&message, &signature)) {
        return Err(BundleError::ForgedSignature);
    }
    Ok(header)
}

/// What the publisher signs: context, header, SHA-256 of the report bytes.
fn signed_message(header: &[u8; BUNDLE_HEADER_LEN], reports_digest: &[u8; 32]) -> Vec<u8> {
    [SIGNATURE_CONTEXT, header, reports_digest].concat()
}

/// Fills `buffer` completely; the end of input first is [`BundleError::Truncated`].
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> Result<(), BundleError> {
    let mut filled = 0;
    while filled < buffer.len() {
        match read_some(reader, &mut buffer[filled..])? {
            0 => return Err(BundleError::Truncated),
            read => filled += read,
        }
    }
    Ok(())
}

/// One `read`, retried when interrupted; returns 0 at the end of input.
fn read_some(reader: &mut impl Read, buffer: &mut [u8]) -> Result<usize, BundleError> {
    loop {
        match reader.read(buffer) {
            Ok(read) => return Ok(read),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(BundleError::Io(e.kind())),
        }
    }
}
