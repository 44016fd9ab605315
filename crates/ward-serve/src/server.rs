//! The router, bearer-token authentication, and serving over TCP or TLS.

use crate::error::{ApiError, Error, Result};
use crate::events::EventView;
use crate::extract::MAX_BODY;
use crate::history::{History, StoredFinding};
use crate::jobs::Jobs;
use crate::metrics::{Metrics, Snapshot};
use crate::token::Tokens;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use ward_audit::{NewEvent, Store};

/// The OpenAPI document, kept in the repository and served as is.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Every route the router serves, as the OpenAPI document names them.
/// INVARIANT: the same list as `router()`; a test checks both against the document.
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/v1/scans"),
    ("get", "/v1/scans/{id}"),
    ("delete", "/v1/scans/{id}"),
    ("get", "/v1/scans/{id}/findings"),
    ("get", "/v1/scans/{id}/report"),
    ("get", "/v1/events"),
    ("get", "/v1/events/verify"),
    ("get", "/v1/events/stream"),
    ("get", "/v1/openapi.json"),
    ("get", "/metrics"),
];

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Directories scans may read (canonicalised at start).
    pub roots: Vec<PathBuf>,
    /// ward's state directory: tokens, scan history, scan caches.
    pub state_dir: PathBuf,
    /// The audit store.
    pub store: PathBuf,
    /// Scans that run at once.
    pub max_running: usize,
    /// Scans that may wait beyond those (then 429).
    pub queue_limit: usize,
    /// Whether scans use ward-crypto's incremental cache.
    pub cache: bool,
    /// How often the event stream looks for new rows.
    pub poll: Duration,
    /// The daemon's socket, for its metrics (none: not asked).
    pub daemon_socket: Option<PathBuf>,
    /// How long the token file is trusted before it is looked at again
    /// (a revocation takes effect within this).
    pub token_recheck: Duration,
}

impl Config {
    /// Defaults for a state dir, store and roots.
    pub fn new(state_dir: PathBuf, store: PathBuf, roots: Vec<PathBuf>) -> Self {
        Self {
            roots,
            state_dir,
            store,
            max_running: 16,
            queue_limit: 64,
            cache: true,
            poll: Duration::from_millis(100),
            daemon_socket: None,
            token_recheck: crate::token::RECHECK,
        }
    }

    /// The token file.
    pub fn tokens(&self) -> Tokens {
        Tokens::new(self.state_dir.join(crate::token::TOKEN_FILE))
    }
}

/// What every handler shares.
#[derive(Debug)]
pub struct AppState {
    pub(crate) roots: Arc<Vec<PathBuf>>,
    pub(crate) history: Arc<Mutex<History>>,
    pub(crate) tokens: Tokens,
    pub(crate) audit: Arc<Mutex<Store>>,
    pub(crate) jobs: Arc<Jobs>,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) findings_cache: Mutex<HashMap<i64, Arc<Vec<StoredFinding>>>>,
    /// Rendered findings pages of done scans (bounded by bytes).
    pub(crate) pages: crate::pages::Pages,
    pub(crate) events_tx: broadcast::Sender<Arc<EventView>>,
    daemon_socket: Option<PathBuf>,
}

impl AppState {
    /// Opens the stores a server needs.
    pub fn open(cfg: &Config) -> Result<Arc<Self>> {
        let roots = crate::paths::canonical_roots(&cfg.roots).map_err(Error::Config)?;
        if roots.is_empty() {
            return Err(Error::Config("no root to scan: pass `--root DIR`".into()));
        }
        let history = History::open(&cfg.state_dir.join("serve-history.db"))?;
        let audit = Store::open(&cfg.store)?;
        let (events_tx, _) = broadcast::channel(4096);
        Ok(Arc::new(Self {
            roots: Arc::new(roots),
            history: Arc::new(Mutex::new(history)),
            tokens: Tokens::with_recheck(
                cfg.state_dir.join(crate::token::TOKEN_FILE),
                cfg.token_recheck,
            ),
            audit: Arc::new(Mutex::new(audit)),
            jobs: Arc::new(Jobs::new(
                cfg.max_running,
                cfg.queue_limit,
                cfg.cache.then(|| cfg.state_dir.clone()),
            )),
            metrics: Arc::new(Metrics::default()),
            findings_cache: Mutex::new(HashMap::new()),
            pages: crate::pages::Pages::default(),
            events_tx,
            daemon_socket: cfg.daemon_socket.clone(),
        }))
    }

