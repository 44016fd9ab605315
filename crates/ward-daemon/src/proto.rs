//! The wire protocol, defined once: frames, hello, typed requests, responses
//! and errors.
//!
//! A frame is a 4-byte big-endian length followed by that many bytes of JSON.
//! The length is checked against [`MAX_FRAME`] before anything is read or
//! parsed, so an oversized frame costs nothing. The first frame on every
//! connection is [`Request::Hello`] carrying [`PROTOCOL_VERSION`].

use crate::event::{Event, Notice};
use crate::queue::PendingItem;
use crate::stats::StatsReport;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use ward_core::{Action, Actor, Context, Decision, TrustLevel, Verdict, shell};

/// The protocol version both sides must speak.
pub const PROTOCOL_VERSION: u32 = 1;
/// The largest frame accepted, in bytes (1 MiB).
pub const MAX_FRAME: usize = 1 << 20;

/// What a client asks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Request {
    /// The first frame on a connection.
    Hello {
        /// The client's [`PROTOCOL_VERSION`].
        version: u32,
    },
    /// Judge an action; with `queue`, an `ask` waits for a person.
    Evaluate(EvalRequest),
    /// Judge an agent hook payload exactly as `ward hook` does in-process.
    Hook(HookRequest),
    /// Append one decision to the audit store and show it live.
    Record(Event),
    /// Turn this connection into a stream of [`Notice`]s.
    Subscribe,
    /// List pending approvals.
    ListPending,
    /// Approve a pending item.
    Approve {
        /// The pending item's id.
        id: u64,
        /// Just this once, or for the rest of the daemon's session.
        #[serde(default)]
        scope: Scope,
    },
    /// Deny a pending item.
    Deny {
        /// The pending item's id.
        id: u64,
        /// Why, shown to the waiting caller.
        #[serde(default)]
        reason: Option<String>,
    },
    /// Counters and latency percentiles.
    Stats,
    /// Load the policy again; a bad file keeps the old one.
    ReloadPolicy,
}

/// How far an approval reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// This one pending item.
    #[default]
    Once,
    /// The same command from the same actor, until the daemon stops.
    Session,
    /// This exact command from this kind of actor, from now on: an
    /// `[[allow_exact]]` entry is written to the user policy file, which is
    /// then reloaded.
    Always,
}

/// An action to judge, with its caller's context.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalRequest {
    /// What to judge.
    pub action: WireAction,
    /// `human`, `agent:NAME` or `unknown`.
    pub actor: String,
    /// Whether a person can answer an `ask` at the caller's end.
    pub interactive: bool,
    /// The caller's working directory.
    pub cwd: String,
    /// The caller's home directory.
    pub home: String,
    /// The front end (`exec`, `hook`, …), for pending items.
    #[serde(default)]
    pub source: String,
    /// Hold an `ask` in the approval queue until a person decides.
    #[serde(default)]
    pub queue: bool,
    /// The live trust state at the caller's end (`trusted`, `uncertain`,
    /// `untrusted`, `automated`), when the trust engine publishes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<String>,
}

/// An agent hook payload to judge: parsed by the daemon with the same
/// parser, tool mapping and content checks `ward hook` uses in-process.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HookRequest {
    /// The payload as read from the agent (JSON text).
    pub payload: String,
    /// The protocol forced by `--agent`, if any.
    #[serde(default)]
    pub agent: Option<String>,
    /// The protocol when neither `--agent` nor the payload tells it.
    pub fallback: String,
    /// The hook process's working directory (used when the payload has none).
    pub cwd: String,
    /// The caller's home directory.
    pub home: String,
    /// Also record the decision through the daemon's writer before
    /// answering (one round trip instead of two); a record that fails is a
    /// `sink` error, and the caller must refuse the call.
    #[serde(default)]
    pub record: bool,
}

/// The daemon's judgement of a hook payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookVerdict {
    /// The combined decision (before the protocol maps it).
    pub decision: Decision,
    /// Why, in one line, naming the rule.
    pub reason: String,
    /// Every rule that matched, deduplicated.
    pub rules: Vec<String>,
    /// The kind of the first action (`command`, `file-write`, …).
    pub kind: String,
    /// The normalised simple commands.
    pub commands: Vec<String>,
    /// Who decided: `daemon`.
    pub decided_by: String,
    /// The protocol to answer in (`claude`, `codex`, `gemini`, `cursor`).
    #[serde(default)]
    pub agent: String,
    /// The hook event to answer for.
    #[serde(default)]
    pub event: String,
    /// Whether the decision was recorded (requests with `record`).
    #[serde(default)]
    pub recorded: bool,
    /// No rule spoke and the policy defers to the agent's own permission
    /// system (`decision` is then allow).
    #[serde(default)]
    pub deferred: bool,
}

