//! Which server URLs the client talks to: `https://host[:port][/path]`, or plain `http://` to
//! this machine only (`localhost`, `127.0.0.1`, `[::1]`), so nothing travels unencrypted over a
//! network. No user name, query or fragment. Untrusted input (settings, a CLI argument): never
//! panics.

use super::RemoteError;

/// Checks `base` (without a trailing `/`) against the rules above.
pub(super) fn check_server_url(base: &str) -> Result<(), RemoteError> {
    let (scheme, rest) = base.split_once("://").ok_or(RemoteError::InvalidServerUrl)?;
    let plain_text = base.bytes().all(|byte| byte.is_ascii_graphic());
    if !plain_text || rest.contains(['?', '#', '@', '\\']) {
        return Err(RemoteError::InvalidServerUrl);
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let host = host_of(authority).ok_or(RemoteError::InvalidServerUrl)?;
    let loopback = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
    match scheme {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(RemoteError::InvalidServerUrl),
    }
}

/// The host of `authority` (`host`, `host:port`, `[v6]` or `[v6]:port`); `None` when it is
/// empty, holds a character no host name has, or the port is not a number up to 65535.
fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (address, after) = bracketed.split_once(']')?;
            let valid = !address.is_empty() && address.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
            let port = if after.is_empty() { None } else { Some(after.strip_prefix(':')?) };
            (valid.then_some(&authority[..address.len() + 2])?, port)
        }
        None => {
            let (host, port) = match authority.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            };
            let valid = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
            (valid.then_some(host)?, port)
        }
    };
    match port {
        Some(digits) if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) => None,
        Some(digits) => digits.parse::<u16>().ok().map(|_| host),
        None => Some(host),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_the_port_and_the_characters_of_a_server_url_are_checked() {
        for refused in [
            "http://example.org",
            "ftp://localhost",
            "https://example.org/?next=1",
            "https://example.org/#top",
            "https://user@example.org",
            "https://exa mple.org",
            "https://",
            "https://:443",
            "https://example.org:",
            "https://example.org:99999",
            "https://example.org:1x",
            "https://[::1",
            "https://[]",
            "https://[::1]x",
            "http://localhost.example.org",
            "http://127.0.0.1.example.org",
            "example.org",
            "not a url",
            "",
        ] {
            assert_eq!(check_server_url(refused), Err(RemoteError::InvalidServerUrl), "{refused:?}");
        }
        for accepted in [
            "https://example.org",
            "https://example.org/healthpass",
            "https://example.org:8443/a/b",
            "http://localhost:8080",
            "http://127.0.0.1:1",
            "http://[::1]:80",
            "http://[::1]",
            "https://[2001:db8::1]:443",
        ] {
            assert_eq!(check_server_url(accepted), Ok(()), "{accepted:?}");
        }
    }
}
