//! The command-line definition: every subcommand and its flags.

use clap::{Parser, Subcommand};

/// ward: a local security guard for people and AI agents.
#[derive(Debug, Parser)]
#[command(name = "ward", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// ward's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print ward's version.
    Version,
    /// Inventory quantum-vulnerable and weak cryptography in source trees, keys and configs.
    Scan(crate::cmd::scan::ScanArgs),
}
