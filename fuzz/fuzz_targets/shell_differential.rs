//! Any bytes: wherever the hand-written shell parser accepts a line, its
//! tree must equal tree-sitter-bash's, node for node; it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ward_core::shell::syntax;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.contains('\0') {
        return;
    }
    if let Some(hand) = syntax::parse_hand(text) {
        let ts = syntax::parse_tree_sitter(text).expect("tree-sitter gave no tree");
        assert!(
            hand.root_node() == ts.root_node(),
            "trees differ for {text:?}\n  hand: {:?}\n  ts:   {:?}",
            hand.root_node(),
            ts.root_node()
        );
    }
});
