//! Any text as recorded input events (JSON lines, Balabit CSV): parsing
//! returns events or an error naming the line, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ward_trust::source::{balabit, jsonl};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = jsonl::parse(&text, "fuzz");
    let _ = balabit::parse_session(&text, "fuzz");
});
