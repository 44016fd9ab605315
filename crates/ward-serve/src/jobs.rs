//! Scan jobs: at most `max_running` scans at once, at most `queue_limit` more
//! waiting, each run on a blocking thread with ward-crypto's cache.

use crate::error::ApiError;
use crate::history::History;
use crate::metrics::Metrics;
use axum::http::StatusCode;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;
use ward_crypto::{Cache, Profile, ScanOptions};

/// A scan in flight: its progress and whether it was deleted meanwhile.
#[derive(Debug, Default)]
pub struct Live {
    /// Files visited so far.
    pub files: AtomicU64,
    /// Set by `DELETE`: the result is thrown away.
    pub cancelled: AtomicBool,
}

/// The job runner.
#[derive(Debug)]
pub struct Jobs {
    /// Scans queued or running.
    pending: AtomicUsize,
    max_running: usize,
    queue_limit: usize,
    permits: Arc<Semaphore>,
    live: Mutex<HashMap<i64, Arc<Live>>>,
    /// Where the scan caches live (`None`: no cache).
    cache_dir: Option<PathBuf>,
}

/// Decrements the pending count however the job ends.
struct PendingGuard(Arc<Jobs>);

impl Drop for PendingGuard {
    fn drop(&mut self) {
        self.0.pending.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Jobs {
    /// A runner with these limits.
    pub fn new(max_running: usize, queue_limit: usize, cache_dir: Option<PathBuf>) -> Self {
        let max_running = max_running.max(1);
        Self {
            pending: AtomicUsize::new(0),
            max_running,
            queue_limit,
            permits: Arc::new(Semaphore::new(max_running)),
            live: Mutex::new(HashMap::new()),
            cache_dir,
        }
    }

    /// Scans waiting for a slot.
    pub fn queue_depth(&self) -> usize {
        self.pending
            .load(Ordering::Acquire)
            .saturating_sub(self.running())
    }

    /// Scans running now.
    pub fn running(&self) -> usize {
        self.max_running
            .saturating_sub(self.permits.available_permits())
    }

    /// The progress of scan `id` if it is queued or running here.
    pub fn live(&self, id: i64) -> Option<Arc<Live>> {
        self.live.lock().ok()?.get(&id).cloned()
    }

    /// Marks scan `id` cancelled (its result will be dropped).
    pub fn cancel(&self, id: i64) {
        if let Some(l) = self.live(id) {
            l.cancelled.store(true, Ordering::Release);
        }
    }

    /// Queues a scan of `path` (already confined); returns its id at once,
    /// or 429 when the queue is full.
    pub async fn submit(
        self: &Arc<Self>,
        history: &Arc<Mutex<History>>,
        metrics: &Arc<Metrics>,
        path: PathBuf,
        profile: Profile,
        roots: Arc<Vec<PathBuf>>,
    ) -> Result<i64, ApiError> {
        let limit = self.max_running + self.queue_limit;
        if self
            .pending
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |p| {
                (p < limit).then_some(p + 1)
            })
            .is_err()
        {
            let mut e = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "queue_full",
                format!("{limit} scans are queued or running; try again later"),
            );
            e.retry_after = Some(1);
            return Err(e);
        }
        let guard = PendingGuard(Arc::clone(self));
        let shown = path.display().to_string();
        let prof = profile_name(profile);
        let h = Arc::clone(history);
        let id = tokio::task::spawn_blocking(move || {
            h.lock()
                .map_err(|_| ApiError::internal("scan history lock poisoned"))?
                .insert(&shown, prof, ward_audit::now_ns())
                .map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::internal(format!("scan task failed: {e}")))??;
        let live = Arc::new(Live::default());
        if let Ok(mut m) = self.live.lock() {
            m.insert(id, Arc::clone(&live));
        }
        let jobs = Arc::clone(self);
        let history = Arc::clone(history);
        let metrics = Arc::clone(metrics);
        tokio::spawn(async move {
            let _guard = guard;
            let Ok(_permit) = Arc::clone(&jobs.permits).acquire_owned().await else {
                return;
            };
            if !live.cancelled.load(Ordering::Acquire) {
                let cache_dir = jobs.cache_dir.clone();
                let l = Arc::clone(&live);
                let _ = tokio::task::spawn_blocking(move || {
                    run_one(
                        id,
                        &path,
                        profile,
                        &roots,
                        cache_dir.as_deref(),
                        &l,
                        &history,
                        &metrics,
                    )
                })
                .await;
            }
            if let Ok(mut m) = jobs.live.lock() {
                m.remove(&id);
            }
        });
        Ok(id)
    }
}

/// The profile's name as the API spells it.
pub fn profile_name(p: Profile) -> &'static str {
    match p {
        Profile::Cnsa2 => "cnsa2",
        _ => "default",
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site, all borrowed state"
)]
fn run_one(
    id: i64,
    path: &Path,
    profile: Profile,
    roots: &[PathBuf],
    cache_dir: Option<&Path>,
    live: &Arc<Live>,
    history: &Mutex<History>,
    metrics: &Metrics,
) {
    let with = |f: &mut dyn FnMut(&mut History)| {
        if let Ok(mut h) = history.lock() {
            f(&mut h);
        }
    };
    with(&mut |h| {
        let _ = h.start(id, ward_audit::now_ns());
    });
    metrics.started();
    if let Some(link) = escaping_link(path, roots) {
        let why = format!(
            "`{}` is a symbolic link that leads outside the roots; the scan was refused",
            link.display()
        );
        with(&mut |h| {
            let _ = h.fail(id, &why, ward_audit::now_ns());
        });
        metrics.ended("failed", 0.0, 0, &[]);
        return;
    }
    let cache = match cache_dir {
        Some(dir) => Cache::load(
            &dir.join(format!("serve-cache-{}.bin", short_hash(path))),
            ward_crypto::RULESET_VERSION,
        ),
        None => Cache::disabled(),
    };
    let progress_live = Arc::clone(live);
    let opts = ScanOptions {
        roots: vec![path.to_path_buf()],
        profile,
        progress: Some(Arc::new(move || {
            progress_live.files.fetch_add(1, Ordering::Relaxed);
        })),
        ..ScanOptions::default()
    };
    let started = std::time::Instant::now();
    let report = ward_crypto::scan_tree(&opts, &cache);
    let secs = started.elapsed().as_secs_f64();
    let _ = cache.save(ward_crypto::RULESET_VERSION);
    if live.cancelled.load(Ordering::Acquire) {
        metrics.ended("cancelled", secs, report.stats.files, &[]);
        return;
    }
    with(&mut |h| match h.finish(id, &report, ward_audit::now_ns()) {
        Ok(_) => metrics.ended("done", secs, report.stats.files, &report.findings),
        Err(e) => {
            let _ = h.fail(id, &e.to_string(), ward_audit::now_ns());
            metrics.ended("failed", secs, report.stats.files, &[]);
        }
    });
}

/// The first symbolic link under `path` whose target lies outside `roots`
/// (the walker follows links, so one would lead the scan out).
fn escaping_link(path: &Path, roots: &[PathBuf]) -> Option<PathBuf> {
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(ft) = entry.file_type() else { continue };
            let p = entry.path();
            if ft.is_symlink() {
                match std::fs::canonicalize(&p) {
                    Ok(real) if roots.iter().any(|r| real.starts_with(r)) => {}
                    Ok(_) => return Some(p),
                    Err(_) => {} // dangling: the walker reports it
                }
            } else if ft.is_dir() {
                stack.push(p);
            }
        }
    }
    None
}

fn short_hash(p: &Path) -> String {
    let h = blake3::hash(p.as_os_str().as_encoded_bytes());
    h.to_hex().chars().take(16).collect()
}
