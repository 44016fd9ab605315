//! Fork bombs in every shape: a loop that never ends whose body starts
//! background jobs, and functions that call each other in the background or
//! in pipelines. A loop that ends (`while read l; do … & done < f`) is not one.

use crate::action::{Arg, SimpleCommand, Stdin};
use crate::shell::normalize::INTERPRETERS;
use crate::shell::syntax::Node;

/// Inline interpreter code that forks in a loop (`perl -e 'fork while
/// fork'`, `python3 -c 'while True: os.fork()'`, `ruby -e 'loop { fork }'`).
pub(crate) fn inline_fork_bomb(cmd: &SimpleCommand) -> bool {
    let p = cmd.program.as_str();
    if !(INTERPRETERS.contains(&p) || p.starts_with("python3.")) {
        return false;
    }
    cmd.args
        .iter()
        .any(|a| a.text.as_bytes().windows(4).any(|w| w == b"fork") && forks_in_a_loop(&a.text))
}

/// `yes | xargs -P0 …`, `xargs -P 0 … < /dev/zero`: as many processes at
/// once as an endless input asks for.
pub(crate) fn unbounded_xargs(opts: &[Arg], stdin: Option<&Stdin>) -> bool {
    let mut unlimited = false;
    let mut it = opts.iter().map(|a| a.text.as_str()).peekable();
    while let Some(t) = it.next() {
        if t == "--" || !t.starts_with('-') {
            break;
        }
        unlimited |= matches!(t, "-P0" | "--max-procs=0")
            || matches!(t, "-P" | "--max-procs") && it.peek() == Some(&"0");
    }
    let endless = match stdin {
        Some(Stdin::Pipe { from, .. }) => from == "yes",
        Some(Stdin::File { path }) => {
            matches!(path.as_str(), "/dev/zero" | "/dev/urandom" | "/dev/random")
        }
        _ => false,
    };
    unlimited && endless
}

/// A `fork` right inside a loop: a loop keyword shortly before it, or a
/// statement modifier right after it (`fork while fork`).
fn forks_in_a_loop(code: &str) -> bool {
    const LOOPS: &[&str] = &[
        "while", "loop", "until", "for(;;)", "for (;;)", ".step", ".times",
    ];
    code.match_indices("fork").any(|(i, _)| {
        let before = code.get(i.saturating_sub(40)..i).unwrap_or_default();
        let after = code.get(i + 4..).unwrap_or_default();
        let after = after.trim_start_matches(['(', ')', ' ']);
        LOOPS.iter().any(|l| before.contains(l))
            || ["while", "until", "for", "foreach"]
                .iter()
                .any(|l| after.starts_with(l))
    })
}

/// Whether `node` (a `while`/`until`/`for ((…))` loop) never ends and starts
/// background jobs or pipelines of itself in its body.
pub(crate) fn endless_loop_with_jobs(node: Node<'_>, text: &str) -> bool {
    let Some(body) = node.child_by_field_name("body") else {
        return false;
    };
    let endless = match node.kind() {
        "c_style_for_statement" => match node.child_by_field_name("condition") {
            None => true,
            Some(c) => always_true(text.get(c.byte_range()).unwrap_or_default()),
        },
        // `for i in $(seq 1 100000); do x & done`: bounded, but past what a
        // machine's process table holds.
        "for_statement" => {
            let header = text
                .get(node.start_byte()..body.start_byte())
                .unwrap_or_default();
            header
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse::<u64>().ok())
                .any(|n| n >= 10_000)
        }
        "while_statement" => {
            let until = node.child(0).is_some_and(|k| k.kind() == "until");
            let start = node.child(0).map_or(0, |k| k.end_byte());
            let cond = text
                .get(start..body.start_byte())
                .unwrap_or_default()
                .trim()
                .trim_end_matches([';', '\n', ' ', '&'])
                .trim();
            if until {
                always_false(cond)
            } else {
                always_true(cond)
            }
        }
        _ => false,
    };
    endless && starts_jobs(body, text)
}

