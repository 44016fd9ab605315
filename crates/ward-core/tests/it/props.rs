//! Properties: no input panics, and meaning-preserving quoting or whitespace
//! never changes a decision. Plus the bad inputs the contract names.

use super::{agent, decide, verdict};
use proptest::prelude::*;
use ward_core::{Decision, shell};

/// Commands made of plain words, so any quoting of any word keeps the meaning.
const PLAIN: &[&[&str]] = &[
    &["rm", "-rf", "/"],
    &["rm", "-rf", "build"],
    &["rm", "-f", "file.txt"],
    &["git", "push", "--force", "origin", "main"],
    &["git", "push", "origin", "main"],
    &["git", "reset", "--hard"],
    &["git", "status"],
    &["ls", "-la"],
    &["sudo", "rm", "-rf", "/etc"],
    &["chmod", "-R", "777", "/"],
    &["dd", "if=/dev/zero", "of=/dev/sda"],
    &["kubectl", "delete", "pod", "x"],
    &["echo", "rm", "-rf", "/"],
    &["cargo", "test"],
    &["find", "/", "-delete"],
    &["crontab", "-r"],
];

fn quote(word: &str, style: u8) -> String {
    match style % 5 {
        0 => word.to_owned(),
        1 => format!("'{word}'"),
        2 => format!("\"{word}\""),
        3 if word.len() > 1 => {
            let (a, b) = word.split_at(1);
            format!("{a}''{b}")
        }
        4 => word
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    format!("\\{c}")
                } else {
                    c.to_string()
                }
            })
            .collect(),
        _ => word.to_owned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_text_panics(text in ".{0,200}") {
        let _ = decide(&text, agent());
    }

    #[test]
    fn no_shellish_text_panics(text in "[a-z -|&;<>()$`'\"\\\\{}\\n*~/=]{0,120}") {
        let v = verdict(&text, agent());
        // Whatever could not be understood is never allowed.
        if !shell::parse(&text).problems.is_empty() {
            prop_assert_ne!(v.decision, Decision::Allow);
        }
    }

    #[test]
    fn no_bytes_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = shell::parse_bytes(&bytes);
    }

    #[test]
    fn quoting_and_whitespace_keep_the_decision(
        which in 0..PLAIN.len(),
        styles in proptest::collection::vec(0u8..5, 8),
        gaps in proptest::collection::vec(1usize..4, 8),
        tabs in any::<bool>(),
    ) {
        let words = PLAIN[which];
        let plain = words.join(" ");
        let mut text = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                let gap = if tabs { "\t" } else { " " };
                text.push_str(&gap.repeat(gaps[i % gaps.len()]));
            }
            text.push_str(&quote(w, styles[i % styles.len()]));
        }
        prop_assert_eq!(decide(&text, agent()), decide(&plain, agent()), "`{}` vs `{}`", text, plain);
    }
}

#[test]
fn regression_unicode_after_brace_does_not_crash_the_scanner() {
    // tree-sitter-bash called isdigit() on a code point after `{` and crashed.
    for text in ["echo {😀", "{é", "a{\u{10ffff}.", "x=${😀}"] {
        let _ = decide(text, agent());
    }
    assert_eq!(decide("echo {héllo,wörld}", agent()), Decision::Allow);
    assert_eq!(decide("rm -rf /é/../", agent()), Decision::Deny);
}

#[test]
fn empty_input_runs_nothing() {
    let line = shell::parse("   ");
    assert!(line.commands.is_empty());
    assert_eq!(decide("", agent()), Decision::Allow);
}

#[test]
fn nul_byte_is_denied_with_a_reason() {
    let v = verdict("rm\0 -rf /", agent());
    assert_eq!(v.decision, Decision::Deny);
    assert!(v.reason.contains("NUL"), "{}", v.reason);
}

#[test]
fn invalid_utf8_is_a_problem() {
    let line = shell::parse_bytes(b"rm -rf \xff\xfe");
    assert!(
        line.problems
            .iter()
            .any(|p| p.to_string().contains("UTF-8"))
    );
}

#[test]
fn one_megabyte_line_gets_a_decision() {
    let text = format!("echo {}", "a".repeat(1 << 20));
    let v = verdict(&text, agent());
    assert_eq!(
        v.decision,
        Decision::Deny,
        "over the size limit: {}",
        v.reason
    );
    let just_under = format!("echo {}", "a".repeat((1 << 20) - 10));
    assert_eq!(decide(&just_under, agent()), Decision::Allow);
}

#[test]
fn ten_thousand_deep_nesting_is_bounded() {
    for (open, close) in [("(", ")"), ("$(", ")"), ("{ ", "; }"), ("eval ", "")] {
        let text = format!("{}ls{}", open.repeat(10_000), close.repeat(10_000));
        let v = verdict(&text, agent());
        assert_ne!(
            v.decision,
            Decision::Allow,
            "nesting `{open}`: {}",
            v.reason
        );
    }
}

#[test]
fn flat_chain_of_170000_commands_says_too_many_commands() {
    let text = vec!["a"; 170_000].join(" && ");
    let v = verdict(&text, agent());
    assert_eq!(v.decision, Decision::Deny, "{}", v.reason);
    assert!(v.reason.contains("too many commands"), "{}", v.reason);
    assert!(
        v.reason
            .contains(&ward_core::shell::MAX_COMMANDS.to_string()),
        "{}",
        v.reason
    );
    assert!(!v.reason.contains("nests deeper"), "{}", v.reason);
    // A long flat chain under the limit is judged command by command.
    let ok = vec!["ls"; 500].join(" && ");
    assert_eq!(decide(&ok, agent()), Decision::Allow);
    let bad = format!("{} && rm -rf ~", vec!["ls"; 500].join(" || "));
    assert_eq!(decide(&bad, agent()), Decision::Deny);
}

#[test]
fn unparseable_input_names_what_was_not_understood() {
    let v = verdict("rm -rf /tmp/x (", agent());
    assert_eq!(v.decision, Decision::Deny);
    assert!(v.reason.contains("could not parse"), "{}", v.reason);
    let human = verdict("ls (", ward_core::Actor::Human);
    assert_eq!(human.decision, Decision::Ask);
}

#[test]
fn dynamic_program_is_ambiguous() {
    let v = verdict("$CMD -rf /tmp/x", agent());
    assert_eq!(v.decision, Decision::Deny);
    assert!(
        v.reason.contains("only known when the command runs"),
        "{}",
        v.reason
    );
}
