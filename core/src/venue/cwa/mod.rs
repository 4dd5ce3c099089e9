//! Unsigned event posters: Corona-Warn-App (`https://e.coronawarn.app?v=1#…`) and CrowdNotifier
//! NotifyMe (`https://HOST?v=4#…`), which share one payload layout. A check-in from one is shown
//! as unverified. Format, limits and the location id in docs/PROTOCOL.md, "CWA event posters"
//! and "CrowdNotifier event posters".

mod crowdnotifier_text;
mod error;
mod format;
mod location_type;
mod payload;
mod protobuf;
mod text;

pub use crowdnotifier_text::{is_crowdnotifier_text, read_crowdnotifier_text};
pub use error::{CwaError, CwaFieldError, CwaMessage, ProtobufError};
pub use format::EventFormat;
pub use location_type::CwaLocationType;
pub use payload::{CwaPoster, MAX_CWA_PAYLOAD_LEN, parse_cwa_payload};
pub use text::{CWA_HOST, MAX_CWA_TEXT_LEN, is_cwa_text, read_cwa_text};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod vector_tests;
