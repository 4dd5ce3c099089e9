//! Reed–Solomon error correction of one QR block over GF(256) (field polynomial
//! x⁸+x⁴+x³+x²+1, generator roots α⁰…α^(n−k−1)): syndromes, Berlekamp–Massey for the error
//! locator, a Chien search for its roots and Forney's formula for the error values. It
//! replaces rxing's generic decoder, whose field arithmetic divides on every multiplication
//! and compares whole field tables on every polynomial operation — a fifth of the time of a
//! frame with a code in it.

/// Field elements by their logarithm, repeated so a sum of two logarithms needs no modulo,
/// then zeros: any sum involving [`ZERO_LOG`] lands there, so products need no branch.
const EXP: [u8; 1023] = exp_table();
/// Logarithms of the field elements, [`ZERO_LOG`] standing in for zero's.
const LOG: [u16; 256] = log_table();
/// Zero's stand-in logarithm: plus any logarithm (or 255 minus one) it stays in EXP's zeros.
const ZERO_LOG: u16 = 511;

const fn exp_table() -> [u8; 1023] {
    let mut table = [0u8; 1023];
    let mut x: u16 = 1;
    let mut i = 0;
    while i < 510 {
        table[i] = x as u8;
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11d;
        }
        i += 1;
    }
    table
}

const fn log_table() -> [u16; 256] {
    let exp = exp_table();
    let mut table = [ZERO_LOG; 256];
    let mut i = 0;
    while i < 255 {
        table[exp[i] as usize] = i as u16;
        i += 1;
    }
    table
}

fn log(x: u8) -> usize {
    usize::from(LOG[usize::from(x)])
}

fn mul(a: u8, b: u8) -> u8 {
    EXP[log(a) + log(b)]
}

/// a / b for nonzero b.
fn div(a: u8, b: u8) -> u8 {
    EXP[log(a) + 255 - log(b)]
}

/// α to the power `power` (any nonnegative power).
fn alpha(power: usize) -> u8 {
    EXP[power % 255]
}

/// The block's errors are more than its error-correction codewords can mend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Uncorrectable;

/// Corrects `block` (data codewords then `ec_count` error-correction codewords, the first
/// codeword the highest-degree coefficient) in place; returns how many codewords it changed.
/// On [`Uncorrectable`] the block is left as it was.
pub(crate) fn correct(block: &mut [u8], ec_count: usize) -> Result<usize, Uncorrectable> {
    if ec_count == 0 || ec_count >= block.len() || block.len() > 255 {
        return Err(Uncorrectable);
    }
    let received = syndromes(block, ec_count);
    if received.iter().all(|&s| s == 0) {
        return Ok(0);
    }
    let corrections = corrections(&received, block.len())?;
    let apply = |block: &mut [u8]| corrections.iter().for_each(|&(at, value)| block[at] ^= value);
    apply(block);
    // A locator with as many roots as its degree yields a codeword; checking costs one pass.
    if syndromes(block, ec_count).iter().any(|&s| s != 0) {
        apply(block);
        return Err(Uncorrectable);
    }
    Ok(corrections.len())
}

/// The (index, XOR value) of each wrong codeword of a block of `len` codewords whose
/// syndromes are `received` (not all zero).
fn corrections(received: &[u8], len: usize) -> Result<Vec<(usize, u8)>, Uncorrectable> {
    let locator = error_locator(received);
    let errors = locator.len() - 1;
    if 2 * errors > received.len() {
        return Err(Uncorrectable);
    }
    // Chien search: an error in the coefficient of degree k makes α^-k a root of the locator.
    let positions: Vec<usize> = (0..len).filter(|&degree| evaluate_low_first(&locator, alpha(255 - degree % 255)) == 0).collect();
    if positions.len() != errors {
        return Err(Uncorrectable);
    }
    let evaluator = error_evaluator(received, &locator);
    positions
        .into_iter()
        .map(|degree| {
            let (x, x_inverse) = (alpha(degree), alpha(255 - degree % 255));
            // Forney, first root α⁰: e = X · Ω(X⁻¹) / Λ'(X⁻¹); in GF(2^8) Λ' keeps the odd terms.
            let derivative =
                locator.iter().enumerate().skip(1).step_by(2).fold(0, |sum, (i, &c)| sum ^ mul(c, pow(x_inverse, i - 1)));
            if derivative == 0 {
                return Err(Uncorrectable);
            }
            Ok((len - 1 - degree, mul(x, div(evaluate_low_first(&evaluator, x_inverse), derivative))))
        })
        .collect()
}

/// S_j = R(α^j) for j in 0..`ec_count`, by Horner's rule for all of them at once (the
/// independent chains overlap in the pipeline); multiplying by α^j adds j to the logarithm.
fn syndromes(block: &[u8], ec_count: usize) -> Vec<u8> {
    let mut syndromes = vec![0u8; ec_count];
    for &c in block {
        for (j, s) in syndromes.iter_mut().enumerate() {
            *s = EXP[log(*s) + j] ^ c;
        }
    }
    syndromes
}

