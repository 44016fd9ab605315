//! `ward audit …`: read, verify and prune the audit store.

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use std::io::{ErrorKind, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use ward_audit::{Error, Filter, Format, Store, now_ns, parse_time};

/// Arguments of `ward audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The store file [default: $WARD_HOME/audit.db, else $XDG_STATE_HOME/ward/audit.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub store: Option<PathBuf>,
    /// What to do with the store.
    #[command(subcommand)]
    pub command: AuditCommand,
}

/// `ward audit` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Show the latest events.
    #[command(after_help = "Examples:\n  ward audit tail -n 20\n  ward audit tail -f")]
    Tail {
        /// Keep printing new events as they are appended.
        #[arg(short, long)]
        follow: bool,
        /// How many of the latest events to show first.
        #[arg(short = 'n', long, default_value_t = 20)]
        lines: u64,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Show the events that match filters.
    #[command(
        after_help = "Examples:\n  ward audit query --decision deny --since 1h\n  ward audit query --actor agent:claude --grep rm --json"
    )]
    Query {
        #[command(flatten)]
        filter: FilterArgs,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Stream events as JSON lines or CSV.
    #[command(
        after_help = "Examples:\n  ward audit export --format jsonl > audit.jsonl\n  ward audit export --format csv --since 2026-11-01"
    )]
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Walk the hash chain; exit 1 naming the first bad event.
    #[command(
        after_help = "Examples:\n  ward audit verify   # ok, N events (exit 0) or the first bad event (exit 1)\n  ward audit verify --against /var/log/ward/host.log   # against a collector's copy"
    )]
    Verify {
        /// Also check the store against a shipped copy (a syslog collector's file).
        #[arg(long, value_name = "FILE")]
        against: Option<PathBuf>,
    },
    /// Send events to a syslog collector (RFC 5424 over TCP), resuming where the last run stopped.
    #[command(
        after_help = "Examples:\n  ward audit ship --syslog tcp://logs.example.com:514\n  ward audit ship --syslog tcp://127.0.0.1:5514 --follow\n  ward audit ship --syslog tls://logs.example.com:6514 --ca /etc/ward/logs-ca.pem\n\nEach event waits for the collector to acknowledge it (an orderly close), so a restarted\ncollector gets every event once. JSON lines (`ward audit tail -f --json`) remain the\nformat for file-tailing shippers."
    )]
    Ship {
        /// The collector: tcp://HOST:PORT, or tls://HOST:PORT (certificate checked).
        #[arg(long, value_name = "URL")]
        syslog: String,
        /// CA certificates (PEM) that vouch for a tls:// collector
        /// [default: the system's bundle].
        #[arg(long, value_name = "FILE")]
        ca: Option<PathBuf>,
        /// Keep shipping new events as they are recorded.
        #[arg(long)]
        follow: bool,
        /// Seconds to keep retrying a collector that is down.
        #[arg(long, default_value_t = 60)]
        retry_for: u64,
    },
    /// Counts by decision, actor and rule.
    #[command(after_help = "Example:\n  ward audit stats")]
    Stats {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Delete events older than DATE, keeping the rest verifiable.
    #[command(after_help = "Example:\n  ward audit prune --before 2026-01-01")]
    Prune {
        /// An age (`90d`) or a UTC date (`2026-01-01`).
        #[arg(long, value_name = "DATE")]
        before: String,
    },
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Which events to show.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this decision.
    #[arg(long, value_parser = ["allow", "ask", "deny"])]
    pub decision: Option<String>,
    /// Only this actor (`human`, `unknown`, `agent` or `agent:NAME`).
    #[arg(long)]
    pub actor: Option<String>,
    /// Not before: an age (`1h`, `7d`) or a UTC date / date-time.
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Before: an age or a UTC date / date-time.
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Only events that matched this rule id.
    #[arg(long, value_name = "ID")]
    pub rule: Option<String>,
    /// Only events whose input, commands or reason contain TEXT.
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
}

fn when(flag: &str, s: Option<&String>) -> anyhow::Result<Option<i64>> {
    s.map(|s| {
        parse_time(s, now_ns()).with_context(|| {
            format!("invalid {flag} `{s}`: use an age like `1h` or `7d`, or a UTC date like `2026-11-23`")
        })
    })
    .transpose()
}

