//! `ward daemon`: run the coordinator; and the helpers front ends use to
//! reach it.

use super::common;
use super::record::{Record, record};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use ward_core::{Layer, Policy};
use ward_daemon::{Client, Config, Daemon, Event, EventSink, SharedPolicy, SinkError};

/// `ward daemon status|stop|install-unit`.
#[derive(Debug, clap::Subcommand)]
pub enum DaemonAction {
    /// Say whether a daemon answers: pid, socket, policy hash, queue (exit 3 when none does).
    #[command(after_help = "Examples:\n  ward daemon status\n  ward daemon status --json")]
    Status {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Stop the running daemon (SIGTERM, then wait until it is gone).
    #[command(after_help = "Example:\n  ward daemon stop")]
    Stop,
    /// Write a systemd user socket and service, so systemd starts the daemon on first use.
    #[command(
        after_help = "Examples:\n  ward daemon install-unit\n  ward daemon install-unit --print\n  systemctl --user daemon-reload && systemctl --user enable --now ward.socket"
    )]
    InstallUnit(super::daemon_unit::Args),
}

/// Arguments of `ward daemon`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Status, stop or install-unit; without one, run the daemon.
    #[command(subcommand)]
    pub action: Option<DaemonAction>,
    /// Stay in the foreground (default: start in the background and return once it is ready).
    #[arg(long)]
    pub foreground: bool,
    /// A policy file to layer over the default.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Seconds a pending approval waits before it becomes deny.
    #[arg(long, default_value_t = 120)]
    pub approval_timeout: u64,
    /// The socket (default: `$XDG_RUNTIME_DIR/ward/ward.sock`, else the state dir).
    #[arg(long)]
    pub socket: Option<PathBuf>,
    /// Serve the counters in Prometheus text format on this loopback address
    /// (`127.0.0.1:PORT`; off by default, other addresses are refused).
    #[arg(long, value_name = "127.0.0.1:PORT")]
    pub metrics: Option<String>,
    /// An executable consulted on every queued ask before a person: it gets
    /// the pending item as JSON on stdin and prints allow, deny or abstain
    /// (run directly, no shell).
    #[arg(long, value_name = "CMD")]
    pub expert: Option<PathBuf>,
    /// An argument for the expert (repeat for several).
    #[arg(
        long,
        value_name = "ARG",
        requires = "expert",
        allow_hyphen_values = true
    )]
    pub expert_arg: Vec<String>,
    /// How long the expert has to answer, in milliseconds.
    #[arg(long, default_value_t = 2000, value_name = "MS")]
    pub expert_budget_ms: u64,
    /// How hard each batch of records waits for the disk: `full` (fsync per
    /// commit: a record survives power loss) or `normal` (fsync at
    /// checkpoints: survives a crash of any process, not of the machine).
    #[arg(long, default_value = "full", value_parser = ["full", "normal"])]
    pub sync: String,
    /// Ship every audit event to this syslog collector as it is recorded
    /// (tcp://HOST:PORT or tls://HOST:PORT): like `ward audit ship --follow`,
    /// same cursor.
    #[arg(long, value_name = "URL")]
    pub ship_syslog: Option<String>,
    /// CA certificates (PEM) that vouch for a tls:// collector
    /// [default: the system's bundle].
    #[arg(long, value_name = "FILE", requires = "ship_syslog")]
    pub ship_ca: Option<PathBuf>,
}

/// The daemon's socket: `--socket`, `$WARD_SOCKET`, else the default.
pub fn socket(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("WARD_SOCKET").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(ward_daemon::socket_path(&common::state_dir()?))
}

/// The daemon for a front end that judges with `policy`: `None` when the
/// call names its own policy file (the daemon judges with its policy, so
/// that call is judged in-process), else [`connect`].
pub fn connect_for(policy: Option<&std::path::Path>) -> Option<Client> {
    match policy {
        Some(_) => None,
        None => connect(),
    }
}

