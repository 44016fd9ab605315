//! Shell syntax trees with tree-sitter-bash's shape, held in an arena.
//!
//! Layout:
//! - `tree`: the arena [`Tree`] and its `Copy` handle [`Node`].
//! - `from_ts`: tree-sitter-bash's tree converted into the arena (the
//!   fallback for every line).
//!
//! [`parse`] is what the walker calls.

mod from_ts;
mod tree;

pub use tree::{Node, Tree};

/// The syntax tree of `text`, in tree-sitter-bash's shape.
pub fn parse(text: &str) -> Option<Tree> {
    from_ts::parse(text)
}

/// tree-sitter-bash's own tree of `text`, converted (the reference the
/// hand parser is checked against).
pub fn parse_tree_sitter(text: &str) -> Option<Tree> {
    from_ts::parse(text)
}

#[cfg(test)]
mod tests;
