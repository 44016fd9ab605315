//! Accepting connections: peer check, hello, then requests until the peer
//! leaves or the server stops.

use crate::daemon::{Daemon, WriteJob};
use crate::event::{Notice, now_ms};
use crate::proto::{self, ErrorKind, EvalRequest, FrameError, PROTOCOL_VERSION, Request, Response};
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{broadcast, mpsc, watch};
use ward_core::Decision;

/// The most records the writer appends in one batch.
const MAX_BATCH: usize = 512;
/// How long shutdown waits for in-flight connections.
const DRAIN: Duration = Duration::from_secs(5);

/// Whether a peer with `peer_uid` is served by a daemon running as `own_uid`:
/// the same user, or root.
pub fn peer_allowed(peer_uid: u32, own_uid: u32) -> bool {
    peer_uid == own_uid || peer_uid == 0
}

/// Serves `listener` until `shutdown` completes; then stops accepting,
/// answers in-flight requests and returns. The queue is persisted on every
/// change, so nothing is left to write.
pub async fn serve(
    listener: UnixListener,
    daemon: Arc<Daemon>,
    shutdown: impl Future,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    // Every connection holds a clone; when all are dropped, draining is done.
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    if let Some(rx) = daemon
        .writer_rx
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
    {
        tokio::spawn(writer(daemon.clone(), rx));
    }
    for item in daemon.queue.list() {
        spawn_timer(&daemon, item.id, item.deadline_ms);
    }
    if let Some(addr) = daemon.config.metrics {
        // Refused here too, whoever built the config.
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!("`{addr}` is not a loopback address"),
            ));
        }
        let tcp = tokio::net::TcpListener::bind(addr).await?;
        tokio::spawn(crate::metrics::serve_metrics(
            tcp,
            daemon.clone(),
            stop_rx.clone(),
        ));
    }
    if let Some(path) = daemon.config.watch.clone() {
        tokio::spawn(watch_policy(daemon.clone(), path));
    }
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, _) = match accepted {
                    Ok(s) => s,
                    // Out of descriptors and the like: keep serving the others.
                    Err(_) => { tokio::time::sleep(Duration::from_millis(10)).await; continue; }
                };
                let (d, stop, alive) = (daemon.clone(), stop_rx.clone(), alive_tx.clone());
                tokio::spawn(async move {
                    connection(d, stream, stop).await;
                    drop(alive);
                });
            }
            () = async { (&mut shutdown).await; } => break,
        }
    }
    let _ = stop_tx.send(true);
    drop(alive_tx);
    let _ = tokio::time::timeout(DRAIN, alive_rx.recv()).await;
    Ok(())
}

/// The single writer: batches records into the sink, then tells subscribers.
async fn writer(daemon: Arc<Daemon>, mut rx: mpsc::Receiver<WriteJob>) {
    let mut seq = 0u64;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let mut events = Vec::with_capacity(batch.len());
        for (ev, _) in &mut batch {
            seq += 1;
            ev.seq = seq;
            if ev.ts_ms == 0 {
                ev.ts_ms = now_ms();
            }
            events.push(ev.clone());
        }
        let result = daemon.sink.append_batch(&events);
        if result.is_ok() {
            daemon.appended(events.len());
        }
        for ((ev, reply), event) in batch.drain(..).zip(events) {
            match &result {
                Ok(()) => {
                    let _ = daemon.notices.send(Notice::Decision(event));
                    let _ = reply.send(Ok(ev.seq));
                }
                Err(e) => {
                    let _ = reply.send(Err(e.to_string()));
                }
            }
        }
    }
}

/// How often the watched policy file's modification time is checked.
const WATCH_EVERY: Duration = Duration::from_millis(500);

/// Reloads the policy when `path` changes. Polling one `stat` every half
/// second costs nothing measurable and needs no inotify dependency.
async fn watch_policy(daemon: Arc<Daemon>, path: std::path::PathBuf) {
    let stamp = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let mut last = stamp(&path);
    loop {
        tokio::time::sleep(WATCH_EVERY).await;
        let now = stamp(&path);
        if now != last {
            last = now;
            // A bad file keeps the old policy; the error reaches subscribers
            // only as the absence of a `policy-reloaded` notice.
            let _ = daemon.reload();
        }
    }
}

