//! Any text as a `ward do` request: refused or resolved to an argv whose
//! program is one of the intents' tools and whose words carry no shell.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ward_intent::{Scope, intents, resolve};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(r) = resolve(&text, &Scope::default()) {
        let tool = r.argv.first().map(String::as_str).unwrap_or("");
        assert!(intents().iter().any(|i| i.tool == tool), "unknown tool `{tool}`");
        for a in &r.argv {
            assert!(!a.contains(['\n', '\0', ';', '|', '`']), "shell in argv: {a:?}");
        }
    }
});
