//! One file per command group.

pub mod alerts;
pub mod backup;
pub mod callback;
pub mod cert;
pub mod diary;
pub mod issuer;
pub mod officer;
pub mod operator;
pub mod registry;
pub mod remote_args;
pub mod scan;
pub mod status;
pub mod sync;

pub mod trust;
pub mod upload;
pub mod venue;
pub mod wallet;
