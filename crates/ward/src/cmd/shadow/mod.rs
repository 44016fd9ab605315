//! `ward shadow`: run a command with the project as an overlay, then look
//! at, apply or discard what it staged (ward-shadow does the work).

mod gate;

use super::common;
use anyhow::Context as _;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use ward_shadow::{Shadow, ShadowError, apply, changes, render};

/// `ward shadow` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ShadowCommand {
    /// Run a command in a shadow of the project (created, or resumed).
    Run(RunArgs),
    /// List the shadows and how many changes each holds.
    List,
    /// Show one shadow's project and staged changes.
    Status(Target),
    /// Show the staged changes as a unified diff.
    Diff(DiffArgs),
    /// Land staged changes in the real tree (policy-checked, atomic per file).
    Apply(ApplyArgs),
    /// Drop staged changes (the whole shadow when no path is given).
    Discard(Target),
}

/// Arguments of `ward shadow run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The project to shadow (default: the current directory).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The shadow's name (default: the project directory's name).
    #[arg(long)]
    pub name: Option<String>,
    /// The command and its arguments.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
    pub command: Vec<OsString>,
}

/// Which shadow and which paths.
#[derive(Debug, clap::Args)]
pub struct Target {
    /// The shadow (default: the first word when a shadow has that name, else
    /// the shadow of the project holding the current directory).
    #[arg(long)]
    pub name: Option<String>,
    /// [NAME] then paths (relative to the current directory inside the
    /// project, else to the project root).
    pub paths: Vec<String>,
}

/// Arguments of `ward shadow diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Per-file line counts instead of the diff.
    #[arg(long)]
    pub stat: bool,
    #[command(flatten)]
    pub target: Target,
}

/// Arguments of `ward shadow apply`.
#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// A policy file to layer over the default.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    #[command(flatten)]
    pub target: Target,
}

