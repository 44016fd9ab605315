//! `/v1/events…`: the audit trail, filtered and paged; its verification; and
//! a server-sent stream of new decisions.
//!
//! The stream follows the store itself (a poller reads rows after the last
//! id it saw), so a decision reaches it whoever recorded it: `ward exec`
//! in-process, a hook, or the daemon.

use crate::error::ApiError;
use crate::extract::Query;
use crate::scans::paging;
use crate::server::AppState;
use axum::extract::State;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::Stream;
use serde::{Deserialize, Serialize};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use ward_audit::{Event, Filter, Store, TipStatus, hex, now_ns, parse_time};

/// An audit event as the API shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    id: i64,
    time_ns: i64,
    time: String,
    actor: String,
    source: String,
    kind: String,
    raw: String,
    commands: Vec<String>,
    decision: String,
    rules: Vec<String>,
    reason: String,
    cwd: String,
    pid: u32,
    ppid: u32,
    uid: u32,
    session: String,
    decided_by: String,
    extra: String,
    prev_hash: String,
    hash: String,
}

impl From<Event> for EventView {
    fn from(e: Event) -> Self {
        let b = e.body;
        Self {
            id: e.id,
            time_ns: e.time_ns,
            time: ward_audit::format_time(e.time_ns),
            actor: b.actor,
            source: b.source,
            kind: b.kind,
            raw: b.raw,
            commands: b.commands,
            decision: b.decision,
            rules: b.rules,
            reason: b.reason,
            cwd: b.cwd,
            pid: b.pid,
            ppid: b.ppid,
            uid: b.uid,
            session: b.session,
            decided_by: b.decided_by,
            extra: b.extra,
            prev_hash: hex(&e.prev_hash),
            hash: hex(&e.hash),
        }
    }
}

/// Query of `GET /v1/events`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    since: Option<String>,
    until: Option<String>,
    decision: Option<String>,
    actor: Option<String>,
    rule: Option<String>,
    page: Option<u64>,
    size: Option<u64>,
}

fn when(name: &str, v: Option<&String>) -> Result<Option<i64>, ApiError> {
    v.map(|s| {
        parse_time(s, now_ns()).ok_or_else(|| {
            ApiError::bad_request(format!(
                "invalid `{name}` `{s}`: use an age like `1h` or a UTC date like `2026-11-23`"
            ))
        })
    })
    .transpose()
}

pub(crate) async fn list(
    State(st): State<Arc<AppState>>,
    Query(q): Query<EventsQuery>,
) -> Result<Response, ApiError> {
    let (page, size, offset) = paging(q.page, q.size)?;
    if let Some(d) = &q.decision
        && !["allow", "ask", "deny"].contains(&d.as_str())
    {
        return Err(ApiError::bad_request(format!(
            "unknown decision `{d}`: use allow, ask or deny"
        )));
    }
    let filter = Filter {
        decision: q.decision,
        actor: q.actor,
        since_ns: when("since", q.since.as_ref())?,
        until_ns: when("until", q.until.as_ref())?,
        rule: q.rule,
        offset: Some(offset),
        limit: Some(size),
        ..Filter::default()
    };
    let (total, events) = st
        .audit(move |s| {
            let total = s.count(&filter)?;
            let mut out = Vec::new();
            s.for_each(&filter, |e| {
                out.push(EventView::from(e));
                Ok(())
            })?;
            Ok((total, out))
        })
        .await?;
    Ok(axum::Json(serde_json::json!({
        "page": page, "size": size, "total": total, "events": events
    }))
    .into_response())
}

pub(crate) async fn verify(State(st): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let r = st.audit(|s| s.verify()).await?;
    let tip = match r.tip {
        TipStatus::Current => "current",
        TipStatus::Behind => "behind",
        TipStatus::Missing => "missing",
        TipStatus::Unchecked => "unchecked",
    };
    Ok(axum::Json(serde_json::json!({
        "ok": r.ok(),
        "events": r.events,
        "last_id": r.last_id,
        "problem": r.problem.as_ref().map(ToString::to_string),
        "tip": tip,
        "summary": r.to_string(),
    }))
    .into_response())
}

/// Query of `GET /v1/events/stream`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    /// Replay events after this id first.
    after: Option<i64>,
}

pub(crate) async fn stream(
    State(st): State<Arc<AppState>>,
    Query(q): Query<StreamQuery>,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, ApiError> {
    // Subscribe before replaying, then drop live events the replay covered.
    let rx = st.events_tx.subscribe();
    let replay = match q.after {
        Some(after) => {
            st.audit(move |s| {
                let mut out = Vec::new();
                s.for_each(
                    &Filter {
                        after_id: Some(after),
                        limit: Some(10_000),
                        ..Filter::default()
                    },
                    |e| {
                        out.push(Arc::new(EventView::from(e)));
                        Ok(())
                    },
                )?;
                Ok(out)
            })
            .await?
        }
        None => Vec::new(),
    };
    let last = replay.last().map_or(q.after.unwrap_or(0), |e| e.id);
    let stream = futures_util::stream::unfold(
        (replay.into_iter(), rx, last),
        |(mut replay, mut rx, mut last)| async move {
            if let Some(e) = replay.next() {
                return Some((sse(&e), (replay, rx, last)));
            }
            loop {
                match rx.recv().await {
                    Ok(e) if e.id <= last => continue,
                    Ok(e) => {
                        last = e.id;
                        return Some((sse(&e), (replay, rx, last)));
                    }
                    Err(broadcast::error::RecvError::Lagged(n)) => {
                        let msg = SseEvent::default()
                            .event("lagged")
                            .data(format!("{{\"missed\":{n}}}"));
                        return Some((Ok(msg), (replay, rx, last)));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

fn sse(e: &EventView) -> Result<SseEvent, Infallible> {
    let data = serde_json::to_string(e).unwrap_or_else(|_| "{}".into());
    Ok(SseEvent::default()
        .event("decision")
        .id(e.id.to_string())
        .data(data))
}

/// Follows the store's tail every `every` and publishes new events; it
/// starts at the current tail (the stream is of new decisions).
pub(crate) async fn follow(st: Arc<AppState>, every: Duration) {
    let mut last: Option<i64> = None;
    loop {
        let after = last;
        let got = st
            .audit(move |s| {
                let mut views = Vec::new();
                let filter = match after {
                    None => Filter {
                        last: Some(1),
                        ..Filter::default()
                    },
                    Some(a) => Filter {
                        after_id: Some(a),
                        limit: Some(1000),
                        ..Filter::default()
                    },
                };
                s.for_each(&filter, |e| {
                    views.push(Arc::new(EventView::from(e)));
                    Ok(())
                })?;
                Ok(views)
            })
            .await;
        if let Ok(views) = got {
            let tail = views.last().map(|e| e.id);
            if after.is_some() {
                for v in views {
                    // No listener is not an error.
                    let _ = st.events_tx.send(v);
                }
            }
            last = tail.or(after).or(Some(0));
        }
        tokio::time::sleep(every).await;
    }
}

impl AppState {
    /// Runs `f` on the audit store on a blocking thread.
    pub(crate) async fn audit<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> ward_audit::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = Arc::clone(&self.audit);
        tokio::task::spawn_blocking(move || {
            let mut s = store
                .lock()
                .map_err(|_| ApiError::internal("audit store lock poisoned"))?;
            f(&mut s).map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::internal(format!("audit task failed: {e}")))?
    }
}
