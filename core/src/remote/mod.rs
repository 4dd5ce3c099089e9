//! Talking to a healthpass server: one small HTTP client (reqwest, rustls, blocking) and the
//! calls each role makes. Blocking by design: shells call it from a background thread or
//! coroutine, never from the UI thread. Routes are specified in docs/PROTOCOL.md, "Server API".

mod client;
mod error;
mod follow_up;
mod officer;
mod operator;
mod poster;
mod submission;
mod upload;

pub use client::{Fetched, ServerClient};
pub use error::RemoteError;
pub use follow_up::{FollowUpError, FollowUpRequest, MAX_FOLLOW_UP_NAME_CHARS, request_follow_up};
pub use officer::{
    ConfirmedCase, PendingItem, PublishedBundle, ReviewDecision, confirm_case, decide, pending_reviews, publish_warnings,
};
pub use operator::{RegisteredVenue, VenueRegistration, register_venue, submit_venue_warning};
pub use poster::{PosterRegistration, RegisteredPoster, register_poster};
pub use submission::{SUBMISSION_RECEIPT, UPLOADS_ROUTE, VENUE_WARNINGS_ROUTE, send_submission};
pub use upload::{UploadReceipt, upload_reports};

#[cfg(test)]
mod submission_tests;
