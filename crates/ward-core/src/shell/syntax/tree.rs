//! The arena syntax tree: every node in one `Vec`, children as contiguous
//! ranges of an index `Vec`, and a `Copy` handle with tree-sitter's methods.

use super::kind::{Field, Kind};
use std::ops::Range;

const NAMED: u8 = 1;
const ERROR: u8 = 2;
const MISSING: u8 = 4;
const HAS_ERROR: u8 = 8;

/// One node as stored in the arena (20 bytes).
#[derive(Clone, Copy, Debug)]
struct Data {
    start: u32,
    end: u32,
    /// Where this node's children start in [`Tree::kids`], and how many.
    kids: u32,
    kid_count: u32,
    /// tree-sitter-bash's kind (`command`, `word`, `;`, …).
    kind: Kind,
    /// The field this node fills in its parent ([`Field::NONE`] if none).
    field: Field,
    flags: u8,
}

/// A syntax tree of a shell line: what [`Node`] handles point into.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    nodes: Vec<Data>,
    /// Child node ids; each node's children are one contiguous run.
    kids: Vec<u32>,
    root: u32,
    /// How many nodes are `command`s.
    commands: u32,
    /// The builder's stack of unfinished nodes, empty, kept for its room
    /// (see [`Builder::reusing`]).
    pending: Vec<u32>,
}

impl Tree {
    /// The `program` node the tree starts from.
    pub fn root_node(&self) -> Node<'_> {
        Node {
            tree: self,
            id: self.root,
        }
    }

    /// How many nodes the tree holds.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree holds no node at all.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// How many simple commands (`command` nodes) the tree holds.
    pub fn commands(&self) -> usize {
        self.commands as usize
    }

    fn data(&self, id: u32) -> Option<&Data> {
        self.nodes.get(id as usize)
    }
}

/// A node of a [`Tree`]: a cheap handle with tree-sitter's node methods.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Tree,
    id: u32,
}

const NONE: Data = Data {
    kind: Kind::ERROR,
    field: Field::NONE,
    start: 0,
    end: 0,
    kids: 0,
    kid_count: 0,
    flags: 0,
};

impl<'t> Node<'t> {
    fn data(&self) -> &'t Data {
        // INVARIANT: a handle is only made from an id the tree holds.
        self.tree.data(self.id).unwrap_or(&NONE)
    }

    fn kid_ids(&self) -> &'t [u32] {
        let d = self.data();
        let start = d.kids as usize;
        self.tree
            .kids
            .get(start..start + d.kid_count as usize)
            .unwrap_or_default()
    }

    fn at(&self, id: u32) -> Node<'t> {
        Node {
            tree: self.tree,
            id,
        }
    }

    /// tree-sitter-bash's name for this node's kind (an operator's own text
    /// for anonymous nodes).
    pub fn kind(&self) -> &'static str {
        self.data().kind.name()
    }

    /// This node's kind as an id (cheaper to compare than [`Node::kind`]).
    pub fn kind_id(&self) -> Kind {
        self.data().kind
    }

    /// The field this node fills in its parent.
    pub fn field_name(&self) -> Option<&'static str> {
        self.field().map(Field::name)
    }

    /// The field this node fills in its parent, as an id.
    pub fn field(&self) -> Option<Field> {
        let f = self.data().field;
        (!f.is_none()).then_some(f)
    }

    /// The byte range of the source text this node covers.
    pub fn byte_range(&self) -> Range<usize> {
        self.start_byte()..self.end_byte()
    }

    /// The first byte this node covers.
    pub fn start_byte(&self) -> usize {
        self.data().start as usize
    }

    /// The byte after the last one this node covers.
    pub fn end_byte(&self) -> usize {
        self.data().end as usize
    }

    /// Whether this node is named (a grammar rule) or an anonymous token.
    pub fn is_named(&self) -> bool {
        self.data().flags & NAMED != 0
    }

    /// Whether this node is an `ERROR` node.
    pub fn is_error(&self) -> bool {
        self.data().flags & ERROR != 0
    }

    /// Whether the parser inserted this node to recover from an error.
    pub fn is_missing(&self) -> bool {
        self.data().flags & MISSING != 0
    }

    /// Whether this node or anything under it is an error or missing node.
    pub fn has_error(&self) -> bool {
        self.data().flags & (HAS_ERROR | ERROR | MISSING) != 0
    }

    /// All children, named and anonymous, in order.
    pub fn children(&self) -> impl DoubleEndedIterator<Item = Node<'t>> + use<'t> {
        let tree = self.tree;
        self.kid_ids().iter().map(move |&id| Node { tree, id })
    }

    /// The named children, in order.
    pub fn named_children(&self) -> impl DoubleEndedIterator<Item = Node<'t>> + use<'t> {
        self.children().filter(Node::is_named)
    }

    /// How many children this node has.
    pub fn child_count(&self) -> usize {
        self.kid_ids().len()
    }

    /// The `i`th child.
    pub fn child(&self, i: usize) -> Option<Node<'t>> {
        self.kid_ids().get(i).map(|&id| self.at(id))
    }

    /// How many named children this node has.
    pub fn named_child_count(&self) -> usize {
        self.named_children().count()
    }

    /// The `i`th named child.
    pub fn named_child(&self, i: usize) -> Option<Node<'t>> {
        self.named_children().nth(i)
    }

    /// The first child that fills `field`.
    pub fn child_by_field_name(&self, field: &str) -> Option<Node<'t>> {
        self.child_by_field(Field::of(field)?)
    }

    /// The first child that fills `field` (by id).
    pub fn child_by_field(&self, field: Field) -> Option<Node<'t>> {
        let nodes = &self.tree.nodes;
        let id = self
            .kid_ids()
            .iter()
            .copied()
            .find(|&id| nodes.get(id as usize).is_some_and(|d| d.field == field))?;
        Some(self.at(id))
    }

    /// The field the `i`th child fills.
    pub fn field_name_for_child(&self, i: u32) -> Option<&'static str> {
        self.field_for_child(i).map(Field::name)
    }

    /// The field the `i`th child fills, as an id.
    pub fn field_for_child(&self, i: u32) -> Option<Field> {
        self.child(i as usize).and_then(|c| c.field())
    }

    /// The tree in tree-sitter's s-expression form, anonymous nodes shown
    /// as their quoted text and byte ranges added (for tests and debugging).
    pub fn to_sexp(&self) -> String {
        let mut out = String::new();
        self.sexp_into(&mut out, 0);
        out
    }

    fn sexp_into(&self, out: &mut String, depth: usize) {
        use std::fmt::Write as _;
        if depth > 0 {
            out.push(' ');
        }
        if let Some(f) = self.field_name() {
            let _ = write!(out, "{f}: ");
        }
        let flags = match (self.is_error(), self.is_missing(), self.is_named()) {
            (true, _, _) => "!ERR",
            (_, true, _) => "!MISSING",
            (_, _, true) => "",
            _ => "'",
        };
        let _ = write!(
            out,
            "({flags}{} {}..{}",
            self.kind(),
            self.start_byte(),
            self.end_byte()
        );
        for c in self.children() {
            c.sexp_into(out, depth + 1);
        }
        out.push(')');
    }
}

