//! Running the daemon in this process: runtime, socket, signals, cleanup.

use crate::daemon::{Daemon, DaemonError};
use crate::server::{bind, serve};
use std::path::Path;
use std::sync::Arc;
use tokio::net::UnixListener;

/// Binds `socket`, calls `ready`, serves until SIGTERM or SIGINT, then
/// removes the socket. Runs on one thread: the work per request is
/// microseconds, so more threads would only cost memory.
pub fn run(daemon: Arc<Daemon>, socket: &Path, ready: impl FnOnce()) -> Result<(), DaemonError> {
    runtime()?.block_on(async {
        let listener = bind(socket)?;
        let served = serve_until_signal(listener, daemon, ready).await;
        let removed = std::fs::remove_file(socket);
        served?;
        removed?;
        Ok(())
    })
}

/// Serves a listening socket this process was handed (systemd socket
/// activation) until SIGTERM or SIGINT. The socket file belongs to whoever
/// created it (systemd's socket unit), so it is left in place.
pub fn run_inherited(
    daemon: Arc<Daemon>,
    listener: std::os::unix::net::UnixListener,
    ready: impl FnOnce(),
) -> Result<(), DaemonError> {
    runtime()?.block_on(async {
        listener.set_nonblocking(true)?;
        let listener = UnixListener::from_std(listener)?;
        serve_until_signal(listener, daemon, ready).await?;
        Ok(())
    })
}

/// The listening Unix socket passed by systemd socket activation
/// (`LISTEN_FDS`, `LISTEN_PID`, the first at fd 3), if any. Reads and then
/// clears those variables, so call it once, before starting threads.
pub fn inherited_listener() -> std::io::Result<Option<std::os::unix::net::UnixListener>> {
    listenfd::ListenFd::from_env().take_unix_listener(0)
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
}

async fn serve_until_signal(
    listener: UnixListener,
    daemon: Arc<Daemon>,
    ready: impl FnOnce(),
) -> std::io::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    ready();
    let stop = async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    };
    serve(listener, daemon, stop).await
}
