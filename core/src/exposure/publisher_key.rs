//! The warning publisher's key: signs hour bundles and the warning index. Phones hold its
//! public half (more than one during a rotation).

use crate::keys::{PublicKey, Publisher, SigningKey};

/// The publisher's secret key (`healthpass-publisher-secret-v1:` text form); the server holds it.
pub type PublisherSigningKey = SigningKey<Publisher>;

/// A publisher public key, as phones hold it to verify bundles and the index.
pub type PublisherPublicKey = PublicKey<Publisher>;
