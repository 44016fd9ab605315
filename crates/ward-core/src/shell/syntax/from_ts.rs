//! The fallback: tree-sitter-bash's tree, copied into the arena in one
//! cursor walk.

use super::tree::{Builder, Flags, Tree};
use std::cell::RefCell;
use tree_sitter::Parser;

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses `text` with tree-sitter-bash and converts the result.
pub(crate) fn parse(text: &str) -> Option<Tree> {
    let tree = parse_ts(text)?;
    convert(&tree)
}

fn parse_ts(text: &str) -> Option<tree_sitter::Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&tree_sitter_bash::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        // INVARIANT: tree-sitter-bash's C scanner passes code points to
        // `isdigit()`, which is undefined (and crashes) above 255. The parser
        // sees an ASCII copy with identical byte offsets (each non-ASCII byte
        // becomes `a`; bash splits words on ASCII whitespace only, so the tree
        // has the same shape); word values are read from the original text.
        if text.is_ascii() {
            slot.as_mut()?.parse(text, None)
        } else {
            let ascii: String = text
                .bytes()
                .map(|b| if b.is_ascii() { char::from(b) } else { 'a' })
                .collect();
            slot.as_mut()?.parse(&ascii, None)
        }
    })
}

/// Copies a tree-sitter tree into the arena: a depth-first cursor walk that
/// finishes each node after its children.
pub(crate) fn convert(tree: &tree_sitter::Tree) -> Option<Tree> {
    let mut b = Builder::with_capacity(64);
    let mut cursor = tree.walk();
    // One mark per node entered and not yet finished.
    let mut marks: Vec<usize> = Vec::new();
    loop {
        marks.push(b.open());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            let node = cursor.node();
            let field = cursor.field_name();
            let mark = marks.pop()?;
            let flags = Flags {
                named: node.is_named(),
                error: node.is_error(),
                missing: node.is_missing(),
                has_error: node.has_error(),
            };
            b.close_with(mark, node.kind(), flags, node.byte_range());
            if let Some(f) = field {
                b.field(f);
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return b.finish();
            }
        }
    }
}
