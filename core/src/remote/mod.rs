//! Talking to a healthpass server: one small HTTP client (reqwest, rustls, blocking) and the
//! calls each role makes. Blocking by design: shells call it from a background thread or
//! coroutine, never from the UI thread. Routes are specified in docs/PROTOCOL.md, "Server API";
//! every body is a type of [`crate::api`].

mod client;
mod error;
#[cfg(feature = "officials")]
mod officer;
#[cfg(feature = "officials")]
mod operator;
mod upload;

pub use client::{Fetched, ServerClient};
pub use error::RemoteError;
#[cfg(feature = "officials")]
pub use officer::{confirm_case, decide, pending_reviews, publish_warnings};
#[cfg(feature = "officials")]
pub use operator::{register_venue, submit_venue_warning};
pub use upload::upload_reports;
