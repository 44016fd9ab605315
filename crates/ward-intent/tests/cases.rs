//! The request test set: `cases/resolve.txt` (must resolve to an exact argv)
//! and `cases/refuse.txt` (must be refused, with the given kind).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pretty_assertions::assert_eq;
use ward_intent::{Scope, resolve};

fn scope() -> Scope {
    Scope::load(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scope.toml").as_ref()).unwrap()
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

#[test]
fn resolve_set() {
    let scope = scope();
    let text = include_str!("cases/resolve.txt");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in lines(text) {
        let parts: Vec<&str> = line.split(" | ").collect();
        let [intent, request, argv] = parts[..] else {
            panic!("bad line: {line}");
        };
        n += 1;
        let want: Vec<&str> = argv.split(' ').collect();
        match resolve(request, &scope) {
            Ok(r) if r.intent.id == intent && r.argv == want => {
                assert_eq!(r.argv[0], r.intent.tool, "{request}");
            }
            Ok(r) => failures.push(format!(
                "{request:?}\n   got  {} {}\n   want {intent} {argv}",
                r.intent.id,
                r.argv.join(" ")
            )),
            Err(e) => failures.push(format!(
                "{request:?}\n   refused ({}): {e}",
                e.kind.as_str()
            )),
        }
    }
    assert_eq!(failures.join("\n"), "");
    assert!(n >= 120, "only {n} resolve cases");
}

#[test]
fn refuse_set() {
    let scope = scope();
    let text = include_str!("cases/refuse.txt");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in lines(text) {
        let (kind, request) = line.split_once(" | ").expect("KIND | REQUEST");
        let request = request.replace("\\n", "\n");
        n += 1;
        match resolve(&request, &scope) {
            Err(e) if e.kind.as_str() == kind => {
                assert!(!e.message.is_empty());
                assert!(!e.message.ends_with('.'), "{}", e.message);
            }
            Err(e) => failures.push(format!(
                "{request:?}\n   refused as {} ({e}), want {kind}",
                e.kind.as_str()
            )),
            Ok(r) => failures.push(format!(
                "{request:?}\n   resolved to {:?}, want {kind}",
                r.argv
            )),
        }
    }
    assert_eq!(failures.join("\n"), "");
    assert!(n >= 40, "only {n} refuse cases");
}
