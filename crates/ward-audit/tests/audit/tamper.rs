//! Each kind of tampering is detected and the first bad event is named.

use crate::Fixture;
use pretty_assertions::assert_eq;
use ward_audit::{Problem, ProblemKind, TipStatus};

fn problem(f: &Fixture) -> Option<Problem> {
    f.store().verify().unwrap().problem
}

#[test]
fn intact_store_verifies() {
    let (f, s) = Fixture::with_events(50);
    let r = s.verify().unwrap();
    assert_eq!(
        (r.events, r.last_id, r.problem.clone(), r.tip),
        (50, 50, None, TipStatus::Current)
    );
    assert_eq!(r.to_string(), "ok, 50 events");
    drop(f);
}

#[test]
fn editing_a_decision_is_detected() {
    let (f, _s) = Fixture::with_events(50);
    f.raw()
        .execute("UPDATE events SET decision = 'allow' WHERE id = 17", [])
        .unwrap();
    let p = problem(&f).unwrap();
    assert_eq!(
        p,
        Problem {
            id: 17,
            kind: ProblemKind::Edited
        }
    );
    assert_eq!(
        p.to_string(),
        "event 17 was edited: its contents do not match its hash"
    );
}

#[test]
fn changing_a_column_type_is_detected() {
    let (f, _s) = Fixture::with_events(10);
    f.raw()
        .execute("UPDATE events SET actor = 42, rules = 'x' WHERE id = 4", [])
        .unwrap();
    assert_eq!(problem(&f).unwrap().id, 4);
}

#[test]
fn deleting_a_row_is_detected() {
    let (f, _s) = Fixture::with_events(50);
    f.raw()
        .execute("DELETE FROM events WHERE id = 23", [])
        .unwrap();
    let p = problem(&f).unwrap();
    assert_eq!(
        p,
        Problem {
            id: 23,
            kind: ProblemKind::Missing { next: Some(24) }
        }
    );
    assert_eq!(p.to_string(), "event 23 is missing: it was deleted");
}

#[test]
fn deleting_the_first_row_is_detected() {
    let (f, _s) = Fixture::with_events(5);
    f.raw()
        .execute("DELETE FROM events WHERE id <= 2", [])
        .unwrap();
    assert_eq!(
        problem(&f).unwrap().to_string(),
        "events 1 to 2 are missing: they were deleted"
    );
}

#[test]
fn swapping_two_rows_is_detected() {
    let (f, _s) = Fixture::with_events(50);
    let c = f.raw();
    // Swap the contents of rows 10 and 30, keeping their ids.
    c.execute_batch(
        "UPDATE events SET id = -10 WHERE id = 10;
         UPDATE events SET id = 10 WHERE id = 30;
         UPDATE events SET id = 30 WHERE id = -10;",
    )
    .unwrap();
    assert_eq!(
        problem(&f).unwrap(),
        Problem {
            id: 10,
            kind: ProblemKind::Relinked
        }
    );
}

#[test]
fn inserting_a_row_is_detected() {
    let (f, _s) = Fixture::with_events(20);
    let c = f.raw();
    c.execute_batch(
        "UPDATE events SET id = -(id + 1) WHERE id > 8;
         UPDATE events SET id = -id WHERE id < 0;
         INSERT INTO events SELECT 9, time_ns, actor, source, kind, raw, commands, 'allow', rules,
             reason, cwd, pid, ppid, uid, session, decided_by, extra, prev_hash, hash FROM events WHERE id = 8;",
    )
    .unwrap();
    assert_eq!(
        problem(&f).unwrap(),
        Problem {
            id: 9,
            kind: ProblemKind::Relinked
        }
    );
}

#[test]
fn truncating_the_tail_is_detected_by_the_tip_file() {
    let (f, _s) = Fixture::with_events(50);
    f.raw()
        .execute("DELETE FROM events WHERE id > 40", [])
        .unwrap();
    let p = problem(&f).unwrap();
    assert_eq!(
        p,
        Problem {
            id: 41,
            kind: ProblemKind::Truncated { tip: 50 }
        }
    );
    // Appending over the cut does not hide it.
    f.store().append(&crate::event(1)).unwrap();
    assert_eq!(
        problem(&f).unwrap(),
        Problem {
            id: 42,
            kind: ProblemKind::Truncated { tip: 50 }
        }
    );
    assert_eq!(
        p.to_string(),
        "event 41 is missing: the last-known tip is event 50 but the store ends before it (tail truncated)"
    );
}

#[test]
fn emptying_the_store_is_detected() {
    let (f, _s) = Fixture::with_events(5);
    f.raw().execute("DELETE FROM events", []).unwrap();
    assert_eq!(problem(&f).unwrap().kind, ProblemKind::Truncated { tip: 5 });
}

