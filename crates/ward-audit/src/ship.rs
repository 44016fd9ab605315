//! Shipping the trail to a syslog collector: RFC 5424 messages over TCP with
//! octet-counted framing (RFC 6587), each carrying the event's id, fields and
//! chain hash as structured data, resumed from a cursor.
//!
//! **Acknowledged.** Plain syslog over TCP has no application-level
//! acknowledgement, so each event travels on its own connection: connect,
//! write the frame, half-close, and wait for the collector to close its side.
//! A collector closes in order (FIN, read as end-of-file) only after it has
//! read everything sent, so that end-of-file is the acknowledgement and the
//! cursor moves past the event. A collector that stops with the frame
//! unread resets the connection instead (or refuses the next one): the event
//! is not acknowledged and is sent again on a new connection. One frame per
//! connection is what makes this exact: with several frames in flight, a
//! reset could follow a prefix the collector had already written, and the
//! resend would duplicate it. So a collector restart leaves no gap and no
//! duplicate, provided the collector writes what it read before it stops
//! (rsyslog's default direct action queue does).
//!
//! **Cursor.** `STORE.ship-HOST_PORT` holds the last acknowledged id and hash,
//! rewritten in place after each acknowledgement; a shipper killed between
//! the acknowledgement and that write resends one event.
//!
//! The shipped copy can later check the local store: see
//! [`Store::verify_against`](crate::Store::verify_against).

use crate::error::{Error, Result};
use crate::event::{Event, NewEvent, hex};
use crate::query::Filter;
use crate::store::Store;
use crate::time::format_time;
use crate::transport::{Link, SendError};
use serde::{Deserialize, Serialize};
use std::fs::OpenOptions;
use std::io::{ErrorKind, Seek as _, SeekFrom, Write as _};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The structured-data id of ward's element (32473 is the private enterprise
/// number RFC 5612 reserves for documentation and examples).
pub const SD_ID: &str = "ward@32473";

/// Where to ship: `tcp://HOST:PORT`, or `tls://HOST:PORT` (the collector's
/// certificate must chain to the CA file and name HOST).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name or address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// TLS (RFC 5425) instead of plain TCP.
    pub tls: bool,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if self.tls { "tls" } else { "tcp" };
        if self.host.contains(':') {
            write!(f, "{scheme}://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{scheme}://{}:{}", self.host, self.port)
        }
    }
}

impl std::str::FromStr for Target {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::Ship(format!(
                "`{s}` is not a syslog target: use tcp://HOST:PORT or tls://HOST:PORT"
            ))
        };
        let (tls, rest) = match (s.strip_prefix("tcp://"), s.strip_prefix("tls://")) {
            (Some(rest), _) => (false, rest),
            (_, Some(rest)) => (true, rest),
            _ => return Err(bad()),
        };
        let (host, port) = rest.rsplit_once(':').ok_or_else(bad)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(bad());
        }
        Ok(Self {
            host: host.to_owned(),
            port: port.parse().map_err(|_| bad())?,
            tls,
        })
    }
}

/// How to ship.
#[derive(Debug, Clone)]
pub struct ShipOptions {
    /// How long to keep retrying a collector that is down before giving up.
    pub retry_for: Duration,
    /// How long the collector has to acknowledge one event.
    pub ack_timeout: Duration,
    /// The HOSTNAME field of each message.
    pub hostname: String,
    /// Keep following the store for new events instead of stopping at its end.
    pub follow: bool,
    /// CA certificates (PEM) for a `tls://` collector (default: the system's
    /// bundle, `/etc/ssl/certs/ca-certificates.crt`).
    pub ca: Option<PathBuf>,
    /// Set by the owner to end a following shipper: it returns at its next
    /// event boundary (never between an acknowledgement and the cursor write).
    pub stop: Option<Arc<AtomicBool>>,
}

impl ShipOptions {
    fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    }
}

impl Default for ShipOptions {
    fn default() -> Self {
        Self {
            retry_for: Duration::from_secs(60),
            ack_timeout: Duration::from_secs(5),
            hostname: hostname(),
            follow: false,
            ca: None,
            stop: None,
        }
    }
}

/// What a run shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shipped {
    /// Events acknowledged in this run.
    pub sent: u64,
    /// The last acknowledged id (0: none yet).
    pub last_id: i64,
    /// Connections that failed and were retried.
    pub retries: u64,
}

