//! `ward install AGENT` / `ward uninstall AGENT`: ward's hook entry in an
//! agent's settings file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use ward_hook::{Agent, Scope, install};

/// Arguments of `ward install` and `ward uninstall`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The agent: claude, codex, gemini or cursor.
    pub agent: String,
    /// The settings file of the project in the current directory (the default).
    #[arg(long, conflicts_with = "user")]
    pub project: bool,
    /// The settings file in your home directory (every project).
    #[arg(long)]
    pub user: bool,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `ward install` (`add = true`) or `ward uninstall`.
pub fn run(args: Args, add: bool) -> anyhow::Result<ExitCode> {
    let agent = Agent::from_name(&args.agent).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown agent `{}` (expected claude, codex, gemini or cursor)",
            args.agent
        )
    })?;
    let scope = if args.user {
        let home = std::env::var_os("HOME").ok_or_else(|| anyhow::anyhow!("`HOME` is not set"))?;
        Scope::User(home.into())
    } else {
        Scope::Project(std::env::current_dir()?)
    };
    let exe = if add {
        installed_exe()?
    } else {
        PathBuf::from("ward")
    };
    let change = install::apply(agent, &scope, &exe.to_string_lossy(), add, args.dry_run)?;
    let path = change.path.display();
    match (change.diff.is_empty(), args.dry_run, add) {
        (true, _, true) => {
            println!("ward's {agent} hook is already in `{path}`; nothing to change")
        }
        (true, _, false) => println!("no ward hook in `{path}`; nothing to change"),
        (false, true, _) => print!("{}", change.diff),
        (false, false, true) => println!("installed ward's {agent} hook in `{path}`"),
        (false, false, false) => println!("removed ward's {agent} hook from `{path}`"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The ward a hook or a service runs: this binary, unless it sits in a
/// cargo build directory (a rebuild or `cargo clean` replaces or removes it,
/// and what runs it breaks with it). Then the `ward` found on PATH, or, when
/// there is none, this binary with a warning saying how to install.
pub fn installed_exe() -> anyhow::Result<PathBuf> {
    let exe = super::tools::front_exe()?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    if !in_build_dir(&exe) {
        return Ok(exe);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let installed = std::env::split_paths(&path)
        .filter(|d| d.is_absolute())
        .map(|d| d.join("ward"))
        .filter_map(|p| std::fs::canonicalize(&p).ok())
        .find(|p| p.is_file() && !in_build_dir(p));
    if let Some(found) = installed {
        eprintln!(
            "ward: this ward runs from the build directory `{}`; using `{}` found on PATH",
            exe.display(),
            found.display()
        );
        return Ok(found);
    }
    eprintln!(
        "ward: warning: this ward runs from the build directory `{}`, which a rebuild or \
`cargo clean` replaces, and what runs it breaks then. Install ward with \
`cargo install --locked --path crates/ward` (it lands in `~/.cargo/bin`, put that on PATH) \
and run this command again with the installed `ward`",
        exe.display()
    );
    Ok(exe)
}

/// Whether `exe` is cargo's build output: `…/target/{debug,release,PROFILE}/ward`
/// (or under `deps/`), a directory cargo marks with `CACHEDIR.TAG`.
pub fn in_build_dir(exe: &Path) -> bool {
    exe.ancestors()
        .skip(1)
        .take(4)
        .any(|d| d.join("CACHEDIR.TAG").is_file() || d.file_name().is_some_and(|n| n == "target"))
}
