//! One file per command group. Command modules never import each other: what several share
//! lives in `crate::args`, `crate::files`, `crate::trust_args` and `crate::account_args`.

pub mod alerts;
pub mod backup;
pub mod cert;
pub mod diary;
pub mod issuer;
pub mod officer;
pub mod operator;
pub mod registry;
pub mod scan;
pub mod status;
pub mod sync;
pub mod trust;
pub mod upload;
pub mod venue;
pub mod wallet;
