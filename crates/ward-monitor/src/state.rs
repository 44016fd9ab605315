//! What the monitor knows and shows: a bounded ring of events, the pending
//! approvals, the selection, filters and mode. Changed only by
//! [`State::apply`] and the feed methods; drawing only reads it.

use crate::keys::Action;
use std::collections::VecDeque;
use ward_daemon::{Event, Notice, PendingItem, Request, Scope};

/// How many events the monitor keeps by default.
pub const DEFAULT_CAPACITY: usize = 100_000;

/// Which pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Live decisions.
    Live,
    /// Pending approvals.
    Pending,
}

/// Which decisions the live pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecisionFilter {
    /// Everything.
    #[default]
    All,
    /// Only `allow`.
    Allow,
    /// Only `ask`.
    Ask,
    /// Only `deny`.
    Deny,
    /// `ask` and `deny`.
    NotAllow,
}

impl DecisionFilter {
    fn next(self) -> Self {
        match self {
            Self::All => Self::Deny,
            Self::Deny => Self::Ask,
            Self::Ask => Self::Allow,
            Self::Allow => Self::NotAllow,
            Self::NotAllow => Self::All,
        }
    }

    /// Whether an event with `decision` passes.
    pub fn passes(self, decision: &str) -> bool {
        match self {
            Self::All => true,
            Self::Allow => decision == "allow",
            Self::Ask => decision == "ask",
            Self::Deny => decision == "deny",
            // A deferred call was left to the agent's own prompt: not a block.
            Self::NotAllow => decision != "allow" && decision != "deferred",
        }
    }

    /// The label in the status line.
    pub fn label(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Allow => "allow",
            Self::Ask => "ask",
            Self::Deny => "deny",
            Self::NotAllow => "ask+deny",
        }
    }
}

/// The daemon's side, as last seen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Status {
    /// Whether the daemon stream is live.
    pub daemon_up: bool,
    /// The daemon's policy hash, when known.
    pub policy_hash: Option<u64>,
    /// Events per second over the last window.
    pub events_per_s: f64,
    /// A one-line message (last action's outcome, errors).
    pub message: String,
}

/// Everything the monitor shows.
#[derive(Debug)]
pub struct State {
    // INVARIANT: at most `capacity` events, oldest first.
    events: VecDeque<Event>,
    capacity: usize,
    /// Pending approvals, oldest first.
    pub pending: Vec<PendingItem>,
    /// The focused pane.
    pub pane: Pane,
    /// Live pane: how many matching rows above the newest the selection is.
    pub live_offset: usize,
    /// Pending pane: the selected index.
    pub pending_sel: usize,
    /// Whether the detail view is open.
    pub detail: bool,
    /// Whether the help overlay is open.
    pub help: bool,
    /// Paused: new events are buffered but the view does not move.
    pub paused: bool,
    /// The decision filter.
    pub decision: DecisionFilter,
    /// Text search over actor, program, rule, reason (case-sensitive substring).
    pub search: String,
    /// Whether keys go into the search box.
    pub typing: bool,
    /// The daemon's side.
    pub status: Status,
    /// Set by `Quit`.
    pub quit: bool,
    // Events received since the last rate tick.
    recent: u64,
}

impl State {
    /// An empty state keeping up to `capacity` events.
    pub fn new(capacity: usize) -> Self {
        Self {
            events: VecDeque::with_capacity(capacity.min(4096)),
            capacity: capacity.max(1),
            pending: Vec::new(),
            pane: Pane::Live,
            live_offset: 0,
            pending_sel: 0,
            detail: false,
            help: false,
            paused: false,
            decision: DecisionFilter::All,
            search: String::new(),
            typing: false,
            status: Status::default(),
            quit: false,
            recent: 0,
        }
    }

    /// Adds one event, dropping the oldest past capacity.
    pub fn push_event(&mut self, ev: Event) {
        if self.events.len() == self.capacity {
            self.events.pop_front();
        }
        let shown = self.matches(&ev);
        self.events.push_back(ev);
        self.recent += 1;
        // Paused or scrolled back: keep the selected row where it is.
        if shown && (self.paused || self.live_offset > 0) {
            self.live_offset += 1;
        }
    }