impl PartialEq for Node<'_> {
    /// Two nodes are equal when their whole subtrees are: kinds, fields,
    /// ranges, flags and children, node for node (without recursion, so a
    /// deep tree cannot overflow the stack).
    fn eq(&self, other: &Self) -> bool {
        let mut stack = vec![(*self, *other)];
        while let Some((x, y)) = stack.pop() {
            let (a, b) = (x.data(), y.data());
            if a.kind != b.kind
                || a.field != b.field
                || a.start != b.start
                || a.end != b.end
                || a.flags != b.flags
                || a.kid_count != b.kid_count
            {
                return false;
            }
            stack.extend(x.children().zip(y.children()));
        }
        true
    }
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_sexp())
    }
}

/// Builds a [`Tree`] bottom-up: children are finished before their parent,
/// which then takes the most recent finished nodes as its children.
#[derive(Default)]
pub(crate) struct Builder {
    nodes: Vec<Data>,
    kids: Vec<u32>,
    /// Finished nodes not yet given to a parent.
    pending: Vec<u32>,
    /// How many `command` nodes were finished.
    commands: u32,
}

/// How a node is marked: named or not, error, missing.
#[derive(Clone, Copy, Default)]
pub(crate) struct Flags {
    pub(crate) named: bool,
    pub(crate) error: bool,
    pub(crate) missing: bool,
    /// Whether this node or anything under it is an error: tree-sitter's
    /// own flag (a hidden node of its tree may hold the error).
    pub(crate) has_error: bool,
}

/// A byte offset or a count as stored.
// INVARIANT: offsets and counts fit in `u32`: tree-sitter's own offsets are
// `u32`, and the hand parser declines longer texts.
#[inline]
fn to_u32(n: usize) -> u32 {
    n as u32
}

impl Builder {
    /// A builder with room for `n` nodes (every node but the root is one
    /// child: as many kids) and `pending` ones waiting for a parent.
    /// A builder that fills the buffers of `spare`, a tree no longer read
    /// (a nested `sh -c` string parses without allocating them again).
    pub(crate) fn reusing(spare: Option<Tree>, n: usize, pending: usize) -> Self {
        let Some(mut t) = spare else {
            return Builder::with_capacity(n, pending);
        };
        t.nodes.clear();
        t.kids.clear();
        t.pending.clear();
        t.nodes.reserve(n);
        t.kids.reserve(n);
        t.pending.reserve(pending);
        Builder {
            nodes: t.nodes,
            kids: t.kids,
            pending: t.pending,
            commands: 0,
        }
    }

    pub(crate) fn with_capacity(n: usize, pending: usize) -> Self {
        Builder {
            nodes: Vec::with_capacity(n),
            kids: Vec::with_capacity(n),
            pending: Vec::with_capacity(pending),
            commands: 0,
        }
    }