fn spawn_timer(daemon: &Arc<Daemon>, id: u64, deadline_ms: u64) {
    let d = daemon.clone();
    tokio::spawn(async move {
        let wait = deadline_ms.saturating_sub(now_ms());
        tokio::time::sleep(Duration::from_millis(wait)).await;
        d.expire(id);
    });
}

/// Consults the expert on a queued item; its allow or deny settles the item
/// unless a person (or the timeout) got there first.
fn spawn_expert(daemon: &Arc<Daemon>, expert: crate::expert::Expert, item: crate::PendingItem) {
    let d = daemon.clone();
    tokio::spawn(async move {
        // The budget starts once a slot is free.
        let Ok(_slot) = d.expert_slots.clone().acquire_owned().await else {
            return;
        };
        match crate::expert::consult(&expert, &item).await {
            crate::expert::Outcome::Decided { decision, reason } => {
                let res = crate::queue::Resolution {
                    decision,
                    by: expert.decided_by(),
                    reason,
                };
                // Already decided by a person or the timeout: nothing to do.
                let _ = d.resolve(item.id, res);
            }
            crate::expert::Outcome::Left(why) => {
                // The daemon's stderr is its log (`daemon.log`).
                eprintln!(
                    "ward: expert `{}` left approval {} for a person: {why}",
                    expert.name(),
                    item.id
                );
            }
        }
    });
}

fn error(kind: ErrorKind, message: impl Into<String>) -> Response {
    Response::Error {
        kind,
        message: message.into(),
    }
}

fn frame_error(e: &FrameError) -> Option<Response> {
    match e {
        FrameError::TooLarge(_) => Some(error(ErrorKind::TooLarge, e.to_string())),
        FrameError::Malformed(_) => Some(error(ErrorKind::Malformed, e.to_string())),
        FrameError::Io(_) | FrameError::Closed => None,
    }
}

async fn connection(daemon: Arc<Daemon>, stream: UnixStream, mut stop: watch::Receiver<bool>) {
    let cred = stream.peer_cred().ok();
    let uid = cred.map(|c| c.uid());
    let pid = cred
        .and_then(|c| c.pid())
        .and_then(|p| u32::try_from(p).ok())
        .unwrap_or(0);
    let (mut rd, mut wr) = stream.into_split();
    if !uid.is_some_and(|u| peer_allowed(u, daemon.config.uid)) {
        daemon.refuse_peer(uid);
        let _ = proto::write_msg(
            &mut wr,
            &error(ErrorKind::PeerRefused, "only the owner and root are served"),
        )
        .await;
        return;
    }
    // The hello: version check before anything else.
    let first = match proto::read_frame(&mut rd).await {
        Ok(b) => b,
        Err(e) => {
            if let Some(r) = frame_error(&e) {
                let _ = proto::write_msg(&mut wr, &r).await;
            }
            return;
        }
    };
    let reply = match proto::decode::<Request>(&first) {
        Ok(Request::Hello { version }) if version == PROTOCOL_VERSION => {
            daemon.handle(Request::Hello { version })
        }
        Ok(Request::Hello { version }) => error(
            ErrorKind::Version,
            format!(
                "protocol version `{version}` is not spoken here (expected {PROTOCOL_VERSION})"
            ),
        ),
        Ok(_) => error(ErrorKind::NoHello, "the first frame must be a hello"),
        Err(e) => error(ErrorKind::Malformed, e.to_string()),
    };
    let ok = matches!(reply, Response::Hello { .. });
    if proto::write_msg(&mut wr, &reply).await.is_err() || !ok {
        return;
    }
    loop {
        let body = tokio::select! {
            b = proto::read_frame(&mut rd) => b,
            _ = stop.changed() => return,
        };
        let req = match body.and_then(|b| proto::decode::<Request>(&b)) {
            Ok(r) => r,
            Err(e) => {
                if let Some(r) = frame_error(&e) {
                    let _ = proto::write_msg(&mut wr, &r).await;
                }
                return;
            }
        };
        let keep = match req {
            Request::Evaluate(e) => evaluate(&daemon, e, &mut wr, &mut stop).await,
            Request::Subscribe => {
                subscribe(&daemon, rd, wr, stop).await;
                return;
            }
            Request::Record(ev) => {
                let reply = match append(&daemon, ev).await {
                    Ok(seq) => Response::Recorded { seq },
                    Err(e) => e,
                };
                proto::write_msg(&mut wr, &reply).await.is_ok()
            }
            Request::Hook(h) if h.record => {
                let reply = match daemon.judge_hook_event(&h) {
                    Ok((mut verdict, mut ev)) => {
                        // The hook process's identity, from the socket.
                        ev.pid = pid;
                        ev.ppid = crate::event::parent_of(pid);
                        ev.uid = uid.unwrap_or(0);
                        match append(&daemon, ev).await {
                            Ok(_) => {
                                verdict.recorded = true;
                                Response::Judged(verdict)
                            }
                            Err(e) => e,
                        }
                    }
                    Err(m) => error(ErrorKind::Malformed, m),
                };
                proto::write_msg(&mut wr, &reply).await.is_ok()
            }
            other => proto::write_msg(&mut wr, &daemon.handle(other))
                .await
                .is_ok(),
        };
        if !keep {
            return;
        }
    }
}

