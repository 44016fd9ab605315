//! The syntax layer: a candidate file in a language with a grammar (Python, Java, Go) is parsed
//! with tree-sitter, lowered into a small language-neutral form (`ir`), its values resolved
//! (`eval`: imports and aliases, assignments, constants, returns, parameters through call sites,
//! containers, string building, every value a branch or loop can give), and each call checked
//! against the API table (`apis`). Each finding keeps the lines its values came through.

mod apis;
mod build;
mod eval;
mod gate;
mod go;
mod ir;
mod java;
mod python;

use crate::algo::Algo;
use crate::lang::Lang;
use apis::Api;
use build::build;
use eval::Resolver;
use ir::{Expr, Facts};
use std::cell::RefCell;
use tree_sitter::{Node, Parser};

/// Files larger than this are left to the line recognisers: parsing is linear, but the resolver
/// is not, and generated files of this size are rarely where keys are made.
const MAX_BYTES: usize = 512 << 10;

/// Literal anchors that select a file for parsing although no line rule names them: imports of
/// the crypto modules, and class names the line rules do not know.
pub(crate) const ANCHORS: &[&str] = &[
    "cryptography.hazmat",
    "from Crypto",
    "import Crypto",
    "\"crypto/",
    "golang.org/x/crypto",
    "java.security",
    "javax.crypto",
    "bouncycastle",
    "Numbers(",
    "KEMGenerator",
    "KEMExtractor",
    "Encoding(",
    "ParameterSpec",
    "SigningMethod",
    "SigningKey",
    "nacl.public",
    "signWith(",
    "Algorithm.RSA",
    "Algorithm.ECDSA",
];

/// One use found through the syntax tree.
#[derive(Debug, Clone)]
pub(crate) struct SynFinding {
    pub line: u32,
    pub col: u32,
    pub algo: Algo,
    pub rule: &'static str,
    /// Lines (1-based) the algorithm, size or curve came through, outermost first.
    pub trail: Vec<u32>,
}

thread_local! {
    static PARSERS: RefCell<[Option<Parser>; 3]> = const { RefCell::new([None, None, None]) };
}

/// Whether files of `lang` at `path` have a grammar here (Kotlin, Scala and Groovy share
/// Java's line rules, not its grammar).
pub(crate) fn supported(path: &std::path::Path, lang: Lang) -> bool {
    match lang {
        Lang::Python | Lang::Go => true,
        Lang::Java => path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("java")),
        _ => false,
    }
}

/// The uses the syntax layer finds in `text`, or `None` when the file is not parsed (no grammar,
/// too large, or the grammar could not be loaded).
pub(crate) fn scan(text: &str, lang: Lang) -> Option<Vec<SynFinding>> {
    if text.len() > MAX_BYTES || !matches!(lang, Lang::Python | Lang::Java | Lang::Go) {
        return None;
    }
    // A file that names none of the table's callees in code has nothing for the tree to find:
    // most candidates (a hash here, a cipher there) are left to the line rules without a parse.
    if !gate::wanted(text, lang) {
        return Some(Vec::new());
    }
    parse(text, lang)
}

