//! A compact filter of one hour's published tags: a Golomb–Rice coded set (as BIP 158).
//!
//! Each of the `n` tags maps to a value in `[0, n · 2^p)` (its first 8 bytes, scaled); the
//! sorted values are written as differences, each a unary quotient (`1…10`) and `p` remainder
//! bits, most significant bit first, zero-padded to a byte. About `p + 1.5` bits per tag; a
//! tag that was not published passes with probability about `2^-p`. A phone downloads the
//! filter, tests its own tags, and fetches only the buckets of the tags that pass.

use thiserror::Error;

use super::slot::SlotTag;

/// Rice parameter this build writes: a false positive about once in 256 tests.
pub const DEFAULT_RICE_BITS: u8 = 8;
/// Smallest and largest Rice parameter read.
pub const RICE_BITS_RANGE: std::ops::RangeInclusive<u8> = 4..=20;

/// Why a filter was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FilterError {
    /// The Rice parameter is outside [`RICE_BITS_RANGE`].
    #[error("the filter's Rice parameter is out of range")]
    RiceBits,
    /// The coded bits end before `n` values, overflow the value range, or leave non-zero
    /// padding or extra bytes.
    #[error("the filter's coded values are malformed")]
    Coding,
}

/// The published tags of one hour, as a set that answers "maybe" or "no".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFilter {
    rice_bits: u8,
    values: Vec<u64>,
}

impl TagFilter {
    /// The filter of `tags` with Rice parameter `rice_bits` (clamped to [`RICE_BITS_RANGE`]).
    pub fn build(tags: impl ExactSizeIterator<Item = SlotTag>, rice_bits: u8) -> Self {
        let rice_bits = rice_bits.clamp(*RICE_BITS_RANGE.start(), *RICE_BITS_RANGE.end());
        let range = value_range(tags.len() as u64, rice_bits);
        let mut values: Vec<u64> = tags.map(|tag| scaled(&tag, range)).collect();
        values.sort_unstable();
        TagFilter { rice_bits, values }
    }

    /// The Rice parameter.
    pub fn rice_bits(&self) -> u8 {
        self.rice_bits
    }

    /// How many tags the filter holds.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the filter holds no tag.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether `tag` may be among the filter's tags (never `false` for one that is).
    pub fn may_contain(&self, tag: &SlotTag) -> bool {
        let value = scaled(tag, value_range(self.values.len() as u64, self.rice_bits));
        self.values.binary_search(&value).is_ok()
    }

    /// The coded bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = BitWriter::default();
        let mut previous = 0;
        for &value in &self.values {
            let delta = value - previous;
            for _ in 0..delta >> self.rice_bits {
                writer.push(true);
            }
            writer.push(false);
            for bit in (0..self.rice_bits).rev() {
                writer.push((delta >> bit) & 1 == 1);
            }
            previous = value;
        }
        writer.bytes
    }

    /// Reads `count` coded values with Rice parameter `rice_bits` from exactly `bytes`.
    pub fn from_bytes(count: u32, rice_bits: u8, bytes: &[u8]) -> Result<Self, FilterError> {
        if !RICE_BITS_RANGE.contains(&rice_bits) {
            return Err(FilterError::RiceBits);
        }
        let range = value_range(u64::from(count), rice_bits);
        let mut reader = BitReader { bytes, at: 0 };
        let mut values = Vec::with_capacity(usize::try_from(count).unwrap_or(0).min(bytes.len() * 8));
        let mut previous = 0u64;
        for _ in 0..count {
            let mut quotient = 0u64;
            while reader.next()? {
                quotient += 1;
                // A quotient past the range can only come from a malformed or hostile filter.
                if quotient > range >> rice_bits {
                    return Err(FilterError::Coding);
                }
            }
            let mut remainder = 0u64;
            for _ in 0..rice_bits {
                remainder = (remainder << 1) | u64::from(reader.next()?);
            }
            let value = previous.checked_add((quotient << rice_bits) | remainder).filter(|v| *v < range.max(1));
            previous = value.ok_or(FilterError::Coding)?;
            values.push(previous);
        }
        // Only zero bits may pad the last byte, and nothing may follow it.
        if reader.at.div_ceil(8) != bytes.len() || (reader.at..bytes.len() * 8).any(|bit| reader.bit(bit)) {
            return Err(FilterError::Coding);
        }
        Ok(TagFilter { rice_bits, values })
    }
}

/// The size of the value range: `n · 2^p` (n is at most a few million, p at most 20).
fn value_range(count: u64, rice_bits: u8) -> u64 {
    count.saturating_mul(1u64 << rice_bits)
}

/// A tag's first 8 bytes scaled into `[0, range)`.
fn scaled(tag: &SlotTag, range: u64) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&tag.0[..8]);
    ((u128::from(u64::from_be_bytes(first)) * u128::from(range)) >> 64) as u64
}

#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    bits: usize,
}

impl BitWriter {
    fn push(&mut self, bit: bool) {
        if self.bits.is_multiple_of(8) {
            self.bytes.push(0);
        }
        if bit && let Some(last) = self.bytes.last_mut() {
            *last |= 0x80 >> (self.bits % 8);
        }
        self.bits += 1;
    }
}

struct BitReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl BitReader<'_> {
    fn next(&mut self) -> Result<bool, FilterError> {
        if self.at >= self.bytes.len() * 8 {
            return Err(FilterError::Coding);
        }
        let bit = self.bit(self.at);
        self.at += 1;
        Ok(bit)
    }

    fn bit(&self, at: usize) -> bool {
        self.bytes.get(at / 8).is_some_and(|byte| byte & (0x80 >> (at % 8)) != 0)
    }
}
