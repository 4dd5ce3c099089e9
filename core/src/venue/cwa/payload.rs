//! The `QRCodePayload` protocol-buffers message of an unsigned event poster (CWA or
//! CrowdNotifier), read and checked against the event-poster rules (docs/PROTOCOL.md, "CWA
//! event posters" and "CrowdNotifier event posters").

use super::protobuf::{Slot, as_bytes, as_string, as_u32, as_u64, read_fields};
use super::{CwaError, CwaFieldError, CwaLocationType, CwaMessage, EventFormat};
use crate::venue::MAX_TEXT_CHARS;

/// Largest decoded payload accepted, in bytes: above what the fields allow (two 100-character
/// texts, a 256-byte key, a 32-byte seed, framing) with room for unknown fields.
pub const MAX_CWA_PAYLOAD_LEN: usize = 2048;
/// Longest default check-in length, in minutes.
const MAX_DEFAULT_CHECK_IN_MINUTES: u32 = 24 * 60;
/// Longest public key, in bytes (upstream keys are 91 or 96 bytes).
const MAX_PUBLIC_KEY_LEN: usize = 256;

/// An unsigned event poster (Corona-Warn-App or CrowdNotifier): what it says about the event,
/// and its exact payload bytes.
///
/// Nobody signed it: the description and address are whatever the printer wrote, so a check-in
/// from it is shown as unverified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CwaPoster {
    format: EventFormat,
    description: String,
    address: String,
    start: Option<u64>,
    end: Option<u64>,
    location_type: CwaLocationType,
    default_check_in_minutes: Option<u32>,
    payload: Vec<u8>,
}

impl CwaPoster {
    /// Which format the payload is in; it decides how the location id is derived.
    pub fn format(&self) -> EventFormat {
        self.format
    }
    /// The event or place as the poster describes it.
    pub fn description(&self) -> &str {
        &self.description
    }
    /// The address as the poster gives it (may be empty on a CrowdNotifier poster).
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
    /// The CWA location type (`Unspecified` for a CrowdNotifier poster, which has none).
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

/// Reads decoded `QRCodePayload` bytes as an event poster; the payload version tells the
/// format (1: CWA, 3: CrowdNotifier).
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
    let version = version.get().unwrap_or(0);
    let format =
        EventFormat::from_version(version).ok_or(CwaError::UnsupportedVersion { message: CwaMessage::QrCodePayload, version })?;
    let trace = trace_location(format, location.get().ok_or(CwaError::MissingField("locationData"))?)?;
    crowd_notifier_data(format, notifier.get().ok_or(CwaError::MissingField("crowdNotifierData"))?)?;
    // Field 4 is CWA's vendor data; in CrowdNotifier it is country data, which only counts in the id.
    let (location_type, default_check_in_minutes) = match format {
        EventFormat::Cwa => cwa_location_data(vendor.get().ok_or(CwaError::MissingField("vendorData"))?)?,
        EventFormat::CrowdNotifier => (CwaLocationType::Unspecified, None),
    };
    Ok(CwaPoster {
        format,
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

/// `TraceLocation{1 version, 2 description, 3 address, startTimestamp, endTimestamp}`, the
/// timestamps at fields 5/6 (CWA) or 4/5 (CrowdNotifier).
fn trace_location(format: EventFormat, bytes: &[u8]) -> Result<TraceLocation, CwaError> {
    let (mut version, mut description, mut address, mut start, mut end) =
        (Slot::default(), Slot::default(), Slot::default(), Slot::default(), Slot::default());
    let (start_field, end_field) = format.timestamp_fields();
    read_fields(bytes, |number, value| match number {
        1 => version.set(as_u32(value)?),
        2 => description.set(as_string(value)?),
        3 => address.set(as_string(value)?),
        n if n == start_field => start.set(as_u64(value)?),
        n if n == end_field => end.set(as_u64(value)?),
        _ => Ok(()),
    })?;
    check_version(format, CwaMessage::TraceLocation, version.get())?;
    let description = checked_text(description.get(), CwaFieldError::Description)?;
    let address = address.get().unwrap_or_default();
    let address = if address.is_empty() && !format.requires_address() {
        address
    } else {
        checked_text(Some(address), CwaFieldError::Address)?
    };
    // proto3 cannot tell 0 from absent: a zero timestamp means "not set".
    let (start, end) = (start.get().filter(|&t| t != 0), end.get().filter(|&t| t != 0));
    match (start, end) {
        (None, None) => {}
        (Some(start), Some(end)) if start <= end => {}
        _ => return Err(CwaFieldError::Timestamps.into()),
    }
    Ok(TraceLocation { description, address, start, end })
}

/// `CrowdNotifierData{1 version, 2 publicKey, 3 cryptographicSeed}` (CrowdNotifier adds 4 type,
/// skipped): checked, then only its bytes inside the payload matter (they make the location id
/// unguessable).
fn crowd_notifier_data(format: EventFormat, bytes: &[u8]) -> Result<(), CwaError> {
    let (mut version, mut key, mut seed) = (Slot::default(), Slot::default(), Slot::default());
    read_fields(bytes, |number, value| match number {
        1 => version.set(as_u32(value)?),
        2 => key.set(as_bytes(value)?),
        3 => seed.set(as_bytes(value)?),
        _ => Ok(()),
    })?;
    check_version(format, CwaMessage::CrowdNotifierData, version.get())?;
    let key = key.get().unwrap_or_default();
    if key.is_empty() || key.len() > MAX_PUBLIC_KEY_LEN {
        return Err(CwaFieldError::PublicKey.into());
    }
    let seed = seed.get().unwrap_or_default();
    if !format.seed_lengths().contains(&seed.len()) {
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
    check_version(EventFormat::Cwa, CwaMessage::CwaLocationData, version.get())?;
    let location_type = CwaLocationType::from_code(kind.get().unwrap_or(0))?;
    let minutes = minutes.get().filter(|&m| m != 0);
    if minutes.is_some_and(|m| m > MAX_DEFAULT_CHECK_IN_MINUTES) {
        return Err(CwaFieldError::DefaultCheckInLength.into());
    }
    Ok((location_type, minutes))
}

/// Refuses any version but the format's; an absent version reads as 0.
fn check_version(format: EventFormat, message: CwaMessage, version: Option<u32>) -> Result<(), CwaError> {
    match version.unwrap_or(0) {
        version if version == format.version() => Ok(()),
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
