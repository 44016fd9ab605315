//! ward-hook: the agent bridge. Turns one hook payload of Claude Code, Codex,
//! Gemini CLI or Cursor into typed [`ward_core::Action`]s, judges them with the
//! policy (plus content checks on file writes), and renders the answer in the
//! agent's own protocol. It also installs and removes ward's hook entry in
//! each agent's settings file.
//!
//! Layout:
//! - [`agent`]: the four protocols, detection from the payload shape.
//! - [`payload`]: bounded parsing of stdin into a [`Call`], bad input named.
//! - [`tools`]: each agent's tool names and inputs → actions.
//! - [`paths`]: file paths resolved against the payload's cwd, `..` and
//!   symlinks normalised.
//! - [`content`]: what a file write puts on disk: scripts and Dockerfile `RUN`
//!   lines judged as commands, and the seam for other content scanners.
//! - [`script`] (with a small Makefile reader): scripts a command runs by
//!   name (`bash F`, `./F`, `npm test`, `make clean`, …) read and judged by
//!   content, naming file and line.
//! - [`session`]: session memory: what earlier calls of a session wrote,
//!   fetched and read (secrets as keyed hashes), and what that makes of a
//!   later call; [`store`]: its per-session file when no daemon holds it.
//! - [`judge`]: one call → one [`Judgement`] (allow, ask, deny, or deferred
//!   when no rule spoke).
//! - [`answer`]: a decision → the protocol's stdout answer, "no opinion"
//!   included.
//! - [`install`]: merge / remove ward's entry in agent settings files.
//!
//! ```
//! use ward_hook::{Agent, answer, judge, payload};
//! let stdin = br#"{"session_id":"s","cwd":"/work/p","hook_event_name":"PreToolUse",
//!                  "tool_name":"Bash","tool_input":{"command":"rm -rf ~"}}"#;
//! let call = payload::parse(stdin, None, "/work/p", "/home/u").unwrap();
//! assert_eq!(call.agent, Agent::Claude);
//! let j = judge::judge(ward_core::Policy::embedded(), &call, "/home/u", &[]);
//! assert_eq!(j.decision, ward_core::Decision::Deny);
//! let out = answer::render_answer(call.agent, &call.event, j.decision, j.deferred, &j.reason);
//! assert!(out.contains(r#""permissionDecision":"deny""#));
//! ```
#![deny(missing_docs)]

pub mod agent;
pub mod answer;
pub mod content;
pub mod install;
pub mod judge;
mod makefile;
pub mod paths;
pub mod payload;
pub mod script;
pub mod session;
pub mod store;
pub mod tools;

pub use agent::Agent;
pub use content::{ContentFinding, ContentScanner};
pub use install::{InstallError, Scope};
pub use judge::{Extras, Judgement};
pub use payload::{BadInput, Call, MAX_PAYLOAD};
