//! The approval queue: asks from callers nobody can answer at their end wait
//! here for a person. Pending items are persisted to a file so a restart
//! keeps them.

use crate::event::now_ms;
use crate::proto::WireMatch;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use tokio::sync::oneshot;
use ward_core::Decision;

/// One action waiting for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingItem {
    /// Queue id, unique across restarts.
    pub id: u64,
    /// When it was queued (ms since epoch).
    pub created_ms: u64,
    /// When it times out to deny (ms since epoch).
    pub deadline_ms: u64,
    /// The front end.
    pub source: String,
    /// `human`, `agent:NAME` or `unknown`.
    pub actor: String,
    /// The caller's working directory.
    pub cwd: String,
    /// The raw action text.
    pub raw: String,
    /// The normalised simple commands.
    pub commands: Vec<String>,
    /// Why it needs a person.
    pub reason: String,
    /// The matched rules.
    pub matches: Vec<WireMatch>,
}

/// How a pending item ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// Allow or deny.
    pub decision: Decision,
    /// `human:approve`, `human:deny`, `timeout`.
    pub by: String,
    /// Why.
    pub reason: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Persisted {
    next_id: u64,
    items: Vec<PendingItem>,
}

#[derive(Debug, Default)]
struct Inner {
    next_id: u64,
    items: BTreeMap<u64, PendingItem>,
    // Owned by the connection waiting on the item; gone after a restart.
    waiters: HashMap<u64, oneshot::Sender<Resolution>>,
}

/// Queue failures.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// No pending item has this id.
    #[error("no pending approval with id `{0}`")]
    UnknownId(u64),
    /// The queue file could not be read or written.
    #[error("approval queue file `{path}`: {message}")]
    File {
        /// The file.
        path: String,
        /// What failed.
        message: String,
    },
}

/// The pending approvals and their waiters.
#[derive(Debug)]
pub struct Queue {
    path: Option<PathBuf>,
    inner: Mutex<Inner>,
}

impl Queue {
    /// A queue persisted at `path` (loaded when it exists), or in memory only.
    pub fn open(path: Option<PathBuf>) -> Result<Self, QueueError> {
        let mut inner = Inner::default();
        if let Some(p) = path.as_ref().filter(|p| p.exists()) {
            let err = |message: String| QueueError::File {
                path: p.display().to_string(),
                message,
            };
            let text = std::fs::read(p).map_err(|e| err(e.to_string()))?;
            let saved: Persisted = serde_json::from_slice(&text).map_err(|e| err(e.to_string()))?;
            inner.next_id = saved.next_id;
            for item in saved.items {
                inner.next_id = inner.next_id.max(item.id + 1);
                inner.items.insert(item.id, item);
            }
        }
        Ok(Self {
            path,
            inner: Mutex::new(inner),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the map half-updated in
        // a way that matters more than losing the queue, so recover it.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Queues `item` (its id is assigned here); returns it and the receiver
    /// that gets its resolution.
    pub fn push(
        &self,
        mut item: PendingItem,
        timeout_ms: u64,
    ) -> Result<(PendingItem, oneshot::Receiver<Resolution>), QueueError> {
        let (tx, rx) = oneshot::channel();
        let mut inner = self.lock();
        inner.next_id = inner.next_id.max(1);
        item.id = inner.next_id;
        inner.next_id += 1;
        item.created_ms = now_ms();
        item.deadline_ms = item.created_ms.saturating_add(timeout_ms);
        inner.items.insert(item.id, item.clone());
        inner.waiters.insert(item.id, tx);
        self.persist(&inner)?;
        Ok((item, rx))
    }

    /// Decides item `id`; wakes its waiter, if any is still connected.
    pub fn resolve(&self, id: u64, res: Resolution) -> Result<PendingItem, QueueError> {
        let mut inner = self.lock();
        let item = inner.items.remove(&id).ok_or(QueueError::UnknownId(id))?;
        let waiter = inner.waiters.remove(&id);
        self.persist(&inner)?;
        drop(inner);
        if let Some(tx) = waiter {
            // The waiter may have hung up; the decision stands regardless.
            let _ = tx.send(res);
        }
        Ok(item)
    }

    /// The item `id`, if still pending.
    pub fn get(&self, id: u64) -> Option<PendingItem> {
        self.lock().items.get(&id).cloned()
    }

    /// Every pending item, oldest first.
    pub fn list(&self) -> Vec<PendingItem> {
        self.lock().items.values().cloned().collect()
    }

    /// The number of pending items.
    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the queue file atomically (temp file + rename), owner-only.
    fn persist(&self, inner: &Inner) -> Result<(), QueueError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let err = |message: String| QueueError::File {
            path: path.display().to_string(),
            message,
        };
        let saved = Persisted {
            next_id: inner.next_id,
            items: inner.items.values().cloned().collect(),
        };
        let bytes = serde_json::to_vec(&saved).map_err(|e| err(e.to_string()))?;
        let tmp = path.with_extension("tmp");
        {
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .write(true)
                .truncate(true)
                .mode(0o600)
                .open(&tmp)
                .map_err(|e| err(e.to_string()))?;
            f.write_all(&bytes).map_err(|e| err(e.to_string()))?;
            f.sync_data().map_err(|e| err(e.to_string()))?;
        }
        std::fs::rename(&tmp, path).map_err(|e| err(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> PendingItem {
        PendingItem {
            id: 0,
            created_ms: 0,
            deadline_ms: 0,
            source: "exec".into(),
            actor: "agent:claude".into(),
            cwd: "/w".into(),
            raw: "rm -rf build".into(),
            commands: vec!["rm -rf build".into()],
            reason: "r".into(),
            matches: Vec::new(),
        }
    }

    #[test]
    fn reopened_queue_keeps_items_and_ids() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pending.json");
        let q = Queue::open(Some(path.clone())).unwrap();
        let (a, _rx) = q.push(item(), 1000).unwrap();
        let (b, _rx2) = q.push(item(), 1000).unwrap();
        assert_eq!((a.id, b.id), (1, 2));
        drop(q);
        let q = Queue::open(Some(path)).unwrap();
        assert_eq!(
            q.list().iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![1, 2]
        );
        let (c, _rx3) = q.push(item(), 1000).unwrap();
        assert_eq!(c.id, 3);
    }

    #[test]
    fn resolve_wakes_waiter_and_unknown_id_is_typed() {
        let q = Queue::open(None).unwrap();
        let (a, mut rx) = q.push(item(), 1000).unwrap();
        let res = Resolution {
            decision: Decision::Allow,
            by: "human:approve".into(),
            reason: "ok".into(),
        };
        q.resolve(a.id, res.clone()).unwrap();
        assert_eq!(rx.try_recv().unwrap(), res);
        assert!(matches!(
            q.resolve(a.id, res),
            Err(QueueError::UnknownId(1))
        ));
        assert!(q.is_empty());
    }

    #[test]
    fn corrupt_queue_file_is_a_typed_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pending.json");
        std::fs::write(&path, b"{nope").unwrap();
        assert!(matches!(
            Queue::open(Some(path)),
            Err(QueueError::File { .. })
        ));
    }
}