/// Appends one event through the single writer; the error is the reply.
async fn append(daemon: &Daemon, ev: crate::Event) -> Result<u64, Response> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    if daemon.writer_tx.send((ev, tx)).await.is_err() {
        return Err(error(
            ErrorKind::ShuttingDown,
            "the store writer has stopped",
        ));
    }
    match rx.await {
        Ok(Ok(seq)) => Ok(seq),
        Ok(Err(m)) => Err(error(ErrorKind::Sink, m)),
        Err(_) => Err(error(
            ErrorKind::ShuttingDown,
            "the store writer has stopped",
        )),
    }
}

/// Answers an evaluation; a queued `ask` sends `Pending`, then waits for a
/// person, the timeout or shutdown.
async fn evaluate(
    daemon: &Arc<Daemon>,
    req: EvalRequest,
    wr: &mut OwnedWriteHalf,
    stop: &mut watch::Receiver<bool>,
) -> bool {
    let (wv, raw) = daemon.evaluate(&req);
    if !(wv.decision == Decision::Ask && req.queue && !req.interactive) {
        return proto::write_msg(wr, &Response::Verdict(wv)).await.is_ok();
    }
    let (item, rx) = match daemon.enqueue(&req, raw, &wv) {
        Ok(x) => x,
        Err(e) => {
            return proto::write_msg(wr, &error(ErrorKind::Sink, e.to_string()))
                .await
                .is_ok();
        }
    };
    spawn_timer(daemon, item.id, item.deadline_ms);
    if let Some(expert) = daemon.config.expert.clone() {
        spawn_expert(daemon, expert, item.clone());
    }
    let id = item.id;
    if proto::write_msg(wr, &Response::Pending(item))
        .await
        .is_err()
    {
        return false;
    }
    let reply = tokio::select! {
        res = rx => match res {
            Ok(r) => Response::Decided { id, decision: r.decision, by: r.by, reason: r.reason },
            Err(_) => error(ErrorKind::ShuttingDown, "the approval queue dropped the item"),
        },
        _ = stop.changed() => error(ErrorKind::ShuttingDown, format!("the daemon is stopping; approval `{id}` stays queued")),
    };
    proto::write_msg(wr, &reply).await.is_ok()
}

/// Streams notices until the subscriber hangs up or the server stops.
async fn subscribe(
    daemon: &Arc<Daemon>,
    mut rd: OwnedReadHalf,
    mut wr: OwnedWriteHalf,
    mut stop: watch::Receiver<bool>,
) {
    let mut rx = daemon.notices.subscribe();
    if proto::write_msg(&mut wr, &Response::Ok).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            n = rx.recv() => match n {
                Ok(n) => if proto::write_msg(&mut wr, &Response::Notice(n)).await.is_err() { return },
                // A slow subscriber misses notices rather than slowing everyone.
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            },
            // Any frame or EOF from a subscriber ends the stream.
            _ = proto::read_frame(&mut rd) => return,
            _ = stop.changed() => return,
        }
    }
}

/// Binds an owner-only socket at `path` (directory 0700, socket 0600),
/// replacing a stale socket nobody answers on.
pub fn bind(path: &Path) -> std::io::Result<UnixListener> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    if path.exists() {
        if std::os::unix::net::UnixStream::connect(path).is_ok() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AddrInUse,
                format!("a daemon already listens on `{}`", path.display()),
            ));
        }
        std::fs::remove_file(path)?;
    }
    let listener = UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(listener)
}
