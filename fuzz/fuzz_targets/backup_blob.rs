//! Backup blobs, kept content keys and contents JSON: arbitrary bytes against a fixed recovery
//! code. Without a passphrase, so a wrapped header stops before Argon2id (a fuzzer asking for
//! 256 MiB per input would only measure Argon2).
#![no_main]

use healthpass_core::backup::contents::BackupContents;
use healthpass_core::backup::format::{ContentKey, check_header, open};
use healthpass_core::backup::keys::BackupKeys;
use healthpass_core::backup::recovery_code::RecoveryCode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let keys = BackupKeys::derive(&RecoveryCode::from_secret([7; 16]));
    let _ = check_header(data);
    let _ = open(data, &keys, None);
    let _ = ContentKey::from_bytes(data);
    let _ = BackupContents::from_json(data);
});
