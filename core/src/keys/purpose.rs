//! The purposes a healthpass key can have; each is a marker type.

/// What a key is for; part of its type and of its text form.
pub trait KeyPurpose {
    /// The purpose's name in the key's text form.
    const NAME: &'static str;
}

/// The venue registry: signs posters.
pub enum Registry {}

/// The health authority's pinned root: signs trust lists and rule sets.
pub enum TrustRoot {}

/// The warning publisher: signs exposure-warning bundles and their index.
pub enum Publisher {}

impl KeyPurpose for Registry {
    const NAME: &'static str = "registry";
}

impl KeyPurpose for TrustRoot {
    const NAME: &'static str = "trust-root";
}

impl KeyPurpose for Publisher {
    const NAME: &'static str = "publisher";
}
