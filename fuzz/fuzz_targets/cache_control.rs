//! A server's `Cache-Control` header value, which sets how long a phone waits before its next
//! background sync: never a panic, and a lifetime only from a `max-age`, `no-cache` or
//! `no-store` directive.
#![no_main]

use healthpass_core::remote::cache_max_age;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(lifetime) = cache_max_age(text) {
            let lower = text.to_ascii_lowercase();
            assert!(lower.contains("max-age") || (lifetime.is_zero() && lower.contains("no-")), "{text:?}");
        }
    }
});
