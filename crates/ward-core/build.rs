//! Compiles what every ward process would otherwise compile at start-up
//! (start-up is the hot path):
//!
//! - the embedded default policy, from TOML to JSON, so a process loads it
//!   without parsing TOML (a syntax error in it fails the build);
//! - every regex of its rules (any rule key ending in `_re`, whatever rules
//!   the policy holds), into sparse DFAs serialised to bytes, which the
//!   process deserialises zero-copy from a static instead of compiling.
//!
//! A pattern whose DFA would be too large to build is left out; the process
//! compiles it on first use, as before.

use regex_automata::dfa::{dense, sparse};
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use std::fmt::Write as _;
use std::path::PathBuf;

/// A DFA larger than this is not embedded (binary size; the process then
/// compiles that pattern on first use).
const DFA_SIZE_LIMIT: usize = 256 * 1024;

fn main() {
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

    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let serialise = |dfa: &sparse::DFA<Vec<u8>>| {
        if big_endian {
            dfa.to_bytes_big_endian()
        } else {
            dfa.to_bytes_little_endian()
        }
    };

    // Policy regexes: bytes, ASCII classes, exactly as `policy/compile.rs`
    // builds them with `regex::bytes::RegexBuilder::unicode(false)`.
    let mut blob = Vec::new();
    let mut index = String::from("&[\n");
    for pattern in policy_patterns(&value) {
        // A pattern too large for a DFA (the secret-content regex of file
        // writes) is compiled by the process that first needs it.
        let Ok(dfa) = build(&[pattern.as_str()]) else {
            continue;
        };
        let bytes = serialise(&dfa);
        let _ = writeln!(index, "    ({pattern:?}, {}, {}),", blob.len(), bytes.len());
        blob.extend_from_slice(&bytes);
    }
    index.push(']');
    write(&out.join("policy-dfas.bin"), &blob);
    write(&out.join("policy-dfas-index.rs"), index.as_bytes());
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

/// An unanchored sparse DFA over `patterns`, or why it cannot be built
/// within the size limit.
fn build(patterns: &[&str]) -> Result<sparse::DFA<Vec<u8>>, String> {
    let dense = dense::Builder::new()
        .configure(
            dense::Config::new()
                .minimize(true)
                .dfa_size_limit(Some(DFA_SIZE_LIMIT * 8))
                .determinize_size_limit(Some(DFA_SIZE_LIMIT * 32)),
        )
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .thompson(thompson::Config::new().utf8(false))
        .build_many(patterns)
        .map_err(|e| e.to_string())?;
    let dfa = dense.to_sparse().map_err(|e| e.to_string())?;
    if dfa.memory_usage() > DFA_SIZE_LIMIT {
        return Err(format!("its DFA takes {} bytes", dfa.memory_usage()));
    }
    Ok(dfa)
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
