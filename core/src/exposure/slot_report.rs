//! Slot reports (format v2): one visit's presence in one hour slot, found by the slot's tag and
//! readable only under the slot's key.
//!
//! ```text
//! tag (16) | nonce (12) | ChaCha20-Poly1305(key(location, slot), nonce, aad = tag,
//!                                           version u8 = 2 | start step u32 BE | steps u8) (6 + 16)
//! ```
//! 50 bytes. The window inside is the whole coarse presence (not only its part in the slot),
//! so the phone can refuse one that is too long, too late or outside the infectious period.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};

use super::slot::{CoarseWindow, Slot, SlotTag};
use super::{LocationId, ReportError};

/// Version byte inside the sealed window.
const WINDOW_VERSION: u8 = 2;
/// Plaintext: version, start step, number of steps.
const PLAINTEXT_LEN: usize = 1 + 5;
/// ChaCha20-Poly1305 nonce; random, and few reports ever share a slot key, so never repeated.
const NONCE_LEN: usize = 12;
/// Poly1305 tag.
const MAC_LEN: usize = 16;
/// Bytes of one slot report on the wire.
pub const SLOT_REPORT_LEN: usize = 16 + NONCE_LEN + PLAINTEXT_LEN + MAC_LEN;

/// One visit's presence in one slot, as uploaded and published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotReport {
    /// The slot's tag: what matching looks up.
    pub tag: SlotTag,
    nonce: [u8; NONCE_LEN],
    sealed: [u8; PLAINTEXT_LEN + MAC_LEN],
}

impl SlotReport {
    /// Seals `window` for `slot` of `location`; one report per slot the window touches is
    /// what an upload carries ([`sealed_slot_reports`]).
    pub fn seal(location: &LocationId, slot: Slot, window: &CoarseWindow) -> Self {
        let tag = location.slot_tag(slot);
        let mut plaintext = [0u8; PLAINTEXT_LEN];
        plaintext[0] = WINDOW_VERSION;
        plaintext[1..].copy_from_slice(&window.to_bytes());
        let nonce: [u8; NONCE_LEN] = crate::random::bytes();
        let cipher = ChaCha20Poly1305::new(&location.slot_key(slot).into());
        let mut sealed = [0u8; PLAINTEXT_LEN + MAC_LEN];
        // Encrypting a fixed-size buffer in memory cannot fail; the length is always right.
        if let Ok(bytes) = cipher.encrypt(Nonce::from_slice(&nonce), Payload { msg: &plaintext, aad: &tag.0 }) {
            sealed.copy_from_slice(&bytes);
        }
        SlotReport { tag, nonce, sealed }
    }

    /// Random bytes of a report's form (server-made decoy submissions): no one can open it.
    pub fn decoy() -> Self {
        SlotReport { tag: SlotTag(crate::random::bytes()), nonce: crate::random::bytes(), sealed: crate::random::bytes() }
    }

    /// Opens the window with the key of `slot` at `location`.
    pub fn open(&self, location: &LocationId, slot: Slot) -> Result<CoarseWindow, ReportError> {
        let cipher = ChaCha20Poly1305::new(&location.slot_key(slot).into());
        let plaintext = cipher
            .decrypt(Nonce::from_slice(&self.nonce), Payload { msg: &self.sealed, aad: &self.tag.0 })
            .map_err(|_| ReportError::Undecryptable)?;
        match plaintext.as_slice() {
            [WINDOW_VERSION, a, b, c, d, steps] => {
                CoarseWindow::from_bytes([*a, *b, *c, *d, *steps]).map_err(|_| ReportError::InvalidWindow)
            }
            _ => Err(ReportError::InvalidWindow),
        }
    }

    /// The wire form ([`SLOT_REPORT_LEN`] bytes).
    pub fn to_bytes(&self) -> [u8; SLOT_REPORT_LEN] {
        let mut out = [0u8; SLOT_REPORT_LEN];
        out[..16].copy_from_slice(&self.tag.0);
        out[16..16 + NONCE_LEN].copy_from_slice(&self.nonce);
        out[16 + NONCE_LEN..].copy_from_slice(&self.sealed);
        out
    }

    /// Reads the wire form; every [`SLOT_REPORT_LEN`] bytes are a report (most open for no one).
    pub fn from_array(bytes: &[u8; SLOT_REPORT_LEN]) -> Self {
        let mut report = SlotReport { tag: SlotTag([0; 16]), nonce: [0; NONCE_LEN], sealed: [0; PLAINTEXT_LEN + MAC_LEN] };
        report.tag.0.copy_from_slice(&bytes[..16]);
        report.nonce.copy_from_slice(&bytes[16..16 + NONCE_LEN]);
        report.sealed.copy_from_slice(&bytes[16 + NONCE_LEN..]);
        report
    }
}

/// The reports of one presence at `location`: `window` sealed once for every slot it touches.
pub fn sealed_slot_reports(location: &LocationId, window: &CoarseWindow) -> Vec<SlotReport> {
    window.slots().map(|slot| SlotReport::seal(location, slot, window)).collect()
}
