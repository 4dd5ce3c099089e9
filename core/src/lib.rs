//! healthpass core: every rule of the health passport, with no FFI and no UI.
//!
//! - [`venue`]: signed venue posters (build, sign, encode, verify).
//! - [`poster`]: printable PNG/SVG posters.
//! - [`scan`]: QR text from images and camera frames.
//! - [`store`]: the on-device SQLite file and its migrations.
//! - [`checkin`]: the visit diary (check in/out, history, purge, CSV export).
//! - [`exposure`]: protected visit reports and on-device matching.
//! - [`random`]: bytes from the operating system's generator.

pub mod checkin;
pub mod exposure;
pub mod poster;
pub mod random;
pub mod scan;
pub mod store;
pub mod venue;