/// The event as it travels, in the `event` parameter (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Wire {
    pub(crate) time_ns: i64,
    pub(crate) actor: String,
    pub(crate) source: String,
    pub(crate) kind: String,
    pub(crate) raw: String,
    pub(crate) commands: Vec<String>,
    pub(crate) decision: String,
    pub(crate) rules: Vec<String>,
    pub(crate) reason: String,
    pub(crate) cwd: String,
    pub(crate) pid: u32,
    pub(crate) ppid: u32,
    pub(crate) uid: u32,
    pub(crate) session: String,
    pub(crate) decided_by: String,
    pub(crate) extra: String,
}

impl Wire {
    fn of(e: &Event) -> Self {
        let b = &e.body;
        Self {
            time_ns: e.time_ns,
            actor: b.actor.clone(),
            source: b.source.clone(),
            kind: b.kind.clone(),
            raw: b.raw.clone(),
            commands: b.commands.clone(),
            decision: b.decision.clone(),
            rules: b.rules.clone(),
            reason: b.reason.clone(),
            cwd: b.cwd.clone(),
            pid: b.pid,
            ppid: b.ppid,
            uid: b.uid,
            session: b.session.clone(),
            decided_by: b.decided_by.clone(),
            extra: b.extra.clone(),
        }
    }

    pub(crate) fn body(self) -> NewEvent {
        NewEvent {
            time_ns: Some(self.time_ns),
            actor: self.actor,
            source: self.source,
            kind: self.kind,
            raw: self.raw,
            commands: self.commands,
            decision: self.decision,
            rules: self.rules,
            reason: self.reason,
            cwd: self.cwd,
            pid: self.pid,
            ppid: self.ppid,
            uid: self.uid,
            session: self.session,
            decided_by: self.decided_by,
            extra: self.extra,
        }
    }
}

/// The RFC 5424 message of one event (without the octet count).
pub fn message(e: &Event, hostname: &str) -> String {
    // Facility authpriv (10); severity by decision.
    let severity = match e.body.decision.as_str() {
        "deny" => 4,
        "ask" => 5,
        _ => 6,
    };
    let event = serde_json::to_string(&Wire::of(e)).unwrap_or_default();
    let msgid = token(&e.body.kind, 32);
    let summary: String = format!("{} {}: {}", e.body.decision, e.body.actor, e.body.raw)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    format!(
        "<{pri}>1 {time} {host} ward {pid} {msgid} [{SD_ID} id=\"{id}\" hash=\"{hash}\" prev=\"{prev}\" event=\"{event}\"] {summary}",
        pri = 10 * 8 + severity,
        time = format_time(e.time_ns),
        host = token(hostname, 255),
        pid = e.body.pid,
        id = e.id,
        hash = hex(&e.hash),
        prev = hex(&e.prev_hash),
        event = sd_escape(&event),
    )
}

/// An RFC 5424 header field: printable ASCII without spaces, or `-`.
fn token(s: &str, max: usize) -> String {
    let t: String = s
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(max)
        .collect();
    if t.is_empty() { "-".into() } else { t }
}

/// SD-PARAM value escaping (RFC 5424 §6.3.3): `"`, `\` and `]`.
fn sd_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if matches!(c, '"' | '\\' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Checks, without connecting, that `target` can be shipped to with `opts`
/// (TLS built in, the CA file readable): for settings checked at start.
pub fn check_target(target: &Target, opts: &ShipOptions) -> Result<()> {
    Link::new(target, opts.ca.as_deref()).map(drop)
}

/// The cursor file for shipping `store` to `target`.
pub fn cursor_path(store: &Path, target: &Target) -> PathBuf {
    let name: String = format!("{}_{}", target.host, target.port)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut p = store.as_os_str().to_owned();
    p.push(format!(".ship-{name}"));
    PathBuf::from(p)
}

/// The last acknowledged id in the cursor file (0 when none, or when the
/// file is empty: a shipper that never got an acknowledgement leaves it so).
pub fn read_cursor(path: &Path) -> Result<i64> {
    match std::fs::read_to_string(path) {
        Ok(text) if text.trim().is_empty() => Ok(0),
        Ok(text) => text
            .split_whitespace()
            .next()
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| Error::Ship(format!("ship cursor `{}` is damaged", path.display()))),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(0),
        Err(source) => Err(Error::Open {
            path: path.to_path_buf(),
            source,
        }),
    }
}

