//! A reader that hashes and counts what passes through it.

use std::io::Read;

use sha2::{Digest, Sha256};

/// Passes reads through and keeps the SHA-256 and the count of every byte read.
pub(super) struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    len: u64,
}

impl<R: Read> HashingReader<R> {
    /// Wraps `inner`.
    pub(super) fn new(inner: R) -> Self {
        HashingReader { inner, hasher: Sha256::new(), len: 0 }
    }

    /// How many bytes were read so far.
    pub(super) fn bytes_read(&self) -> u64 {
        self.len
    }

    /// The digest of everything read so far.
    pub(super) fn digest(self) -> [u8; 32] {
        self.hasher.finalize().into()
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}
