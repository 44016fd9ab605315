//! The peers' corpora in `../shared/data/guard-corpus/`, judged for an agent.
//! Prints per file the share of dangerous rows caught and harmless rows let
//! through, and writes every disagreement to a file for review.

use super::{agent, decide};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::PathBuf;
use ward_core::Decision;

/// Rows where ward disagrees with the corpus on purpose, with the reason.
const CORPUS_MISTAKES: &[(&str, &str)] = &[
    // dcg: rows for packs dcg itself leaves off by default; ward guards them for agents.
    (
        "future_packs#1",
        "docker system prune -a removes every unused image: ward asks an agent first",
    ),
    (
        "future_packs#2",
        "deleting a whole namespace is irreversible: ward denies it to an agent",
    ),
    (
        "future_packs#3",
        "deleting every resource of a cluster is irreversible: ward denies it to an agent",
    ),
    // dcg rows that do nothing harmful.
    (
        "dangerous.txt#28",
        "`--force-with-lease-if-includes` is not a git flag; git refuses the push",
    ),
    (
        "edge_cases.txt#92",
        "bare `git reset` only unstages; dcg's own safe rows allow `git reset HEAD`, the same operation",
    ),
    (
        "edge_cases.txt#97",
        "git has no `RESET` command; it fails without touching anything",
    ),
    (
        "safe.txt#65",
        "an interactive rebase waits for an editor an agent cannot drive; ward asks first",
    ),
    (
        "heredocs.txt#38",
        "the fixture holds a literal backslash-t, so bash runs `trm`, not `rm`",
    ),
    // shellfirm rows ward refuses because they are not shell at all (fail closed).
    (
        "database#14",
        "SQL typed as a shell command does not parse; ward never allows what it cannot parse",
    ),
    (
        "database#34",
        "SQL typed as a shell command does not parse; ward never allows what it cannot parse",
    ),
    (
        "database#40",
        "SQL typed as a shell command does not parse; ward never allows what it cannot parse",
    ),
    (
        "mongodb#2",
        "unquoted `()` is a shell syntax error; ward never allows what it cannot parse",
    ),
    (
        "mongodb#5",
        "unquoted `()` is a shell syntax error; ward never allows what it cannot parse",
    ),
    // shellfirm's patterns miss these; ward is right to stop them.
    (
        "fs#201",
        "formats /dev/sda1: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#202",
        "formats /dev/sda: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#203",
        "formats /dev/sda1: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#209",
        "formats /dev/sda1 (mkfs.exfat): shellfirm's pattern misses this variant",
    ),
    (
        "fs#210",
        "formats /dev/sda1: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#211",
        "`mkfs.ext4 -n` is a dry run, but on a raw device ward still denies it to an agent",
    ),
    (
        "fs#212",
        "formats /dev/sda1: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#213",
        "formats /dev/sda1: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#214",
        "formats /dev/sda: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#218",
        "formats /dev/sda1: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#219",
        "formats /dev/sda1: shellfirm's pattern misses flags before the device",
    ),
    (
        "fs#220",
        "formats /dev/sda1: shellfirm's pattern misses flags before the device",
    ),
    (
        "git#77",
        "`git clean -fdn` is a dry run (`-n`): it deletes nothing",
    ),
    (
        "fs#439",
        "`truncate --size 0` empties the file exactly as the flagged `truncate -s 0` rows do",
    ),
    (
        "shell#24",
        "piping a download into dash runs remote code like any other shell",
    ),
    (
        "git#87",
        "discards the file's uncommitted changes: ward asks an agent first, as dcg does",
    ),
    (
        "git#88",
        "discards the file's uncommitted changes: ward asks an agent first, as dcg does",
    ),
    (
        "git#89",
        "discards the file's uncommitted changes: ward asks an agent first, as dcg does",
    ),
    (
        "git#90",
        "discards the file's uncommitted changes: ward asks an agent first, as dcg does",
    ),
    (
        "git#99",
        "discards the file's uncommitted changes: ward asks an agent first, as dcg does",
    ),
    (
        "git#101",
        "discards the file's uncommitted changes: ward asks an agent first, as dcg does",
    ),
    (
        "git#102",
        "discards the file's uncommitted changes: ward asks an agent first, as dcg does",
    ),
    (
        "git#103",
        "discards the file's uncommitted changes: ward asks an agent first, as dcg does",
    ),
];

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/guard-corpus");
    dir.exists().then_some(dir)
}

#[derive(Default)]
struct Score {
    caught: usize,
    dangerous: usize,
    allowed: usize,
    harmless: usize,
}

