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

/// Shuffles `items` uniformly (Fisher–Yates with the OS generator), so an item's position says
/// nothing about where it came from. The modulo bias of a u64 over a slice length is below
/// 2^-40 for any slice that fits in memory.
pub fn shuffle<T>(items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = (u64::from_le_bytes(bytes()) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}
