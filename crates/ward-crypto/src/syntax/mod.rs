//! The syntax layer: a candidate file in a language with a grammar (Python, Java, Go) is parsed
//! with tree-sitter, lowered into a small language-neutral form (`ir`), its values resolved
//! (`eval`: imports and aliases, assignments, constants, returns, parameters through call sites,
//! containers, string building, every value a branch or loop can give), and each call checked
//! against the API table (`apis`). Each finding keeps the lines its values came through.

mod apis;
mod eval;
mod go;
mod ir;
mod java;
mod python;

use crate::algo::{Algo, Family, normalize_curve};
use crate::finding::Primitive;
use crate::lang::Lang;
use apis::{Api, How, Slot};
use eval::{Resolver, V, Val};
use ir::{Call, Expr, Facts};
use std::cell::RefCell;
use tree_sitter::{Node, Parser};

/// Files larger than this are left to the line recognisers: parsing is linear, but the resolver
/// is not, and generated files of this size are rarely where keys are made.
const MAX_BYTES: usize = 1 << 20;

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

/// The callee names of the API table, as literals: a call to a row must spell its last name
/// (`generate_private_key`, `GenerateKey`, `RSADigestSigner`), or the last two where the last is
/// common (`RSA.generate`, `DSS.new`).
static TRIGGERS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        let mut pats: Vec<String> = apis::APIS
            .iter()
            .map(|a| {
                let mut segs = a.callee.rsplit('.');
                let last = segs.next().unwrap_or(a.callee);
                match (last, segs.next()) {
                    ("generate" | "construct" | "new", Some(prev)) => format!("{prev}.{last}"),
                    _ => last.to_owned(),
                }
            })
            .collect();
        pats.sort();
        pats.dedup();
        aho_corasick::AhoCorasick::new(pats).ok()
    });

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
    // A file that names none of the table's callees has nothing for the tree to find: most
    // candidates (a hash here, a cipher there) are left to the line rules without a parse.
    if !TRIGGERS.as_ref().is_some_and(|t| t.is_match(text)) {
        return Some(Vec::new());
    }
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

/// The argument in `slot`.
fn arg(call: &Call, slot: Slot) -> Option<&Expr> {
    call.args
        .iter()
        .find(|a| !slot.kw.is_empty() && a.name.as_deref() == Some(slot.kw))
        .or_else(|| {
            call.args
                .iter()
                .filter(|a| a.name.is_none())
                .nth(usize::from(slot.pos))
        })
        .map(|a| &a.value)
}

fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn size_of(v: &V<'_>) -> Option<u32> {
    match &v.val {
        Val::Int(n) => Some(*n),
        Val::Str(s) => s.trim().parse().ok(),
        Val::Sym(p) | Val::Obj(p, _) => {
            // Go's `dsa.L2048N256`.
            let l = last(p).strip_prefix('L')?;
            l.split('N').next()?.parse().ok()
        }
        _ => None,
    }
}

fn curve_of(v: &V<'_>) -> Option<String> {
    let name = match &v.val {
        Val::Str(s) => s.as_str(),
        Val::Sym(p) | Val::Obj(p, _) => last(p),
        _ => return None,
    };
    normalize_curve(name).or_else(|| {
        // python-ecdsa's `NIST256p`.
        let l = name.to_ascii_lowercase();
        let bits = l.strip_prefix("nist")?.strip_suffix('p')?;
        normalize_curve(&format!("p{bits}"))
    })
}

fn tag(a: Algo, t: &str) -> Algo {
    match t {
        "oaep" | "pkcs1v15" => a.primitive(Primitive::Pke).padding(t),
        "pss" => a.padding("pss"),
        "pke" => a.primitive(Primitive::Pke),
        "kem" => a.primitive(Primitive::Kem),
        _ => a,
    }
}

