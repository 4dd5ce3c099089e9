//! One file per command group.

pub mod cert;
pub mod diary;
pub mod issuer;
pub mod registry;
pub mod scan;
pub mod server;
pub mod status;
pub mod trust;
pub mod venue;
pub mod wallet;
