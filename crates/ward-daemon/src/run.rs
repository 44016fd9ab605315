//! Running the daemon in this process: runtime, socket, signals, cleanup.

use crate::daemon::{Daemon, DaemonError};
use crate::server::{bind, serve};
use std::path::Path;
use std::sync::Arc;

/// Binds `socket`, calls `ready`, serves until SIGTERM or SIGINT, then
/// removes the socket. Runs on one thread: the work per request is
/// microseconds, so more threads would only cost memory.
pub fn run(daemon: Arc<Daemon>, socket: &Path, ready: impl FnOnce()) -> Result<(), DaemonError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    rt.block_on(async {
        let listener = bind(socket)?;
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
        ready();
        let stop = async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        };
        let served = serve(listener, daemon, stop).await;
        let removed = std::fs::remove_file(socket);
        served?;
        removed?;
        Ok(())
    })
}
