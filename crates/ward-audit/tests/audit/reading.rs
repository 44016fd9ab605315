//! Queries, exports and stats read what was appended.

use crate::{Fixture, event};
use pretty_assertions::assert_eq;
use ward_audit::{Event, Filter, Format, NewEvent, Store};

fn ids(s: &Store, f: &Filter) -> Vec<i64> {
    let mut out = Vec::new();
    s.for_each(f, |e: Event| {
        out.push(e.id);
        Ok(())
    })
    .unwrap();
    out
}

#[test]
fn append_returns_what_is_stored() {
    let f = Fixture::empty();
    let mut s = f.store();
    let a = s.append(&event(0)).unwrap();
    let b = s.append(&event(1)).unwrap();
    assert_eq!((a.id, b.id), (1, 2));
    assert_eq!(b.prev_hash, a.hash);
    assert_eq!(a.prev_hash, ward_audit::GENESIS);
    let mut got = Vec::new();
    s.for_each(&Filter::default(), |e| {
        got.push(e);
        Ok(())
    })
    .unwrap();
    assert_eq!(got, vec![a, b]);
    assert_eq!(
        ward_audit::read_tip(&f.path()).unwrap().map(|t| t.id),
        Some(2)
    );
}

#[test]
fn filters() {
    let (_f, s) = Fixture::with_events(12);
    let d = |x: &str| Filter {
        decision: Some(x.into()),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &d("deny")), vec![3, 6, 9, 12]);
    let agent = Filter {
        actor: Some("agent".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &agent), vec![2, 4, 6, 8, 10, 12]);
    let exact = Filter {
        actor: Some("agent:claude".into()),
        decision: Some("ask".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &exact), vec![2, 8]);
    let nobody = Filter {
        actor: Some("agen".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &nobody), Vec::<i64>::new());
    let rule = Filter {
        rule: Some("rm-recursive".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &rule).len(), 8);
    let grep = Filter {
        grep: Some("build-11".into()),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &grep), vec![12]);
    let last = Filter {
        last: Some(3),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &last), vec![10, 11, 12]);
    let after = Filter {
        after_id: Some(10),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &after), vec![11, 12]);
}

#[test]
fn time_filters() {
    let f = Fixture::empty();
    let mut s = f.store();
    let evs: Vec<NewEvent> = (0..10)
        .map(|i| NewEvent {
            time_ns: Some(i * 100),
            ..event(i as usize)
        })
        .collect();
    s.append_batch(&evs).unwrap();
    let w = Filter {
        since_ns: Some(300),
        until_ns: Some(600),
        ..Filter::default()
    };
    assert_eq!(ids(&s, &w), vec![4, 5, 6]);
}

#[test]
fn hostile_text_is_stored_verbatim() {
    let f = Fixture::empty();
    let mut s = f.store();
    let nasty = "'; DROP TABLE events; --\0\u{202e}\n\"x\",y";
    let e = NewEvent {
        raw: nasty.into(),
        commands: vec![nasty.into(), String::new()],
        ..event(0)
    };
    s.append(&e).unwrap();
    let grep = Filter {
        grep: Some("DROP TABLE".into()),
        ..Filter::default()
    };
    let mut got = Vec::new();
    s.for_each(&grep, |e| {
        got.push(e.body.raw);
        Ok(())
    })
    .unwrap();
    assert_eq!(got, vec![nasty.to_owned()]);
    assert!(s.verify().unwrap().ok());
}

#[test]
fn exports_stream_jsonl_and_csv() {
    let (_f, s) = Fixture::with_events(3);
    let mut out = Vec::new();
    s.export(&Filter::default(), Format::Jsonl, &mut out)
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["id"], 3);
    assert_eq!(lines[2]["decision"], "deny");
    assert_eq!(lines[2]["rules"][0], "rm-recursive");
    assert_eq!(lines[1]["prev_hash"].as_str().unwrap().len(), 64);
    let mut out = Vec::new();
    s.export(&Filter::default(), Format::Csv, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 4);
    assert!(
        rows[0].starts_with("id,time,actor,source,kind,raw,"),
        "{}",
        rows[0]
    );
    assert!(rows[3].starts_with("3,"), "{}", rows[3]);
    assert!(rows[3].contains(",deny,rm-recursive,"), "{}", rows[3]);
}

#[test]
fn stats_count() {
    let (_f, s) = Fixture::with_events(9);
    let st = s.stats().unwrap();
    assert_eq!(st.total, 9);
    assert_eq!(
        st.by_decision,
        vec![("allow".into(), 3), ("ask".into(), 3), ("deny".into(), 3)]
    );
    assert_eq!(
        st.by_actor,
        vec![("human".into(), 5), ("agent:claude".into(), 4)]
    );
    assert_eq!(st.top_rules, vec![("rm-recursive".into(), 6)]);
    assert!(st.span_ns.is_some());
}

#[test]
fn reopen_continues_the_chain() {
    let (f, s) = Fixture::with_events(5);
    drop(s);
    let mut s = f.store();
    assert_eq!(s.append(&event(5)).unwrap().id, 6);
    let r = s.verify().unwrap();
    assert!(r.ok());
    assert_eq!(r.events, 6);
}
