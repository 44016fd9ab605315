//! `ward shim install|list|remove`, and ward running as a shim (invoked
//! under a guarded program's name): judge the argv exactly as `ward exec`
//! does (through the daemon when it is up, so an agent's `ask` waits for a
//! person there), record, then exec the real program found later in `PATH`.

use super::common;
use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `ward shim …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ShimCommand {
    /// Create links named after guarded programs that point at ward.
    #[command(
        after_help = "The first argument is the directory when it contains a `/`.\n\n\
Examples:\n  ward shim install                      # the policy's guarded programs, in $WARD_HOME/shims\n  \
ward shim install ~/.ward-shims rm git kubectl\n  export PATH=\"$HOME/.ward-shims:$PATH\"   # put it first in an agent's PATH"
    )]
    Install {
        /// The directory (when it contains a `/`), then the programs
        /// (default: every program the policy's deny and ask rules name).
        args: Vec<String>,
        /// A policy file to layer over the default (for the default programs).
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// List the shims in a directory.
    #[command(after_help = "Examples:\n  ward shim list\n  ward shim list ~/.ward-shims")]
    List {
        /// The directory (default: $WARD_HOME/shims).
        dir: Option<PathBuf>,
    },
    /// Remove shims (all of them when no program is named); other files stay.
    #[command(after_help = "Examples:\n  ward shim remove\n  ward shim remove ~/.ward-shims rm")]
    Remove {
        /// The directory (when it contains a `/`), then the programs.
        args: Vec<String>,
    },
}

fn default_dir() -> anyhow::Result<PathBuf> {
    Ok(common::state_dir()?.join("shims"))
}

/// Splits `[DIR] [PROGRAM…]`: the first word is the directory when it has a `/`.
fn split_dir(args: Vec<String>) -> anyhow::Result<(PathBuf, Vec<String>)> {
    match args.split_first() {
        Some((first, rest)) if first.contains('/') => Ok((PathBuf::from(first), rest.to_vec())),
        _ => Ok((default_dir()?, args)),
    }
}

fn ward_exe() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(exe.canonicalize().unwrap_or(exe))
}

/// Runs `ward shim …`.
pub fn run(cmd: ShimCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ShimCommand::Install { args, policy } => {
            let (dir, mut programs) = split_dir(args)?;
            if programs.is_empty() {
                programs = common::load_policy(policy.as_deref())?.guarded_programs();
            }
            let made = ward_shell::install(&dir, &programs, &ward_exe()?)?;
            let names: Vec<&str> = made.iter().map(|e| e.program.as_str()).collect();
            println!(
                "ward: {} shims in `{}`: {}",
                made.len(),
                dir.display(),
                names.join(" ")
            );
            println!(
                "put the directory first in PATH: export PATH=\"{}:$PATH\"",
                dir.display()
            );
        }
        ShimCommand::List { dir } => {
            let dir = dir.map_or_else(default_dir, Ok)?;
            for e in ward_shell::list(&dir)? {
                println!("{}\t{}", e.program, e.target.display());
            }
        }
        ShimCommand::Remove { args } => {
            let (dir, programs) = split_dir(args)?;
            let gone = ward_shell::remove(&dir, &programs)?;
            println!(
                "ward: removed {} shims from `{}`",
                gone.len(),
                dir.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Shims nested deeper than this are refused (a loop between two wards).
const MAX_DEPTH: u32 = 32;

/// When ward was invoked under another program's name, runs as that
/// program's shim and returns the exit code; `None` means run ward normally.
pub fn run_if_shim() -> Option<ExitCode> {
    let mut argv: Vec<OsString> = std::env::args_os().collect();
    let argv0 = argv.first()?.to_string_lossy().into_owned();
    let program = ward_shell::shim_name(&argv0)?.to_owned();
    if let Some(first) = argv.first_mut() {
        *first = OsString::from(&program);
    }
    Some(run_shim(&argv0, &program, &argv).unwrap_or_else(|e| {
        eprintln!("ward: `{program}` not run: {e:#}");
        ExitCode::from(super::EXIT_REFUSED)
    }))
}

fn run_shim(argv0: &str, program: &str, argv: &[OsString]) -> anyhow::Result<ExitCode> {
    let depth: u32 = std::env::var("WARD_SHIM_DEPTH")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    if depth >= MAX_DEPTH {
        anyhow::bail!("shims nest {depth} deep, which looks like a loop");
    }
    let words: Vec<String> = argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let gate = super::exec::Gate {
        source: "shim",
        session: format!("shim:{}", std::os::unix::process::parent_id()),
        policy: None,
    };
    if let Some(refused) = gate.pass(&words, common::detect_actor())? {
        return Ok(refused);
    }
    let shim_dirs: Vec<PathBuf> = Path::new(argv0)
        .parent()
        .filter(|_| argv0.contains('/'))
        .and_then(|d| d.canonicalize().ok())
        .into_iter()
        .collect();
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    let Some(real) = ward_shell::find_real(program, &path_var, &ward_exe()?, &shim_dirs) else {
        eprintln!("ward: `{program}`: no real program found in PATH after the shim");
        return Ok(ExitCode::from(127));
    };
    let err = std::process::Command::new(&real)
        .arg0(program)
        .args(argv.get(1..).unwrap_or_default())
        .env("WARD_SHIM_DEPTH", (depth + 1).to_string())
        .exec();
    eprintln!("ward: cannot run `{}`: {err}", real.display());
    Ok(ExitCode::from(super::EXIT_REFUSED))
}
