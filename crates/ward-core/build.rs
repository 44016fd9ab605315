//! Compiles what every ward process would otherwise compile at start-up
//! (start-up is the hot path):
//!
//! - the embedded default policy, from TOML to JSON, so a process loads it
//!   without parsing TOML (a syntax error in it fails the build);
//! - every regex of its rules (any rule key ending in `_re`, whatever rules
//!   the policy holds), into DFAs as bytes the process reads zero-copy from
//!   a static instead of compiling: a table of next states by byte class
//!   (one lookup a byte) when the DFA has at most 256 states, else
//!   `regex_automata`'s sparse form.
//!
//! - the policy's index (which rules a command of each program, subcommand
//!   or effect meets) as statics, and each rule and program spec as its own
//!   JSON text, so a process compiles only the rules its command meets.
//!
//! A pattern whose DFA would be too large to build is left out; the process
//! compiles it on first use, as before.

#[path = "src/policy/buckets.rs"]
mod buckets;

use regex_automata::dfa::dense;
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, Look};
use std::fmt::Write as _;
use std::path::PathBuf;

/// A DFA larger than this is not embedded (binary size; the process then
/// compiles that pattern on first use).
const DFA_SIZE_LIMIT: usize = 256 * 1024;

/// A DFA table's state numbers are bytes: a DFA with more states than this
/// is embedded sparse.
const TABLE_STATES: usize = 256;

/// The sources that shape a compiled policy and its cache file: their hash
/// is part of the user-policy cache's key, so a build that reads or buckets
/// rules differently never loads a file an older build wrote.
const POLICY_CODE: &[&str] = &[
    "src/policy/mod.rs",
    "src/policy/spec.rs",
    "src/policy/compile.rs",
    "src/policy/buckets.rs",
    "src/policy/exact.rs",
    "src/policy/cache.rs",
    "src/policy/cache/index.rs",
];

