//! The bodies of the server's HTTP API (`/v1/…`, docs/PROTOCOL.md "Server API"): one serde
//! type per request and per reply. The server's handlers read the requests and write the
//! replies with these types; the client in [`crate::remote`] writes the requests and reads the
//! replies with the same types, so the two sides cannot drift apart.
//!
//! Request checks are pure functions from bytes to typed values, so the server and the fuzz
//! target (`fuzz/fuzz_targets/server_requests.rs`) run the same code. No refusal echoes the body.

mod error;
mod replies;
mod requests;
mod terms;

pub use error::{ErrorReply, RequestError, parse_json};
pub use replies::{
    ConfirmedCase, IssuedCertificate, Occupancy, PendingItem, PendingReviews, PublicKeys, PublishedBundle, RegisteredPoster,
    RegistryKeys, ReviewOutcome, ServerStatus, SubmittedWarning, VaccinationDay, VaccinationStats,
};
#[cfg(feature = "issuing")]
pub use requests::parse_certificate;
pub use requests::{
    CaseRequest, CertificateKind, CertificateRequest, MAX_VENUE_WARNING_REPORTS, NoBody, OccupancyChange, PosterRegistration,
    ReviewDecision, ReviewRequest, SubmissionRef, VenueWarning, VenueWarningRequest, normalise_upload_code, parse_case,
    parse_occupancy, parse_review, parse_venue_id, parse_venue_warning,
};
pub use terms::{CASE_TERMS_LEN, CaseTerms, MAX_INFECTIOUS_PERIOD, TermsError};

#[cfg(test)]
mod tests;