impl Store {
    /// Ships every event after the cursor to `target`, one acknowledged
    /// event at a time; with `follow`, keeps shipping new ones.
    pub fn ship(&self, target: &Target, opts: &ShipOptions) -> Result<Shipped> {
        let link = Link::new(target, opts.ca.as_deref())?;
        let cursor = cursor_path(&self.path, target);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&cursor)
            .map_err(|source| Error::Open {
                path: cursor.clone(),
                source,
            })?;
        // INVARIANT: one shipper per cursor (a daemon and `ward audit ship`
        // to the same collector would both send the events after it).
        if let Err(e) = file.try_lock() {
            return Err(Error::Ship(match e {
                std::fs::TryLockError::WouldBlock => format!(
                    "another shipper is already sending this store to `{target}` (cursor `{}` is locked)",
                    cursor.display()
                ),
                std::fs::TryLockError::Error(e) => {
                    format!("cannot lock ship cursor `{}`: {e}", cursor.display())
                }
            }));
        }
        let mut last = read_cursor(&cursor)?;
        let mut out = Shipped {
            sent: 0,
            last_id: last,
            retries: 0,
        };
        loop {
            if opts.stopped() {
                return Ok(out);
            }
            let mut batch = Vec::new();
            self.for_each(
                &Filter {
                    after_id: Some(last),
                    limit: Some(1000),
                    ..Filter::default()
                },
                |e| {
                    batch.push(e);
                    Ok(())
                },
            )?;
            if batch.is_empty() {
                if !opts.follow {
                    return Ok(out);
                }
                std::thread::sleep(Duration::from_millis(200));
                continue;
            }
            for e in &batch {
                let frame = message(e, &opts.hostname);
                let frame = format!("{} {frame}", frame.len());
                let Some(retries) = deliver(&link, target, frame.as_bytes(), opts)? else {
                    return Ok(out); // stopped while the collector was away
                };
                out.retries += retries;
                last = e.id;
                write_cursor(&mut file, &cursor, e)?;
                out.sent += 1;
                out.last_id = last;
            }
        }
    }
}

fn write_cursor(file: &mut std::fs::File, path: &Path, e: &Event) -> Result<()> {
    let line = format!("{} {}\n", e.id, hex(&e.hash));
    file.seek(SeekFrom::Start(0))
        .and_then(|_| file.write_all(line.as_bytes()))
        .and_then(|()| file.set_len(line.len() as u64))
        .map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })
}

/// Sends one frame until the collector acknowledges it; returns the retries
/// (`None`: told to stop before an acknowledgement).
fn deliver(link: &Link, target: &Target, frame: &[u8], opts: &ShipOptions) -> Result<Option<u64>> {
    let start = Instant::now();
    let mut retries = 0;
    let mut wait = Duration::from_millis(20);
    loop {
        match link.send(target, frame, opts.ack_timeout) {
            Ok(()) => return Ok(Some(retries)),
            Err(SendError::Fatal(e)) => {
                return Err(Error::Ship(format!("collector `{target}`: {e}")));
            }
            Err(_) if opts.stopped() => return Ok(None),
            Err(e) if start.elapsed() >= opts.retry_for => {
                return Err(Error::Ship(format!(
                    "collector `{target}` did not acknowledge for {}s: {e}",
                    opts.retry_for.as_secs()
                )));
            }
            Err(_) => {
                retries += 1;
                std::thread::sleep(wait);
                wait = (wait * 2).min(Duration::from_millis(500));
            }
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        let t: Target = "tcp://127.0.0.1:514".parse().unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 514));
        let t: Target = "tcp://[::1]:6514".parse().unwrap();
        assert_eq!(t.host, "::1");
        assert_eq!(t.to_string(), "tcp://[::1]:6514");
        let t: Target = "tls://logs.example.com:6514".parse().unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.tls),
            ("logs.example.com", 6514, true)
        );
        assert_eq!(t.to_string(), "tls://logs.example.com:6514");
        for bad in ["udp://x:1", "tcp://x", "tcp://:5", "tcp://x:99999", "x:1"] {
            assert!(bad.parse::<Target>().is_err(), "{bad}");
        }
    }

    #[test]
    fn one_shipper_per_cursor() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("audit.db")).unwrap();
        let target: Target = "tcp://127.0.0.1:9".parse().unwrap();
        let held = std::fs::File::create(cursor_path(&store.path, &target)).unwrap();
        held.lock().unwrap();
        let e = store.ship(&target, &ShipOptions::default()).unwrap_err();
        assert!(e.to_string().contains("another shipper"), "{e}");
        drop(held);
        // The empty cursor a shipper leaves before its first acknowledgement
        // reads as "nothing shipped yet".
        let r = store.ship(&target, &ShipOptions::default()).unwrap();
        assert_eq!(
            (r.sent, r.last_id),
            (0, 0),
            "nothing to send, no connection made"
        );
    }

    #[test]
    fn sd_values_escape_quotes_backslashes_and_brackets() {
        assert_eq!(sd_escape(r#"a"b\c]d"#), r#"a\"b\\c\]d"#);
    }
}
