//! Talking to a healthpass server: one small HTTP client over the platform's [`Transport`]
//! (the phone's own HTTP stack; ureq on desk tools, feature `ureq-transport`) and the calls each
//! role makes. Blocking by design: shells call it from a background thread or
//! coroutine, never from the UI thread. Routes are specified in docs/PROTOCOL.md, "Server API";
//! every JSON body is a type of [`crate::api`], every submission the fixed-size binary of
//! [`crate::exposure::Submission`].

mod client;
mod error;
mod follow_up;
#[cfg(feature = "officials")]
mod officer;
#[cfg(feature = "officials")]
mod operator;
mod server_url;
mod submission;
mod transport;
#[cfg(feature = "ureq-transport")]
mod ureq_transport;

pub use client::{Fetched, ServerClient, cache_max_age};
pub use error::RemoteError;
pub use follow_up::request_follow_up;
#[cfg(feature = "officials")]
pub use officer::{confirm_case, decide, pending_reviews, publish_warnings};
#[cfg(feature = "officials")]
pub use operator::{register_poster, submit_venue_warning};
pub use submission::{SUBMISSION_RECEIPT, UPLOADS_ROUTE, VENUE_WARNINGS_ROUTE, send_submission};
pub use transport::{HttpHeader, HttpMethod, HttpReply, HttpRequest, Transport, TransportError};
#[cfg(feature = "ureq-transport")]
pub use ureq_transport::UreqTransport;

#[cfg(test)]
mod policy_tests;
#[cfg(test)]
pub(crate) mod submission_tests;
#[cfg(test)]
pub(crate) mod tests;
