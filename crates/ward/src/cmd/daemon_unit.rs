//! `ward daemon install-unit`: a systemd user service and socket, so
//! systemd creates the socket and starts the daemon on the first connection.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `ward daemon install-unit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write `ward.socket` and `ward.service` (default:
    /// `$XDG_CONFIG_HOME/systemd/user`, else `~/.config/systemd/user`).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Print the two units instead of writing them.
    #[arg(long)]
    pub print: bool,
}

/// `ward.socket`: the daemon's default socket, `$XDG_RUNTIME_DIR/ward/ward.sock`.
pub const SOCKET_UNIT: &str = "\
[Unit]
Description=ward daemon socket (approvals, live decisions, one audit writer)

[Socket]
ListenStream=%t/ward/ward.sock
SocketMode=0600
DirectoryMode=0700
RemoveOnStop=yes

[Install]
WantedBy=sockets.target
";

/// `ward.service` running `exe`: started by the socket on the first
/// connection (or by `systemctl --user enable --now ward`).
pub fn service_unit(exe: &Path) -> String {
    format!(
        "\
[Unit]
Description=ward daemon: approvals, live decisions, one audit writer
Requires=ward.socket
After=ward.socket

[Service]
Type=simple
ExecStart={} daemon --foreground
Restart=on-failure
UMask=0077

[Install]
Also=ward.socket
WantedBy=default.target
",
        exec_word(exe)
    )
}

/// `exe` as one word of a systemd `ExecStart=` line: `%` doubled (it starts
/// a specifier), quoted when it holds a space, a quote or a backslash.
fn exec_word(exe: &Path) -> String {
    let s = exe.to_string_lossy().replace('%', "%%");
    if s.contains([' ', '\t', '"', '\'', '\\']) {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s
    }
}

fn unit_dir() -> anyhow::Result<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|x| !x.is_empty()) {
        return Ok(PathBuf::from(x).join("systemd/user"));
    }
    let home = std::env::var_os("HOME").ok_or_else(|| anyhow::anyhow!("`HOME` is not set"))?;
    Ok(PathBuf::from(home).join(".config/systemd/user"))
}

/// Runs `ward daemon install-unit`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let exe = super::install::installed_exe()?;
    let service = service_unit(&exe);
    if args.print {
        print!("# ward.socket\n{SOCKET_UNIT}\n# ward.service\n{service}");
        return Ok(ExitCode::SUCCESS);
    }
    let dir = args.dir.clone().map_or_else(unit_dir, Ok)?;
    std::fs::create_dir_all(&dir)?;
    for (name, text) in [
        ("ward.socket", SOCKET_UNIT),
        ("ward.service", service.as_str()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))?;
        println!("wrote `{}`", path.display());
    }
    println!("then: systemctl --user daemon-reload && systemctl --user enable --now ward.socket");
    println!(
        "  systemd creates `$XDG_RUNTIME_DIR/ward/ward.sock` and starts the daemon on the first connection"
    );
    println!("  (`systemctl --user enable --now ward` starts it right away)");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::{exec_word, service_unit};
    use std::path::Path;

    #[test]
    fn exec_start_quotes_spaces_and_escapes_percent() {
        assert_eq!(exec_word(Path::new("/usr/bin/ward")), "/usr/bin/ward");
        assert_eq!(
            exec_word(Path::new("/opt/my tools/ward")),
            "\"/opt/my tools/ward\""
        );
        assert_eq!(exec_word(Path::new("/x/100%/ward")), "/x/100%%/ward");
        let unit = service_unit(Path::new("/usr/bin/ward"));
        assert!(unit.contains("ExecStart=/usr/bin/ward daemon --foreground\n"));
    }
}
