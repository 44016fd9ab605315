//! The fallback: tree-sitter-bash's tree, copied into the arena in one
//! cursor walk.

use super::kind::{Field, Kind};
use super::tree::{Builder, Flags, Tree};
use std::cell::RefCell;
use tree_sitter::Parser;

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses `text` with tree-sitter-bash and converts the result.
pub(crate) fn parse(text: &str) -> Option<Tree> {
    let tree = parse_ts(text)?;
    convert(&tree, text.as_bytes())
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
/// finishes each node after its children. A command whose words leave text
/// that no child covers (tree-sitter-bash drops the lone `-` of
/// `curl -T - 2>/dev/null URL`) is marked an error, so the line is never
/// judged on a reading that lost a word.
pub(crate) fn convert(tree: &tree_sitter::Tree, text: &[u8]) -> Option<Tree> {
    let mut b = Builder::with_capacity(64, 64);
    let mut cursor = tree.walk();
    // One mark per node entered and not yet finished, with whether anything
    // under it dropped text.
    let mut marks: Vec<(usize, bool)> = Vec::new();
    // Where a dropped `-` was put back.
    let mut repaired: Vec<usize> = Vec::new();
    loop {
        marks.push((b.open(), false));
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            let node = cursor.node();
            let field = cursor.field_name();
            let (mark, below) = marks.pop()?;
            let mut range = node.byte_range();
            if node.kind() == "command"
                && let Some(dash) = dropped_dash(node, text)
            {
                // tree-sitter-bash drops a lone `-` before a redirection
                // (`python3 - <<EOF`, `curl -T - 2>/dev/null URL`): it is
                // the command's last argument, as bash reads it.
                b.leaf(Kind::WORD, true, dash..dash + 1);
                b.field(Field::ARGUMENT);
                range.end = dash + 1;
                repaired.push(dash);
            }
            let dropped = matches!(node.kind(), "command" | "redirected_statement")
                && drops_text(node, text, &repaired);
            if (below || dropped)
                && let Some(parent) = marks.last_mut()
            {
                parent.1 = true;
            }
            let flags = Flags {
                named: node.is_named(),
                error: node.is_error() || dropped,
                missing: node.is_missing(),
                has_error: node.has_error() || below || dropped,
            };
            // A name the grammar table lacks cannot be stored: declined.
            b.close_with(mark, Kind::of_ts(&node)?, flags, range);
            if let Some(f) = field {
                b.field(Field::of(f)?);
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

/// Where a lone `-` sits between a command and the node after it, when
/// nothing else does.
fn dropped_dash(node: tree_sitter::Node<'_>, text: &[u8]) -> Option<usize> {
    let next = node.next_sibling()?;
    let gap = text.get(node.end_byte()..next.start_byte())?;
    let at = gap.iter().position(|c| !matches!(c, b' ' | b'\t'))?;
    let rest = gap.get(at + 1..)?;
    (gap.get(at) == Some(&b'-')
        && !rest.is_empty()
        && rest.iter().all(|c| matches!(c, b' ' | b'\t')))
    .then_some(node.end_byte() + at)
}

/// Whether `node`'s text holds something besides blanks, line
/// continuations and a `-` put back (`repaired`) outside its children.
fn drops_text(node: tree_sitter::Node<'_>, text: &[u8], repaired: &[usize]) -> bool {
    let mut at = node.start_byte();
    let mut cursor = node.walk();
    let gaps = node
        .children(&mut cursor)
        .map(|c| {
            let gap = at..c.start_byte();
            at = c.end_byte();
            gap
        })
        .collect::<Vec<_>>();
    gaps.into_iter()
        .chain(std::iter::once(at..node.end_byte()))
        .any(|gap| {
            let mut i = gap.start;
            while i < gap.end {
                match text.get(i) {
                    Some(b' ' | b'\t' | b'\n' | b'\r') => i += 1,
                    Some(b'\\') if text.get(i + 1) == Some(&b'\n') => i += 2,
                    Some(b'-') if repaired.contains(&i) => i += 1,
                    _ => return true,
                }
            }
            false
        })
}
