//! Snapshot tests of each screen, rendered into ratatui's `TestBackend`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ward_daemon::proto::WireMatch;
use ward_daemon::{Event, Notice, PendingItem, Request, Scope};
use ward_monitor::{Action, State, draw};

fn ev(seq: u64, decision: &str, actor: &str, raw: &str, rule: &str) -> Event {
    Event {
        seq,
        ts_ms: 3_600_000 * 13 + 60_000 * 5 + 1000 * seq,
        source: "exec".into(),
        actor: actor.into(),
        kind: "command".into(),
        raw: raw.into(),
        commands: vec![raw.into()],
        decision: decision.into(),
        rules: if rule.is_empty() {
            vec![]
        } else {
            vec![rule.into()]
        },
        reason: format!("why {seq}"),
        decided_by: "daemon".into(),
        session: String::new(),
        ..Event::default()
    }
}

fn pending(id: u64) -> PendingItem {
    PendingItem {
        id,
        created_ms: 0,
        deadline_ms: u64::MAX,
        source: "exec".into(),
        actor: "agent:claude".into(),
        cwd: "/work/p".into(),
        raw: "rm -rf build".into(),
        commands: vec!["rm -rf build".into()],
        reason: "an agent force-deletes a directory tree".into(),
        matches: vec![WireMatch {
            rule: "fs.rm-rf-agent".into(),
            decision: ward_core::Decision::Ask,
            reason: "an agent force-deletes a directory tree".into(),
            command: Some(0),
        }],
    }
}

fn state() -> State {
    let mut s = State::new(1000);
    s.push_event(ev(1, "allow", "human", "ls -la", ""));
    s.push_event(ev(2, "deny", "agent:claude", "rm -rf ~", "fs.rm-home"));
    s.push_event(ev(3, "ask", "agent:codex", "git push", "git.push"));
    s.status.daemon_up = true;
    s.status.policy_hash = Some(0xabc);
    s
}

fn screen(s: &State) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(120, 24)).unwrap();
    t.draw(|f| draw(s, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_owned())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect()
}

fn find(lines: &[String], needle: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not on screen:\n{}", lines.join("\n")))
}

#[test]
fn live_screen_lists_newest_first_with_status_line() {
    let lines = screen(&state());
    assert!(lines[0].contains(" decisions (3) "), "{}", lines[0]);
    assert!(lines[1].contains("time") && lines[1].contains("rule"));
    assert!(
        lines[2].starts_with("│13:05:03 ask   agent:codex    git push"),
        "{}",
        lines[2]
    );
    assert!(lines[3].contains("deny  agent:claude   rm -rf ~") && lines[3].contains("fs.rm-home"));
    assert!(lines[4].contains("allow human          ls -la"));
    let status = lines.last().unwrap();
    assert!(
        status.starts_with("daemon up │ policy 0000000000000abc │ queue 0 │ 0.0 ev/s │ filter all"),
        "{status}"
    );
}

#[test]
fn daemon_down_says_read_only() {
    let mut s = state();
    s.status.daemon_up = false;
    let lines = screen(&s);
    assert!(lines.last().unwrap().starts_with("daemon down (read-only)"));
}

#[test]
fn pending_pane_shows_items_and_keys_make_requests() {
    let mut s = state();
    s.notice(Notice::PendingAdded(pending(7)));
    s.notice(Notice::PendingAdded(pending(8)));
    s.apply(Action::SwitchPane);
    s.apply(Action::Down);
    let lines = screen(&s);
    let title = find(&lines, "pending approvals (2)");
    assert!(
        lines[title + 2].contains("7     agent:claude"),
        "{}",
        lines[title + 2]
    );
    assert!(lines[title + 3].contains("8     agent:claude"));
    assert!(lines.last().unwrap().contains("queue 2"));
    let req = s.apply(Action::ApproveSession).unwrap();
    assert!(matches!(
        req,
        Request::Approve {
            id: 8,
            scope: Scope::Session
        }
    ));
    let req = s.apply(Action::ApproveAlways).unwrap();
    assert!(matches!(
        req,
        Request::Approve {
            id: 8,
            scope: Scope::Always
        }
    ));
    // The key is data: `A` maps to it, and the help overlay names it.
    let shift_a = ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('A'),
        ratatui::crossterm::event::KeyModifiers::SHIFT,
    );
    assert_eq!(
        ward_monitor::keys::handle(shift_a, false),
        Action::ApproveAlways
    );
    let req = s.apply(Action::Deny).unwrap();
    assert!(matches!(req, Request::Deny { id: 8, .. }));
    s.notice(Notice::PendingResolved {
        id: 8,
        decision: ward_core::Decision::Allow,
        by: "human:approve".into(),
    });
    assert_eq!(s.pending.len(), 1);
    assert_eq!(s.selected_pending().unwrap().id, 7);
    assert!(
        screen(&s)
            .last()
            .unwrap()
            .contains("approval 8: allow by human:approve")
    );
}