impl FilterArgs {
    fn to_filter(&self) -> anyhow::Result<Filter> {
        Ok(Filter {
            decision: self.decision.clone(),
            actor: self.actor.clone(),
            since_ns: when("--since", self.since.as_ref())?,
            until_ns: when("--until", self.until.as_ref())?,
            rule: self.rule.clone(),
            grep: self.grep.clone(),
            ..Filter::default()
        })
    }
}

/// Runs `ward audit …`.
pub fn run(args: AuditArgs) -> anyhow::Result<ExitCode> {
    let path = ward_audit::resolve_path(args.store.as_deref())?;
    let res = match args.command {
        AuditCommand::Prune { before } => {
            let Some(t) = when("--before", Some(&before))? else {
                bail!("missing `--before`")
            };
            let n = Store::open_existing(&path)?.prune(t)?;
            println!("pruned {n} events");
            Ok(ExitCode::SUCCESS)
        }
        cmd => read(&Store::open_existing(&path)?, cmd),
    };
    match res {
        // A closed pipe (`ward audit tail | head`) is a normal end.
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    match e.downcast_ref::<Error>() {
        Some(Error::Output(io)) => io.kind() == ErrorKind::BrokenPipe,
        _ => e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe),
    }
}

fn read(store: &Store, cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match cmd {
        AuditCommand::Tail {
            follow,
            lines,
            json,
        } => {
            let mut last = 0;
            let first = Filter {
                last: Some(lines),
                ..Filter::default()
            };
            print(store, &first, json, &mut out, &mut last)?;
            out.flush()?;
            if follow {
                loop {
                    std::thread::sleep(Duration::from_millis(200));
                    let next = Filter {
                        after_id: Some(last),
                        ..Filter::default()
                    };
                    print(store, &next, json, &mut out, &mut last)?;
                    out.flush()?;
                }
            }
        }
        AuditCommand::Query { filter, json } => {
            print(store, &filter.to_filter()?, json, &mut out, &mut 0)?;
        }
        AuditCommand::Export { format, filter } => {
            let format = match format {
                ExportFormat::Jsonl => Format::Jsonl,
                ExportFormat::Csv => Format::Csv,
            };
            store.export(&filter.to_filter()?, format, &mut out)?;
        }
        AuditCommand::Verify { against } => {
            let report = store.verify()?;
            writeln!(out, "{report}")?;
            // Against a shipped copy: checked even when the local chain is
            // broken, since naming what left the machine is the point.
            let shipped_ok = match against {
                Some(file) => {
                    let r = store.verify_against(&file)?;
                    writeln!(out, "against `{}`: {r}", file.display())?;
                    r.ok()
                }
                None => true,
            };
            out.flush()?;
            if !report.ok() || !shipped_ok {
                return Ok(ExitCode::FAILURE);
            }
        }
        AuditCommand::Ship {
            syslog,
            ca,
            follow,
            retry_for,
        } => {
            let target: ward_audit::Target = syslog.parse()?;
            let opts = ward_audit::ShipOptions {
                follow,
                ca,
                retry_for: Duration::from_secs(retry_for),
                ..ward_audit::ShipOptions::default()
            };
            let r = store.ship(&target, &opts)?;
            writeln!(
                out,
                "shipped {} events to {syslog} (acknowledged up to id {}, {} retries)",
                r.sent, r.last_id, r.retries
            )?;
        }
        AuditCommand::Stats { json } => {
            let stats = store.stats()?;
            if json {
                serde_json::to_writer_pretty(&mut out, &stats)?;
                writeln!(out)?;
            } else {
                write!(out, "{stats}")?;
            }
        }
        AuditCommand::Prune { .. } => bail!("prune needs a writable store"),
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print(
    store: &Store,
    filter: &Filter,
    json: bool,
    out: &mut dyn Write,
    last: &mut i64,
) -> anyhow::Result<()> {
    store.for_each(filter, |ev| {
        *last = ev.id;
        if json {
            serde_json::to_writer(&mut *out, &ev).map_err(std::io::Error::from)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{ev}")?;
        }
        Ok(())
    })?;
    Ok(())
}
