//! Phone-to-phone transfer without the server: the old phone seals its backup under a fresh,
//! one-time recovery code, offers it on the local network, and shows this QR:
//!
//! ```text
//! HPTX1:<28 recovery-code symbols>@<IP address>:<port>
//! ```
//! The new phone scans it, derives the one-time keys, and fetches
//! `http://<address>/v1/backups/<blob id>` with the one-time credential: the same call and
//! the same blob format as with the server, so one client and one opener serve both. The
//! address must be a private or link-local IP (the phones share a Wi-Fi or a hotspot), so a
//! transfer never leaves the local network; the blob is encrypted and authenticated anyway,
//! and the old phone serves it once. Whoever photographs the QR in that minute could fetch it
//! first; the new phone then fails with [`BackupError::NotFound`] and the citizen sees it.

use std::net::{IpAddr, SocketAddr};

use super::BackupError;
use super::recovery_code::{CODE_SYMBOLS, RecoveryCode};

/// The prefix of a transfer QR.
const PREFIX: &str = "HPTX1:";

/// What the old phone's QR carries: a one-time code and where to fetch the blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferOffer {
    /// The one-time code the transferred blob is sealed under.
    pub code: RecoveryCode,
    /// The old phone's address on the local network.
    pub address: SocketAddr,
}

impl TransferOffer {
    /// A new offer at `address` with a fresh one-time code; refused unless the address is
    /// private or link-local.
    pub fn new(address: SocketAddr) -> Result<Self, BackupError> {
        check_local(address)?;
        Ok(TransferOffer { code: RecoveryCode::generate(), address })
    }

    /// The QR text.
    pub fn to_qr_text(&self) -> String {
        let code: String = self.code.to_text().chars().filter(|c| *c != '-').collect();
        format!("{PREFIX}{code}@{}", self.address)
    }

    /// Reads a scanned QR text.
    pub fn parse(text: &str) -> Result<Self, BackupError> {
        let rest = text.trim().strip_prefix(PREFIX).ok_or(BackupError::InvalidTransferCode("prefix"))?;
        let (code, address) = rest.split_once('@').ok_or(BackupError::InvalidTransferCode("address"))?;
        if code.len() != CODE_SYMBOLS {
            return Err(BackupError::InvalidTransferCode("code"));
        }
        let code = RecoveryCode::parse(code).map_err(|_| BackupError::InvalidTransferCode("code"))?;
        let address: SocketAddr = address.parse().map_err(|_| BackupError::InvalidTransferCode("address"))?;
        check_local(address)?;
        Ok(TransferOffer { code, address })
    }

    /// The base URL the new phone fetches from.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

/// Refuses addresses outside the local network, and port 0.
pub(super) fn check_local(address: SocketAddr) -> Result<(), BackupError> {
    let local = match address.ip() {
        IpAddr::V4(ip) => ip.is_private() || ip.is_link_local() || ip.is_loopback(),
        IpAddr::V6(ip) => ip.is_unique_local() || ip.is_unicast_link_local() || ip.is_loopback(),
    };
    if !local || address.port() == 0 {
        return Err(BackupError::InvalidTransferCode("the address is not on the local network"));
    }
    Ok(())
}
