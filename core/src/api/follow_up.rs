//! A citizen's request to be called back by the health office (after an alert, or with a red or
//! black status): a phone number, an optional name and the language to speak. It carries
//! nothing about venues, visits or the status itself, and needs no account.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest name accepted, in characters.
pub const MAX_FOLLOW_UP_NAME_CHARS: usize = 100;

/// Why a follow-up request was refused. Messages never contain the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FollowUpError {
    /// Not a phone number: 8 to 15 digits, optionally after `+`, spaces and dashes allowed.
    #[error("the phone number must be 8 to 15 digits, optionally starting with +")]
    Phone,
    /// The name is longer than 100 characters or holds a control character.
    #[error("the name must be at most 100 characters without control characters")]
    Name,
    /// The language is not `id` or `en`.
    #[error("the language must be id or en")]
    Language,
}

impl FollowUpError {
    /// The refusal's stable code: `invalid_phone`, `invalid_name` or `invalid_language`.
    pub fn code(self) -> &'static str {
        match self {
            FollowUpError::Phone => "invalid_phone",
            FollowUpError::Name => "invalid_name",
            FollowUpError::Language => "invalid_language",
        }
    }
}

/// The body of `POST /v1/follow-ups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpRequest {
    /// The number to call, normalised to `+` and digits only.
    pub phone: String,
    /// How to address the caller, if they want to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The language to speak: `id` (Bahasa Indonesia) or `en`.
    pub language: String,
}

impl FollowUpRequest {
    /// A checked request: the phone number normalised, an empty name dropped.
    pub fn new(phone: &str, name: Option<&str>, language: &str) -> Result<Self, FollowUpError> {
        FollowUpRequest { phone: phone.to_owned(), name: name.map(str::to_owned), language: language.to_owned() }.check()
    }

    /// Checks a request as received; the same rules as [`FollowUpRequest::new`].
    pub fn check(self) -> Result<Self, FollowUpError> {
        let phone = normalise_phone(&self.phone).ok_or(FollowUpError::Phone)?;
        let name = match self.name.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(name) if name.chars().count() <= MAX_FOLLOW_UP_NAME_CHARS && !name.chars().any(char::is_control) => {
                Some(name.to_owned())
            }
            Some(_) => return Err(FollowUpError::Name),
        };
        if !matches!(self.language.as_str(), "id" | "en") {
            return Err(FollowUpError::Language);
        }
        Ok(FollowUpRequest { phone, name, language: self.language })
    }
}

/// `+` and digits of a phone number written with spaces or dashes; `None` unless 8 to 15 digits.
fn normalise_phone(text: &str) -> Option<String> {
    let text = text.trim();
    let (plus, rest) = match text.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", text),
    };
    let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let valid = (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| format!("{plus}{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_normalised_and_checked() {
        assert_eq!(FollowUpRequest::new("+62 812-3456-7890", None, "id").unwrap().phone, "+6281234567890");
        assert_eq!(FollowUpRequest::new("0812 3456 789", Some("  "), "en").unwrap().name, None);
        for bad in ["", "+", "1234567", "+1234567890123456", "0812-ABCD-789", "++6281234567", "0812\n3456789"] {
            assert_eq!(FollowUpRequest::new(bad, None, "id"), Err(FollowUpError::Phone), "{bad:?}");
        }
    }

    #[test]
    fn names_and_languages_are_checked() {
        assert_eq!(FollowUpRequest::new("081234567890", Some("Budi"), "id").unwrap().name.as_deref(), Some("Budi"));
        assert_eq!(FollowUpRequest::new("081234567890", Some(&"a".repeat(101)), "id"), Err(FollowUpError::Name));
        assert_eq!(FollowUpRequest::new("081234567890", Some("a\u{7}"), "id"), Err(FollowUpError::Name));
        assert_eq!(FollowUpRequest::new("081234567890", None, "fr"), Err(FollowUpError::Language));
    }

    #[test]
    fn the_body_has_only_phone_name_and_language() {
        let body = serde_json::to_value(FollowUpRequest::new("081234567890", Some("Budi"), "id").unwrap()).unwrap();
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["language", "name", "phone"]);
        assert!(serde_json::from_str::<FollowUpRequest>(r#"{"phone":"081234567890","language":"id","venue":"x"}"#).is_err());
    }
}
