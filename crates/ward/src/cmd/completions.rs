//! `ward completions SHELL` and `ward man`: generated from the CLI definition.

use clap::CommandFactory;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `ward completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell: bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

/// Runs `ward completions`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut cmd = crate::cli::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "ward", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `ward man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `ward.1` and one `ward-SUBCOMMAND.1` per subcommand here
    /// instead of printing `ward.1`.
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
}

/// Runs `ward man`.
pub fn man(args: ManArgs) -> anyhow::Result<ExitCode> {
    let cmd = crate::cli::Cli::command();
    let Some(dir) = args.out_dir else {
        clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(&dir)?;
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    std::fs::write(dir.join("ward.1"), &buf)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("ward-{}", sub.get_name());
        let mut buf = Vec::new();
        clap_mangen::Man::new(sub.clone())
            .title(name.clone())
            .render(&mut buf)?;
        std::fs::write(dir.join(format!("{name}.1")), &buf)?;
    }
    Ok(ExitCode::SUCCESS)
}
