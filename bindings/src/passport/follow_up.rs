//! The health office's call-back: whether it is offered, and the request. The request runs on a
//! thread of its own and is a `suspend` function in Kotlin (`async` in Swift).

use std::sync::Arc;

use healthpass_core::notify::Language;

use super::HealthPassport;
use super::background::off_the_calling_thread;
use crate::HealthpassError;
use crate::time::from_unix_seconds;

#[uniffi::export]
impl HealthPassport {
    /// Whether the call-back button shows at `now_unix_seconds`: the phone holds an exposure
    /// alert, or a family member's status is red or black.
    pub fn follow_up_offered(&self, now_unix_seconds: i64) -> Result<bool, HealthpassError> {
        Ok(self.inner.follow_up_offered(from_unix_seconds(now_unix_seconds)?)?)
    }

    /// Asks the health office at `server_url` to call `phone` back (8 to 15 digits, `+`, spaces
    /// and dashes allowed; else [`HealthpassError::InvalidPhoneNumber`]), addressing the caller
    /// as `name` if given (at most 100 characters; else [`HealthpassError::InvalidCallerName`]),
    /// in `language`. Refused with [`HealthpassError::FollowUpNotOffered`] unless
    /// [`HealthPassport::follow_up_offered`]. Nothing about visits or the status is sent.
    pub async fn request_follow_up(
        self: Arc<Self>,
        server_url: String,
        phone: String,
        name: Option<String>,
        language: Language,
        now_unix_seconds: i64,
    ) -> Result<(), HealthpassError> {
        off_the_calling_thread(move || {
            let now = from_unix_seconds(now_unix_seconds)?;
            Ok(self.inner.request_follow_up(&server_url, &phone, name.as_deref(), language, now)?)
        })
        .await
    }
}
