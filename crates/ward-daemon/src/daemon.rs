//! The daemon's shared state and what each request does to it.

use crate::event::{Event, EventSink, Notice, now_ms};
use crate::proto::{ErrorKind, EvalRequest, Response, Scope, WireVerdict};
use crate::queue::{PendingItem, Queue, QueueError, Resolution};
use crate::stats::Stats;
use std::collections::HashSet;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc, oneshot};
use ward_core::{Action, Decision, Policy};

/// A policy shared by every connection: the embedded default or a loaded one.
#[derive(Debug, Clone)]
pub enum SharedPolicy {
    /// The embedded default (compiled once per process).
    Static(&'static Policy),
    /// A policy loaded from files.
    Owned(Arc<Policy>),
}

impl Deref for SharedPolicy {
    type Target = Policy;
    fn deref(&self) -> &Policy {
        match self {
            SharedPolicy::Static(p) => p,
            SharedPolicy::Owned(p) => p,
        }
    }
}

/// Loads the effective policy; called at start and on every reload.
pub type PolicyLoader = Box<dyn Fn() -> Result<SharedPolicy, String> + Send + Sync>;

/// How a daemon is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where pending approvals persist (`None`: memory only).
    pub queue_file: Option<PathBuf>,
    /// How long an approval waits before it becomes deny.
    pub approval_timeout: Duration,
    /// The uid served besides root: the daemon's own.
    pub uid: u32,
    /// The user policy file: watched (when its modification time changes,
    /// the policy is reloaded; a bad file keeps the old policy), and where
    /// "always allow" approvals write their `[[allow_exact]]` entries.
    pub watch: Option<PathBuf>,
    /// Serve `ward stats` in Prometheus text format on this loopback
    /// address (`None`: off).
    pub metrics: Option<std::net::SocketAddr>,
    /// An expert consulted on every queued `ask` before a person (`None`: off).
    pub expert: Option<crate::expert::Expert>,
    /// Extra content checks on agent file writes, for hook payloads.
    pub scanners: crate::hook::Scanners,
    /// Agent session memory: held here, written through to the per-session
    /// files in this store so a hook judging in-process gives the same
    /// answers (`None`: no session memory).
    pub sessions: Option<ward_hook::store::FileStore>,
}

impl Config {
    /// Defaults: 120 s timeout, this process's uid, queue at `queue_file`.
    pub fn new(queue_file: Option<PathBuf>) -> Self {
        Self {
            queue_file,
            approval_timeout: Duration::from_secs(120),
            uid: rustix::process::getuid().as_raw(),
            watch: None,
            metrics: None,
            expert: None,
            scanners: crate::hook::Scanners::default(),
            sessions: None,
        }
    }
}

