//! The citizen's request to be called back by the health office: offered after an exposure
//! alert or with a family member's status red or black (the health office follows up the
//! orange and red results of tracing). The request carries a phone number, an optional name and
//! the language to speak; nothing about venues, visits or the status itself.

use chrono::{DateTime, Utc};

use crate::api::FollowUpRequest;
use crate::notify::Language;
use crate::remote::request_follow_up;
use crate::status::StatusColour;

use super::{HealthPassport, PassportError, StatusQuery};

impl HealthPassport {
    /// Whether the health office's call-back is offered at `now`: the phone holds an exposure
    /// alert, or a family member's status is red or black. Screens show the button only then.
    pub fn follow_up_offered(&self, now: DateTime<Utc>) -> Result<bool, PassportError> {
        if !self.exposure_alerts()?.is_empty() {
            return Ok(true);
        }
        let statuses = self.status(&StatusQuery::default(), now)?;
        Ok(statuses.iter().any(|status| matches!(status.colour, StatusColour::Red | StatusColour::Black)))
    }

    /// Asks the health office at `server_url` to call `phone` back (8 to 15 digits, `+`, spaces
    /// and dashes allowed), addressing the caller as `name` if given, in `language`. Refused
    /// before the network: a malformed number or name ([`PassportError::FollowUp`]), or a
    /// call-back not offered at `now` ([`PassportError::FollowUpNotOffered`]). Nothing is stored
    /// on the phone.
    pub fn request_follow_up(
        &self,
        server_url: &str,
        phone: &str,
        name: Option<&str>,
        language: Language,
        now: DateTime<Utc>,
    ) -> Result<(), PassportError> {
        let request = FollowUpRequest::new(phone, name, language.code())?;
        let client = self.client(server_url)?;
        if !self.follow_up_offered(now)? {
            return Err(PassportError::FollowUpNotOffered);
        }
        Ok(request_follow_up(&client, &request)?)
    }
}
