//! Compiles what every ward process would otherwise compile at start-up
//! (start-up is the hot path):
//!
//! - the embedded default policy, from TOML to JSON, so a process loads it
//!   without parsing TOML (a syntax error in it fails the build);
//! - every regex of its rules (any rule key ending in `_re`, whatever rules
//!   the policy holds), into DFAs serialised to bytes (dense when small,
//!   else sparse), which the process deserialises zero-copy from a static
//!   instead of compiling.
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

/// A DFA whose dense form is at most this large is embedded dense: a search
/// then reads one table entry per byte, where a sparse DFA searches each
/// state's list of byte ranges (tens of instructions a byte). A dense DFA is
/// several times larger than its sparse form, so only small ones are (a
/// dozen of the policy's patterns, among them those of the most common
/// programs' rules: `rm`, `mv`, `chmod`, `ssh`).
const DENSE_LIMIT: usize = 4 * 1024;

/// The alignment of each DFA in the blob: a dense DFA is read as `u32`s
/// where it lies (`src/automata.rs` aligns the blob itself to 8).
const BLOB_ALIGN: usize = 8;

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
    // Each DFA as bytes, and whether it is dense.
    let serialise = |dfa: &dense::DFA<Vec<u32>>| -> Result<(Vec<u8>, bool), String> {
        let (bytes, pad) = if big_endian {
            dfa.to_bytes_big_endian()
        } else {
            dfa.to_bytes_little_endian()
        };
        let dense_bytes = bytes.get(pad..).unwrap_or_default();
        if dense_bytes.len() <= DENSE_LIMIT {
            return Ok((dense_bytes.to_vec(), true));
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
        Ok((bytes, false))
    };

    // Policy regexes: bytes, ASCII classes, exactly as `policy/compile.rs`
    // builds them with `regex::bytes::RegexBuilder::unicode(false)`.
    let mut blob = Vec::new();
    let mut index = String::from("&[\n");
    for pattern in policy_patterns(&value) {
        // A pattern too large for a DFA (the secret-content regex of file
        // writes) is compiled by the process that first needs it.
        let Ok((bytes, dense)) = build(&[pattern.as_str()]).and_then(|d| serialise(&d)) else {
            continue;
        };
        blob.resize(blob.len().next_multiple_of(BLOB_ALIGN), 0);
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
            "    Entry {{ pattern: {pattern:?}, offset: {}, len: {}, dense: {dense}, \
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
