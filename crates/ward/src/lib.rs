//! The `ward` command line: its definition and one module per subcommand,
//! shared by two thin programs. `ward` (`src/main.rs`) runs the hot paths —
//! hooks, checks, shells, shims, `exec` — and replaces itself with
//! `ward-tools` (`src/bin/ward-tools.rs`) for the rarely used subcommands with
//! heavy dependencies, so their code is not linked into every hook call's
//! binary.
//!
//! Layout:
//! - `cli`: the command-line definition
//! - `cmd`: one module per subcommand; `cmd::run` runs any of them,
//!   `cmd::run_with` hands the heavy ones elsewhere

pub mod cli;
pub mod cmd;