/// Berlekamp–Massey: the shortest error locator Λ (Λ₀ = 1, lowest degree first) whose
/// recurrence produces the syndromes.
fn error_locator(syndromes: &[u8]) -> Vec<u8> {
    let (mut current, mut previous) = (vec![1u8], vec![1u8]);
    let (mut length, mut shift, mut previous_discrepancy) = (0usize, 1usize, 1u8);
    for n in 0..syndromes.len() {
        let discrepancy = (1..=length).fold(syndromes[n], |d, i| d ^ mul(current.get(i).copied().unwrap_or(0), syndromes[n - i]));
        if discrepancy == 0 {
            shift += 1;
            continue;
        }
        let scale = div(discrepancy, previous_discrepancy);
        let mut next = current.clone();
        if next.len() < previous.len() + shift {
            next.resize(previous.len() + shift, 0);
        }
        for (i, &b) in previous.iter().enumerate() {
            next[i + shift] ^= mul(scale, b);
        }
        if 2 * length <= n {
            (length, previous, previous_discrepancy, shift) = (n + 1 - length, current, discrepancy, 1);
        } else {
            shift += 1;
        }
        current = next;
    }
    current.truncate(length + 1);
    current
}

/// Ω(x) = S(x)·Λ(x) mod x^(number of syndromes), lowest degree first.
fn error_evaluator(syndromes: &[u8], locator: &[u8]) -> Vec<u8> {
    let mut evaluator = vec![0u8; syndromes.len()];
    for (i, &s) in syndromes.iter().enumerate() {
        for (j, &l) in locator.iter().enumerate().take(syndromes.len() - i) {
            evaluator[i + j] ^= mul(s, l);
        }
    }
    evaluator
}

/// A polynomial given lowest degree first, at `x`.
fn evaluate_low_first(polynomial: &[u8], x: u8) -> u8 {
    polynomial.iter().rev().fold(0u8, |sum, &c| mul(sum, x) ^ c)
}

fn pow(x: u8, power: usize) -> u8 {
    if x == 0 { u8::from(power == 0) } else { alpha(log(x) * power) }
}

#[cfg(test)]
mod tests {
    use rxing::common::reedsolomon::{PredefinedGenericGF, ReedSolomonEncoder};

    use super::*;

    /// A block of `data` codewords and `ec` error-correction codewords from rxing's encoder.
    fn encoded(data: usize, ec: usize, seed: u32) -> Vec<u8> {
        let mut encoder = ReedSolomonEncoder::new(PredefinedGenericGF::QrCodeField256.into()).unwrap();
        let mut words: Vec<i32> = (0..data as u32).map(|i| ((i * 131 + seed * 17 + 7) % 256) as i32).collect();
        words.resize(data + ec, 0);
        encoder.encode(&mut words, ec).unwrap();
        words.into_iter().map(|w| w as u8).collect()
    }

    /// `count` distinct positions of a block of `len`, spread by `seed` (a xorshift sequence).
    fn positions(len: usize, count: usize, seed: usize) -> Vec<usize> {
        let (mut chosen, mut state) = (Vec::new(), seed as u32 | 1);
        while chosen.len() < count {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let at = state as usize % len;
            if !chosen.contains(&at) {
                chosen.push(at);
            }
        }
        chosen
    }

    #[test]
    fn mends_up_to_half_the_error_correction_codewords_anywhere() {
        for (data, ec) in [(19, 7), (16, 10), (13, 13), (9, 17), (116, 30), (15, 30), (200, 55)] {
            for seed in 0..20 {
                let clean = encoded(data, ec, seed as u32);
                for errors in 0..=ec / 2 {
                    let mut block = clean.clone();
                    for (k, at) in positions(block.len(), errors, seed * 31 + errors).into_iter().enumerate() {
                        block[at] ^= (k as u8).wrapping_mul(37) | 1;
                    }
                    assert_eq!(correct(&mut block, ec), Ok(errors), "data {data} ec {ec} seed {seed} errors {errors}");
                    assert_eq!(block, clean);
                }
            }
        }
    }

    #[test]
    fn too_many_errors_are_refused_or_land_on_another_codeword_never_on_garbage() {
        let (data, ec) = (19, 7);
        let mut refused = 0;
        for seed in 0..200 {
            let clean = encoded(data, ec, seed);
            let mut block = clean.clone();
            for at in positions(block.len(), ec / 2 + 2, seed as usize) {
                block[at] ^= 0x5a;
            }
            let damaged = block.clone();
            match correct(&mut block, ec) {
                Err(Uncorrectable) => {
                    assert_eq!(block, damaged, "a refused block is left as it was");
                    refused += 1;
                }
                // A miscorrection is possible, but then the result is a valid codeword.
                Ok(_) => assert!(syndromes(&block, ec).iter().all(|&s| s == 0)),
            }
        }
        assert!(refused > 150, "refused only {refused} of 200");
    }

    #[test]
    fn arbitrary_blocks_are_mended_or_refused_without_panicking() {
        let mut state = 0x9e37_79b9_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        for _ in 0..2_000 {
            let len = next() as usize % 300;
            let mut block: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let ec_count = next() as usize % (len + 2);
            if let Ok(changed) = correct(&mut block, ec_count) {
                assert!(2 * changed <= ec_count);
                assert!(syndromes(&block, ec_count).iter().all(|&s| s == 0));
            }
        }
    }

    #[test]
    fn malformed_blocks_are_refused() {
        assert_eq!(correct(&mut [1, 2, 3], 0), Err(Uncorrectable));
        assert_eq!(correct(&mut [1, 2, 3], 3), Err(Uncorrectable));
        assert_eq!(correct(&mut vec![1; 256], 10), Err(Uncorrectable));
    }
}
