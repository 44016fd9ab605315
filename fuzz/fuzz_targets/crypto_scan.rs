//! Any bytes as a source, key or config file: the scanner never panics and
//! every finding, and every step of its resolution trail, points inside the input; the syntax
//! layer's parse gate never skips a file a parse would find uses in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use ward_crypto::scan_bytes;

const NAMES: [&str; 12] = [
    "a.py", "A.java", "a.go", "a.c", "a.ts", "a.rs", "a.cs", "a.php", "a.rb", "key.pem",
    "nginx.conf", "openssl.cnf",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let lines = body.split(|&b| b == b'\n').count();
    // The parse gate (Python, Java, Go) never skips a file a parse finds uses in.
    let text = String::from_utf8_lossy(body);
    assert!(
        !ward_crypto::gate_misses(Path::new(name), &text),
        "the parse gate skipped a file with syntax findings"
    );
    for f in scan_bytes(Path::new(name), body) {
        let line = usize::try_from(f.line).unwrap_or(usize::MAX);
        assert!(line >= 1 && line <= lines, "line {line} of {lines}");
        // The resolution trail (syntax layer: Python, Java, Go) points inside the input too.
        for s in &f.trail {
            let l = usize::try_from(s.line).unwrap_or(usize::MAX);
            assert!(l >= 1 && l <= lines, "trail line {l} of {lines}");
        }
    }
});