    /// The number of buffered events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether no event is buffered.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    /// Applies one daemon notice.
    pub fn notice(&mut self, n: Notice) {
        match n {
            Notice::Decision(ev) => self.push_event(ev),
            Notice::PendingAdded(item) => self.pending.push(item),
            Notice::PendingResolved { id, decision, by } => {
                self.pending.retain(|i| i.id != id);
                self.pending_sel = self.pending_sel.min(self.pending.len().saturating_sub(1));
                self.status.message = format!("approval {id}: {decision} by {by}");
            }
            Notice::PolicyReloaded { policy_hash } => {
                self.status.policy_hash = Some(policy_hash);
                self.status.message = format!("policy reloaded ({policy_hash:016x})");
            }
        }
    }

    /// Called once a second: turns the count into a rate.
    pub fn tick(&mut self, secs: f64) {
        if secs > 0.0 {
            self.status.events_per_s = self.recent as f64 / secs;
        }
        self.recent = 0;
    }

    /// Whether `ev` passes the filters.
    pub fn matches(&self, ev: &Event) -> bool {
        if !self.decision.passes(&ev.decision) {
            return false;
        }
        if self.search.is_empty() {
            return true;
        }
        let s = self.search.as_str();
        ev.actor.contains(s)
            || ev.raw.contains(s)
            || ev.reason.contains(s)
            || ev.rules.iter().any(|r| r.contains(s))
    }

    /// Up to `n` matching events ending `skip` matches above the newest,
    /// newest first. Walks only as far back as it needs.
    pub fn visible(&self, skip: usize, n: usize) -> Vec<&Event> {
        self.events
            .iter()
            .rev()
            .filter(|e| self.matches(e))
            .skip(skip)
            .take(n)
            .collect()
    }

    /// The selected live event.
    pub fn selected_event(&self) -> Option<&Event> {
        self.visible(self.live_offset, 1).into_iter().next()
    }

    /// The selected pending item.
    pub fn selected_pending(&self) -> Option<&PendingItem> {
        self.pending.get(self.pending_sel)
    }

    /// Changes state for `action`; returns a request for the daemon, if any.
    pub fn apply(&mut self, action: Action) -> Option<Request> {
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::SwitchPane => {
                self.pane = match self.pane {
                    Pane::Live => Pane::Pending,
                    Pane::Pending => Pane::Live,
                }
            }
            Action::Up => match self.pane {
                Pane::Live => {
                    if !self.visible(self.live_offset + 1, 1).is_empty() {
                        self.live_offset += 1;
                    }
                }
                Pane::Pending => self.pending_sel = self.pending_sel.saturating_sub(1),
            },
            Action::Down => match self.pane {
                Pane::Live => self.live_offset = self.live_offset.saturating_sub(1),
                Pane::Pending => {
                    self.pending_sel =
                        (self.pending_sel + 1).min(self.pending.len().saturating_sub(1))
                }
            },
            Action::Follow => {
                self.live_offset = 0;
                self.paused = false;
            }
            Action::Pause => self.paused = !self.paused,
            Action::Detail => self.detail = !self.detail,
            Action::CycleDecision => {
                self.decision = self.decision.next();
                self.live_offset = 0;
            }
            Action::Search => {
                self.typing = true;
                self.search.clear();
            }
            Action::ClearFilters => {
                self.decision = DecisionFilter::All;
                self.search.clear();
                self.live_offset = 0;
            }
            Action::Approve | Action::ApproveSession | Action::ApproveAlways | Action::Deny => {
                let item = self.selected_pending()?;
                let id = item.id;
                return Some(match action {
                    Action::Approve => Request::Approve {
                        id,
                        scope: Scope::Once,
                    },
                    Action::ApproveSession => Request::Approve {
                        id,
                        scope: Scope::Session,
                    },
                    Action::ApproveAlways => Request::Approve {
                        id,
                        scope: Scope::Always,
                    },
                    _ => Request::Deny {
                        id,
                        reason: Some("denied in the monitor".into()),
                    },
                });
            }
            Action::Type(c) => {
                self.search.push(c);
                self.live_offset = 0;
            }
            Action::Backspace => {
                self.search.pop();
            }
            Action::EndTyping => self.typing = false,
            Action::None => {}
        }
        None
    }
}
