//! Drawing: reads [`State`], never changes it. Only visible rows are built.

use crate::keys::BINDINGS;
use crate::shadow::ShadowChange;
use crate::state::{Pane, State};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};
use ward_daemon::Event;

/// How a pending shadow change's shadow is shown.
const SHADOW: Style = Style::new().fg(Color::Magenta);

fn shadow_count(state: &State) -> usize {
    state
        .pending
        .iter()
        .filter(|i| ShadowChange::of(i).is_some())
        .count()
}

fn decision_style(d: &str) -> Style {
    match d {
        "allow" => Style::default().fg(Color::Green),
        "ask" => Style::default().fg(Color::Yellow),
        // An agent hook had no opinion: the agent's own permission decided.
        "deferred" => Style::default().fg(Color::Blue),
        _ => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

/// `HH:MM:SS` (UTC) of a millisecond timestamp.
pub fn clock(ts_ms: u64) -> String {
    let s = (ts_ms / 1000) % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

fn focus(block: Block<'_>, on: bool) -> Block<'_> {
    if on {
        block.border_style(Style::default().fg(Color::Cyan))
    } else {
        block
    }
}

/// Draws the whole screen.
pub fn draw(state: &State, f: &mut Frame) {
    let pending_h = u16::try_from(state.pending.len().clamp(1, 6)).unwrap_or(6) + 3;
    let [live, pending, status] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(pending_h),
        Constraint::Length(1),
    ])
    .areas(f.area());
    draw_live(state, f, live);
    draw_pending(state, f, pending);
    draw_status(state, f, status);
    if state.detail {
        draw_detail(state, f, centered(f.area(), 80, 70));
    }
    if state.help {
        draw_help(f, centered(f.area(), 60, 80));
    }
}

fn draw_live(state: &State, f: &mut Frame, area: Rect) {
    // Borders and the header take three lines.
    let n = usize::from(area.height.saturating_sub(3)).max(1);
    let skip = state.live_offset.saturating_sub(n - 1);
    let rows: Vec<Row<'_>> = state
        .visible(skip, n)
        .into_iter()
        .map(|e| {
            Row::new(vec![
                Cell::from(clock(e.ts_ms)),
                Cell::from(e.decision.as_str()).style(decision_style(&e.decision)),
                Cell::from(e.actor.as_str()),
                Cell::from(e.raw.as_str()),
                Cell::from(e.rules.first().map_or("", String::as_str)),
                Cell::from(e.reason.as_str()),
            ])
        })
        .collect();
    let title = format!(
        " decisions ({}{}) ",
        state.len(),
        if state.paused { ", paused" } else { "" }
    );
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(5),
            Constraint::Length(14),
            Constraint::Percentage(35),
            Constraint::Length(22),
            Constraint::Fill(1),
        ],
    )
    .header(
        Row::new(["time", "dec", "actor", "command", "rule", "reason"])
            .style(Style::default().add_modifier(Modifier::BOLD)),
    )
    .block(focus(
        Block::default().borders(Borders::ALL).title(title),
        state.pane == Pane::Live,
    ))
    .row_highlight_style(Style::default().add_modifier(Modifier::REVERSED));
    let mut ts = TableState::default().with_selected(Some(state.live_offset - skip));
    f.render_stateful_widget(table, area, &mut ts);
}

fn draw_pending(state: &State, f: &mut Frame, area: Rect) {
    let now = ward_daemon::event::now_ms();
    let rows: Vec<Row<'_>> = state
        .pending
        .iter()
        .map(|i| {
            let (who, what) = match ShadowChange::of(i) {
                // A staged change of a shadow workspace, waiting to be applied.
                Some(c) => (
                    Cell::from(format!("shadow {}", c.name)).style(SHADOW),
                    Cell::from(format!("{} {}", c.what, c.file)),
                ),
                None => (Cell::from(i.actor.as_str()), Cell::from(i.raw.as_str())),
            };
            Row::new(vec![
                Cell::from(i.id.to_string()),
                who,
                Cell::from(format!("{}s", i.deadline_ms.saturating_sub(now) / 1000)),
                what,
                Cell::from(i.reason.as_str()),
            ])
        })
        .collect();
    let empty = rows.is_empty();
    let title = format!(
        " pending approvals ({}{}) — a approve, s session, A always, x deny ",
        state.pending.len(),
        match shadow_count(state) {
            0 => String::new(),
            1 => ", 1 shadow change".to_owned(),
            n => format!(", {n} shadow changes"),
        }
    );
    let table = Table::new(
        rows,
        [
            Constraint::Length(5),
            Constraint::Length(14),
            Constraint::Length(5),
            Constraint::Percentage(40),
            Constraint::Fill(1),
        ],
    )
    .header(
        Row::new(["id", "actor", "left", "command", "reason"])
            .style(Style::default().add_modifier(Modifier::BOLD)),
    )
    .block(focus(
        Block::default().borders(Borders::ALL).title(title),
        state.pane == Pane::Pending,
    ))
    .row_highlight_style(Style::default().add_modifier(Modifier::REVERSED));
    let mut ts = TableState::default().with_selected((!empty).then_some(state.pending_sel));
    f.render_stateful_widget(table, area, &mut ts);
}

