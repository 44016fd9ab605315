//! ward-monitor: the terminal UI — live decisions, pending approvals with
//! approve / deny / approve-for-session keys (staged shadow changes named by
//! shadow and file), a detail view, filters, pause/follow and a status line.
//!
//! State, input and drawing are separate: keys map to an [`Action`] through
//! a table ([`keys::BINDINGS`]), [`State::apply`] changes the state and may
//! return a request for the daemon, and [`draw`] only reads the state.
//!
//! Layout:
//! - [`state`]: the bounded event ring, pending items, selection, filters.
//! - [`keys`]: key bindings as data, shown in the help overlay.
//! - [`draw`]: the screen, visible rows only.
//! - [`shadow`]: pending items that are staged shadow changes.
//! - [`app`]: the terminal loop and the daemon feed.
//!
//! ```
//! use ratatui::{Terminal, backend::TestBackend};
//! use ward_monitor::{State, draw};
//! let state = State::new(1000);
//! let mut term = Terminal::new(TestBackend::new(100, 20)).unwrap();
//! term.draw(|f| draw(&state, f)).unwrap();
//! ```
#![deny(missing_docs)]

pub mod app;
pub mod draw;
pub mod keys;
pub mod shadow;
pub mod state;

pub use app::{MonitorError, Options, run};
pub use draw::draw;
pub use keys::{Action, handle};
pub use state::State;
