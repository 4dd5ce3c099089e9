//! The QR text of a CrowdNotifier (NotifyMe) event poster: `https://HOST?v=4#<payload>`.
//!
//! The host belongs to the deployment, so it is either pinned by the caller or any host is
//! taken; what makes the text a CrowdNotifier poster is `v=4` and a version-3 payload. The forms
//! the CrowdNotifier SDK accepts are read: `https://`, `http://` or no scheme, an optional `/`
//! before `?`, extra query parameters (`&r=3`). The payload is decoded as for CWA posters.

use super::text::{read_fragment, require_format, split_host, strip_prefix_ignore_case};
use super::{CwaError, CwaPoster, EventFormat, MAX_CWA_TEXT_LEN};

/// The URL version of CrowdNotifier posters (their payload version is 3).
const URL_VERSION: &str = "v=4";

/// Whether `text` looks like a CrowdNotifier poster URL (a host and a `v=4` query parameter),
/// so that a reader should answer with [`read_crowdnotifier_text`]'s verdict.
pub fn is_crowdnotifier_text(text: &str) -> bool {
    split_url(text).is_some_and(|url| !url.host.is_empty() && url.query.is_some_and(|q| q.split('&').any(|p| p == URL_VERSION)))
}

/// Reads scanned QR text as a CrowdNotifier event poster. With `host`, the URL must be on it
/// (ignoring case), as the CrowdNotifier SDK pins its deployment's host; with `None`, any host.
pub fn read_crowdnotifier_text(text: &str, host: Option<&str>) -> Result<CwaPoster, CwaError> {
    if text.len() > MAX_CWA_TEXT_LEN {
        return Err(CwaError::TooLong { length: text.len(), limit: MAX_CWA_TEXT_LEN });
    }
    let url = split_url(text).filter(|url| !url.host.is_empty()).ok_or(CwaError::NotEventUrl)?;
    if host.is_some_and(|host| !url.host.eq_ignore_ascii_case(host)) {
        return Err(CwaError::WrongHost);
    }
    if !url.path.is_empty() && url.path != "/" {
        return Err(CwaError::UnsupportedPath);
    }
    let versions = url.query.unwrap_or_default().split('&').filter(|pair| pair.starts_with("v=")).collect::<Vec<_>>();
    match versions.as_slice() {
        [] => return Err(CwaError::MissingVersion),
        [version] if *version == URL_VERSION => {}
        _ => return Err(CwaError::UnsupportedUrlVersion),
    }
    let fragment = url.fragment.filter(|f| !f.is_empty()).ok_or(CwaError::MissingPayload)?;
    read_fragment(fragment).and_then(|poster| require_format(poster, EventFormat::CrowdNotifier))
}

/// The parts of a poster URL.
struct UrlParts<'a> {
    host: &'a str,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

/// Splits trimmed `text` after an optional `https://` or `http://` (any case) into its parts;
/// `None` for text with another scheme or user info.
fn split_url(text: &str) -> Option<UrlParts<'_>> {
    let text = text.trim();
    let rest = strip_prefix_ignore_case(text, "https://").or_else(|| strip_prefix_ignore_case(text, "http://")).unwrap_or(text);
    let (host, rest) = split_host(rest);
    if host.contains([':', '@']) {
        return None;
    }
    let (before_fragment, fragment) = rest.split_once('#').map_or((rest, None), |(before, after)| (before, Some(after)));
    let (path, query) = before_fragment.split_once('?').map_or((before_fragment, None), |(path, query)| (path, Some(query)));
    Some(UrlParts { host, path, query, fragment })
}
