//! The examples in `intents.toml` resolve to exactly their argv.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pretty_assertions::assert_eq;
use ward_intent::{Scope, intents, resolve};

fn scope() -> Scope {
    Scope::load(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scope.toml").as_ref()).unwrap()
}

#[test]
fn every_example_resolves_to_its_argv() {
    let scope = scope();
    let mut failures = Vec::new();
    let mut count = 0;
    for intent in intents() {
        assert!(!intent.examples.is_empty(), "{} has no example", intent.id);
        for ex in intent.examples {
            count += 1;
            match resolve(ex.request, &scope) {
                Ok(r) if r.intent.id == intent.id && r.argv == ex.argv => {}
                Ok(r) => failures.push(format!(
                    "{:?}: got {} {:?}, want {} {:?}",
                    ex.request, r.intent.id, r.argv, intent.id, ex.argv
                )),
                Err(e) => failures.push(format!("{:?}: refused: {e}", ex.request)),
            }
        }
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(count >= 30, "only {count} examples");
}
