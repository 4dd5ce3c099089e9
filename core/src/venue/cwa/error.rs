//! Why an unsigned event poster (Corona-Warn-App or CrowdNotifier) was refused. Messages never hold the poster's text.

use thiserror::Error;

/// Where the protocol-buffers encoding of the payload broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ProtobufError {
    /// A field or length runs past the end of its message.
    #[error("a field runs past the end of its message")]
    Truncated,
    /// A varint is longer than 10 bytes or wider than its field.
    #[error("a number is wider than its field")]
    VarintOverflow,
    /// A field number is 0 or above 2^29 − 1.
    #[error("invalid field number")]
    FieldNumber,
    /// A wire type that is not allowed there (groups, reserved types, or the wrong type for a known field).
    #[error("unexpected wire type")]
    WireType,
    /// A singular field occurs twice.
    #[error("a field occurs twice")]
    RepeatedField,
    /// A string field is not UTF-8.
    #[error("a text field is not UTF-8")]
    Utf8,
}

/// Which message a version number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CwaMessage {
    /// The outer `QRCodePayload`.
    QrCodePayload,
    /// `TraceLocation`, the event's description, address and times.
    TraceLocation,
    /// `CrowdNotifierData`, the public key and seed.
    CrowdNotifierData,
    /// `CWALocationData` in the vendor data: type and default check-in length.
    CwaLocationData,
}

impl CwaMessage {
    /// The message name as in the upstream `.proto` files.
    pub fn name(self) -> &'static str {
        match self {
            CwaMessage::QrCodePayload => "QRCodePayload",
            CwaMessage::TraceLocation => "TraceLocation",
            CwaMessage::CrowdNotifierData => "CrowdNotifierData",
            CwaMessage::CwaLocationData => "CWALocationData",
        }
    }
}

impl std::fmt::Display for CwaMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A payload field that breaks the event-poster rules (docs/PROTOCOL.md, "CWA event posters").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CwaFieldError {
    /// The description is empty, longer than 100 characters or holds a control character.
    #[error("the description must be 1 to 100 characters without line breaks or control characters")]
    Description,
    /// The address is empty, longer than 100 characters or holds a control character.
    #[error("the address must be 1 to 100 characters without line breaks or control characters")]
    Address,
    /// Only one of start and end is set, or the start is after the end.
    #[error("start and end must both be absent, or both set with the start not after the end")]
    Timestamps,
    /// The public key is empty or longer than 256 bytes.
    #[error("the public key must be 1 to 256 bytes")]
    PublicKey,
    /// The cryptographic seed is empty or longer than 32 bytes (CWA), or not 32 bytes (CrowdNotifier).
    #[error("the cryptographic seed must be 1 to 32 bytes (CrowdNotifier: exactly 32)")]
    Seed,
    /// The location type is not one of the 13 CWA types.
    #[error("unknown location type")]
    LocationType,
    /// The default check-in length is over 1440 minutes (a day).
    #[error("the default check-in length must be at most 1440 minutes")]
    DefaultCheckInLength,
}

/// Why QR text or payload bytes are not an acceptable CWA event poster. Each cause has its
/// own stable [`CwaError::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CwaError {
    /// The text is longer than any acceptable poster; it was not parsed.
    #[error("event poster text of {length} bytes exceeds the limit of {limit}")]
    TooLong {
        /// Length of the refused text in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// The text is not an `https://e.coronawarn.app` URL (empty, another scheme or host).
    #[error("not a Corona-Warn-App event URL")]
    NotEventUrl,
    /// The URL has a path (such as the retired `/e1/` and `/c1/` forms).
    #[error("unsupported Corona-Warn-App URL path")]
    UnsupportedPath,
    /// A CrowdNotifier URL on another host than the deployment's.
    #[error("the event URL is not on this deployment's host")]
    WrongHost,
    /// The URL has no `?v=` version.
    #[error("the event URL has no version")]
    MissingVersion,
    /// The URL's version is not `v=1` (CWA, which also allows no other parameter) or `v=4` (CrowdNotifier).
    #[error("unsupported event URL version")]
    UnsupportedUrlVersion,
    /// Nothing follows `#`.
    #[error("the event URL has no payload")]
    MissingPayload,
    /// The fragment is neither base64 (either alphabet) nor upper-case base32.
    #[error("the payload is not base64 or base32")]
    Encoding,
    /// The decoded payload is larger than any acceptable poster.
    #[error("event payload of {length} bytes exceeds the limit of {limit}")]
    PayloadTooLarge {
        /// Length of the decoded payload in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// The payload is not valid protocol buffers.
    #[error("malformed event payload: {0}")]
    Protobuf(#[from] ProtobufError),
    /// A message declares a version this build does not read (`0` when absent).
    #[error("unsupported {message} version {version}")]
    UnsupportedVersion {
        /// The message whose version is unknown.
        message: CwaMessage,
        /// The version found.
        version: u32,
    },
    /// A required message or field is absent.
    #[error("the event payload has no {0}")]
    MissingField(&'static str),
    /// A field breaks the event-poster rules.
    #[error("{0}")]
    Field(#[from] CwaFieldError),
}

impl CwaError {
    /// A short, stable code for scripts and UIs (`cwa_not_event_url`, `cwa_invalid_field`, …).
    pub fn code(&self) -> &'static str {
        match self {
            CwaError::TooLong { .. } => "cwa_too_long",
            CwaError::NotEventUrl => "cwa_not_event_url",
            CwaError::UnsupportedPath => "cwa_unsupported_path",
            CwaError::WrongHost => "cwa_wrong_host",
            CwaError::MissingVersion => "cwa_missing_version",
            CwaError::UnsupportedUrlVersion => "cwa_unsupported_url_version",
            CwaError::MissingPayload => "cwa_missing_payload",
            CwaError::Encoding => "cwa_encoding",
            CwaError::PayloadTooLarge { .. } => "cwa_payload_too_large",
            CwaError::Protobuf(_) => "cwa_malformed",
            CwaError::UnsupportedVersion { .. } => "cwa_unsupported_version",
            CwaError::MissingField(_) => "cwa_missing_field",
            CwaError::Field(_) => "cwa_invalid_field",
        }
    }
}