fn build<'f>(
    r: &Resolver<'f>,
    lang: Lang,
    api: &Api,
    call: &'f Call,
    path: &str,
) -> Vec<(Algo, Vec<u32>)> {
    let base = || tag(Algo::new(api.family), api.tag);
    let values = |slot: Slot| -> Vec<V<'f>> {
        arg(call, slot)
            .map(|e| r.eval(e, call.scope))
            .unwrap_or_default()
    };
    let mut out: Vec<(Algo, Vec<u32>)> = match api.how {
        How::Plain => vec![(base(), Vec::new())],
        How::Size(slot) => {
            let v: Vec<(Algo, Vec<u32>)> = values(slot)
                .iter()
                .filter_map(|v| size_of(v).map(|n| (base().size(Some(n)), v.trail.clone())))
                .collect();
            if v.is_empty() {
                vec![(base(), Vec::new())]
            } else {
                v
            }
        }
        How::Curve(slot) => {
            let v: Vec<(Algo, Vec<u32>)> = values(slot)
                .iter()
                .filter_map(|v| {
                    curve_of(v).map(|c| (base().curve(Some(c.as_str())), v.trail.clone()))
                })
                .collect();
            if v.is_empty() {
                vec![(base(), Vec::new())]
            } else {
                v
            }
        }
        How::Jca(kind) => values(Slot { pos: 0, kw: "" })
            .iter()
            .flat_map(|v| {
                let Val::Str(s) = &v.val else {
                    return Vec::new();
                };
                let name = if s.to_ascii_uppercase().starts_with("RSASSA") {
                    "RSA"
                } else {
                    s.as_str()
                };
                let hit = crate::rules::Hit {
                    text: "",
                    line_start: 0,
                };
                crate::rules::jca(kind, name, &hit)
                    .into_iter()
                    .map(|a| (a, v.trail.clone()))
                    .collect()
            })
            .collect(),
        How::FamilyOf(slot) => {
            let fams: Vec<(Family, Vec<u32>)> = values(slot)
                .iter()
                .filter_map(|v| {
                    let p = v.path()?;
                    let row = apis::lookup(lang, p).next()?;
                    Some((row.family, v.trail.clone()))
                })
                .collect();
            if fams.is_empty() {
                if api.id == "go.x-crypto" {
                    Vec::new()
                } else {
                    vec![(base(), Vec::new())]
                }
            } else {
                fams.into_iter()
                    .map(|(f, t)| (tag(Algo::new(f), api.tag), t))
                    .collect()
            }
        }
        How::Jwt => {
            let mut v: Vec<(Algo, Vec<u32>)> = Vec::new();
            for a in &call.args {
                for x in r.eval(&a.value, call.scope) {
                    for (name, t) in r.flatten(x) {
                        if let Some(algo) = crate::rules::jwt_alg(&name) {
                            v.push((algo, t));
                        }
                    }
                }
            }
            v
        }
        How::RecvCurve => {
            let recv = path.rsplit_once('.').map_or("", |(p, _)| last(p));
            let a = if recv == "X25519" {
                Algo::new(Family::X25519)
            } else {
                base().curve(Some(recv))
            };
            vec![(a, Vec::new())]
        }
    };
    if api.init {
        init(r, call, &mut out);
    }
    let mut uniq: Vec<(Algo, Vec<u32>)> = Vec::new();
    for (a, t) in out {
        if !uniq.iter().any(|(b, _)| b.name() == a.name()) {
            uniq.push((a, t));
        }
    }
    uniq
}

/// A size or curve given later, by `.initialize(…)` / `.init(…)` on the object this call made.
fn init<'f>(r: &Resolver<'f>, made: &'f Call, out: &mut Vec<(Algo, Vec<u32>)>) {
    let mut specs: Vec<(Option<u32>, Option<String>, Vec<u32>)> = Vec::new();
    for c in &r.facts.calls {
        let Expr::Attr(recv, m) = &c.callee else {
            continue;
        };
        if m != "initialize" && m != "init" {
            continue;
        }
        let ours = r
            .eval(recv, c.scope)
            .iter()
            .any(|v| matches!(&v.val, Val::Obj(_, o) if o.line == made.line && o.col == made.col));
        if !ours {
            continue;
        }
        let Some(a0) = arg(c, Slot { pos: 0, kw: "" }) else {
            continue;
        };
        for v in r.eval(a0, c.scope) {
            for (size, curve, mut t) in spec(r, &v) {
                t.push(c.line);
                specs.push((size, curve, t));
            }
        }
    }
    if specs.is_empty() {
        return;
    }
    let mut next = Vec::new();
    for (a, t) in out.iter() {
        let sized = matches!(
            a.family,
            Family::Rsa | Family::Dsa | Family::Dh | Family::Aes
        );
        let curved = matches!(a.family, Family::Ecdsa | Family::Ecdh);
        let mut used = false;
        for (size, curve, st) in &specs {
            let mut b = a.clone();
            if sized && size.is_some() {
                b = b.size(*size);
            } else if curved && curve.is_some() {
                b = b.curve(curve.as_deref());
            } else {
                continue;
            }
            used = true;
            let mut tt = t.clone();
            tt.extend(st.iter().copied());
            next.push((b, tt));
        }
        if !used {
            next.push((a.clone(), t.clone()));
        }
    }
    *out = next;
}

/// What an `initialize`/`init` argument can say: sizes or curves, each with its trail.
type Spec = (Option<u32>, Option<String>, Vec<u32>);

fn spec(r: &Resolver<'_>, v: &V<'_>) -> Vec<Spec> {
    let one = |size: Option<u32>, curve: Option<String>| -> Vec<Spec> {
        if size.is_none() && curve.is_none() {
            Vec::new()
        } else {
            vec![(size, curve, v.trail.clone())]
        }
    };
    match &v.val {
        Val::Int(n) => one(Some(*n), None),
        Val::Str(s) => one(None, normalize_curve(s)),
        Val::Obj(p, c) => {
            let nth = |pos: u8| -> Vec<V<'_>> {
                arg(c, Slot { pos, kw: "" })
                    .map(|e| r.eval(e, c.scope))
                    .unwrap_or_default()
            };
            let (vals, curve) = match last(p) {
                "ECGenParameterSpec"
                | "ECNamedCurveGenParameterSpec"
                | "getParameterSpec"
                | "getByName" => (nth(0), true),
                "RSAKeyGenParameterSpec"
                | "DHGenParameterSpec"
                | "DSAGenParameterSpec"
                | "DSAParameterGenerationParameters" => (nth(0), false),
                "RSAKeyGenerationParameters" => (nth(2), false),
                _ => (Vec::new(), false),
            };
            vals.iter()
                .filter_map(|x| {
                    let mut t = v.trail.clone();
                    t.extend(x.trail.iter().copied());
                    if curve {
                        curve_of(x).map(|cv| (None, Some(cv), t))
                    } else {
                        size_of(x).map(|n| (Some(n), None, t))
                    }
                })
                .collect()
        }
        _ => Vec::new(),
    }
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
