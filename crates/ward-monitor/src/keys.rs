//! Key bindings, as data: one table drives both input and the help overlay.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the monitor.
    Quit,
    /// Show or hide the help overlay.
    Help,
    /// Move focus between live decisions and pending approvals.
    SwitchPane,
    /// Select the row above.
    Up,
    /// Select the row below.
    Down,
    /// Jump to the newest event and follow.
    Follow,
    /// Pause or resume following.
    Pause,
    /// Open or close the detail view of the selected row.
    Detail,
    /// Cycle the decision filter.
    CycleDecision,
    /// Start typing a text search.
    Search,
    /// Clear every filter.
    ClearFilters,
    /// Approve the selected pending action once.
    Approve,
    /// Approve it for this session.
    ApproveSession,
    /// Approve it and always allow this exact command for this actor kind.
    ApproveAlways,
    /// Deny it.
    Deny,
    /// A character typed into the search box.
    Type(char),
    /// Delete the last search character.
    Backspace,
    /// Finish typing.
    EndTyping,
    /// Nothing.
    None,
}

/// One binding: the key, its label in the help overlay, the action.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The key.
    pub code: KeyCode,
    /// How the help overlay names the key.
    pub label: &'static str,
    /// What it does.
    pub action: Action,
    /// The help text.
    pub help: &'static str,
}

const fn b(code: KeyCode, label: &'static str, action: Action, help: &'static str) -> Binding {
    Binding {
        code,
        label,
        action,
        help,
    }
}

/// Every key binding in normal mode.
pub const BINDINGS: &[Binding] = &[
    b(KeyCode::Char('q'), "q", Action::Quit, "quit"),
    b(KeyCode::Char('?'), "?", Action::Help, "help on/off"),
    b(KeyCode::Tab, "tab", Action::SwitchPane, "switch pane"),
    b(KeyCode::Up, "↑/k", Action::Up, "select up (older)"),
    b(KeyCode::Char('k'), "", Action::Up, ""),
    b(KeyCode::Down, "↓/j", Action::Down, "select down (newer)"),
    b(KeyCode::Char('j'), "", Action::Down, ""),
    b(KeyCode::Char('f'), "f", Action::Follow, "follow newest"),
    b(KeyCode::Char(' '), "space", Action::Pause, "pause/resume"),
    b(KeyCode::Enter, "enter", Action::Detail, "detail view"),
    b(
        KeyCode::Char('d'),
        "d",
        Action::CycleDecision,
        "filter by decision",
    ),
    b(
        KeyCode::Char('/'),
        "/",
        Action::Search,
        "search actor/command/rule/reason",
    ),
    b(
        KeyCode::Char('c'),
        "c",
        Action::ClearFilters,
        "clear filters",
    ),
    b(
        KeyCode::Char('a'),
        "a",
        Action::Approve,
        "approve selected pending",
    ),
    b(
        KeyCode::Char('s'),
        "s",
        Action::ApproveSession,
        "approve for this session",
    ),
    b(
        KeyCode::Char('A'),
        "A",
        Action::ApproveAlways,
        "approve, always allow this exact command",
    ),
    b(
        KeyCode::Char('x'),
        "x",
        Action::Deny,
        "deny selected pending",
    ),
];

/// The action for `key` in the current mode (`typing`: the search box).
pub fn handle(key: KeyEvent, typing: bool) -> Action {
    if key.kind == KeyEventKind::Release {
        return Action::None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Action::Quit;
    }
    if typing {
        return match key.code {
            KeyCode::Enter | KeyCode::Esc => Action::EndTyping,
            KeyCode::Backspace => Action::Backspace,
            KeyCode::Char(c) => Action::Type(c),
            _ => Action::None,
        };
    }
    if key.code == KeyCode::Esc {
        return Action::ClearFilters;
    }
    BINDINGS
        .iter()
        .find(|b| b.code == key.code)
        .map_or(Action::None, |b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn every_bound_action_is_reachable_and_typing_captures_letters() {
        assert_eq!(handle(key(KeyCode::Char('a')), false), Action::Approve);
        assert_eq!(handle(key(KeyCode::Char('a')), true), Action::Type('a'));
        assert_eq!(handle(key(KeyCode::Char('q')), true), Action::Type('q'));
        assert_eq!(handle(key(KeyCode::Enter), true), Action::EndTyping);
        assert_eq!(
            handle(
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                true
            ),
            Action::Quit
        );
        assert_eq!(handle(key(KeyCode::F(5)), false), Action::None);
        for b in BINDINGS {
            assert_eq!(handle(key(b.code), false), b.action);
        }
    }
}
