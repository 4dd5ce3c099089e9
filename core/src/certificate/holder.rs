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

impl Holder {
    /// Whether two certificates name the same person: the same family and given names after
    /// folding case and treating every run of spaces and punctuation as one separator (so
    /// `SANTOSO<<BUDI`-style transliterations and `Santoso`, `Budi` agree), and the same date
    /// of birth (its first ten characters, `YYYY-MM-DD`). A wallet groups certificates by it,
    /// so one family member's label never counts another's certificate.
    pub fn same_person(&self, other: &Holder) -> bool {
        let name = |part: &Option<String>| normalised(part.as_deref().unwrap_or_default());
        let birth = |holder: &Holder| holder.date_of_birth.trim().chars().take(10).collect::<String>();
        name(&self.family_name) == name(&other.family_name)
            && name(&self.given_name) == name(&other.given_name)
            && birth(self) == birth(other)
    }
}

/// Lower-case alphanumeric words of `name`, joined by single spaces.
fn normalised(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Debug for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Holder { .. }")
    }
}