    /// A mark to pass to [`Builder::close`]: the children of the node being
    /// opened are the nodes finished after it.
    #[inline]
    pub(crate) fn open(&self) -> usize {
        self.pending.len()
    }

    /// How many finished nodes wait for a parent since `mark`.
    #[inline]
    pub(crate) fn since(&self, mark: usize) -> usize {
        self.pending.len().saturating_sub(mark)
    }

    /// Finishes a node with no children.
    #[inline(always)]
    pub(crate) fn leaf(&mut self, kind: Kind, named: bool, range: Range<usize>) -> u32 {
        self.leaf_in(kind, named, Field::NONE, range)
    }

    /// Finishes a node with no children that fills `field` (what
    /// [`Builder::leaf`] and then [`Builder::field`] make).
    #[inline(always)]
    pub(crate) fn leaf_in(
        &mut self,
        kind: Kind,
        named: bool,
        field: Field,
        range: Range<usize>,
    ) -> u32 {
        let id = to_u32(self.nodes.len());
        self.nodes.push(Data {
            start: to_u32(range.start),
            end: to_u32(range.end),
            kids: 0,
            kid_count: 0,
            kind,
            field,
            flags: if named { NAMED } else { 0 },
        });
        self.pending.push(id);
        id
    }

    /// Finishes a named node whose children are those finished since `mark`.
    #[inline]
    pub(crate) fn close(&mut self, mark: usize, kind: Kind, range: Range<usize>) -> u32 {
        self.close_bits(mark, kind, NAMED, range)
    }

    /// Finishes a named node that fills `field` and whose only child is
    /// the most recently finished node.
    #[inline(always)]
    pub(crate) fn wrap(&mut self, kind: Kind, field: Field, range: Range<usize>) -> u32 {
        let id = to_u32(self.nodes.len());
        let Some(last) = self.pending.last_mut() else {
            let id = self.close(0, kind, range);
            self.field(field);
            return id;
        };
        let kids = to_u32(self.kids.len());
        self.kids.push(*last);
        *last = id;
        self.nodes.push(Data {
            start: to_u32(range.start),
            end: to_u32(range.end),
            kids,
            kid_count: 1,
            kind,
            field,
            flags: NAMED,
        });
        id
    }

    pub(crate) fn close_with(
        &mut self,
        mark: usize,
        kind: Kind,
        flags: Flags,
        range: Range<usize>,
    ) -> u32 {
        let mut bits = 0;
        bits |= if flags.named { NAMED } else { 0 };
        bits |= if flags.error { ERROR } else { 0 };
        bits |= if flags.missing { MISSING } else { 0 };
        bits |= if flags.has_error { HAS_ERROR } else { 0 };
        self.close_bits(mark, kind, bits, range)
    }

    #[inline(always)]
    fn close_bits(&mut self, mark: usize, kind: Kind, flags: u8, range: Range<usize>) -> u32 {
        let id = to_u32(self.nodes.len());
        let kids = to_u32(self.kids.len());
        // A node's error bit is the caller's word (tree-sitter's own flag;
        // the hand parser builds no error), so the children are not read.
        let children = self.pending.get(mark..).unwrap_or_default();
        let kid_count = to_u32(children.len());
        self.commands += u32::from(kind == Kind::COMMAND);
        match children {
            [] => {}
            [one] => self.kids.push(*one),
            [a, b] => {
                self.kids.push(*a);
                self.kids.push(*b);
            }
            _ => self.kids.extend_from_slice(children),
        }
        self.nodes.push(Data {
            start: to_u32(range.start),
            end: to_u32(range.end),
            kids,
            kid_count,
            kind,
            field: Field::NONE,
            flags,
        });
        // The node takes its first child's place among the pending ones.
        match self.pending.get_mut(mark) {
            Some(slot) => {
                *slot = id;
                self.pending.truncate(mark + 1);
            }
            None => self.pending.push(id),
        }
        id
    }

    /// Marks the most recently finished node as filling `field`.
    #[inline]
    pub(crate) fn field(&mut self, field: Field) {
        if let Some(d) = self
            .pending
            .last()
            .and_then(|&id| self.nodes.get_mut(id as usize))
        {
            d.field = field;
        }
    }

    /// Where the most recently finished node ends (0 when none is).
    #[inline]
    pub(crate) fn last_end(&self) -> usize {
        self.pending
            .last()
            .and_then(|&id| self.nodes.get(id as usize))
            .map_or(0, |d| d.end as usize)
    }

    /// Gives a finished node another kind (a word that turned out to be a
    /// whole number).
    pub(crate) fn set_kind(&mut self, id: u32, kind: Kind) {
        if let Some(d) = self.nodes.get_mut(id as usize) {
            d.kind = kind;
        }
    }

    /// The tree rooted at the last finished node.
    pub(crate) fn finish(mut self) -> Option<Tree> {
        let root = *self.pending.last()?;
        self.pending.clear();
        Some(Tree {
            nodes: self.nodes,
            kids: self.kids,
            root,
            commands: self.commands,
            pending: self.pending,
        })
    }
}
