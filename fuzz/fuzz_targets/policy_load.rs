//! Any text as a user policy layered over the default: loading never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ward_core::{Layer, Policy};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Policy::layered(vec![Layer { origin: "fuzz.toml".into(), text: text.into() }]);
    }
});
