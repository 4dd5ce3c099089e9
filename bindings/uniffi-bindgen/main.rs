//! `uniffi-bindgen generate <library> --language kotlin|swift --out-dir DIR`, at the uniffi
//! version pinned in the workspace (see scripts/bindings.sh).

fn main() {
    uniffi::uniffi_bindgen_main()
}
