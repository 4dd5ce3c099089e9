//! The certificate wallet: many certificates for several holders (a family) in the store,
//! added from QR text (or a photo, through [`crate::scan`]), listed, shown and removed. The
//! same certificate twice is detected by its fingerprint, however its QR text was encoded.

mod entries;
mod error;

pub use entries::{
    MAX_HOLDER_LABEL_CHARS, WalletEntry, add_certificate, holder_status, holders, list_certificates, remove_certificate,
    show_certificate,
};
pub use error::WalletError;

#[cfg(test)]
mod tests;
