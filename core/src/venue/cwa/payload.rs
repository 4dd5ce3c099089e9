//! The `QRCodePayload` protocol-buffers message of a CWA event poster, read and checked
//! against the event-poster rules (docs/PROTOCOL.md, "CWA event posters").

use super::protobuf::{Slot, as_bytes, as_string, as_u32, as_u64, read_fields};
use super::{CwaError, CwaFieldError, CwaLocationType, CwaMessage};
use crate::venue::MAX_TEXT_CHARS;

/// Largest decoded payload accepted, in bytes: above what the fields allow (two 100-character
/// texts, a 256-byte key, a 32-byte seed, framing) with room for unknown fields.
pub const MAX_CWA_PAYLOAD_LEN: usize = 2048;
/// The only version of each message this build reads.
const SUPPORTED_VERSION: u32 = 1;
/// Longest default check-in length, in minutes.
const MAX_DEFAULT_CHECK_IN_MINUTES: u32 = 24 * 60;
/// Longest public key, in bytes (upstream keys are 91 or 96 bytes).
const MAX_PUBLIC_KEY_LEN: usize = 256;
/// Longest cryptographic seed, in bytes (the CWA generator writes 16).
const MAX_SEED_LEN: usize = 32;

/// A Corona-Warn-App event poster: what it says about the event, and its exact payload bytes.
///
/// Nobody signed it: the description and address are whatever the printer wrote, so a check-in
/// from it is shown as unverified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CwaPoster {
    description: String,
    address: String,
    start: Option<u64>,
    end: Option<u64>,
    location_type: CwaLocationType,
    default_check_in_minutes: Option<u32>,
    payload: Vec<u8>,
}

impl CwaPoster {
    /// The event or place as the poster describes it.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The address as the poster gives it.
    pub fn address(&self) -> &str {
        &self.address
    }
    /// Start of a temporary event, in Unix seconds, if the poster has one.
    pub fn start_timestamp(&self) -> Option<u64> {
        self.start
    }
    /// End of a temporary event, in Unix seconds, if the poster has one.
    pub fn end_timestamp(&self) -> Option<u64> {
        self.end
    }
    /// The CWA location type.
    pub fn location_type(&self) -> CwaLocationType {
        self.location_type
    }
    /// The suggested stay in minutes (1–1440), if the poster has one.
    pub fn default_check_in_minutes(&self) -> Option<u32> {
        self.default_check_in_minutes
    }
    /// The decoded `QRCodePayload` bytes, from which the location id is derived.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }
}

/// Reads decoded `QRCodePayload` bytes as an event poster.
///
/// Unknown fields are skipped (as protocol buffers intends); a known field that occurs twice,
/// has the wrong wire type or breaks a rule is refused.
pub fn parse_cwa_payload(bytes: &[u8]) -> Result<CwaPoster, CwaError> {
    if bytes.len() > MAX_CWA_PAYLOAD_LEN {
        return Err(CwaError::PayloadTooLarge { length: bytes.len(), limit: MAX_CWA_PAYLOAD_LEN });
    }
    let (mut version, mut location, mut notifier, mut vendor) =
        (Slot::default(), Slot::default(), Slot::default(), Slot::default());
    read_fields(bytes, |number, value| match number {
        1 => version.set(as_u32(value)?),
        2 => location.set(as_bytes(value)?),
        3 => notifier.set(as_bytes(value)?),
        4 => vendor.set(as_bytes(value)?),
        _ => Ok(()),
    })?;
    check_version(CwaMessage::QrCodePayload, version.get())?;
    let trace = trace_location(location.get().ok_or(CwaError::MissingField("locationData"))?)?;
    crowd_notifier_data(notifier.get().ok_or(CwaError::MissingField("crowdNotifierData"))?)?;
    let (location_type, default_check_in_minutes) = cwa_location_data(vendor.get().ok_or(CwaError::MissingField("vendorData"))?)?;
    Ok(CwaPoster {
        description: trace.description,
        address: trace.address,
        start: trace.start,
        end: trace.end,
        location_type,
        default_check_in_minutes,
        payload: bytes.to_vec(),
    })
}

/// The checked content of a `TraceLocation`.
struct TraceLocation {
    description: String,
    address: String,
    start: Option<u64>,
    end: Option<u64>,
}

