//! Typed recovery codes and scanned transfer QR texts.
#![no_main]

use healthpass_core::backup::recovery_code::RecoveryCode;
use healthpass_core::backup::transfer::TransferOffer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(code) = RecoveryCode::parse(text) {
        assert_eq!(RecoveryCode::parse(&code.to_text()), Ok(code));
    }
    if let Ok(offer) = TransferOffer::parse(text) {
        assert_eq!(TransferOffer::parse(&offer.to_qr_text()).ok(), Some(offer));
    }
});
