//! Shell syntax trees with tree-sitter-bash's shape, held in an arena.
//!
//! Layout:
//! - `tree`: the arena [`Tree`] and its `Copy` handle [`Node`].
//! - `kind`: node kinds and field names as small ids ([`Kind`], [`Field`]).
//! - `hand` (with `compound`, `words`, `keyword`): a hand-written parser for the
//!   everyday subset of bash that builds exactly tree-sitter-bash's tree, or
//!   declines.
//! - `from_ts`: tree-sitter-bash's tree converted into the arena (the
//!   fallback for whatever the hand parser declines).
//!
//! [`parse`] is what the walker calls.

mod bytes;
mod compound;
mod from_ts;
mod hand;
mod keyword;
mod kind;
mod tree;
mod words;

pub use kind::{Field, Kind};
pub use tree::{Node, Tree};

/// The syntax tree of `text`, in tree-sitter-bash's shape.
pub fn parse(text: &str) -> Option<Tree> {
    hand::parse(text).or_else(|| from_ts::parse(text))
}

/// [`parse`], the hand parser building in the buffers of `spare`, a tree
/// no longer read.
pub fn parse_reusing(text: &str, spare: Option<Tree>) -> Option<Tree> {
    hand::parse_reusing(text, spare).or_else(|| from_ts::parse(text))
}

/// The hand parser's tree of `text`, or `None` where it declines (then
/// [`parse`] falls back to tree-sitter-bash).
pub fn parse_hand(text: &str) -> Option<Tree> {
    hand::parse(text)
}

/// tree-sitter-bash's own tree of `text`, converted (the reference the
/// hand parser is checked against).
pub fn parse_tree_sitter(text: &str) -> Option<Tree> {
    from_ts::parse(text)
}