/// Why the daemon could not start.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// The policy did not load.
    #[error("policy: {0}")]
    Policy(String),
    /// The approval queue file is unreadable.
    #[error(transparent)]
    Queue(#[from] QueueError),
    /// The socket or runtime failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A record waiting for the single writer, with where to send its outcome.
pub(crate) type WriteJob = (Event, oneshot::Sender<Result<u64, String>>);

/// Everything connections share. Lives as long as the server.
pub struct Daemon {
    pub(crate) config: Config,
    policy: RwLock<SharedPolicy>,
    loader: PolicyLoader,
    pub(crate) queue: Queue,
    pub(crate) stats: Mutex<Stats>,
    pub(crate) notices: broadcast::Sender<Notice>,
    pub(crate) writer_tx: mpsc::Sender<WriteJob>,
    // Taken once by `serve`, which runs the writer task.
    pub(crate) writer_rx: Mutex<Option<mpsc::Receiver<WriteJob>>>,
    pub(crate) sink: Arc<dyn EventSink>,
    // (actor, raw) pairs a person approved for this daemon's lifetime.
    session_allow: Mutex<HashSet<(String, String)>>,
    /// Bounds how many expert processes run at once (a burst of queued asks
    /// must not fork without limit); the rest wait their turn.
    pub(crate) expert_slots: Arc<tokio::sync::Semaphore>,
    /// Session memory and script judgements for hook payloads.
    pub(crate) hook_state: crate::hook::HookState,
}

/// How many expert processes may run at once.
pub const MAX_EXPERTS: usize = 4;

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The raw text of an action, as shown and as matched by session approvals.
pub fn raw_of(action: &Action) -> String {
    match action {
        Action::Command(line) => line.raw.clone(),
        Action::FileWrite { path, .. } | Action::FileRead { path } => path.clone(),
        Action::Network { url } => url.clone(),
        Action::Tool { name } => name.clone(),
    }
}

impl Daemon {
    /// A daemon with `config`, loading its policy with `loader` and
    /// appending records to `sink`.
    pub fn new(
        config: Config,
        loader: PolicyLoader,
        sink: Arc<dyn EventSink>,
    ) -> Result<Arc<Self>, DaemonError> {
        let policy = loader().map_err(DaemonError::Policy)?;
        let queue = Queue::open(config.queue_file.clone())?;
        let (notices, _) = broadcast::channel(1024);
        let (writer_tx, writer_rx) = mpsc::channel(4096);
        Ok(Arc::new(Self {
            config,
            policy: RwLock::new(policy),
            loader,
            queue,
            stats: Mutex::new(Stats::default()),
            notices,
            writer_tx,
            writer_rx: Mutex::new(Some(writer_rx)),
            sink,
            session_allow: Mutex::new(HashSet::new()),
            expert_slots: Arc::new(tokio::sync::Semaphore::new(MAX_EXPERTS)),
            hook_state: crate::hook::HookState::default(),
        }))
    }

    /// The current policy.
    pub fn policy(&self) -> SharedPolicy {
        self.policy
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Judges one request with the current policy; session approvals turn a
    /// matching `ask` into allow.
    pub fn evaluate(&self, req: &EvalRequest) -> (WireVerdict, String) {
        let start = Instant::now();
        let action = req.action.to_action();
        let policy = self.policy();
        let verdict = policy.evaluate(&action, &req.context());
        let mut wv = WireVerdict::new(&verdict, &action, "daemon");
        let raw = raw_of(&action);
        if wv.decision == Decision::Ask
            && lock(&self.session_allow).contains(&(req.actor.clone(), raw.clone()))
        {
            wv.decision = Decision::Allow;
            wv.decided_by = "session-approval".into();
            wv.reason = format!("approved for this session ({})", wv.reason);
        }
        let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        lock(&self.stats).evaluation(wv.decision, &req.actor, &wv.rule_ids(), ns);
        (wv, raw)
    }

    /// Queues an `ask` for a person; returns the item and its resolution.
    pub(crate) fn enqueue(
        &self,
        req: &EvalRequest,
        raw: String,
        wv: &WireVerdict,
    ) -> Result<(PendingItem, oneshot::Receiver<Resolution>), QueueError> {
        let item = PendingItem {
            id: 0,
            created_ms: 0,
            deadline_ms: 0,
            source: req.source.clone(),
            actor: req.actor.clone(),
            cwd: req.cwd.clone(),
            raw,
            commands: wv.commands.clone(),
            reason: wv.reason.clone(),
            matches: wv.matches.clone(),
        };
        let timeout = u64::try_from(self.config.approval_timeout.as_millis()).unwrap_or(u64::MAX);
        let (item, rx) = self.queue.push(item, timeout)?;
        let _ = self.notices.send(Notice::PendingAdded(item.clone()));
        Ok((item, rx))
    }

    /// Decides pending item `id` and tells subscribers.
    pub fn resolve(&self, id: u64, res: Resolution) -> Result<PendingItem, QueueError> {
        let notice = Notice::PendingResolved {
            id,
            decision: res.decision,
            by: res.by.clone(),
        };
        let item = self.queue.resolve(id, res)?;
        let _ = self.notices.send(notice);
        Ok(item)
    }

    /// The pending item's deadline passed: deny it (no-op if already decided).
    pub(crate) fn expire(&self, id: u64) {
        let secs = self.config.approval_timeout.as_secs();
        let _ = self.resolve(
            id,
            Resolution {
                decision: Decision::Deny,
                by: "timeout".into(),
                reason: format!("nobody approved it within {secs} s"),
            },
        );
    }

    /// A snapshot of the counters (what `ward stats` and `--metrics` show).
    pub fn stats_report(&self) -> crate::stats::StatsReport {
        lock(&self.stats).report(self.queue.len(), self.policy().hash())
    }

    /// Answers every request that needs no streaming.
    pub fn handle(&self, req: crate::proto::Request) -> Response {
        use crate::proto::Request as R;
        match req {
            R::Hello { .. } => Response::Hello {
                version: crate::proto::PROTOCOL_VERSION,
                policy_hash: self.policy().hash(),
            },
            R::Evaluate(e) => Response::Verdict(self.evaluate(&e).0),
            R::Hook(h) => match self.judge_hook(&h) {
                Ok(v) => Response::Judged(v),
                Err(message) => Response::Error {
                    kind: ErrorKind::Malformed,
                    message,
                },
            },
            R::ListPending => Response::PendingList {
                items: self.queue.list(),
            },
            R::Approve { id, scope } => {
                let item = self.queue.get(id);
                match (&item, scope) {
                    (Some(item), Scope::Session) => {
                        lock(&self.session_allow).insert((item.actor.clone(), item.raw.clone()));
                    }
                    (Some(item), Scope::Always) => {
                        if let Err(message) = self.allow_always(item) {
                            return Response::Error {
                                kind: ErrorKind::Policy,
                                message,
                            };
                        }
                    }
                    _ => {}
                }
                let (by, reason) = match scope {
                    Scope::Once => ("human:approve", "approved by a person"),
                    Scope::Session => ("human:approve", "approved by a person for this session"),
                    Scope::Always => (
                        "human:approve-always",
                        "approved by a person, and always allowed from now on",
                    ),
                };
                let res = Resolution {
                    decision: Decision::Allow,
                    by: by.into(),
                    reason: reason.into(),
                };
                self.resolved(id, res)
            }
            R::Deny { id, reason } => {
                let res = Resolution {
                    decision: Decision::Deny,
                    by: "human:deny".into(),
                    reason: reason.unwrap_or_else(|| "denied by a person".into()),
                };
                self.resolved(id, res)
            }
            R::Stats => Response::Stats(self.stats_report()),
            R::ReloadPolicy => self.reload(),
            R::Record(_) | R::Subscribe => Response::Error {
                kind: ErrorKind::Malformed,
                message: "this request needs a connection of its own".into(),
            },
        }
    }

    fn resolved(&self, id: u64, res: Resolution) -> Response {
        match self.resolve(id, res) {
            Ok(_) => Response::Ok,
            Err(e @ QueueError::UnknownId(_)) => Response::Error {
                kind: ErrorKind::UnknownId,
                message: e.to_string(),
            },
            Err(e) => Response::Error {
                kind: ErrorKind::Sink,
                message: e.to_string(),
            },
        }
    }

    /// Loads the policy again; on failure the old one stays and the error says why.
    pub fn reload(&self) -> Response {
        match (self.loader)() {
            Ok(p) => {
                let (hash, rules) = (p.hash(), p.len());
                *self.policy.write().unwrap_or_else(PoisonError::into_inner) = p;
                let _ = self
                    .notices
                    .send(Notice::PolicyReloaded { policy_hash: hash });
                Response::Reloaded {
                    policy_hash: hash,
                    rules,
                }
            }
            Err(message) => Response::Error {
                kind: ErrorKind::Policy,
                message: format!("kept the old policy: {message}"),
            },
        }
    }

    /// Counts a refused peer and records the refusal.
    pub(crate) fn refuse_peer(&self, uid: Option<u32>) {
        lock(&self.stats).refused();
        let who = uid.map_or_else(|| "unknown uid".to_owned(), |u| format!("uid {u}"));
        let ev = Event {
            source: "daemon".into(),
            actor: "unknown".into(),
            kind: "peer".into(),
            raw: format!("connection from {who}"),
            decision: "deny".into(),
            reason: format!("refused a connection from {who}: only the owner and root are served"),
            decided_by: "daemon".into(),
            ts_ms: now_ms(),
            ..Event::default()
        };
        let (tx, _rx) = oneshot::channel();
        let _ = self.writer_tx.try_send((ev, tx));
    }

    /// Counts appended events.
    pub(crate) fn appended(&self, n: usize) {
        lock(&self.stats).appended(n);
    }
}
