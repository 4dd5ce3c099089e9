//! An immutable file held in memory for serving, with its strong entity tag.

use axum::body::Bytes;
use sha2::{Digest, Sha256};

/// File bytes and their entity tag; cloning shares the bytes.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// The file's contents.
    pub bytes: Bytes,
    /// Strong ETag: the quoted hex of the first 16 bytes of SHA-256 of the contents.
    pub etag: String,
}

impl StaticFile {
    /// Wraps `bytes`, computing the entity tag.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        let digest = Sha256::digest(&bytes);
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        StaticFile { bytes, etag: format!("\"{hex}\"") }
    }
}
