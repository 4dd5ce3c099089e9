//! The recovery code: 128 random bits only the citizen holds, written so people can copy it by
//! hand and read it aloud.
//!
//! Text form: 28 symbols of Crockford's base32 (`0-9`, `A-Z` without `I L O U`) in seven groups
//! of four, e.g. `0K3M-7QX2-…`. The first 26 symbols carry the 128 bits (big-endian, two leading
//! zero bits); the last two carry a check value, the 26 symbols read as one base-32 number
//! modulo the prime 1021. Because 1021 is prime and larger than 32, every single wrong symbol
//! and every swap of two neighbouring symbols changes the remainder, so each such typo is
//! caught for certain; other mistakes slip through with probability 1/1021.
//! Reading is forgiving where it costs nothing: case, dashes and spaces are ignored, and
//! `I`/`L` read as `1`, `O` as `0`, as Crockford specifies.

use std::fmt;

use thiserror::Error;

/// Bytes of secret in a recovery code (128 bits).
pub const SECRET_LEN: usize = 16;

/// Symbols of the written code, check symbols included.
pub const CODE_SYMBOLS: usize = DATA_SYMBOLS + CHECK_SYMBOLS;

/// Crockford's base32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols carrying the secret: 26 × 5 = 130 bits, the first two always zero.
const DATA_SYMBOLS: usize = 26;
/// Symbols carrying the check value (10 bits, below 1021).
const CHECK_SYMBOLS: usize = 2;
/// The prime modulus of the check value.
const CHECK_MODULUS: u32 = 1021;
/// Symbols per group in the written form.
const GROUP: usize = 4;

/// Why a typed recovery code was refused. No variant carries the code or a part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum RecoveryCodeError {
    /// The code has the wrong number of symbols (one left out or typed twice).
    #[error("a recovery code has {CODE_SYMBOLS} letters and digits; this one has {found}")]
    WrongLength {
        /// Symbols found after ignoring dashes and spaces.
        found: usize,
    },
    /// A character that never appears in a recovery code (such as `U` or `*`).
    #[error("the recovery code contains a character that is not used in codes")]
    InvalidCharacter,
    /// The check symbols do not match: a symbol was mistyped or two were swapped.
    #[error("the recovery code has a typo; compare it with the recovery sheet")]
    Typo,
}

/// A citizen's recovery code: the root of every backup key. Its `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode {
    secret: [u8; SECRET_LEN],
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

impl RecoveryCode {
    /// A fresh code from the operating system's generator.
    pub fn generate() -> Self {
        RecoveryCode { secret: crate::random::bytes() }
    }

    /// The code holding exactly these secret bytes.
    pub fn from_secret(secret: [u8; SECRET_LEN]) -> Self {
        RecoveryCode { secret }
    }

    /// The 128-bit secret, for key derivation.
    pub(crate) fn secret(&self) -> &[u8; SECRET_LEN] {
        &self.secret
    }

    /// Reads a code as a person typed it (see the module documentation for what is forgiven).
    pub fn parse(text: &str) -> Result<Self, RecoveryCodeError> {
        let symbols = symbols_of(text)?;
        if symbols.len() != CODE_SYMBOLS {
            return Err(RecoveryCodeError::WrongLength { found: symbols.len() });
        }
        let (data, check) = symbols.split_at(DATA_SYMBOLS);
        if check_symbols(data) != [check[0], check[1]] {
            return Err(RecoveryCodeError::Typo);
        }
        // 26 symbols hold 130 bits; a code this module wrote starts with a symbol below 8.
        if data[0] >= 8 {
            return Err(RecoveryCodeError::Typo);
        }
        let value = data.iter().fold(0u128, |value, &symbol| (value << 5) | u128::from(symbol));
        Ok(RecoveryCode { secret: value.to_be_bytes() })
    }

    /// The code as printed and shown: seven groups of four symbols joined by dashes.
    pub fn to_text(&self) -> String {
        let value = u128::from_be_bytes(self.secret);
        let mut symbols: Vec<u8> = (0..DATA_SYMBOLS).map(|i| ((value >> (5 * (DATA_SYMBOLS - 1 - i))) & 31) as u8).collect();
        let check = check_symbols(&symbols);
        symbols.extend_from_slice(&check);
        let groups: Vec<String> = symbols
            .chunks(GROUP)
            .map(|group| group.iter().map(|&symbol| char::from(ALPHABET[usize::from(symbol)])).collect())
            .collect();
        groups.join("-")
    }
}

/// The symbol values (0–31) of `text`, skipping dashes and white space.
fn symbols_of(text: &str) -> Result<Vec<u8>, RecoveryCodeError> {
    text.chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .map(|c| {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                other => other,
            };
            ALPHABET.iter().position(|&a| char::from(a) == c).map(|p| p as u8).ok_or(RecoveryCodeError::InvalidCharacter)
        })
        .collect()
}

/// The two check symbols of the data symbols: their base-32 value modulo 1021.
fn check_symbols(data: &[u8]) -> [u8; CHECK_SYMBOLS] {
    let remainder = data.iter().fold(0u32, |rest, &symbol| (rest * 32 + u32::from(symbol)) % CHECK_MODULUS);
    [(remainder / 32) as u8, (remainder % 32) as u8]
}
