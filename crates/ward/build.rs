//! Link options for the `ward` binary. Every hook, check, shim and shell
//! line is a new ward process, so what the dynamic loader does before `main`
//! is paid on every call.
//!
//! `-z pack-relative-relocs` stores the binary's relative relocations as a
//! compact bitmap (DT_RELR, glibc ≥ 2.36) instead of one 24-byte record each:
//! the loader reads a fraction of the bytes and the file shrinks. The binary
//! stays position-independent (ASLR is kept). Linkers without the option warn
//! and ignore it.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
