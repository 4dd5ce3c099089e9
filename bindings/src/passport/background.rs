//! Blocking work (network calls) on a thread of its own, awaited as a `suspend` function in
//! Kotlin (`async` in Swift), so no call can block the UI thread.

use crate::HealthpassError;

/// Runs blocking `work` on a new thread and resolves when it is done. A panic there comes out
/// as [`HealthpassError::Internal`], never across the FFI.
pub(super) async fn off_the_calling_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, HealthpassError> + Send + 'static,
) -> Result<T, HealthpassError> {
    let (sender, receiver) = futures_channel::oneshot::channel();
    std::thread::Builder::new()
        .name("healthpass-network".to_owned())
        .spawn(move || {
            let _ = sender.send(work());
        })
        .map_err(|_| HealthpassError::Internal)?;
    receiver.await.unwrap_or(Err(HealthpassError::Internal))
}
