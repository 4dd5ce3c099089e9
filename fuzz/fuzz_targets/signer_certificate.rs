//! Document signer certificates (DER, PEM, base64) and NZ issuers' DID documents.
#![no_main]

use healthpass_core::certificate::{DidDocument, DocumentSigner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = DocumentSigner::from_file_bytes(data);
    let _ = DocumentSigner::from_der(data);
    let _ = DidDocument::from_json(data);
});
