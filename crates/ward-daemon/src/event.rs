//! Live events, the notices subscribers receive, and the store seam.

use crate::queue::PendingItem;
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use ward_core::Decision;

/// One enforced decision, as front ends record it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Sequence number assigned by the daemon (0 until appended).
    #[serde(default)]
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    #[serde(default)]
    pub ts_ms: u64,
    /// The front end: `exec`, `check`, `hook`, …
    pub source: String,
    /// `human`, `agent:NAME` or `unknown`.
    pub actor: String,
    /// `command`, `file-write`, `file-read`, `network`, `tool`.
    pub kind: String,
    /// The raw input.
    pub raw: String,
    /// The normalised simple commands.
    #[serde(default)]
    pub commands: Vec<String>,
    /// `allow`, `ask` or `deny`.
    pub decision: String,
    /// Matched rule ids.
    #[serde(default)]
    pub rules: Vec<String>,
    /// The reason shown.
    #[serde(default)]
    pub reason: String,
    /// `in-process`, `daemon`, `human:approve`, `timeout`, …
    #[serde(default)]
    pub decided_by: String,
    /// The session id, when known.
    #[serde(default)]
    pub session: String,
    /// The recording process's working directory (empty: unknown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cwd: String,
    /// The recording process's pid (0: unknown; the store then stamps the
    /// daemon's own identity).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pid: u32,
    /// Its parent's pid.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ppid: u32,
    /// Its uid (meaningful when `pid` is set).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub uid: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The parent pid of `pid`, from `/proc` (0 when it cannot be read).
pub fn parent_of(pid: u32) -> u32 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    stat.rfind(')')
        .and_then(|close| stat.get(close + 2..))
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|p| p.parse().ok())
        .unwrap_or(0)
}

/// What a subscriber is told.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "kebab-case")]
pub enum Notice {
    /// A decision was recorded.
    Decision(Event),
    /// An action now waits for approval.
    PendingAdded(PendingItem),
    /// A pending item was decided.
    PendingResolved {
        /// The item.
        id: u64,
        /// The decision.
        decision: Decision,
        /// Who decided.
        by: String,
    },
    /// The policy was reloaded.
    PolicyReloaded {
        /// The new hash.
        policy_hash: u64,
    },
}

/// Why the store could not append.
#[derive(Debug, thiserror::Error)]
#[error("audit store: {0}")]
pub struct SinkError(pub String);

/// Where the daemon's single writer appends recorded events: the audit store.
pub trait EventSink: Send + Sync {
    /// Appends `events` durably, all or nothing.
    fn append_batch(&self, events: &[Event]) -> Result<(), SinkError>;
}

/// An in-memory sink, for tests and for running without a store.
#[derive(Debug, Default)]
pub struct MemorySink {
    /// Every appended event, in order.
    pub events: Mutex<Vec<Event>>,
}

impl EventSink for MemorySink {
    fn append_batch(&self, events: &[Event]) -> Result<(), SinkError> {
        let mut all = self
            .events
            .lock()
            .map_err(|_| SinkError("memory sink poisoned".into()))?;
        all.extend_from_slice(events);
        Ok(())
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
