//! Talking to a healthpass server: one small HTTP client (reqwest, rustls, blocking) and the
//! calls each role makes. Blocking by design: shells call it from a background thread or
//! coroutine, never from the UI thread. Routes are specified in docs/PROTOCOL.md, "Server API".

mod client;
mod error;
mod follow_up;
mod officer;
mod operator;
mod upload;

pub use client::{Fetched, ServerClient};
pub use error::RemoteError;
pub use follow_up::{FollowUpError, FollowUpRequest, MAX_FOLLOW_UP_NAME_CHARS, request_follow_up};
pub use officer::{
    ConfirmedCase, PendingItem, PublishedBundle, ReviewDecision, confirm_case, decide, pending_reviews, publish_warnings,
};
pub use operator::{RegisteredVenue, VenueRegistration, register_venue, submit_venue_warning};
pub use upload::{UploadReceipt, upload_reports};
