//! Cover traffic: the dummy-upload schedule every phone runs, so that an upload says nothing
//! about its sender.

use std::sync::Arc;

use super::HealthPassport;
use super::background::off_the_calling_thread;
use crate::HealthpassError;
use crate::time::{from_unix_seconds, to_unix_seconds};

#[uniffi::export]
impl HealthPassport {
    /// Sends a dummy upload to `server_url` if one is due at `now_unix_seconds`, and returns
    /// the Unix second the next is due: the shell schedules its background work for then
    /// (WorkManager on Android, BGTaskScheduler on iOS). The first call only schedules.
    pub async fn run_dummy_uploads(self: Arc<Self>, server_url: String, now_unix_seconds: i64) -> Result<i64, HealthpassError> {
        off_the_calling_thread(move || {
            let now = from_unix_seconds(now_unix_seconds)?;
            Ok(to_unix_seconds(self.inner.run_dummy_uploads(&server_url, now)?))
        })
        .await
    }
}