/// `TraceLocation{1 version, 2 description, 3 address, 5 startTimestamp, 6 endTimestamp}`.
fn trace_location(bytes: &[u8]) -> Result<TraceLocation, CwaError> {
    let (mut version, mut description, mut address, mut start, mut end) =
        (Slot::default(), Slot::default(), Slot::default(), Slot::default(), Slot::default());
    read_fields(bytes, |number, value| match number {
        1 => version.set(as_u32(value)?),
        2 => description.set(as_string(value)?),
        3 => address.set(as_string(value)?),
        5 => start.set(as_u64(value)?),
        6 => end.set(as_u64(value)?),
        _ => Ok(()),
    })?;
    check_version(CwaMessage::TraceLocation, version.get())?;
    let description = checked_text(description.get(), CwaFieldError::Description)?;
    let address = checked_text(address.get(), CwaFieldError::Address)?;
    // proto3 cannot tell 0 from absent: a zero timestamp means "not set".
    let (start, end) = (start.get().filter(|&t| t != 0), end.get().filter(|&t| t != 0));
    match (start, end) {
        (None, None) => {}
        (Some(start), Some(end)) if start <= end => {}
        _ => return Err(CwaFieldError::Timestamps.into()),
    }
    Ok(TraceLocation { description, address, start, end })
}

/// `CrowdNotifierData{1 version, 2 publicKey, 3 cryptographicSeed}`: checked, then only its
/// bytes inside the payload matter (they make the location id unguessable).
fn crowd_notifier_data(bytes: &[u8]) -> Result<(), CwaError> {
    let (mut version, mut key, mut seed) = (Slot::default(), Slot::default(), Slot::default());
    read_fields(bytes, |number, value| match number {
        1 => version.set(as_u32(value)?),
        2 => key.set(as_bytes(value)?),
        3 => seed.set(as_bytes(value)?),
        _ => Ok(()),
    })?;
    check_version(CwaMessage::CrowdNotifierData, version.get())?;
    let key = key.get().unwrap_or_default();
    if key.is_empty() || key.len() > MAX_PUBLIC_KEY_LEN {
        return Err(CwaFieldError::PublicKey.into());
    }
    let seed = seed.get().unwrap_or_default();
    if seed.is_empty() || seed.len() > MAX_SEED_LEN {
        return Err(CwaFieldError::Seed.into());
    }
    Ok(())
}

/// `CWALocationData{1 version, 2 type, 3 defaultCheckInLengthInMinutes}` (0 minutes = none).
fn cwa_location_data(bytes: &[u8]) -> Result<(CwaLocationType, Option<u32>), CwaError> {
    let (mut version, mut kind, mut minutes) = (Slot::default(), Slot::default(), Slot::default());
    read_fields(bytes, |number, value| match number {
        1 => version.set(as_u32(value)?),
        2 => kind.set(as_u32(value)?),
        3 => minutes.set(as_u32(value)?),
        _ => Ok(()),
    })?;
    check_version(CwaMessage::CwaLocationData, version.get())?;
    let location_type = CwaLocationType::from_code(kind.get().unwrap_or(0))?;
    let minutes = minutes.get().filter(|&m| m != 0);
    if minutes.is_some_and(|m| m > MAX_DEFAULT_CHECK_IN_MINUTES) {
        return Err(CwaFieldError::DefaultCheckInLength.into());
    }
    Ok((location_type, minutes))
}

/// Refuses any version but [`SUPPORTED_VERSION`]; an absent version reads as 0.
fn check_version(message: CwaMessage, version: Option<u32>) -> Result<(), CwaError> {
    match version.unwrap_or(0) {
        SUPPORTED_VERSION => Ok(()),
        version => Err(CwaError::UnsupportedVersion { message, version }),
    }
}

/// A description or address: 1 to 100 characters, no control characters (line breaks included:
/// the text is shown in lists and terminals).
fn checked_text(text: Option<String>, error: CwaFieldError) -> Result<String, CwaFieldError> {
    let text = text.unwrap_or_default();
    let chars = text.chars().count();
    if chars == 0 || chars > MAX_TEXT_CHARS || text.chars().any(char::is_control) {
        return Err(error);
    }
    Ok(text)
}
