//! The two unsigned event-poster formats that share one `QRCodePayload` layout and differ in
//! version, a few field numbers and rules: Corona-Warn-App and CrowdNotifier (NotifyMe).

/// Which format an event poster's payload is in, told by the `QRCodePayload` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventFormat {
    /// A Corona-Warn-App poster (`https://e.coronawarn.app?v=1#…`, every message version 1).
    Cwa,
    /// A CrowdNotifier NotifyMe poster (`https://HOST?v=4#…`, every message version 3).
    CrowdNotifier,
}

impl EventFormat {
    /// The format whose payloads declare `version`, if any.
    pub(super) fn from_version(version: u32) -> Option<Self> {
        [EventFormat::Cwa, EventFormat::CrowdNotifier].into_iter().find(|format| format.version() == version)
    }

    /// The version every message of this format declares.
    pub(super) fn version(self) -> u32 {
        match self {
            EventFormat::Cwa => 1,
            EventFormat::CrowdNotifier => 3,
        }
    }

    /// The `TraceLocation` field numbers of the start and end timestamps.
    pub(super) fn timestamp_fields(self) -> (u32, u32) {
        match self {
            EventFormat::Cwa => (5, 6),
            EventFormat::CrowdNotifier => (4, 5),
        }
    }

    /// Whether the address must be non-empty (the CrowdNotifier SDK allows an empty one).
    pub(super) fn requires_address(self) -> bool {
        self == EventFormat::Cwa
    }

    /// The allowed cryptographic seed lengths in bytes: CWA's reader only bounds it, CrowdNotifier
    /// always writes 32.
    pub(super) fn seed_lengths(self) -> std::ops::RangeInclusive<usize> {
        match self {
            EventFormat::Cwa => 1..=32,
            EventFormat::CrowdNotifier => 32..=32,
        }
    }
}
