//! Link options of the phone library (`libhealthpass`) where it is linked with LLD: on Linux
//! (rustc's own LLD) and on Android (the NDK's).

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        // Relative relocations packed into a bitmap (DT_RELR) instead of 24 bytes each: about
        // 400 KB less. glibc loads them since 2.36 (Debian 12).
        println!("cargo:rustc-link-arg-cdylib=-Wl,-z,pack-relative-relocs");
        // Identical functions (generic instances that compile to the same code) kept once.
        println!("cargo:rustc-link-arg-cdylib=-Wl,--icf=all");
    }
    // The NDK links with LLD too: relocations packed the Android way (every API level, where
    // DT_RELR needs API 30), identical code folded.
    if os == "android" {
        println!("cargo:rustc-link-arg-cdylib=-Wl,--pack-dyn-relocs=android");
        println!("cargo:rustc-link-arg-cdylib=-Wl,--icf=all");
    }
}
