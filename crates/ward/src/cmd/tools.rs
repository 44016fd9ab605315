//! The `ward-tools` program: the subcommands with heavy dependencies live
//! there (see [`super::run_with`]), and `ward` replaces itself with it to run
//! one. It is installed beside `ward` (`cargo install --locked --path
//! crates/ward` installs both); a copy on PATH also serves.

use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// The program's name.
pub const PROGRAM: &str = "ward-tools";

/// The environment variable that tells `ward-tools` which `ward` ran it
/// (what hooks, units and shims should name).
pub const FRONT_ENV: &str = "WARD_FRONT_EXE";

/// `ward-tools`: next to this executable, else on PATH.
fn program() -> Option<PathBuf> {
    let sibling = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(|d| d.join(PROGRAM)))
        .filter(|p| p.is_file());
    sibling.or_else(|| {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|d| d.join(PROGRAM))
                .find(|p| p.is_file())
        })
    })
}

/// Replaces this process with `ward-tools` and this process's arguments.
/// The subcommand was parsed already; `ward-tools` parses it again.
pub fn exec(_: crate::cli::Command) -> anyhow::Result<ExitCode> {
    let Some(prog) = program() else {
        anyhow::bail!(
            "`{PROGRAM}` is not installed next to ward or on PATH; install both with `cargo install --locked --path crates/ward`"
        );
    };
    let mut cmd = std::process::Command::new(&prog);
    cmd.args(std::env::args_os().skip(1));
    if let Ok(exe) = std::env::current_exe() {
        cmd.env(FRONT_ENV, exe);
    }
    let err = cmd.exec();
    anyhow::bail!("cannot run `{}`: {err}", prog.display())
}

/// The `ward` program the user ran: the one that ran this `ward-tools`, else
/// this executable. What hooks, units and shims should name.
pub fn front_exe() -> std::io::Result<PathBuf> {
    match std::env::var_os(FRONT_ENV).map(PathBuf::from) {
        Some(p) if p.is_file() => Ok(p),
        _ => std::env::current_exe(),
    }
}