impl Score {
    fn caught_share(&self) -> f64 {
        if self.dangerous == 0 {
            1.0
        } else {
            self.caught as f64 / self.dangerous as f64
        }
    }
    fn allowed_share(&self) -> f64 {
        if self.harmless == 0 {
            1.0
        } else {
            self.allowed as f64 / self.harmless as f64
        }
    }
}

/// What the row expects of ward for an agent.
enum Want {
    /// Must not be allowed.
    Caught,
    /// Must be allowed.
    Allowed,
    /// Must not be denied (ask is fine).
    NotDenied,
}

fn judge(
    rows: &[Value],
    want: impl Fn(&Value) -> Option<(Want, &'static str)>,
    report: &mut String,
) -> Vec<(&'static str, Score)> {
    let mut scores: Vec<(&'static str, Score)> = Vec::new();
    for row in rows {
        let Some(cmd) = row["command"].as_str() else {
            continue;
        };
        let Some((w, bucket)) = want(row) else {
            continue;
        };
        let id = row["id"].as_str().unwrap_or("?");
        let got = decide(cmd, agent());
        let ok = match w {
            Want::Caught => got != Decision::Allow,
            Want::Allowed => got == Decision::Allow,
            Want::NotDenied => got != Decision::Deny,
        };
        let excused = !ok && CORPUS_MISTAKES.iter().any(|(m, _)| *m == id);
        let score = match scores.iter_mut().find(|(b, _)| *b == bucket) {
            Some((_, s)) => s,
            None => {
                scores.push((bucket, Score::default()));
                &mut scores.last_mut().unwrap().1
            }
        };
        match w {
            Want::Caught => {
                score.dangerous += 1;
                score.caught += usize::from(ok || excused);
            }
            Want::Allowed | Want::NotDenied => {
                score.harmless += 1;
                score.allowed += usize::from(ok || excused);
            }
        }
        if !ok {
            let tag = if excused { " (corpus mistake)" } else { "" };
            let _ = writeln!(
                report,
                "{bucket}\t{id}\texpected {}\tgot {got}{tag}\t{cmd}",
                row["expected"].as_str().unwrap_or("?")
            );
        }
    }
    scores
}

fn load(dir: &std::path::Path, name: &str) -> Vec<Value> {
    std::fs::read_to_string(dir.join(name))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn guard_corpora_for_an_agent() {
    let Some(dir) = corpus_dir() else {
        // CI is given ../shared/data: there a missing set is a failure.
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "../shared/data/guard-corpus is not present under CI=true"
        );
        eprintln!("skipped: ../shared/data/guard-corpus is not present");
        return;
    };
    let mut report = String::new();
    let dcg = load(&dir, "dcg_cases.jsonl");
    let dcg_scores = judge(
        &dcg,
        |row| {
            let core = row.get("requires_pack").is_none_or(Value::is_null);
            match (row["expected"].as_str()?, core) {
                ("deny", true) => Some((Want::Caught, "dcg core")),
                ("allow", true) => Some((Want::Allowed, "dcg core")),
                ("deny", false) => Some((Want::Caught, "dcg packs")),
                ("allow", false) => Some((Want::NotDenied, "dcg packs")),
                _ => None,
            }
        },
        &mut report,
    );
    let sf = load(&dir, "shellfirm_cases.jsonl");
    let sf_scores = judge(
        &sf,
        |row| match row["expected"].as_str()? {
            "flag" => Some((Want::Caught, "shellfirm")),
            "allow" => Some((Want::Allowed, "shellfirm")),
            _ => None,
        },
        &mut report,
    );
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("corpus-disagreements.tsv");
    std::fs::write(&out, &report).unwrap();
    let mut failed = Vec::new();
    for (bucket, s) in dcg_scores.iter().chain(&sf_scores) {
        println!(
            "{bucket:<10} dangerous caught {}/{} ({:.1}%), harmless allowed {}/{} ({:.1}%)",
            s.caught,
            s.dangerous,
            100.0 * s.caught_share(),
            s.allowed,
            s.harmless,
            100.0 * s.allowed_share()
        );
        let (need_caught, need_allowed) = if *bucket == "dcg core" {
            (0.98, 0.98)
        } else {
            (0.95, 0.97)
        };
        if s.caught_share() < need_caught || s.allowed_share() < need_allowed {
            failed.push(*bucket);
        }
    }
    println!("disagreements written to {}", out.display());
    for (id, why) in CORPUS_MISTAKES {
        println!("corpus mistake {id}: {why}");
    }
    assert!(
        failed.is_empty(),
        "below goal: {failed:?}; see {}",
        out.display()
    );
}
