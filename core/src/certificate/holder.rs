//! The person a certificate is about. Its `Debug` hides the personal data, so a stray log
//! line cannot leak it.

use std::fmt;

use serde::Serialize;

/// The holder of a certificate: names and date of birth, exactly as the issuer wrote them.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Holder {
    /// Family name(s), in the issuer's script (falls back to the transliterated form).
    pub family_name: Option<String>,
    /// Given name(s).
    pub given_name: Option<String>,
    /// Date of birth as written: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or empty when unknown.
    pub date_of_birth: String,
}

impl Holder {
    /// Given and family names joined by a space, as a counter officer reads them.
    pub fn display_name(&self) -> String {
        [self.given_name.as_deref(), self.family_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl fmt::Debug for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Holder { .. }")
    }
}