/// Runs `ward shadow …`.
pub fn run(cmd: ShadowCommand) -> anyhow::Result<ExitCode> {
    let state = common::state_dir()?;
    match cmd {
        ShadowCommand::Run(args) => run_in(&state, args),
        ShadowCommand::List => list(&state),
        ShadowCommand::Status(t) => {
            let (s, _) = resolve(&state, &t)?;
            status(&s)
        }
        ShadowCommand::Diff(args) => {
            let (s, sel) = resolve(&state, &args.target)?;
            let all = changes::scan(&s.upper(), &s.project)?;
            let picked: Vec<_> = all
                .into_iter()
                .filter(|c| changes::selected(&c.path, &sel))
                .collect();
            let sides = render::Sides {
                real: &s.project,
                staged: &s.upper(),
            };
            let text = if args.stat {
                render::stat(sides, &picked, color())?
            } else {
                render::diff(sides, &picked, color())?
            };
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        ShadowCommand::Apply(args) => {
            let (s, sel) = resolve(&state, &args.target)?;
            let policy = common::load_policy(args.policy.as_deref())?;
            let mut g = gate::Gate::new(policy, &s, args.policy.as_deref());
            let out = apply::apply(&s, &sel, &mut g)?;
            for p in &out.applied {
                println!("applied   {}", p.display());
            }
            for (p, why) in &out.conflicts {
                println!("conflict  {}: {why} (left staged)", p.display());
            }
            for (p, why) in &out.held {
                println!("held      {}: {why} (left staged)", p.display());
            }
            let clean = out.conflicts.is_empty() && out.held.is_empty();
            Ok(if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        ShadowCommand::Discard(t) => {
            let (s, sel) = resolve(&state, &t)?;
            let name = s.name.clone();
            let whole = sel.is_empty();
            let dropped = apply::discard(s, &sel)?;
            for p in &dropped {
                println!("discarded {}", p.display());
            }
            if whole {
                println!("shadow `{name}` removed");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Colour on a terminal unless `NO_COLOR` is set.
fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn run_in(state: &Path, args: RunArgs) -> anyhow::Result<ExitCode> {
    let dir = match args.dir {
        Some(d) => d,
        None => std::env::current_dir().context("cannot read the current directory")?,
    };
    let project = std::fs::canonicalize(&dir)
        .with_context(|| format!("cannot open the project `{}`", dir.display()))?;
    anyhow::ensure!(
        project.is_dir(),
        "the project `{}` is not a directory",
        project.display()
    );
    let name = args
        .name
        .unwrap_or_else(|| ward_shadow::state::default_name(&project));
    let shadow = Shadow::open_or_create(state, &name, &project)?;
    let lock = match shadow.lock() {
        Err(ShadowError::Busy(_)) => anyhow::bail!(
            "shadow `{name}` is already running; use another `--name` for a second one"
        ),
        other => other?,
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| project.clone());
    let (code, message) = ward_shadow::ns::run(&shadow, lock, &cwd, &args.command)?;
    eprintln!("ward: {message}");
    Ok(ExitCode::from(code))
}

fn list(state: &Path) -> anyhow::Result<ExitCode> {
    let all = Shadow::list(state)?;
    if all.is_empty() {
        println!("no shadows (start one with `ward shadow run -- COMMAND`)");
    }
    for s in all {
        let n = changes::scan(&s.upper(), &s.project).map_or(0, |c| c.len());
        let state = if s.running() { "running" } else { "idle" };
        println!(
            "{:<20} {state:<8} {n:>5} change{} {}",
            s.name,
            if n == 1 { " " } else { "s" },
            s.project.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn status(s: &Shadow) -> anyhow::Result<ExitCode> {
    let all = changes::scan(&s.upper(), &s.project)?;
    println!("shadow   {}", s.name);
    println!("project  {}", s.project.display());
    println!("staging  {}", s.upper().display());
    println!("state    {}", if s.running() { "running" } else { "idle" });
    println!("changes  {}", all.len());
    print!("{}", render::list(&all));
    Ok(ExitCode::SUCCESS)
}

/// The shadow and the selected paths (relative to its project) of `t`.
fn resolve(state: &Path, t: &Target) -> anyhow::Result<(Shadow, Vec<PathBuf>)> {
    let mut words: &[String] = &t.paths;
    let shadow = if let Some(name) = &t.name {
        Shadow::open(state, name)?
    } else if let Some(s) = words.first().and_then(|w| Shadow::open(state, w).ok()) {
        words = words.get(1..).unwrap_or_default();
        s
    } else {
        by_cwd(state)?
    };
    let cwd = std::env::current_dir().ok();
    let mut sel = Vec::new();
    for w in words {
        sel.push(relative(&shadow.project, cwd.as_deref(), Path::new(w))?);
    }
    Ok((shadow, sel))
}

/// The shadow whose project holds the current directory, else the only one.
fn by_cwd(state: &Path) -> anyhow::Result<Shadow> {
    let all = Shadow::list(state)?;
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize).ok();
    let mut holding: Vec<&Shadow> = all
        .iter()
        .filter(|s| cwd.as_ref().is_some_and(|c| c.starts_with(&s.project)))
        .collect();
    holding.sort_by_key(|s| std::cmp::Reverse(s.project.as_os_str().len()));
    if let Some(s) = holding.first() {
        return Ok((*s).clone());
    }
    match all.as_slice() {
        [one] => Ok(one.clone()),
        [] => anyhow::bail!("no shadows (start one with `ward shadow run -- COMMAND`)"),
        many => anyhow::bail!(
            "several shadows and none holds the current directory; name one: {}",
            many.iter()
                .map(|s| format!("`{}`", s.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `p` relative to `project`: absolute paths must lie in it; relative ones
/// are taken from the current directory when that is inside the project,
/// else from the project root. `..` may not leave the project.
fn relative(project: &Path, cwd: Option<&Path>, p: &Path) -> anyhow::Result<PathBuf> {
    let cwd = cwd.and_then(|c| std::fs::canonicalize(c).ok());
    let full = if p.is_absolute() {
        p.to_path_buf()
    } else {
        match cwd.filter(|c| c.starts_with(project)) {
            Some(c) => c.join(p),
            None => project.join(p),
        }
    };
    let mut out = PathBuf::new();
    for c in full.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.strip_prefix(project)
        .map(Path::to_path_buf)
        .map_err(|_| {
            anyhow::anyhow!(
                "`{}` is not inside the project `{}`",
                p.display(),
                project.display()
            )
        })
}
