//! healthpass core: every rule of the health passport, with no FFI and no UI.
//!
//! - [`certificate`]: health certificates (EU DCC `HC1:`, NZ Pass), verified offline.
//! - [`status`]: status colour and counter checks by signed, data-driven rule sets.
//! - [`trust_list`]: the signed list of trusted certificate signers and NZ Pass issuers.
//! - [`venue`]: signed venue posters (build, sign, encode, verify).
//! - [`poster`]: printable PNG/SVG posters.
//! - [`scan`]: QR text from images and camera frames.
//! - [`store`]: the on-device SQLite file and its migrations.
//! - [`checkin`]: the visit diary (check in/out, history, purge, CSV export).
//! - [`wallet`]: the family certificate wallet in the store.
//! - [`exposure`]: protected visit reports and on-device matching.
//! - [`keys`]: Ed25519 keys by purpose (registry, trust root, publisher) and their text forms.
//! - [`api`]: the bodies of the server's HTTP API, one type per request and reply.
//! - [`remote`]: the HTTP client for a healthpass server and each role's calls.
//! - [`sync`]: signed documents and exposure warnings from the server, matched on the phone.
//! - [`random`]: bytes from the operating system's generator.
//! - [`passport`]: the citizen's application object over all of the above, shared by the
//!   phones (through the bindings) and the CLI.
//! - [`notify`]: background sync schedule, exposure and check-out notifications for the shells.
//! - [`backup`]: end-to-end-encrypted backup, restore and transfer of the diary, wallet and alerts.

#[cfg(any(feature = "posters", feature = "recovery-sheet"))]
mod a4_pdf;
pub mod api;
pub mod backup;
pub mod certificate;
pub mod checkin;
pub mod exposure;
pub mod keys;
pub mod notify;
pub mod passport;
#[cfg(feature = "posters")]
pub mod poster;
pub mod random;
pub mod remote;
pub mod scan;
pub mod status;
pub mod store;
pub mod sync;
pub mod trust_list;
pub mod venue;
pub mod wallet;