fn draw_status(state: &State, f: &mut Frame, area: Rect) {
    let s = &state.status;
    let daemon = if s.daemon_up {
        Span::styled("daemon up", Style::default().fg(Color::Green))
    } else {
        Span::styled("daemon down (read-only)", Style::default().fg(Color::Red))
    };
    let policy = s
        .policy_hash
        .map_or_else(|| "policy ?".to_owned(), |h| format!("policy {h:016x}"));
    let search = if state.typing {
        format!(" search: {}▏", state.search)
    } else if state.search.is_empty() {
        String::new()
    } else {
        format!(" search: {}", state.search)
    };
    let line = Line::from(vec![
        daemon,
        Span::raw(format!(
            " │ {policy} │ queue {} │ {:.1} ev/s │ filter {}{search} │ ? help │ {}",
            state.pending.len(),
            s.events_per_s,
            state.decision.label(),
            s.message
        )),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

fn detail_lines(e: &Event) -> Vec<Line<'_>> {
    let mut lines = vec![
        Line::from(vec![
            Span::raw("decision  "),
            Span::styled(e.decision.as_str(), decision_style(&e.decision)),
            Span::raw(format!("  by {}", e.decided_by)),
        ]),
        Line::from(format!("time      {} (seq {})", clock(e.ts_ms), e.seq)),
        Line::from(format!(
            "actor     {}   source {}   kind {}",
            e.actor, e.source, e.kind
        )),
        Line::from(format!("raw       {}", e.raw)),
        Line::from(format!("reason    {}", e.reason)),
        Line::from("commands"),
    ];
    lines.extend(e.commands.iter().map(|c| Line::from(format!("  · {c}"))));
    lines.push(Line::from("matched rules"));
    lines.extend(e.rules.iter().map(|r| Line::from(format!("  · {r}"))));
    lines
}

fn draw_detail(state: &State, f: &mut Frame, area: Rect) {
    let lines = match (state.pane, state.selected_pending(), state.selected_event()) {
        (Pane::Pending, Some(i), _) => {
            let mut l = vec![Line::from(format!("pending   {}  from {}", i.id, i.source))];
            if let Some(c) = ShadowChange::of(i) {
                l.extend([
                    Line::from(format!("shadow    {}  over {}", c.name, i.cwd)),
                    Line::from(format!("change    {} {}", c.what, c.file)),
                    Line::from(format!("see       {}", c.diff_command())),
                ]);
            }
            l.extend([
                Line::from(format!("actor     {}", i.actor)),
                Line::from(format!("cwd       {}", i.cwd)),
                Line::from(format!("raw       {}", i.raw)),
                Line::from(format!("reason    {}", i.reason)),
                Line::from("commands"),
            ]);
            l.extend(i.commands.iter().map(|c| Line::from(format!("  · {c}"))));
            l.push(Line::from("matched rules"));
            l.extend(
                i.matches
                    .iter()
                    .map(|m| Line::from(format!("  · {} {}: {}", m.decision, m.rule, m.reason))),
            );
            l
        }
        (_, _, Some(e)) => detail_lines(e),
        _ => vec![Line::from("nothing selected")],
    };
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" detail — enter to close "),
        ),
        area,
    );
}

fn draw_help(f: &mut Frame, area: Rect) {
    let lines: Vec<Line<'_>> = BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| Line::from(format!("{:>6}  {}", b.label, b.help)))
        .chain([
            Line::from("   esc  clear filters"),
            Line::from("ctrl-c  quit"),
        ])
        .collect();
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" keys — ? to close "),
        ),
        area,
    );
}

fn centered(area: Rect, pct_x: u16, pct_y: u16) -> Rect {
    let w = area.width * pct_x / 100;
    let h = area.height * pct_y / 100;
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