    /// Runs `f` on the history on a blocking thread.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut History) -> Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let h = Arc::clone(&self.history);
        tokio::task::spawn_blocking(move || {
            let mut h = h
                .lock()
                .map_err(|_| ApiError::internal("scan history lock poisoned"))?;
            f(&mut h).map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::internal(format!("history task failed: {e}")))?
    }
}

/// The API's router over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    use axum::routing::post;
    Router::new()
        .route("/v1/scans", post(crate::scans::create))
        .route(
            "/v1/scans/{id}",
            get(crate::scans::get).delete(crate::scans::delete),
        )
        .route("/v1/scans/{id}/findings", get(crate::scans::findings))
        .route("/v1/scans/{id}/report", get(crate::scans::report))
        .route("/v1/events", get(crate::events::list))
        .route("/v1/events/verify", get(crate::events::verify))
        .route("/v1/events/stream", get(crate::events::stream))
        .route("/v1/openapi.json", get(openapi))
        .route("/metrics", get(metrics))
        .fallback(no_route)
        .method_not_allowed_fallback(no_method)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            authenticate,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

async fn no_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no_route", "no such endpoint")
}

async fn no_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this endpoint does not take that method",
    )
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn metrics(State(st): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let scans_by_state = st.blocking(|h| h.count_by_state()).await?;
    let decisions = st.audit(|s| s.stats()).await?.by_decision;
    let sock = st.daemon_socket.clone();
    let daemon = tokio::task::spawn_blocking(move || daemon_metrics(sock?))
        .await
        .ok()
        .flatten();
    let snap = Snapshot {
        scans_by_state,
        queue_depth: st.jobs.queue_depth(),
        running: st.jobs.running(),
        decisions,
        daemon,
    };
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        st.metrics.render(&snap),
    )
        .into_response())
}

fn daemon_metrics(sock: PathBuf) -> Option<String> {
    let mut c = ward_daemon::Client::connect(&sock, Duration::from_millis(300)).ok()?;
    match c.call(&ward_daemon::Request::Stats).ok()? {
        ward_daemon::Response::Stats(r) => Some(ward_daemon::metrics::render(&r)),
        _ => None,
    }
}

/// Every request needs `Authorization: Bearer TOKEN` naming a live token;
/// a refusal is 401 and an audit event.
async fn authenticate(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let why = match given {
        None => "missing bearer token",
        Some(t) => match st.tokens.check(t) {
            Ok(true) => return next.run(req).await,
            Ok(false) => "invalid or revoked token",
            Err(e) => return ApiError::internal(e.to_string()).into_response(),
        },
    };
    st.metrics.unauthorized();
    let peer = req
        .extensions()
        .get::<ConnectInfo<crate::tls::Peer>>()
        .map(|c| c.0.0.to_string())
        .unwrap_or_default();
    let ev = NewEvent {
        actor: "unknown".into(),
        source: "serve".into(),
        kind: "http-auth".into(),
        raw: format!("{} {}", req.method(), req.uri().path()),
        decision: "deny".into(),
        reason: why.into(),
        pid: std::process::id(),
        decided_by: "in-process".into(),
        extra: serde_json::json!({ "peer": peer }).to_string(),
        ..NewEvent::default()
    };
    if let Err(e) = st.audit(move |s| s.append(&ev)).await {
        // Fail closed either way; say why in the answer.
        return ApiError::internal(format!("cannot record refusal: {}", e.message)).into_response();
    }
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", why).into_response()
}

/// Serves `state` on `listener` (plain HTTP) until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    poll: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let follower = tokio::spawn(crate::events::follow(Arc::clone(&state), poll));
    let app = router(state).into_make_service_with_connect_info::<crate::tls::Peer>();
    let out = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    follower.abort();
    out
}

/// Serves `state` over TLS on `listener` until `shutdown` completes.
pub async fn serve_tls(
    listener: TcpListener,
    tls: crate::tls::TlsFiles,
    state: Arc<AppState>,
    poll: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let listener = crate::tls::TlsListener::new(listener, &tls)?;
    let follower = tokio::spawn(crate::events::follow(Arc::clone(&state), poll));
    let app = router(state).into_make_service_with_connect_info::<crate::tls::Peer>();
    let out = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    follower.abort();
    out.map_err(|source| Error::Io {
        path: "listener".into(),
        source,
    })
}
