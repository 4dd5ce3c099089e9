//! Corona-Warn-App event posters (`https://e.coronawarn.app?v=1#…`): unsigned, so a check-in
//! from one is shown as unverified. Format, limits and the location id in docs/PROTOCOL.md,
//! "CWA event posters".

mod error;
mod location_type;
mod payload;
mod protobuf;
mod text;

pub use error::{CwaError, CwaFieldError, CwaMessage, ProtobufError};
pub use location_type::CwaLocationType;
pub use payload::{CwaPoster, MAX_CWA_PAYLOAD_LEN, parse_cwa_payload};
pub use text::{CWA_HOST, MAX_CWA_TEXT_LEN, is_cwa_text, read_cwa_text};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod vector_tests;