#[test]
fn detail_view_shows_commands_and_rules() {
    let mut s = state();
    s.apply(Action::Up); // select the deny
    s.apply(Action::Detail);
    let lines = screen(&s);
    find(&lines, "detail — enter to close");
    find(&lines, "decision  deny  by daemon");
    find(&lines, "raw       rm -rf ~");
    find(&lines, "· fs.rm-home");
    s.apply(Action::SwitchPane);
    s.notice(Notice::PendingAdded(pending(3)));
    let lines = screen(&s);
    find(&lines, "pending   3  from exec");
    find(&lines, "· ask fs.rm-rf-agent: an agent force-deletes");
}

#[test]
fn filters_and_search_narrow_the_live_pane() {
    let mut s = state();
    s.apply(Action::CycleDecision); // deny only
    let lines = screen(&s);
    assert!(lines[2].contains("rm -rf ~"));
    assert!(!lines[3].contains("ls -la"));
    assert!(lines.last().unwrap().contains("filter deny"));
    s.apply(Action::ClearFilters);
    s.apply(Action::Search);
    for c in "codex".chars() {
        s.apply(Action::Type(c));
    }
    let lines = screen(&s);
    assert!(lines[2].contains("git push"));
    assert!(lines[3].trim_matches(['│', ' ']).is_empty(), "{}", lines[3]);
    assert!(lines.last().unwrap().contains("search: codex▏"));
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut s = state();
    s.apply(Action::Help);
    let lines = screen(&s);
    find(&lines, "keys — ? to close");
    for b in ward_monitor::keys::BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty())
    {
        find(&lines, b.help);
    }
}

#[test]
fn ring_keeps_only_capacity_and_pause_holds_the_selection() {
    let mut s = State::new(3);
    for i in 0..10 {
        s.push_event(ev(i, "allow", "human", &format!("echo {i}"), ""));
    }
    assert_eq!(s.len(), 3);
    assert_eq!(
        s.visible(0, 10).iter().map(|e| e.seq).collect::<Vec<_>>(),
        vec![9, 8, 7]
    );
    s.apply(Action::Pause);
    let before = s.selected_event().unwrap().seq;
    s.push_event(ev(10, "allow", "human", "echo 10", ""));
    assert_eq!(s.selected_event().unwrap().seq, before);
    s.apply(Action::Follow);
    assert_eq!(s.selected_event().unwrap().seq, 10);
}

/// What `ward shadow apply` queues for a staged change the policy asks about.
fn shadow_change(id: u64, raw: &str, reason: &str) -> PendingItem {
    PendingItem {
        source: "shadow:app-fix".into(),
        actor: "agent:shadow".into(),
        cwd: "/work/app".into(),
        raw: raw.into(),
        commands: Vec::new(),
        reason: reason.into(),
        ..pending(id)
    }
}

#[test]
fn pending_shadow_changes_name_shadow_and_file_and_take_the_same_keys() {
    let mut s = state();
    s.notice(Notice::PendingAdded(pending(7)));
    s.notice(Notice::PendingAdded(shadow_change(
        8,
        "/work/app/.env",
        "writes a file that holds secrets",
    )));
    s.notice(Notice::PendingAdded(shadow_change(
        9,
        "rm -r /work/app/build",
        "deletes a directory tree",
    )));
    s.apply(Action::SwitchPane);
    s.apply(Action::Down);
    let lines = screen(&s);
    let title = find(&lines, "pending approvals (3, 2 shadow changes)");
    let row = |n: usize| lines[title + 1 + n].as_str();
    assert!(row(1).contains("7     agent:claude") && row(1).contains("rm -rf build"));
    assert!(
        row(2).contains("8     shadow app-fix")
            && row(2).contains("write .env")
            && row(2).contains("writes a file that holds secrets"),
        "{}",
        row(2)
    );
    assert!(
        row(3).contains("9     shadow app-fix") && row(3).contains("delete dir build"),
        "{}",
        row(3)
    );
    assert!(matches!(
        s.apply(Action::Approve),
        Some(Request::Approve {
            id: 8,
            scope: Scope::Once
        })
    ));
    assert!(matches!(
        s.apply(Action::Deny),
        Some(Request::Deny { id: 8, .. })
    ));
    s.apply(Action::Detail);
    let lines = screen(&s);
    find(&lines, "pending   8  from shadow:app-fix");
    find(&lines, "shadow    app-fix  over /work/app");
    find(&lines, "change    write .env");
    find(&lines, "see       ward shadow diff app-fix .env");
    find(&lines, "reason    writes a file that holds secrets");
}
