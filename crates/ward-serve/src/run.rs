//! Starting the server from the command line: listen address rules, the
//! runtime, signals.

use crate::error::{Error, Result};
use crate::server::{AppState, Config, serve, serve_tls};
use crate::tls::TlsFiles;
use std::net::SocketAddr;

/// Everything `ward serve` was given.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Where to listen.
    pub listen: SocketAddr,
    /// Allow a non-loopback address (TLS is then required).
    pub allow_remote: bool,
    /// Certificate and key for TLS.
    pub tls: Option<TlsFiles>,
    /// The server's configuration.
    pub config: Config,
}

/// Loopback by default; any other address needs `--allow-remote` and TLS.
pub fn check_listen(opts: &RunOptions) -> Result<()> {
    if opts.listen.ip().is_loopback() {
        return Ok(());
    }
    if !opts.allow_remote {
        return Err(Error::Config(format!(
            "`{}` is not a loopback address; pass `--allow-remote` (with `--tls-cert` and `--tls-key`) to serve other machines",
            opts.listen
        )));
    }
    if opts.tls.is_none() {
        return Err(Error::Config(format!(
            "serving `{}` to other machines needs TLS: pass `--tls-cert FILE --tls-key FILE`",
            opts.listen
        )));
    }
    Ok(())
}

/// Runs the server until SIGINT or SIGTERM.
pub fn run(opts: RunOptions) -> Result<()> {
    check_listen(&opts)?;
    if let Some(t) = &opts.tls {
        crate::tls::server_config(t)?;
    }
    let io = |source| Error::Io {
        path: "runtime".into(),
        source,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(io)?;
    rt.block_on(async move {
        let state = AppState::open(&opts.config)?;
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|source| Error::Io {
                path: opts.listen.to_string().into(),
                source,
            })?;
        let addr = listener.local_addr().map_err(io)?;
        let scheme = if opts.tls.is_some() { "https" } else { "http" };
        println!("ward serve: listening on {scheme}://{addr}");
        let poll = opts.config.poll;
        match opts.tls {
            Some(t) => serve_tls(listener, t, state, poll, stop()).await,
            None => serve(listener, state, poll, stop()).await.map_err(io),
        }
    })
}

async fn stop() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