fn main() {
    let mut code_hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in POLICY_CODE {
        println!("cargo:rerun-if-changed={file}");
        for b in std::fs::read(file).unwrap_or_default() {
            code_hash = (code_hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=WARD_POLICY_CODE_HASH={code_hash:016x}");
    let src = "policy/default.toml";
    println!("cargo:rerun-if-changed={src}");
    let text = match std::fs::read_to_string(src) {
        Ok(t) => t,
        Err(e) => fail(&format!("cannot read {src}: {e}")),
    };
    let value: toml::Value = match toml::from_str(&text) {
        Ok(v) => v,
        Err(e) => fail(&format!("{src}: {e}")),
    };
    // Examples are for tests and `ward policy show`, which read the TOML;
    // a running ward does not need them.
    let mut value = value;
    if let Some(rules) = value.get_mut("rule").and_then(toml::Value::as_array_mut) {
        for rule in rules.iter_mut().filter_map(toml::Value::as_table_mut) {
            rule.remove("match");
            rule.remove("not_match");
        }
    }
    let json = match serde_json::to_string(&value) {
        Ok(j) => j,
        Err(e) => fail(&format!("{src}: {e}")),
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    write(&out.join("default-policy.json"), json.as_bytes());
    write(
        &out.join("default-compiled.rs"),
        compiled(&value).as_bytes(),
    );

    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    // Each DFA as bytes, and its table's shape (none: sparse).
    let serialise = |dfa: &dense::DFA<Vec<u32>>| -> Result<(Vec<u8>, Option<Shape>), String> {
        if let Some((bytes, shape)) = table(dfa) {
            return Ok((bytes, Some(shape)));
        }
        let sparse = dfa.to_sparse().map_err(|e| e.to_string())?;
        if sparse.memory_usage() > DFA_SIZE_LIMIT {
            return Err(format!("its DFA takes {} bytes", sparse.memory_usage()));
        }
        let bytes = if big_endian {
            sparse.to_bytes_big_endian()
        } else {
            sparse.to_bytes_little_endian()
        };
        Ok((bytes, None))
    };

    // Policy regexes: bytes, ASCII classes, exactly as `policy/compile.rs`
    // builds them with `regex::bytes::RegexBuilder::unicode(false)`.
    let mut blob = Vec::new();
    let mut index = String::from("&[\n");
    for pattern in policy_patterns(&value) {
        // A pattern too large for a DFA (the secret-content regex of file
        // writes) is compiled by the process that first needs it.
        let Ok((bytes, shape)) = build(&[pattern.as_str()]).and_then(|d| serialise(&d)) else {
            continue;
        };
        let dfa = match shape {
            Some(Shape {
                start,
                matches,
                stride,
            }) => {
                format!("Stored::Table {{ start: {start}, matches: {matches}, stride: {stride} }}")
            }
            None => "Stored::Sparse".to_owned(),
        };
        let hir = parse(&pattern);
        let props = hir.as_ref().map(regex_syntax::hir::Hir::properties);
        // Every match starts at the haystack's start (`^…`), or ends at its
        // end (`…$`): the process then looks for a literal there only.
        let starts = props.is_some_and(|p| p.look_set_prefix().contains(Look::Start));
        let ends = props.is_some_and(|p| p.look_set_suffix().contains(Look::End));
        let set = |kind, anchored| {
            hir.as_ref()
                .and_then(|h| literals(h, kind, anchored))
                .unwrap_or_default()
                .iter()
                .map(|l| format!("&{l:?}"))
                .collect::<Vec<String>>()
                .join(", ")
        };
        let _ = writeln!(
            index,
            "    Entry {{ pattern: {pattern:?}, offset: {}, len: {}, dfa: {dfa}, \
             prefixes: &[{}], suffixes: &[{}], starts: {starts}, ends: {ends} }},",
            blob.len(),
            bytes.len(),
            set(ExtractKind::Prefix, starts),
            set(ExtractKind::Suffix, ends),
        );
        blob.extend_from_slice(&bytes);
    }
    index.push(']');
    write(&out.join("policy-dfas.bin"), &blob);
    write(&out.join("policy-dfas-index.rs"), index.as_bytes());
}

/// The embedded policy for `src/policy/embedded.rs`: its settings (the file
/// without rules and programs) as JSON, each rule and each program spec as
/// JSON, and the index as statics.
fn compiled(policy: &toml::Value) -> String {
    let json = |v: &toml::Value| match serde_json::to_string(v) {
        Ok(j) => j,
        Err(e) => fail(&format!("policy/default.toml: {e}")),
    };
    let mut head = policy.clone();
    if let Some(t) = head.as_table_mut() {
        t.remove("rule");
        t.remove("program");
    }
    let empty = Vec::new();
    let rules = policy
        .get("rule")
        .and_then(toml::Value::as_array)
        .unwrap_or(&empty);
    let mut src = String::from("// Generated by build.rs from policy/default.toml.\n");
    let _ = writeln!(src, "pub(super) static HEAD: &str = {:?};", json(&head));
    let _ = writeln!(src, "pub(super) static RULES: [&str; {}] = [", rules.len());
    for r in rules {
        let _ = writeln!(src, "    {:?},", json(r));
    }
    src.push_str("];\n");
    let programs: Vec<(&String, &toml::Value)> = policy
        .get("program")
        .and_then(toml::Value::as_table)
        .map(|t| t.iter().collect())
        .unwrap_or_default();
    let mut programs = programs;
    programs.sort_by(|a, b| a.0.cmp(b.0));
    let _ = writeln!(
        src,
        "static PROGRAM_LIST: [(Cow<'static, str>, LazyProgram); {}] = [",
        programs.len()
    );
    for (name, spec) in &programs {
        let _ = writeln!(
            src,
            "    (Cow::Borrowed({name:?}), LazyProgram {{ json: Cow::Borrowed({:?}), cell: OnceLock::new() }}),",
            json(spec)
        );
    }
    src.push_str("];\n");
    src.push_str(
        "pub(super) static PROGRAMS: Programs = Programs(StrMap(Cow::Borrowed(&PROGRAM_LIST)));\n",
    );

    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        match v {
            Some(toml::Value::String(s)) => vec![s.clone()],
            Some(toml::Value::Array(a)) => a
                .iter()
                .filter_map(toml::Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    };
    // (action, program, sub, effect) of each rule.
    type Keys = (Option<String>, Vec<String>, Vec<String>, Vec<String>);
    let keys: Vec<Keys> = rules
        .iter()
        .map(|r| {
            (
                r.get("action")
                    .and_then(toml::Value::as_str)
                    .map(str::to_owned),
                strings(r.get("program")),
                strings(r.get("sub")),
                strings(r.get("effect")),
            )
        })
        .collect();
    let b = buckets::buckets(keys.iter().map(|(a, p, s, e)| buckets::RuleKeys {
        action: a.as_deref(),
        programs: p,
        sub: s,
        effect: e,
    }));
    let mut n = 0;
    let mut ids = |src: &mut String, v: &[u32]| -> String {
        n += 1;
        let _ = writeln!(src, "static IDS_{n}: [u32; {}] = {v:?};", v.len());
        format!("Cow::Borrowed(&IDS_{n})")
    };
    let map = |src: &mut String, name: &str, ty: &str, entries: Vec<(&String, String)>| {
        let _ = writeln!(
            src,
            "static {name}: [(Cow<'static, str>, {ty}); {}] = [",
            entries.len()
        );
        for (k, v) in entries {
            let _ = writeln!(src, "    (Cow::Borrowed({k:?}), {v}),");
        }
        src.push_str("];\n");
        format!("StrMap(Cow::Borrowed(&{name}))")
    };
    let by_program: Vec<(&String, String)> = b
        .by_program
        .iter()
        .map(|(k, v)| (k, ids(&mut src, v)))
        .collect();
    let by_program = map(&mut src, "BY_PROGRAM", "Ids", by_program);
    let mut by_sub = Vec::new();
    for (si, (program, subs)) in b.by_sub.iter().enumerate() {
        let entries: Vec<(&String, String)> =
            subs.iter().map(|(k, v)| (k, ids(&mut src, v))).collect();
        let m = map(&mut src, &format!("SUB_{si}"), "Ids", entries);
        by_sub.push((program, m));
    }
    let by_sub = map(&mut src, "BY_SUB", "StrMap<Ids>", by_sub);
    let by_effect: Vec<(&String, String)> = b
        .by_effect
        .iter()
        .map(|(k, v)| (k, ids(&mut src, v)))
        .collect();
    let by_effect = map(&mut src, "BY_EFFECT", "Ids", by_effect);
    let _ = writeln!(
        src,
        "static BY_PREFIX: [(Prefix, u32); {}] = [",
        b.by_prefix.len()
    );
    for (p, i) in &b.by_prefix {
        let _ = writeln!(src, "    (Prefix(Cow::Borrowed({p:?})), {i}),");
    }
    src.push_str("];\n");
    let generic = ids(&mut src, &b.generic);
    let file_write = ids(&mut src, &b.file_write);
    let file_read = ids(&mut src, &b.file_read);
    let network = ids(&mut src, &b.network);
    let tool = ids(&mut src, &b.tool);
    let _ = writeln!(
        src,
        "pub(super) static INDEX: Index = Index {{\n    by_program: {by_program},\n    by_sub: {by_sub},\n    \
         by_prefix: List(Cow::Borrowed(&BY_PREFIX)),\n    by_effect: {by_effect},\n    generic: {generic},\n    \
         file_write: {file_write},\n    file_read: {file_read},\n    network: {network},\n    tool: {tool},\n}};"
    );
    src
}

/// Every regex the policy's rules hold: the string (or strings) of any rule
/// key ending in `_re`, sorted, without duplicates.
fn policy_patterns(policy: &toml::Value) -> Vec<String> {
    let mut out = Vec::new();
    let rules = policy.get("rule").and_then(toml::Value::as_array);
    for rule in rules
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
    {
        for (key, v) in rule {
            if !key.ends_with("_re") {
                continue;
            }
            match v {
                toml::Value::String(s) => out.push(s.clone()),
                toml::Value::Array(items) => out.extend(
                    items
                        .iter()
                        .filter_map(toml::Value::as_str)
                        .map(str::to_owned),
                ),
                _ => {}
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `pattern` parsed as the DFA is: bytes, ASCII classes.
fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()
}

/// Literals one of which starts (`Prefix`) or ends (`Suffix`) every match
/// of `hir`, when there is a short finite set of them. A haystack holding
/// none of them cannot match, so a process need not even load the DFA.
/// Literals searched for anywhere are at least two bytes long (one byte
/// would be found in most haystacks); those of a side where every match is
/// `anchored` are compared there only, so one byte is enough.
fn literals(hir: &Hir, kind: ExtractKind, anchored: bool) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(kind).extract(hir);
    let lits = seq.literals()?;
    let shortest = if anchored { 1 } else { 2 };
    if lits.is_empty() || lits.len() > 64 || lits.iter().any(|l| l.as_bytes().len() < shortest) {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// Where a DFA table starts, and how its states are numbered.
struct Shape {
    /// The state a search starts in.
    start: u8,
    /// States `1..=matches` are match states; state 0 is dead.
    matches: u8,
    /// Next states per state: one per byte class, then the end of input's.
    stride: usize,
}

/// `dfa` as a table, when it has at most [`TABLE_STATES`] states and no
/// quit bytes: the byte class of each of the 256 bytes, then for each state
/// (numbered dead first, then the match states, then the rest) its next
/// state on each class and at the end of input. Searched from the start of
/// a haystack (the one start state there is), a match is known the moment
/// a match state is entered, as `regex_automata`'s own search knows it.
fn table(dfa: &dense::DFA<Vec<u32>>) -> Option<(Vec<u8>, Shape)> {
    use regex_automata::Input;
    use regex_automata::dfa::Automaton;
    use regex_automata::util::primitives::StateID;
    use std::collections::BTreeMap;
    let classes = dfa.byte_classes();
    // One byte of each class, in class order (classes are numbered as they
    // first occur; were they not, the DFA stays sparse).
    let mut reps: Vec<u8> = Vec::new();
    for b in 0..=255u8 {
        match usize::from(classes.get(b)) {
            c if c == reps.len() => reps.push(b),
            c if c > reps.len() => return None,
            _ => {}
        }
    }
    let start = dfa.start_state_forward(&Input::new(b"")).ok()?;
    // Every state reachable from the start, and its transitions.
    let mut next: BTreeMap<StateID, Vec<StateID>> = BTreeMap::new();
    let mut todo = vec![start];
    while let Some(s) = todo.pop() {
        if next.contains_key(&s) {
            continue;
        }
        let mut row: Vec<StateID> = reps.iter().map(|&b| dfa.next_state(s, b)).collect();
        row.push(dfa.next_eoi_state(s));
        todo.extend(row.iter().copied());
        next.insert(s, row);
    }
    if next.len() + 1 > TABLE_STATES
        || dfa.is_match_state(start)
        || next.keys().any(|&s| dfa.is_quit_state(s))
    {
        return None;
    }
    // Numbers: dead 0, match states from 1, then the rest.
    let mut number: BTreeMap<StateID, u8> = BTreeMap::new();
    let order = next.keys().filter(|&&s| dfa.is_match_state(s)).chain(
        next.keys()
            .filter(|&&s| !dfa.is_match_state(s) && !dfa.is_dead_state(s)),
    );
    for s in order {
        let n = u8::try_from(number.len() + 1).ok()?;
        number.insert(*s, n);
    }
    let id = |s: &StateID| {
        if dfa.is_dead_state(*s) {
            Some(0)
        } else {
            number.get(s).copied()
        }
    };
    let stride = reps.len() + 1;
    let mut bytes: Vec<u8> = (0..=255u8).map(|b| classes.get(b)).collect();
    bytes.resize(256 + stride * (number.len() + 1), 0);
    for (s, row) in &next {
        let Some(n) = number.get(s) else { continue };
        for (class, to) in row.iter().enumerate() {
            *bytes.get_mut(256 + usize::from(*n) * stride + class)? = id(to)?;
        }
    }
    let matches = next.keys().filter(|&&s| dfa.is_match_state(s)).count();
    Some((
        bytes,
        Shape {
            start: id(&start)?,
            matches: u8::try_from(matches).ok()?,
            stride,
        },
    ))
}

/// An unanchored DFA over `patterns`, or why it cannot be built within the
/// size limits.
fn build(patterns: &[&str]) -> Result<dense::DFA<Vec<u32>>, String> {
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .minimize(true)
                .dfa_size_limit(Some(DFA_SIZE_LIMIT * 8))
                .determinize_size_limit(Some(DFA_SIZE_LIMIT * 32)),
        )
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .thompson(thompson::Config::new().utf8(false))
        .build_many(patterns)
        .map_err(|e| e.to_string())
}

fn write(path: &std::path::Path, bytes: &[u8]) {
    if let Err(e) = std::fs::write(path, bytes) {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    std::process::exit(1)
}