#[test]
fn rewriting_the_chain_with_valid_hashes_is_caught_by_the_tip() {
    let (f, _s) = Fixture::with_events(10);
    // An attacker who knows the (keyless) encoding edits event 7 and rehashes
    // everything after it: the chain is self-consistent, the tip is not.
    let c = f.raw();
    let mut s = f.store();
    let mut evs = Vec::new();
    s.for_each(&Default::default(), |e| {
        evs.push(e);
        Ok(())
    })
    .unwrap();
    let mut prev = evs[5].hash;
    for e in &mut evs[6..] {
        if e.id == 7 {
            assert_eq!(e.body.decision, "allow");
            e.body.decision = "deny".into();
        }
        let h = ward_audit::chain_hash(e.id, e.time_ns, &e.body, &prev);
        c.execute(
            "UPDATE events SET decision = ?1, prev_hash = ?2, hash = ?3 WHERE id = ?4",
            rusqlite::params![e.body.decision, prev, h, e.id],
        )
        .unwrap();
        prev = h;
    }
    let p = problem(&f).unwrap();
    assert_eq!(
        p,
        Problem {
            id: 10,
            kind: ProblemKind::TipMismatch
        }
    );
    // Appends after the rewrite do not launder it: the tip stays at event 10.
    s.append(&crate::event(99)).unwrap();
    assert_eq!(problem(&f).unwrap().kind, ProblemKind::TipMismatch);
}

#[test]
fn missing_tip_file_is_reported_not_failed() {
    let (f, s) = Fixture::with_events(3);
    std::fs::remove_file(ward_audit::tip_path(&f.path())).unwrap();
    let r = s.verify().unwrap();
    assert!(r.ok());
    assert_eq!(r.tip, TipStatus::Missing);
    assert!(r.to_string().contains("no tip file"), "{r}");
}

#[test]
fn prune_keeps_the_rest_verifiable() {
    let (f, mut s) = Fixture::with_events(0);
    let evs: Vec<_> = (0..30)
        .map(|i| ward_audit::NewEvent {
            time_ns: Some(1_000 + i as i64),
            ..crate::event(i)
        })
        .collect();
    s.append_batch(&evs).unwrap();
    assert_eq!(s.prune(1_010).unwrap(), 10);
    let r = s.verify().unwrap();
    assert!(r.ok(), "{r}");
    assert_eq!((r.events, r.last_id), (21, 31));
    s.append(&crate::event(1)).unwrap();
    assert!(s.verify().unwrap().ok());
    assert_eq!(s.stats().unwrap().pruned, 10);
    // Pruning further back than the checkpoint prunes nothing.
    assert_eq!(s.prune(0).unwrap(), 0);
    // Moving the checkpoint (hiding more deleted rows) is detected.
    f.raw()
        .execute_batch(
            "DELETE FROM events WHERE id <= 12;
             UPDATE checkpoint SET last_id = 12, last_hash = (SELECT prev_hash FROM events WHERE id = 13);",
        )
        .unwrap();
    assert_eq!(problem(&f).unwrap().kind, ProblemKind::Checkpoint);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const COLUMNS: [(&str, &str); 8] = [
        ("actor", "'human'"),
        ("raw", "'true'"),
        ("commands", "'[]'"),
        ("decision", "'allow'"),
        ("rules", "'[\"x\"]'"),
        ("reason", "''"),
        ("uid", "0"),
        ("time_ns", "time_ns + 1"),
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Any change to any hashed column of any one row names exactly that row.
        #[test]
        fn any_single_edit_names_its_row(n in 2usize..40, pick in any::<prop::sample::Index>(), col in 0usize..8) {
            let (f, _s) = Fixture::with_events(n);
            let id = pick.index(n) as i64 + 1;
            let (name, value) = COLUMNS[col];
            let changed = f
                .raw()
                .execute(&format!("UPDATE events SET {name} = {value} WHERE id = ?1 AND {name} IS NOT {value}"), [id])
                .unwrap();
            let p = problem(&f);
            if changed == 0 {
                prop_assert_eq!(p, None);
            } else {
                prop_assert_eq!(p, Some(Problem { id, kind: ProblemKind::Edited }));
            }
        }

        /// Deleting any one row names exactly that row (the tip names the last one).
        #[test]
        fn any_single_delete_names_its_row(n in 2usize..40, pick in any::<prop::sample::Index>()) {
            let (f, _s) = Fixture::with_events(n);
            let id = pick.index(n) as i64 + 1;
            f.raw().execute("DELETE FROM events WHERE id = ?1", [id]).unwrap();
            prop_assert_eq!(problem(&f).map(|p| p.id), Some(id));
        }
    }
}
