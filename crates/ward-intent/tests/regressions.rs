//! Regressions of the regex-based resolver that ward replaces, each named after
//! what it did wrong.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pretty_assertions::assert_eq;
use ward_intent::{RefusalKind, Scope, intents, resolve};

#[test]
fn scan_hosts_never_matches_os_by_substring() {
    for req in [
        "scan hosts 10.0.0.0/24",
        "find live hosts on 10.0.0.0/24",
        "ports of hosts 10.0.0.1",
    ] {
        if let Ok(r) = resolve(req, &Scope::default()) {
            assert!(
                !r.argv.iter().any(|a| a == "-O"),
                "{req} ran an OS scan: {:?}",
                r.argv
            );
        }
    }
    let r = resolve("find live hosts on 10.0.0.0/24", &Scope::default()).unwrap();
    assert_eq!(r.intent.id, "host-discovery");
}

#[test]
fn url_query_strings_are_kept_exactly() {
    let url = "http://10.0.0.4:8080/a/b.php?id=1&name=x%20y&empty=&flag#frag";
    let r = resolve(&format!("test {url} for sql injection"), &Scope::default()).unwrap();
    assert_eq!(r.argv, ["sqlmap", "-u", url, "--batch"]);
}

#[test]
fn no_placeholder_is_ever_left_unfilled() {
    let scope = Scope::default();
    for intent in intents() {
        for ex in intent.examples {
            if let Ok(r) = resolve(ex.request, &scope) {
                assert!(
                    r.argv.iter().all(|a| !a.contains('{') && !a.is_empty()),
                    "{:?}",
                    r.argv
                );
            }
        }
    }
    // A missing required slot is a refusal, never a literal `{user}`.
    let err = resolve("brute force ssh on 10.0.0.1", &scope).unwrap_err();
    assert_eq!(err.kind, RefusalKind::Missing);
}

#[test]
fn no_target_is_never_a_default_scan() {
    let err = resolve("scan", &Scope::default()).unwrap_err();
    assert_eq!(err.kind, RefusalKind::Unknown);
    let err = resolve("port scan", &Scope::default()).unwrap_err();
    assert_eq!(err.kind, RefusalKind::Missing);
}
