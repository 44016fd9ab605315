//! Link options for the `ward` binary. Every hook, check, shim and shell
//! line is a new ward process, so what happens before `main` is paid on
//! every call.
//!
//! On glibc, `ward` is linked static and not position-independent: no
//! dynamic loader runs, no shared library is mapped, and no relocation is
//! applied at start-up (a PIE had 21,363 relative relocations and a 442 KB
//! `.data.rel.ro` that every process touched). Rust's objects are
//! position-independent and link fine into a fixed-address executable, and
//! only the `ward` binary is affected (`ward-serve`, tests and proc-macros
//! keep the default). `WARD_LINK_DYNAMIC=1` builds the old dynamic PIE
//! (with compact `-z pack-relative-relocs` relocations).
//!
//! rustc links `-lgcc_s -lm -lc` after its own `-Bdynamic`, which would
//! pull the shared libraries back in: one-line linker scripts of those names
//! in `OUT_DIR` (searched first) point them at the static archives the C
//! compiler reports (`libgcc_eh`, the unwinder gcc itself uses for
//! `-static`, stands in for `libgcc_s`). When an archive is missing, the
//! binary is built as before (a dynamic PIE).
//!
//! A static glibc still resolves host names (`ward daemon --ship-syslog
//! tcp://HOST`) through the NSS modules of the glibc installed at run time;
//! ward is built where it runs, so they match.

fn main() {
    println!("cargo:rerun-if-env-changed=WARD_LINK_DYNAMIC");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || env != "gnu" {
        return;
    }
    let dynamic = std::env::var_os("WARD_LINK_DYNAMIC").is_some_and(|v| v == "1");
    let out = std::env::var("OUT_DIR").unwrap_or_default();
    if dynamic || out.is_empty() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
        return;
    }
    if let Err(why) = static_scripts(std::path::Path::new(&out)) {
        println!("cargo:warning=`ward` is linked dynamically: {why}");
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
        return;
    }
    println!("cargo:rustc-link-arg-bin=ward=-L{out}");
    println!("cargo:rustc-link-arg-bin=ward=-static");
    println!("cargo:rustc-link-arg-bin=ward=-no-pie");
    // rustc links with its own lld (the pinned toolchain's default on this
    // target): identical-code folding merges byte-identical monomorphised
    // functions.
    println!("cargo:rustc-link-arg-bin=ward=-Wl,--icf=all");
    // `ward-serve` stays a dynamic PIE.
    println!("cargo:rustc-link-arg-bin=ward-serve=-Wl,-z,pack-relative-relocs");
}

/// Writes `libgcc_s.a`, `libm.so` and `libc.so` into `out`, each naming the
/// static archive the C compiler finds.
fn static_scripts(out: &std::path::Path) -> Result<(), String> {
    let cc = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".into());
    let archive = |name: &str| -> Result<String, String> {
        let o = std::process::Command::new(&cc)
            .arg(format!("-print-file-name={name}"))
            .output()
            .map_err(|e| format!("cannot run `{cc}`: {e}"))?;
        let path = String::from_utf8_lossy(&o.stdout).trim().to_owned();
        // Not found: the compiler echoes the bare name.
        if path.contains('/') && std::path::Path::new(&path).exists() {
            Ok(path)
        } else {
            Err(format!("`{cc}` finds no `{name}`"))
        }
    };
    for (script, archive_name) in [
        ("libgcc_s.a", "libgcc_eh.a"),
        ("libm.so", "libm.a"),
        ("libc.so", "libc.a"),
    ] {
        let text = format!("INPUT({})\n", archive(archive_name)?);
        let path = out.join(script);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}
