//! A table of commands of ward's own: obfuscations, wrappers, nesting and
//! look-alikes, each with the decision the default policy must give.

use super::{agent, verdict};
use ward_core::{Actor, Decision};

#[test]
fn table_of_obfuscations_and_look_alikes() {
    let table = include_str!("table.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let mut parts = line.splitn(3, '\t');
        let (Some(want), Some(actor), Some(cmd)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let want: Decision = want.parse().unwrap();
        let actor = if actor == "h" { Actor::Human } else { agent() };
        let cmd = cmd.replace("\\n", "\n");
        count += 1;
        let v = verdict(&cmd, actor.clone());
        if v.decision != want {
            failures.push(format!(
                "{actor}: `{cmd}`: want {want}, got {} ({}; rules {:?})",
                v.decision,
                v.reason,
                v.rule_ids()
            ));
        }
    }
    assert!(count >= 150, "the table has {count} rows");
    assert!(
        failures.is_empty(),
        "{} of {count} rows disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
