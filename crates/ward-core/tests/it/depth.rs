//! Guard depth (issue 13): whole-line tables, each row a command with the
//! decision the default policy must give an agent and a person.
//!
//! Every `tests/it/depth/*.txt` file is read; a row is
//! `AGENT<TAB>HUMAN<TAB>COMMAND` (`\n` in the command stands for a newline),
//! `#` starts a comment line. Rows whose two decisions are both `allow` are
//! harmless look-alikes; every other row is a dangerous command.

use super::{agent, verdict};
use std::path::PathBuf;
use ward_core::{Actor, Decision};

/// One row of a depth table.
struct Row {
    file: String,
    line: usize,
    agent: Decision,
    human: Decision,
    command: String,
}

fn rows() -> Vec<Row> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/depth");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut rows = Vec::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, '\t');
            let (Some(a), Some(h), Some(cmd)) = (parts.next(), parts.next(), parts.next()) else {
                panic!("{file}:{}: want AGENT<TAB>HUMAN<TAB>COMMAND", i + 1);
            };
            rows.push(Row {
                file: file.clone(),
                line: i + 1,
                agent: a
                    .parse()
                    .unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1)),
                human: h
                    .parse()
                    .unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1)),
                command: cmd.replace("\\n", "\n"),
            });
        }
    }
    rows
}

#[test]
fn depth_tables_agree_with_the_default_policy() {
    let rows = rows();
    let mut failures = Vec::new();
    for row in &rows {
        for (actor, want) in [(agent(), row.agent), (Actor::Human, row.human)] {
            let v = verdict(&row.command, actor.clone());
            if v.decision != want {
                failures.push(format!(
                    "{}:{}: {actor}: `{}`: want {want}, got {} ({}; rules {:?})",
                    row.file,
                    row.line,
                    row.command,
                    v.decision,
                    v.reason,
                    v.rule_ids()
                ));
            }
        }
    }
    let harmless = rows
        .iter()
        .filter(|r| r.agent == Decision::Allow && r.human == Decision::Allow)
        .count();
    println!(
        "depth tables: {} rows, {} dangerous, {harmless} harmless",
        rows.len(),
        rows.len() - harmless
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases disagree:\n{}",
        failures.len(),
        rows.len() * 2,
        failures.join("\n")
    );
}
