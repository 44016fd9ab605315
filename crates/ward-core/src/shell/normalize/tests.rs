//! The wrapper role gates [`unwrap`]: every name it would unwrap has it.

use super::*;
use std::collections::BTreeSet;

/// Every string literal of `src` that could be a program name or a
/// subcommand: a superset of the names the match arms hold.
pub(crate) fn literals(src: &str) -> impl Iterator<Item = &str> {
    src.split('"').skip(1).step_by(2).filter(|s| {
        !s.is_empty()
            && s.len() <= 32
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    })
}

pub(crate) fn args(words: &[&str]) -> Vec<Arg> {
    words.iter().map(|w| Arg::lit(*w)).collect()
}

#[test]
fn every_name_that_unwraps_has_the_wrapper_role() {
    let sources = [
        include_str!("../normalize.rs"),
        include_str!("../launchers.rs"),
        include_str!("../flow/roles/table.rs"),
    ];
    let names: BTreeSet<&str> = sources.iter().flat_map(|s| literals(s)).collect();
    // Word lists that make each wrapper run something: plain, after
    // flags, after `--`, `-c CMD`, a subcommand (`uv run x`), a user.
    let mut lists = vec![
        args(&["x"]),
        args(&["-c", "x"]),
        args(&["--", "x"]),
        args(&["--", "-c", "x"]),
        args(&["x", "--", "-c", "y"]),
        args(&["-u", "x", "y"]),
        args(&["x", "-c", "y"]),
    ];
    for sub in &names {
        lists.push(args(&[sub, "x"]));
        lists.push(args(&[sub, "x", "y"]));
    }
    let (mut gated, mut wrappers) = (0, 0);
    for name in &names {
        let roles = Roles::of(name);
        if roles.wrapper() {
            wrappers += 1;
            continue;
        }
        gated += 1;
        for list in &lists {
            let mut cmd = SimpleCommand::default();
            assert!(
                matches!(unwrap_named(name, roles, list, &mut cmd), Unwrap::No),
                "`{name}` unwraps {:?} but has no wrapper role (flow/roles/table.rs)",
                list.iter().map(|a| a.text.as_str()).collect::<Vec<_>>()
            );
        }
    }
    // The check ran over both kinds of names.
    assert!(gated > 200, "{gated} names without the role");
    assert!(wrappers > 70, "{wrappers} names with it");
}

#[test]
fn the_gate_answers_as_the_names_do() {
    let cases: &[(&str, &[&str], bool)] = &[
        ("sudo", &["rm", "-rf", "/"], true),
        ("strace", &["-f", "rm", "x"], true),
        ("uv", &["run", "x"], true),
        ("bash", &["-c", "rm x"], true),
        ("capsh", &["--", "-c", "rm x"], true),
        ("ls", &["-la"], false),
        ("git", &["status"], false),
    ];
    for (name, words, unwraps) in cases {
        let mut cmd = SimpleCommand::default();
        let got = unwrap(name, Roles::of(name), &args(words), &mut cmd);
        assert_eq!(!matches!(got, Unwrap::No), *unwraps, "{name} {words:?}");
    }
}