/// An action as it travels: raw text, parsed by the daemon with the same
/// parser the front ends use.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WireAction {
    /// Shell text.
    Command {
        /// The command line.
        text: String,
    },
    /// A program and its arguments (`ward exec`).
    Argv {
        /// The words.
        argv: Vec<String>,
    },
    /// A file write.
    FileWrite {
        /// The path.
        path: String,
        /// The content.
        content: String,
    },
    /// A file read.
    FileRead {
        /// The path.
        path: String,
    },
    /// A network fetch.
    Network {
        /// The URL.
        url: String,
    },
    /// Another tool call.
    Tool {
        /// The tool's name.
        name: String,
    },
}

impl WireAction {
    /// The typed action, parsed exactly as an in-process front end would.
    pub fn to_action(&self) -> Action {
        match self {
            WireAction::Command { text } => Action::Command(shell::parse(text)),
            WireAction::Argv { argv } => Action::Command(shell::from_argv(argv)),
            WireAction::FileWrite { path, content } => Action::FileWrite {
                path: path.clone(),
                content: content.clone(),
            },
            WireAction::FileRead { path } => Action::FileRead { path: path.clone() },
            WireAction::Network { url } => Action::Network { url: url.clone() },
            WireAction::Tool { name } => Action::Tool { name: name.clone() },
        }
    }
}

impl EvalRequest {
    /// A request to judge `action` in `ctx` for the front end `source`;
    /// `queue` lets an `ask` wait in the approval queue. The inverse of
    /// [`EvalRequest::context`].
    pub fn new(action: WireAction, ctx: &Context, source: &str, queue: bool) -> Self {
        EvalRequest {
            action,
            actor: ctx.actor.to_string(),
            interactive: ctx.interactive,
            cwd: ctx.cwd.clone(),
            home: ctx.home.clone(),
            source: source.into(),
            queue,
            trust: ctx.trust.map(|t| trust_name(t).to_owned()),
        }
    }

    /// The evaluation context this request describes.
    pub fn context(&self) -> Context {
        Context {
            actor: parse_actor(&self.actor),
            interactive: self.interactive,
            cwd: self.cwd.clone(),
            home: self.home.clone(),
            trust: self.trust.as_deref().and_then(TrustLevel::from_name),
        }
    }
}

/// The wire name of a trust level (the one policy files use).
pub fn trust_name(t: TrustLevel) -> &'static str {
    match t {
        TrustLevel::Trusted => "trusted",
        TrustLevel::Uncertain => "uncertain",
        TrustLevel::Untrusted => "untrusted",
        TrustLevel::Automated => "automated",
    }
}

/// `human`, `agent:NAME`, `agent`, else unknown.
pub fn parse_actor(s: &str) -> Actor {
    match s {
        "human" => Actor::Human,
        "agent" => Actor::Agent("agent".into()),
        other => match other.strip_prefix("agent:") {
            Some(name) if !name.is_empty() => Actor::Agent(name.into()),
            _ => Actor::Unknown,
        },
    }
}

/// One matched rule on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireMatch {
    /// The rule id.
    pub rule: String,
    /// The rule's decision.
    pub decision: Decision,
    /// The rule's reason.
    pub reason: String,
    /// Which simple command matched (index into the command line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<usize>,
}

/// A verdict on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireVerdict {
    /// The combined decision.
    pub decision: Decision,
    /// Why, in one line.
    pub reason: String,
    /// Every matched rule.
    pub matches: Vec<WireMatch>,
    /// The normalised simple commands.
    pub commands: Vec<String>,
    /// Who decided: `daemon`, `session-approval`.
    pub decided_by: String,
}

impl WireVerdict {
    /// The wire form of `v` for `action`.
    pub fn new(v: &Verdict, action: &Action, decided_by: &str) -> Self {
        let commands = match action {
            Action::Command(line) => line.commands.iter().map(|c| c.line()).collect(),
            _ => Vec::new(),
        };
        Self {
            decision: v.decision,
            reason: v.reason.clone(),
            matches: v
                .matches
                .iter()
                .map(|m| WireMatch {
                    rule: m.rule.to_string(),
                    decision: m.decision,
                    reason: m.reason.to_string(),
                    command: m.command,
                })
                .collect(),
            commands,
            decided_by: decided_by.into(),
        }
    }

    /// The verdict as ward-core's type, for front ends that print it.
    pub fn to_verdict(&self) -> Verdict {
        Verdict {
            decision: self.decision,
            reason: self.reason.clone(),
            matches: self
                .matches
                .iter()
                .map(|m| ward_core::RuleMatch {
                    rule: m.rule.as_str().into(),
                    decision: m.decision,
                    reason: m.reason.as_str().into(),
                    command: m.command,
                })
                .collect(),
        }
    }

    /// The matched rule ids, deduplicated, in order.
    pub fn rule_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for m in &self.matches {
            if !ids.contains(&m.rule) {
                ids.push(m.rule.clone());
            }
        }
        ids
    }
}