/// A body that puts something in the background and never waits for it.
pub(crate) fn starts_jobs(body: Node<'_>, text: &str) -> bool {
    let mut stack = vec![body];
    let mut jobs = false;
    while let Some(n) = stack.pop() {
        if !n.is_named() && n.kind() == "&" {
            jobs = true;
        }
        if n.kind() == "command_name" && text.get(n.byte_range()) == Some("wait") {
            return false;
        }
        stack.extend(n.children());
    }
    jobs
}

/// A body that runs jobs concurrently: in the background or a pipeline.
pub(crate) fn concurrent(body: Node<'_>) -> bool {
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if !n.is_named() && matches!(n.kind(), "&" | "|" | "|&") {
            return true;
        }
        stack.extend(n.children());
    }
    false
}

fn squeeze(cond: &str) -> String {
    cond.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Conditions that always succeed: `true`, `:`, `[ 1 ]`, `[[ x ]]`, `((1))`,
/// `[ 1 -eq 1 ]`, `! false`.
fn always_true(cond: &str) -> bool {
    let c = cond.trim();
    if let Some(rest) = c.strip_prefix('!') {
        return always_false(rest);
    }
    let first = c.split_whitespace().next().unwrap_or_default();
    if matches!(first, "true" | ":" | "/bin/true" | "/usr/bin/true") {
        return true;
    }
    let s = squeeze(c);
    if let Some(n) = s.strip_prefix("((").and_then(|x| x.strip_suffix("))")) {
        return n.parse::<i64>().is_ok_and(|n| n != 0) || same_sides(n, &["==", "<=", ">="]);
    }
    let inner = c
        .strip_prefix("[[")
        .and_then(|x| x.strip_suffix("]]"))
        .or_else(|| c.strip_prefix('[').and_then(|x| x.strip_suffix(']')))
        .or_else(|| c.strip_prefix("test "));
    match inner.map(str::trim) {
        Some("") => false,
        Some(w) => {
            let words: Vec<&str> = w.split_whitespace().collect();
            match words.as_slice() {
                [one] => !one.contains('$') && !one.starts_with('-'),
                ["-n", v] => !v.contains('$') && !v.trim_matches(['"', '\'']).is_empty(),
                [a, op, b] => {
                    !a.contains('$') && a == b && matches!(*op, "=" | "==" | "-eq" | "-le" | "-ge")
                }
                _ => false,
            }
        }
        None => false,
    }
}

fn same_sides(expr: &str, ops: &[&str]) -> bool {
    ops.iter().any(|op| {
        expr.split_once(op)
            .is_some_and(|(a, b)| a == b && a.parse::<i64>().is_ok())
    })
}

/// Conditions that always fail: `false`, `! true`, `((0))`, `[ ]`.
fn always_false(cond: &str) -> bool {
    let c = cond.trim();
    if let Some(rest) = c.strip_prefix('!') {
        return always_true(rest);
    }
    let first = c.split_whitespace().next().unwrap_or_default();
    if matches!(first, "false" | "/bin/false" | "/usr/bin/false") {
        return true;
    }
    let s = squeeze(c);
    matches!(s.as_str(), "((0))" | "[]" | "[[]]" | "[-z1]")
}

/// Whether calling `name` reaches `name` again through functions that run
/// their calls concurrently (`f(){ g & }; g(){ f & }`).
pub(crate) fn recursive_with_jobs(funcs: &[(String, Vec<String>, bool)], name: &str) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut stack = vec![name];
    while let Some(f) = stack.pop() {
        for (fname, calls, jobs) in funcs {
            if fname != f || !jobs {
                continue;
            }
            for c in calls {
                if c == name {
                    return true;
                }
                if !seen.contains(&c.as_str()) {
                    seen.push(c);
                    stack.push(c);
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("true")]
    #[case(":")]
    #[case("/bin/true")]
    #[case("[ 1 ]")]
    #[case("[[ 1 ]]")]
    #[case("((1))")]
    #[case("(( 1 ))")]
    #[case("[ 1 -eq 1 ]")]
    #[case("! false")]
    fn endless(#[case] c: &str) {
        assert!(always_true(c), "{c}");
    }

    #[rstest]
    #[case("read l")]
    #[case("[ $i -lt 10 ]")]
    #[case("[ -f x ]")]
    #[case("sleep 1")]
    #[case("((i < 3))")]
    fn bounded(#[case] c: &str) {
        assert!(!always_true(c), "{c}");
    }
}
