//! Reading the `Cookie` header and writing `Set-Cookie` values with the portal's attributes.

use axum::http::HeaderMap;
use axum::http::header::{COOKIE, HeaderValue};

/// The value of the cookie `name` in the request's `Cookie` headers, if present.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Whether the request reached us over HTTPS (directly or through a proxy that says so with
/// `X-Forwarded-Proto: https`); cookies are then marked `Secure`. A forged header only makes
/// the browser more careful, so trusting it costs nothing.
pub fn is_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// A `Set-Cookie` value for the portal: path `/portal`, HttpOnly, SameSite=Strict, `Secure`
/// when `secure`; `max_age` in seconds (0 deletes the cookie).
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let line = format!("{name}={value}; Path=/portal; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}");
    // Names are ours and values are base64url or language tags: always valid header text.
    HeaderValue::from_str(&line).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others_and_written_strict() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; hp_session=abc"));
        headers.append(COOKIE, HeaderValue::from_static("hp_lang=en"));
        assert_eq!(cookie(&headers, "hp_session").as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "hp_lang").as_deref(), Some("en"));
        assert_eq!(cookie(&headers, "hp"), None);
        let written = set_cookie("hp_session", "xyz", 60, true);
        assert_eq!(written, "hp_session=xyz; Path=/portal; Max-Age=60; HttpOnly; SameSite=Strict; Secure");
        assert!(!set_cookie("a", "b", 0, false).to_str().unwrap().contains("Secure"));
    }
}