/// Parses `text` and finds its uses, whatever the gate says.
fn parse(text: &str, lang: Lang) -> Option<Vec<SynFinding>> {
    let idx = match lang {
        Lang::Python => 0,
        Lang::Java => 1,
        _ => 2,
    };
    let tree = PARSERS.with(|p| {
        let mut p = p.borrow_mut();
        let slot = p.get_mut(idx)?;
        if slot.is_none() {
            let mut parser = Parser::new();
            let language: tree_sitter::Language = match lang {
                Lang::Python => tree_sitter_python::LANGUAGE.into(),
                Lang::Java => tree_sitter_java::LANGUAGE.into(),
                _ => tree_sitter_go::LANGUAGE.into(),
            };
            parser.set_language(&language).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(text, None)
    })?;
    let src = text.as_bytes();
    let facts = match lang {
        Lang::Python => python::facts(tree.root_node(), src),
        Lang::Java => java::facts(tree.root_node(), src),
        _ => go::facts(tree.root_node(), src),
    };
    Some(findings(&facts, lang))
}

/// The syntax layer alone on one file: parse, resolve, match the API table. Returns how many uses
/// it found, or `None` when the file has no grammar here. For benches and fuzzing; a scan uses
/// [`crate::scan_bytes`].
#[doc(hidden)]
pub fn parse_and_resolve(path: &std::path::Path, text: &str) -> Option<usize> {
    let lang = Lang::detect(path);
    if !supported(path, lang) {
        return None;
    }
    scan(text, lang).map(|v| v.len())
}

/// Whether the parse gate sends `text` to the parser (for the cost example and benches).
#[doc(hidden)]
pub fn parse_wanted(path: &std::path::Path, text: &str) -> bool {
    let lang = Lang::detect(path);
    supported(path, lang) && text.len() <= MAX_BYTES && gate::wanted(text, lang)
}

/// Whether the parse gate skips `text` although a parse finds uses in it. For fuzzing and tests:
/// always `false`, or the gate hides findings.
#[doc(hidden)]
pub fn gate_misses(path: &std::path::Path, text: &str) -> bool {
    let lang = Lang::detect(path);
    supported(path, lang)
        && text.len() <= MAX_BYTES
        && !gate::wanted(text, lang)
        && parse(text, lang).is_some_and(|f| !f.is_empty())
}

fn findings(facts: &Facts, lang: Lang) -> Vec<SynFinding> {
    let r = Resolver::new(facts);
    let mut out: Vec<SynFinding> = Vec::new();
    for call in &facts.calls {
        // A bare name from several star imports (`from …ec import *`, `from …dsa import *`, then
        // `generate_private_key(…)`): the rows whose arguments resolve say which module it is.
        let starred = matches!(&call.callee, Expr::Name(n) if !facts.imports.contains_key(n))
            && facts.stars.len() > 1;
        let mut here: Vec<(&'static Api, Algo, Vec<u32>)> = Vec::new();
        for (path, trail) in r.callee_paths(&call.callee, call.scope) {
            for api in apis::lookup(lang, &path) {
                for (algo, mut t) in build(&r, lang, api, call, &path) {
                    let mut full = trail.clone();
                    full.append(&mut t);
                    full.retain(|l| *l != call.line);
                    full.dedup();
                    here.push((api, algo, full));
                }
            }
        }
        let rows = {
            let mut ids: Vec<&str> = here.iter().map(|(a, _, _)| a.callee).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len()
        };
        if starred
            && rows > 1
            && here
                .iter()
                .any(|(_, a, _)| a.size.is_some() || a.curve.is_some())
        {
            here.retain(|(_, a, _)| a.size.is_some() || a.curve.is_some());
        }
        for (api, algo, trail) in here {
            if out
                .iter()
                .any(|f| f.line == call.line && f.algo.name() == algo.name())
            {
                continue;
            }
            out.push(SynFinding {
                line: call.line,
                col: call.col,
                algo,
                rule: api.id,
                trail,
            });
        }
    }
    out
}

// ---- helpers for the lowerings

/// The node's text.
pub(super) fn text<'s>(n: Node<'_>, src: &'s [u8]) -> &'s str {
    n.utf8_text(src).unwrap_or("")
}

/// 1-based line and column of a node.
pub(super) fn pos(n: Node<'_>) -> (u32, u32) {
    let p = n.start_position();
    (
        u32::try_from(p.row + 1).unwrap_or(u32::MAX),
        u32::try_from(p.column + 1).unwrap_or(u32::MAX),
    )
}

/// A decimal, hex, octal or binary integer literal (with `_` separators and `L`/`u` suffixes).
pub(super) fn int(s: &str) -> Expr {
    let t: String = s
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .trim_end_matches(['l', 'L', 'u', 'U'])
        .to_ascii_lowercase();
    let n = if let Some(h) = t.strip_prefix("0x") {
        u32::from_str_radix(h, 16).ok()
    } else if let Some(b) = t.strip_prefix("0b") {
        u32::from_str_radix(b, 2).ok()
    } else if let Some(o) = t.strip_prefix("0o") {
        u32::from_str_radix(o, 8).ok()
    } else {
        t.parse().ok()
    };
    n.map_or(Expr::Unknown, Expr::Int)
}

/// Named children of a node.
pub(super) fn kids<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    // Most nodes of a tree are leaves: no cursor, no allocation for them.
    if n.named_child_count() == 0 {
        return Vec::new();
    }
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter(|k| k.kind() != "comment")
        .collect()
}

/// How deep the lowering recurses before giving up on an expression: hostile input can nest
/// thousands of parentheses.
pub(super) const MAX_NEST: u32 = 200;

#[cfg(test)]
mod tests;
