//! One file per command group.

pub mod diary;
pub mod registry;
pub mod scan;
pub mod server;
pub mod venue;
