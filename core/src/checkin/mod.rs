//! The visit diary: check in from a verified poster (or an unverified CWA event poster), check out (by hand, by rescanning, by
//! checking in elsewhere, or automatically after the default stay), history, retention, export.
//!
//! Every change happens in one write transaction, so a refused or interrupted operation leaves
//! the file as it was. The automatic check-out needs no timer: it is computed when read.

mod csv;
mod diary;
mod error;
mod locations;
mod visit;

pub use csv::export_csv;
pub use diary::{
    CWA_FALLBACK_STAY_MINUTES, CheckInOutcome, DEFAULT_RETENTION_DAYS, RESCAN_GRACE_SECONDS, check_in, check_in_cwa,
    check_in_scanned, check_out, history, purge, retention_days, set_retention_days,
};
pub use error::CheckInError;
pub(crate) use locations::location_of;
pub use locations::visited_locations;
pub use visit::{Visit, VisitEnd};

#[cfg(test)]
mod tests;
