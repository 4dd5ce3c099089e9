//! Randomness from the operating system, for ids, seeds and keys.

/// `N` bytes from the operating system's cryptographic generator.
///
/// Aborting is the only safe answer when the OS has no entropy to give: every caller needs
/// unpredictable bytes (keys, seeds), and inventing them would be a silent security failure.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    if getrandom::fill(&mut out).is_err() {
        std::process::abort();
    }
    out
}
