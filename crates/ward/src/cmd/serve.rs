//! `ward serve …`: runs the `ward-serve` program installed beside `ward`
//! (then on PATH), so the HTTP stack is not linked into `ward` itself.

use std::ffi::OsString;
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `ward serve`, passed through to `ward-serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Arguments for `ward-serve` (see `ward serve --help`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<OsString>,
}

/// The `ward-serve` program: next to this executable, else on PATH.
fn program() -> Option<PathBuf> {
    let sibling = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(|d| d.join("ward-serve")))
        .filter(|p| p.is_file());
    sibling.or_else(|| {
        std::env::var_os("PATH").and_then(|path| {
            std::env::split_paths(&path)
                .map(|d| d.join("ward-serve"))
                .find(|p| p.is_file())
        })
    })
}

/// Replaces this process with `ward-serve ARGS…`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Some(prog) = program() else {
        anyhow::bail!(
            "`ward-serve` is not installed next to ward or on PATH; install both with `cargo install --locked --path crates/ward`"
        );
    };
    let err = std::process::Command::new(&prog).args(&args.args).exec();
    anyhow::bail!("cannot run `{}`: {err}", prog.display())
}
