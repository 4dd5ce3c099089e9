//! uniffi bindings of the healthpass core for Kotlin (Android) and Swift (iOS).
//!
//! Small wrappers only: every rule lives in `healthpass-core`, whose application object
//! [`healthpass_core::passport::HealthPassport`] this crate wraps one method at a time. Core
//! types are exported as they are (uniffi remote types); only records whose shape changes at
//! the boundary (instants as Unix seconds) are defined here. Core errors are mapped to
//! [`HealthpassError`] in one place (`error.rs`).
//!
//! **Time at the boundary** is `i64` Unix seconds, UTC (an instant inside a core record crosses
//! as `UnixSeconds`, the same `Long`/`Int64`). Every call that depends on the clock
//! takes `now_unix_seconds` from the shell instead of reading the clock itself: the phone's
//! clock is the shell's to read, and tests (Rust, Kotlin, Swift) can replay any instant. An
//! `i64` is a plain `Long`/`Int64` on both sides, needs no `java.time` (any Android API level)
//! and cannot carry a time zone by mistake. Shells convert to local time only for display.
//!
//! **Panics** never cross the FFI: uniffi catches unwinding panics (every profile unwinds) and
//! reports them as `InternalException` (Kotlin) / `UniffiInternalError.rustPanic` (Swift). A
//! panic while the store was locked does not wedge later calls (see [`HealthPassport`]).

mod certificate_records;
mod error;
mod exposure_records;
mod notify_records;
mod passport;
mod records;
mod scan;
mod status_records;
mod time;
mod transport;
mod trust_records;

pub use certificate_records::{CertificateEntry, WalletCertificate};
pub use error::HealthpassError;
pub use exposure_records::ExposureAlert;
pub use healthpass_core::certificate::CertificateFormat;
pub use healthpass_core::checkin::{CheckInOutcome, Visit, VisitEnd};
pub use healthpass_core::exposure::Advice as ExposureAdvice;
pub use healthpass_core::notify::Language;
pub use healthpass_core::passport::{CounterService, HolderStatus, UploadSummary};
pub use healthpass_core::status::{Advice, CounterCheck, ServiceStatus, StatusColour, TestKind};
pub use healthpass_core::store::{CheckoutKind, PosterKind};
pub use healthpass_core::sync::WarningSyncReport as SyncSummary;
pub use healthpass_core::venue::{VenueCategory, VenueId};
pub use notify_records::{BackgroundRun, BackgroundSync, ExposureNotice, NotificationPlan, VisitNotice};
pub use passport::HealthPassport;
pub use scan::decode_frame;
pub use transport::HttpTransport;
pub use trust_records::{DocumentsUpdate, RuleSetInfo, TrustListInfo};

uniffi::setup_scaffolding!("healthpass");
