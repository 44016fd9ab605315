//! `ward scan`: the cryptography inventory.

use super::EXIT_USAGE;
use anyhow::Context as _;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use ward_crypto::{Cache, Profile, QuantumStatus, Report, ScanErrorKind, ScanOptions};

/// Output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Human text grouped by algorithm.
    Text,
    /// Findings, summary, stats and errors as JSON.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// CycloneDX 1.6 CBOM.
    Cbom,
}

/// The least severe status that fails the run.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    /// Never fail on findings.
    Never,
    /// Fail on classically broken crypto.
    Broken,
    /// Fail on quantum-vulnerable or broken crypto.
    Vulnerable,
    /// Fail on anything short of quantum-safe.
    Weakened,
}

/// Security profiles.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProfileArg {
    /// NIST post-quantum guidance.
    Default,
    /// NSA CNSA 2.0 (ML-KEM-1024, ML-DSA-87, AES-256).
    Cnsa2,
}

/// Arguments of `ward scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Exit with 1 when a finding in code or tests is at least this bad.
    #[arg(long, value_enum, default_value = "never")]
    pub fail_on: FailOn,
    /// Report only findings absent from this earlier `--format json` report.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Cache file (default: in ward's state directory).
    #[arg(long, value_name = "FILE")]
    pub cache: Option<PathBuf>,
    /// Neither read nor write the cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Do not respect .gitignore/.ignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Scan hidden files and directories.
    #[arg(long)]
    pub hidden: bool,
    /// Skip paths matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Judge findings against this profile.
    #[arg(long, value_enum, default_value = "default")]
    pub profile: ProfileArg,
    /// Skip (and report) files larger than this many bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    pub max_filesize: u64,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Locations shown per algorithm in text output.
    #[arg(long, default_value_t = 10)]
    pub max_locations: usize,
    /// Print the prefilter's literal patterns, one per line, and exit (for `rg -F -f`).
    #[arg(long, hide = true)]
    pub print_patterns: bool,
}

fn default_cache(roots: &[PathBuf]) -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let dir = env("WARD_HOME")
        .or_else(|| env("XDG_STATE_HOME").map(|d| d.join("ward")))
        .or_else(|| env("HOME").map(|h| h.join(".local/state/ward")))?;
    // One cache per set of roots, so scanning another tree does not evict this one.
    let key: Vec<String> = roots
        .iter()
        .map(|r| {
            std::fs::canonicalize(r)
                .unwrap_or_else(|_| r.clone())
                .display()
                .to_string()
        })
        .collect();
    let h = ward_crypto_hash(&key.join("\n"));
    Some(dir.join(format!("scan-cache-{h}.bin")))
}

fn ward_crypto_hash(s: &str) -> String {
    // FNV-1a: a short stable name, not a security boundary.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Runs `ward scan`.
pub fn run(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    if args.print_patterns {
        let mut out = std::io::stdout().lock();
        for p in ward_crypto::prefilter_patterns() {
            writeln!(out, "{p}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let baseline =
        match &args.baseline {
            Some(p) => {
                let bytes = std::fs::read(p)
                    .with_context(|| format!("cannot read baseline `{}`", p.display()))?;
                Some(ward_crypto::load_baseline(&bytes).with_context(|| {
                    format!("baseline `{}` is not a ward json report", p.display())
                })?)
            }
            None => None,
        };
    let cache = if args.no_cache {
        Cache::disabled()
    } else {
        match args.cache.clone().or_else(|| default_cache(&roots)) {
            Some(p) => Cache::load(&p, ward_crypto::RULESET_VERSION),
            None => Cache::disabled(),
        }
    };
    if let Some(w) = cache.warning() {
        eprintln!("ward: warning: {w}");
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_message("scanning");
        b
    });
    let opts = ScanOptions {
        roots,
        no_ignore: args.no_ignore,
        hidden: args.hidden,
        excludes: args.exclude.clone(),
        max_filesize: args.max_filesize,
        threads: args.threads,
        profile: match args.profile {
            ProfileArg::Default => Profile::Default,
            ProfileArg::Cnsa2 => Profile::Cnsa2,
        },
        progress: bar
            .clone()
            .map(|b| Arc::new(move || b.inc(1)) as Arc<dyn Fn() + Send + Sync>),
    };
    let mut report = ward_crypto::scan_tree(&opts, &cache);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Err(e) = cache.save(ward_crypto::RULESET_VERSION) {
        eprintln!("ward: warning: {e}");
    }
    if let Some(b) = &baseline {
        ward_crypto::baseline_filter(&mut report, b);
    }
    if let Err(e) = print(&report, args) {
        // A closed pipe (`ward scan | head`) is the reader's choice, not an error.
        let pipe = std::io::ErrorKind::BrokenPipe;
        let closed = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == pipe)
            || e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(pipe);
        if !closed {
            return Err(e);
        }
    }
    if report
        .errors
        .iter()
        .any(|e| e.kind == ScanErrorKind::NotFound)
    {
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    Ok(fail_code(&report, args.fail_on))
}

fn print(report: &Report, args: &ScanArgs) -> anyhow::Result<()> {
    // Buffered, in large blocks: stdout is line-buffered, and a pretty report has a line per
    // field (an 8 KB buffer still made ~900 writes for a 3.7 MB report).
    let mut out = std::io::BufWriter::with_capacity(1 << 18, std::io::stdout().lock());
    match args.format {
        Format::Text => {
            out.write_all(ward_crypto::to_text(report, args.max_locations).as_bytes())?
        }
        Format::Json => serde_json::to_writer_pretty(&mut out, report)?,
        Format::Sarif => serde_json::to_writer_pretty(&mut out, &ward_crypto::to_sarif(report))?,
        Format::Cbom => serde_json::to_writer_pretty(&mut out, &ward_crypto::to_cbom(report))?,
    }
    if !matches!(args.format, Format::Text) {
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

fn fail_code(report: &Report, fail_on: FailOn) -> ExitCode {
    let threshold = match fail_on {
        FailOn::Never => return ExitCode::SUCCESS,
        FailOn::Broken => QuantumStatus::Broken,
        FailOn::Vulnerable => QuantumStatus::Vulnerable,
        FailOn::Weakened => QuantumStatus::Weakened,
    };
    match report.worst() {
        Some(w) if w >= threshold => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}