/// What the daemon answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Response {
    /// The answer to a hello.
    Hello {
        /// The daemon's [`PROTOCOL_VERSION`].
        version: u32,
        /// The loaded policy's content hash.
        policy_hash: u64,
    },
    /// The verdict of an evaluation.
    Verdict(WireVerdict),
    /// The judgement of a hook payload.
    Judged(HookVerdict),
    /// The action waits in the approval queue; a [`Response::Decided`] follows.
    Pending(PendingItem),
    /// A person (or the timeout) decided a pending item.
    Decided {
        /// The item.
        id: u64,
        /// The decision.
        decision: Decision,
        /// Who decided: `human:approve`, `human:deny`, `timeout`.
        by: String,
        /// Why.
        reason: String,
    },
    /// A record was appended, with its sequence number.
    Recorded {
        /// The event's sequence number in this daemon.
        seq: u64,
    },
    /// A live notice on a subscribed connection.
    Notice(Notice),
    /// The pending approvals, oldest first.
    PendingList {
        /// The items.
        items: Vec<PendingItem>,
    },
    /// Counters.
    Stats(StatsReport),
    /// The policy was reloaded.
    Reloaded {
        /// The new policy's hash.
        policy_hash: u64,
        /// Its number of rules.
        rules: usize,
    },
    /// Done.
    Ok,
    /// A typed error.
    Error {
        /// What kind of error.
        kind: ErrorKind,
        /// A one-line message.
        message: String,
    },
}

/// Typed protocol errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The frame was not a valid request.
    Malformed,
    /// The frame exceeded [`MAX_FRAME`].
    TooLarge,
    /// The hello carried another protocol version.
    Version,
    /// The first frame was not a hello.
    NoHello,
    /// The peer's uid is not served.
    PeerRefused,
    /// No pending item has that id.
    UnknownId,
    /// The audit store could not append.
    Sink,
    /// The policy could not be loaded; the old one stays.
    Policy,
    /// The daemon is stopping.
    ShuttingDown,
}

/// Frame-level failures.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The socket failed or closed mid-frame.
    #[error("connection failed: {0}")]
    Io(#[from] std::io::Error),
    /// The announced length exceeds [`MAX_FRAME`].
    #[error("frame of {0} bytes exceeds the {MAX_FRAME}-byte limit")]
    TooLarge(usize),
    /// The bytes were not the expected JSON.
    #[error("malformed frame: {0}")]
    Malformed(String),
    /// The peer closed the connection between frames.
    #[error("connection closed")]
    Closed,
}

/// Encodes `msg` as one frame.
pub fn encode<T: Serialize>(msg: &T) -> Result<Vec<u8>, FrameError> {
    let mut buf = vec![0u8; 4];
    serde_json::to_writer(&mut buf, msg).map_err(|e| FrameError::Malformed(e.to_string()))?;
    let len = buf.len() - 4;
    if len > MAX_FRAME {
        return Err(FrameError::TooLarge(len));
    }
    let len_bytes = u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes();
    if let Some(head) = buf.get_mut(..4) {
        head.copy_from_slice(&len_bytes);
    }
    Ok(buf)
}

/// Decodes a frame body.
pub fn decode<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, FrameError> {
    serde_json::from_slice(body).map_err(|e| FrameError::Malformed(e.to_string()))
}

fn checked_len(head: [u8; 4]) -> Result<usize, FrameError> {
    let len = u32::from_be_bytes(head) as usize;
    if len > MAX_FRAME {
        Err(FrameError::TooLarge(len))
    } else {
        Ok(len)
    }
}

/// Reads one frame body (async).
pub async fn read_frame<R: AsyncReadExt + Unpin>(r: &mut R) -> Result<Vec<u8>, FrameError> {
    let mut head = [0u8; 4];
    match r.read_exact(&mut head).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(e.into()),
    }
    let len = checked_len(head)?;
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).await?;
    Ok(body)
}

/// Writes one message as a frame (async).
pub async fn write_msg<W: AsyncWriteExt + Unpin, T: Serialize>(
    w: &mut W,
    msg: &T,
) -> Result<(), FrameError> {
    w.write_all(&encode(msg)?).await?;
    Ok(())
}

/// Reads one frame body (blocking).
pub fn read_frame_blocking<R: Read>(r: &mut R) -> Result<Vec<u8>, FrameError> {
    let mut head = [0u8; 4];
    match r.read_exact(&mut head) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(FrameError::Closed),
        Err(e) => return Err(e.into()),
    }
    let len = checked_len(head)?;
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    Ok(body)
}

/// Writes one message as a frame (blocking).
pub fn write_msg_blocking<W: Write, T: Serialize>(w: &mut W, msg: &T) -> Result<(), FrameError> {
    w.write_all(&encode(msg)?)?;
    Ok(())
}
