//! What a file write puts on disk. Shell scripts and Dockerfile `RUN` lines
//! are parsed with the core shell parser and judged as the agent's own
//! commands: a command the policy denies, written into a script, makes the
//! write an `ask` naming the inner rule. Other scanners plug in through
//! [`ContentScanner`]; the binary passes ward-crypto's.

use ward_core::{Context, Decision, Policy, shell};

/// One finding of a content check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ContentFinding {
    /// What the write becomes because of it.
    pub decision: Decision,
    /// The rule (or scanner rule) that found it.
    pub rule: String,
    /// Why, in one line.
    pub reason: String,
}

/// A scanner of written content. The seam for ward-crypto's findings on agent
/// writes: implement it and pass it to [`crate::judge::judge`] (the `ward`
/// binary passes one backed by `ward_crypto::scan_bytes`).
pub trait ContentScanner {
    /// Findings for `content` about to be written to `path` (absolute),
    /// judged with `policy`'s settings.
    fn scan(&self, policy: &Policy, path: &str, content: &str) -> Vec<ContentFinding>;
}

/// Whether `path`/`content` is a shell script: a shell extension, or a
/// `#!` line naming a shell.
pub fn is_script(path: &str, content: &str) -> bool {
    let name = basename(path);
    if [".sh", ".bash", ".zsh", ".ksh"]
        .iter()
        .any(|e| name.ends_with(e))
    {
        return true;
    }
    let first = content.lines().next().unwrap_or_default();
    first.starts_with("#!")
        && ["sh", "bash", "zsh", "ksh", "dash"].iter().any(|s| {
            first
                .split(|c: char| c == '/' || c.is_whitespace())
                .any(|w| w == *s)
        })
}

/// Whether `path` names a Dockerfile or Containerfile.
pub fn is_dockerfile(path: &str) -> bool {
    let name = basename(path);
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.ends_with(".dockerfile")
        || name.ends_with(".Dockerfile")
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The commands of a Dockerfile's `RUN` instructions, continuations joined.
/// The exec form (`RUN ["a","b"]`) is turned back into shell words.
pub fn run_lines(content: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in content.lines() {
        let trimmed = line.trim();
        if let Some(cur) = current.as_mut() {
            if trimmed.starts_with('#') {
                continue;
            }
            let (body, more) = continued(trimmed);
            cur.push(' ');
            cur.push_str(body);
            if !more {
                out.extend(current.take());
            }
            continue;
        }
        let Some((word, rest)) = trimmed.split_once(char::is_whitespace) else {
            continue;
        };
        if !word.eq_ignore_ascii_case("RUN") {
            continue;
        }
        let mut rest = rest.trim_start();
        // `RUN --mount=… --network=… cmd`: flags of the instruction, not the command.
        while rest.starts_with("--") {
            rest = rest
                .split_once(char::is_whitespace)
                .map_or("", |(_, r)| r.trim_start());
        }
        let (body, more) = continued(rest);
        let body = exec_form(body).unwrap_or_else(|| body.to_owned());
        if more {
            current = Some(body);
        } else {
            out.push(body);
        }
    }
    out.extend(current);
    out
}

fn continued(line: &str) -> (&str, bool) {
    match line.strip_suffix('\\') {
        Some(body) => (body.trim_end(), true),
        None => (line, false),
    }
}

fn exec_form(body: &str) -> Option<String> {
    let words: Vec<String> = serde_json::from_str(body.trim()).ok()?;
    Some(shell::from_argv(&words).raw)
}

/// Judges the commands a script or Dockerfile would run as the agent's own.
/// A deny inside makes the write an `ask` whose reason names the inner rule.
pub fn script_findings(
    policy: &Policy,
    path: &str,
    content: &str,
    ctx: &Context,
) -> Vec<ContentFinding> {
    let texts: Vec<String> = if is_dockerfile(path) {
        run_lines(content)
    } else if is_script(path, content) {
        vec![content.to_owned()]
    } else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for text in texts {
        let line = shell::parse(&text);
        let verdict = policy.evaluate_line(&line, ctx);
        for m in verdict
            .matches
            .iter()
            .filter(|m| m.decision == Decision::Deny)
        {
            let cmd = m
                .command
                .and_then(|i| line.commands.get(i))
                .map(|c| c.line())
                .unwrap_or_default();
            out.push(ContentFinding {
                decision: Decision::Ask,
                rule: format!("content.script:{}", m.rule),
                reason: format!(
                    "the written script runs `{}`, which rule `{}` denies: {}",
                    crate::payload::truncate(&cmd, 200),
                    m.rule,
                    m.reason
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use rstest::rstest;

    #[rstest]
    #[case("/p/x.sh", "echo", true)]
    #[case("/p/x", "#!/bin/bash\nrm -rf /", true)]
    #[case("/p/x", "#!/usr/bin/env sh\n", true)]
    #[case("/p/x.py", "#!/usr/bin/env python3\n", false)]
    #[case("/p/README.md", "rm -rf /", false)]
    fn tells_scripts(#[case] path: &str, #[case] content: &str, #[case] want: bool) {
        assert_eq!(is_script(path, content), want);
    }

    #[test]
    fn extracts_run_lines() {
        let df = "FROM debian\n# RUN not this\nRUN apt-get update && \\\n    apt-get install -y curl\nrun --mount=type=cache,target=/x echo hi\nRUN [\"rm\", \"-rf\", \"/\"]\nCMD [\"sh\"]\n";
        assert_eq!(
            run_lines(df),
            vec![
                "apt-get update && apt-get install -y curl".to_owned(),
                "echo hi".to_owned(),
                "rm -rf /".to_owned(),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn run_lines_never_panics(s in "(RUN|run|FROM| |\\\\|\n|[a-z\\[\\]\"-])*") {
            let _ = run_lines(&s);
        }
    }
}
