//! `ward-serve`: ward's local HTTP API, a program of its own so that the
//! HTTP stack stays out of the `ward` binary (`ward serve …` runs this).
//! Thin: parses arguments and calls `ward_serve`.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// ward serve: scans, findings, reports, audit events and metrics over HTTP.
#[derive(Debug, Parser)]
#[command(
    name = "ward serve",
    bin_name = "ward serve",
    version,
    after_help = "Examples:\n  ward serve token new --name ci\n  ward serve --root ~/src\n  ward serve --listen 0.0.0.0:8787 --allow-remote --tls-cert cert.pem --tls-key key.pem --root /srv/repos\n\nEvery request needs `Authorization: Bearer TOKEN`. The API is described at /v1/openapi.json."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on (loopback unless --allow-remote).
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: SocketAddr,
    /// A directory scans may read (repeatable; default: the current directory).
    #[arg(long, value_name = "DIR")]
    root: Vec<PathBuf>,
    /// Serve a non-loopback address (requires --tls-cert and --tls-key).
    #[arg(long)]
    allow_remote: bool,
    /// TLS certificate chain (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// The audit store [default: $WARD_HOME/audit.db, else the XDG state dir].
    #[arg(long, value_name = "PATH")]
    store: Option<PathBuf>,
    /// Scans that run at once.
    #[arg(long, default_value_t = 16)]
    max_running: usize,
    /// Scans that may wait beyond those; past it requests get 429.
    #[arg(long, default_value_t = 64)]
    queue_limit: usize,
    /// Do not use the scan cache.
    #[arg(long)]
    no_cache: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Make a token and print it (shown once; only its hash is kept).
    New {
        /// A label for the token.
        #[arg(long, default_value = "default")]
        name: String,
    },
    /// List tokens (never the secrets).
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token's id from `list`.
        id: u64,
    },
}

fn state_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("WARD_HOME")
        .or_else(|| env("XDG_STATE_HOME").map(|d| d.join("ward")))
        .or_else(|| env("HOME").map(|h| h.join(".local/state/ward")))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ward serve: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let state = state_dir().ok_or_else(|| anyhow::anyhow!("set `WARD_HOME` or `HOME`"))?;
    let mut config = ward_serve::Config::new(
        state.clone(),
        ward_audit::resolve_path(cli.store.as_deref())?,
        if cli.root.is_empty() {
            vec![std::env::current_dir()?]
        } else {
            cli.root
        },
    );
    let tokens = config.tokens();
    match cli.command {
        Some(Command::Token(TokenCommand::New { name })) => {
            let (info, secret) = tokens.create(&name)?;
            eprintln!(
                "token {} ({}) made; it is shown only now:",
                info.id, info.name
            );
            println!("{secret}");
            return Ok(());
        }
        Some(Command::Token(TokenCommand::List)) => {
            for t in tokens.list()? {
                let state = if t.revoked { "revoked" } else { "live" };
                println!(
                    "{}\t{}\t{}\t{}",
                    t.id,
                    state,
                    ward_audit::format_time(t.created_ns),
                    t.name
                );
            }
            return Ok(());
        }
        Some(Command::Token(TokenCommand::Revoke { id })) => {
            let t = tokens.revoke(id)?;
            println!("revoked token {} ({})", t.id, t.name);
            return Ok(());
        }
        None => {}
    }
    config.max_running = cli.max_running;
    config.queue_limit = cli.queue_limit;
    config.cache = !cli.no_cache;
    config.poll = Duration::from_millis(100);
    config.daemon_socket = Some(ward_daemon::socket_path(&state));
    let tls = match (cli.tls_cert, cli.tls_key) {
        (Some(cert), Some(key)) => Some(ward_serve::TlsFiles { cert, key }),
        _ => None,
    };
    ward_serve::run(ward_serve::RunOptions {
        listen: cli.listen,
        allow_remote: cli.allow_remote,
        tls,
        config,
    })?;
    Ok(())
}
