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
Without programs it links the policy's guarded programs that are real executables on PATH,\n\
leaving out everyday tools (interpreters, package managers, find, mv); --all links every name the rules use.\n\n\
Examples:\n  ward shim install                      # the default set, in $WARD_HOME/shims\n  \
ward shim install --all\n  \
ward shim install ~/.ward-shims rm git kubectl\n  export PATH=\"$HOME/.ward-shims:$PATH\"   # put it first in an agent's PATH"
    )]
    Install {
        /// The directory (when it contains a `/`), then the programs
        /// (default: the policy's guarded programs found on PATH).
        args: Vec<String>,
        /// Link every program the policy's deny and ask rules name, even
        /// everyday tools and names nothing on PATH provides.
        #[arg(long)]
        all: bool,
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
        ShimCommand::Install { args, all, policy } => {
            let (dir, mut programs) = split_dir(args)?;
            if programs.is_empty() {
                let policy = common::load_policy(policy.as_deref())?;
                programs = default_set(policy, &dir, all)?;
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

/// The programs `shim install` links when none are named, each printed
/// with why: what it stands in front of and the rules that name it; the
/// names left out are summed up with how to include them.
fn default_set(policy: &ward_core::Policy, dir: &Path, all: bool) -> anyhow::Result<Vec<String>> {
    use ward_shell::Choice;
    let mut by_program: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in &policy.file().rules {
        let command = r.action.as_deref().is_none_or(|a| a == "command");
        if !command || r.decision == ward_core::Decision::Allow {
            continue;
        }
        for p in r.program.iter().filter(|p| !p.ends_with('*')) {
            by_program.entry(p.clone()).or_default().push(r.id.clone());
        }
    }
    let candidates: Vec<ward_shell::Candidate> = by_program
        .into_iter()
        .map(|(program, rules)| ward_shell::Candidate { program, rules })
        .collect();
    let shim_dirs: Vec<PathBuf> = dir.canonicalize().into_iter().collect();
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    let picked = ward_shell::select(&candidates, &path_var, &ward_exe()?, &shim_dirs, all);
    let (mut off_path, mut everyday, mut out) = (Vec::new(), Vec::new(), Vec::new());
    for (c, choice) in picked {
        match choice {
            Choice::Link(real) => {
                let front = if real.as_os_str().is_empty() {
                    "nothing on PATH yet".to_owned()
                } else {
                    format!("`{}`", real.display())
                };
                println!(
                    "  {:<14} in front of {front}: {}",
                    c.program,
                    c.rules.join(", ")
                );
                out.push(c.program);
            }
            Choice::NotOnPath => off_path.push(c.program),
            Choice::Everyday => everyday.push(c.program),
        }
    }
    if !everyday.is_empty() {
        println!(
            "  left out, everyday tools a shim would slow down (judged by `ward init` and agent hooks; --all or name them to shim): {}",
            everyday.join(" ")
        );
    }
    if !off_path.is_empty() {
        println!(
            "  left out, not an executable on PATH (builtins, SQL words, not installed): {}",
            off_path.len()
        );
    }
    Ok(out)
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
        eprintln!("ward: `{program}` not run: {}", common::chain(&e));
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
