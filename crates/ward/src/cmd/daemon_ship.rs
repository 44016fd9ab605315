//! `ward daemon --ship-syslog URL`: the daemon ships the audit trail to a
//! syslog collector as it grows, with `ward audit ship --follow`'s semantics
//! (one acknowledged event at a time, resumed from the same cursor file).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use ward_audit::{ShipOptions, Store, Target};

/// How long to wait before starting again after shipping stopped (collector
/// down past `retry_for`, store not created yet, another shipper holding the
/// cursor).
const PAUSE: Duration = Duration::from_secs(2);

/// The shipping thread; [`Shipper::stop`] ends it between two events.
pub struct Shipper {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

/// Starts the shipping thread for the store at `store`. Events recorded by
/// anyone (the daemon, `ward exec` without a daemon, hooks) are shipped, since
/// it follows the store itself.
pub fn start(target: Target, ca: Option<PathBuf>, store: PathBuf) -> std::io::Result<Shipper> {
    let stop = Arc::new(AtomicBool::new(false));
    let opts = ShipOptions {
        follow: true,
        ca,
        stop: Some(Arc::clone(&stop)),
        ..ShipOptions::default()
    };
    let thread = std::thread::Builder::new()
        .name("ward-ship".into())
        .spawn(move || ship_until_stopped(&target, &store, &opts))?;
    Ok(Shipper { stop, thread })
}

impl Shipper {
    /// Stops at the next event boundary (an acknowledged event always has
    /// its cursor written, so a restarted daemon sends it no second time).
    pub fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
    }
}

fn ship_until_stopped(target: &Target, store: &std::path::Path, opts: &ShipOptions) {
    let stopped = || {
        opts.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    };
    let mut said = String::new();
    while !stopped() {
        // The store appears with the first recorded event.
        let why = if store.exists() {
            match Store::open_existing(store).and_then(|s| s.ship(target, opts)) {
                Ok(_) => String::new(),
                Err(e) => e.to_string(),
            }
        } else {
            String::new()
        };
        // Say each new reason once, not at every pause.
        if !why.is_empty() && why != said {
            eprintln!("ward: shipping to `{target}` paused: {why}; trying again");
        }
        said = why;
        let until = std::time::Instant::now() + PAUSE;
        while !stopped() && std::time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