/// A connection to the running daemon, or `None` when it is down or slow
/// (front ends then evaluate in-process). `WARD_NO_DAEMON=1` skips it;
/// `WARD_DAEMON_TIMEOUT_MS` changes how long each step may take (250 ms).
pub fn connect() -> Option<Client> {
    if std::env::var_os("WARD_NO_DAEMON").is_some_and(|v| v == "1") {
        return None;
    }
    let sock = socket(None).ok()?;
    let timeout = std::env::var("WARD_DAEMON_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|ms| *ms > 0)
        .map_or(ward_daemon::client::DEFAULT_TIMEOUT, Duration::from_millis);
    Client::connect_pipelined(&sock, timeout).ok()
}

/// A connection to the daemon, or an error naming the socket.
pub fn connect_or_fail() -> anyhow::Result<Client> {
    let sock = socket(None)?;
    Client::connect(&sock, Duration::from_secs(2)).map_err(|e| {
        anyhow::anyhow!(
            "no daemon answers on `{}` ({e}); start one with `ward daemon`",
            sock.display()
        )
    })
}

/// The policy the daemon loads: `--policy`, `$WARD_POLICY`, the user's file, else the default.
fn loader(explicit: Option<PathBuf>) -> ward_daemon::PolicyLoader {
    Box::new(move || {
        let path = explicit
            .clone()
            .or_else(|| {
                std::env::var_os("WARD_POLICY")
                    .filter(|p| !p.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| {
                common::config_dir()
                    .map(|d| d.join("policy.toml"))
                    .filter(|p| p.exists())
            });
        let Some(path) = path else {
            return Ok(SharedPolicy::Static(Policy::embedded()));
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let layer = Layer {
            origin: path.display().to_string(),
            text,
        };
        Policy::layered(vec![layer])
            .map(|p| SharedPolicy::Owned(Arc::new(p)))
            .map_err(|e| e.to_string())
    })
}

/// The daemon's single writer: every batch of events is one transaction in
/// the audit store (the hash chain extended once per event), so many clients
/// cost one durable commit.
struct SeamSink {
    /// Opened on the first batch and kept for the daemon's life.
    store: std::sync::Mutex<Option<ward_audit::Store>>,
    /// Durability of each batch's commit.
    sync: ward_audit::Sync,
}

impl EventSink for SeamSink {
    fn append_batch(&self, events: &[Event]) -> Result<(), SinkError> {
        let mut slot = self
            .store
            .lock()
            .map_err(|_| SinkError("the store lock is poisoned".into()))?;
        if slot.is_none() {
            let path = ward_audit::resolve_path(None).map_err(|e| SinkError(e.to_string()))?;
            let opts = ward_audit::Options {
                sync: self.sync,
                ..ward_audit::Options::default()
            };
            *slot = Some(
                ward_audit::Store::open_with(&path, opts).map_err(|e| SinkError(e.to_string()))?,
            );
        }
        let store = slot
            .as_mut()
            .ok_or_else(|| SinkError("no audit store".into()))?;
        let batch: Vec<ward_audit::NewEvent> = events
            .iter()
            // The recording process's identity when it sent one, else the daemon's.
            .map(super::record::new_event)
            .collect();
        store
            .append_batch(&batch)
            .map(|_| ())
            .map_err(|e| SinkError(e.to_string()))
    }
}

/// Records `r` before enforcing: through the daemon when `client` is
/// connected (one writer, shown live), else directly. Errors mean: do not run.
pub fn record_via(client: Option<&mut Client>, r: &Record) -> anyhow::Result<()> {
    if let Some(c) = client {
        match c.call(&ward_daemon::Request::Record(super::record::stamped(r))) {
            Ok(_) => return Ok(()),
            Err(ward_daemon::ClientError::Daemon { message, .. }) => anyhow::bail!("{message}"),
            // The daemon went away mid-call: record directly instead.
            Err(_) => {}
        }
    }
    let mut r = r.clone();
    if r.decided_by == "daemon" {
        r.decided_by = "daemon (recorded in-process)".into();
    }
    record(&r)
}

/// Runs `ward daemon`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let sock = socket(args.socket.as_deref())?;
    match &args.action {
        Some(DaemonAction::Status { json }) => return super::daemon_ctl::status(&sock, *json),
        Some(DaemonAction::Stop) => return super::daemon_ctl::stop(&sock),
        Some(DaemonAction::InstallUnit(a)) => return super::daemon_unit::run(a),
        None => {}
    }
    // Started by systemd's socket unit: serve the socket it hands over.
    let inherited = if args.foreground {
        ward_daemon::inherited_listener()
            .map_err(|e| anyhow::anyhow!("the socket passed by systemd is unusable: {e}"))?
    } else {
        None
    };
    if inherited.is_none()
        && let Some(code) = super::daemon_ctl::refuse_second(&sock)
    {
        return Ok(code);
    }
    let metrics = args
        .metrics
        .as_deref()
        .map(ward_daemon::metrics::parse_addr)
        .transpose()?;
    let ship: Option<ward_audit::Target> =
        args.ship_syslog.as_deref().map(str::parse).transpose()?;
    if let Some(t) = &ship {
        let opts = ward_audit::ShipOptions {
            ca: args.ship_ca.clone(),
            ..ward_audit::ShipOptions::default()
        };
        ward_audit::check_target(t, &opts)?;
    }
    if !args.foreground {
        return start_background(&args, &sock);
    }
    let state = common::state_dir()?;
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&state)?;
    }
    let config = Config {
        queue_file: Some(state.join("pending.json")),
        approval_timeout: Duration::from_secs(args.approval_timeout),
        // Watch where the policy comes from, so creating or editing it reloads.
        watch: args
            .policy
            .clone()
            .or_else(|| {
                std::env::var_os("WARD_POLICY")
                    .filter(|p| !p.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| common::config_dir().map(|d| d.join("policy.toml"))),
        metrics,
        expert: args
            .expert
            .clone()
            .map(|program| ward_daemon::expert::Expert {
                program,
                args: args.expert_arg.clone(),
                budget: Duration::from_millis(args.expert_budget_ms),
            }),
        scanners: ward_daemon::Scanners(vec![Arc::new(super::hook::CryptoScanner)]),
        sessions: common::state_dir()
            .ok()
            .map(|d| ward_hook::store::FileStore::new(&d, super::hook::session_idle())),
        ..Config::new(None)
    };
    let daemon = Daemon::new(
        config,
        loader(args.policy.clone()),
        Arc::new(SeamSink {
            store: std::sync::Mutex::new(None),
            sync: if args.sync == "normal" {
                ward_audit::Sync::Normal
            } else {
                ward_audit::Sync::Full
            },
        }),
    )?;
    let shipper = match ship {
        Some(target) => Some(super::daemon_ship::start(
            target,
            args.ship_ca.clone(),
            ward_audit::resolve_path(None)?,
        )?),
        None => None,
    };
    let ready = || {
        if let Err(e) = super::daemon_ctl::write_pid(&sock) {
            eprintln!("ward: cannot write the pid file: {e}");
        }
        eprintln!("ward: daemon listening on `{}`", sock.display());
    };
    let served = match inherited {
        Some(listener) => ward_daemon::run_inherited(daemon, listener, ready),
        None => ward_daemon::run(daemon, &sock, ready),
    };
    if let Some(s) = shipper {
        s.stop();
    }
    let _ = std::fs::remove_file(super::daemon_ctl::pid_path(&sock));
    served?;
    Ok(ExitCode::SUCCESS)
}

fn start_background(args: &Args, sock: &Path) -> anyhow::Result<ExitCode> {
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe()?;
    let state = common::state_dir()?;
    std::fs::create_dir_all(&state)?;
    let log_path = state.join("daemon.log");
    let log = {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&log_path)?;
        // Owner-only like every state file, also when an older ward made it.
        log.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        log
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.args(["daemon", "--foreground", "--approval-timeout"])
        .arg(args.approval_timeout.to_string())
        .arg("--socket")
        .arg(sock);
    if let Some(p) = &args.policy {
        cmd.arg("--policy").arg(p);
    }
    if let Some(m) = &args.metrics {
        cmd.arg("--metrics").arg(m);
    }
    if let Some(e) = &args.expert {
        cmd.arg("--expert").arg(e);
        for a in &args.expert_arg {
            cmd.arg(format!("--expert-arg={a}"));
        }
        cmd.arg("--expert-budget-ms")
            .arg(args.expert_budget_ms.to_string());
    }
    cmd.arg("--sync").arg(&args.sync);
    if let Some(url) = &args.ship_syslog {
        cmd.arg("--ship-syslog").arg(url);
    }
    if let Some(ca) = &args.ship_ca {
        // The background daemon runs elsewhere: give it an absolute path.
        cmd.arg("--ship-ca").arg(std::path::absolute(ca)?);
    }
    let mut child = cmd
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .process_group(0)
        .spawn()?;
    for _ in 0..200 {
        // A daemon that exits never becomes ready, whoever answers the socket.
        if let Some(status) = child.try_wait()? {
            let last = std::fs::read_to_string(&log_path).unwrap_or_default();
            let last = last.lines().last().unwrap_or_default().to_owned();
            anyhow::bail!(
                "the daemon exited ({status}) before it was ready: {last} (log: `{}`)",
                log_path.display()
            );
        }
        if Client::connect(sock, Duration::from_millis(200)).is_ok() {
            println!(
                "ward: daemon ready on `{}` (pid {})",
                sock.display(),
                child.id()
            );
            return Ok(ExitCode::SUCCESS);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    anyhow::bail!(
        "the daemon did not become ready; see `{}`",
        log_path.display()
    )
}
