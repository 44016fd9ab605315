//! The role table against the catalogues and the lists it replaced.

use super::*;
use crate::shell::netshell::NET_CLIENTS;
use crate::shell::normalize::{INTERPRETERS, SHELLS};

/// Programs that fetch data from the network.
const FETCHERS: &[&str] = &[
    "curl",
    "wget",
    "fetch",
    "http",
    "https",
    "aria2c",
    "lwp-request",
    "GET",
    "nc",
    "ncat",
    "socat",
    "xh",
    "curlie",
    "httpie",
];

/// Programs that only look at metadata (effects): naming a secret path is
/// not reading it.
const METADATA_ONLY: &[&str] = &[
    "ls", "stat", "test", "[", "file", "du", "realpath", "readlink", "basename", "dirname",
    "touch", "mkdir", "which", "type", "find", "echo", "printf", "chmod", "chown", "chgrp", "rm",
    "shred", "unlink", "git", "mv", "ln", "diff",
];

/// Programs whose output says nothing of their input's content.
const OPAQUE_NAMES: &[&str] = &[
    "wc",
    "md5sum",
    "sha1sum",
    "sha256sum",
    "sha512sum",
    "b2sum",
    "cksum",
    "ls",
    "stat",
    "file",
    "du",
    "test",
    "[",
    "chmod",
    "chown",
    "touch",
    "rm",
    "mkdir",
    "true",
    "false",
    "echo",
    "printf",
    "sleep",
    "cd",
    "export",
    "jq",
    "grep",
    "diff",
    "cmp",
];

const INSTALLERS: &[&str] = &[
    "dpkg",
    "rpm",
    "apt",
    "apt-get",
    "yum",
    "dnf",
    "zypper",
    "pacman",
    "pip",
    "pip3",
    "pipx",
    "uv",
    "npm",
    "pnpm",
    "yarn",
    "gem",
    "java",
    "installer",
    "snap",
    "flatpak",
    "apk",
    "helm",
];

const ARCHIVERS: &[&str] = &[
    "tar", "gtar", "bsdtar", "zip", "7z", "7za", "7zr", "rar", "pax", "cpio", "zstd", "xz", "gzip",
    "bzip2", "pigz", "lz4",
];

/// The names `Walker::sent` matches on, besides `NET_CLIENTS`.
const SENDERS: &[&str] = &[
    "curl",
    "wget",
    "http",
    "https",
    "xh",
    "httpie",
    "curlie",
    "lwp-request",
    "GET",
    "POST",
    "ssh",
    "mail",
    "mailx",
    "mutt",
    "sendmail",
    "msmtp",
    "s-nail",
    "socat",
    "scp",
    "rsync",
    "sftp",
    "rclone",
    "gsutil",
    "aws",
    "s3cmd",
    "gcloud",
    "azcopy",
];

/// The names `Walker::carry_files` matches on.
const CARRIERS: &[&str] = &[
    "cd", "pushd", "git", "curl", "wget", "aria2c", "fetch", "http", "https", "xh", "tee", "dd",
    "cp", "mv", "ln", "install", "rsync", "scp", "rclone", "tar", "gtar", "bsdtar", "zip", "unzip",
    "7z", "7za", "gunzip", "bunzip2", "unxz", "gzip", "xz", "bzip2", "zstd", "cpio", "ar", "unrar",
    "xxd", "base64", "openssl", "gpg",
];

/// The names `netshell::serves_shell` matches on, besides interpreters.
const NET_SHELLS: &[&str] = &[
    "nc",
    "ncat",
    "netcat",
    "nc.traditional",
    "nc.openbsd",
    "cryptcat",
    "sbd",
    "socat",
    "pwncat",
    "pwncat-cs",
    "awk",
    "gawk",
    "telnet",
    "xterm",
];

const NET_OUTPUTS: &[&str] = &["ssh", "sftp", "ftp", "lftp", "tftp"];

const WORD_SENDERS: &[&str] = &[
    "ssh", "mail", "mailx", "sendmail", "nslookup", "dig", "host", "drill", "ping",
];

const DECODERS: &[&str] = &["base64", "base32", "basenc", "xxd", "uudecode", "openssl"];

const SECRET_PRINTERS: &[&str] = &[
    "env", "printenv", "set", "export", "declare", "typeset", "history", "fc", "echo", "printf",
    "gpg",
];

const PROJECT_DUMPS: &[&str] = &[
    "pg_dump",
    "pg_dumpall",
    "mysqldump",
    "mariadb-dump",
    "mongodump",
    "mongoexport",
    "sqlite3",
    "git",
];

/// `normalize`'s PASSTHROUGH and REWRITERS (private there).
const PASSTHROUGHS: &[&str] = &[
    "cat", "tee", "gunzip", "zcat", "gzip", "bzip2", "xz", "head", "tail", "tr", "sed", "dd",
    "grep", "sort", "uniq", "awk", "cut",
];

const REWRITERS: &[&str] = &[
    "tr", "sed", "awk", "gawk", "mawk", "nawk", "cut", "rev", "tac", "paste", "fold", "iconv",
    "perl", "ruby", "envsubst", "m4", "jq", "yq", "xxd", "od", "column", "expand", "unexpand",
];

fn union(lists: &[&[&'static str]]) -> Vec<&'static str> {
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}

/// Every name the table knows and a few it does not.
fn names() -> Vec<&'static str> {
    let mut all: Vec<&str> = TABLE.iter().map(|e| e.name).collect();
    all.extend([
        "",
        "l",
        "lua5.4",
        "luajit",
        "python3.12",
        "python2.7",
        "python3",
        "pythonx",
    ]);
    all.extend([
        "ls2", "cur", "curlx", "nc.", "nc.tra", "pwncat-c", "7", "zz", "~",
    ]);
    all.extend([
        "ls\0",
        "sh\0\0",
        "\0",
        "sha256su",
        "sha256sumx",
        "nc.traditionalx",
    ]);
    all
}

fn agrees(what: &str, role: fn(Roles) -> bool, expected: &[&str], also: fn(&str) -> bool) {
    for name in names() {
        let want = expected.contains(&name) || also(name);
        assert_eq!(role(Roles::of(name)), want, "{what}: `{name}`");
    }
    for name in expected {
        assert!(role(Roles::of(name)), "{what}: `{name}`");
    }
}

fn none(_: &str) -> bool {
    false
}

#[test]
fn every_name_finds_its_own_entry() {
    for e in TABLE {
        // `lua` also has the bits of `lua*`.
        let extra = if e.name.starts_with("lua") {
            LUA_X | NET_SHELL
        } else {
            0
        };
        assert_eq!(Roles::of(e.name), Roles(e.bits | extra), "`{}`", e.name);
    }
}

#[test]
fn prefixes_agree_at_run_time() {
    for name in names() {
        assert_eq!(prefix_of(name), prefix(name), "`{name}`");
    }
    // Every length up to past eight, and bytes that are not ASCII.
    let long = "abcdéfghijk";
    for end in (0..=long.len()).filter(|&i| long.is_char_boundary(i)) {
        let name = &long[..end];
        assert_eq!(prefix_of(name), prefix(name), "`{name}`");
    }
}

#[test]
fn table_is_sorted_by_bytes_and_keys() {
    for w in TABLE.windows(2) {
        if let [a, b] = w {
            assert!(a.name < b.name, "`{}` before `{}`", a.name, b.name);
            assert!(a.key <= b.key, "`{}` before `{}`", a.name, b.name);
        }
    }
}

#[test]
fn roles_agree_with_the_catalogues() {
    agrees("fetcher", Roles::fetcher, FETCHERS, none);
    agrees("net client", Roles::net_client, NET_CLIENTS, none);
    agrees("shell", Roles::shell, SHELLS, none);
    agrees("interpreter", Roles::interpreter, INTERPRETERS, none);
    agrees("inline code", Roles::inline_code, INTERPRETERS, |p| {
        p.starts_with("python3.")
    });
    agrees("code", Roles::code, &union(&[SHELLS, INTERPRETERS]), |p| {
        p.starts_with("python3.") || p.starts_with("python2.")
    });
    agrees("source", Roles::source, &["source", "."], none);
    agrees("opaque", Roles::opaque, OPAQUE_NAMES, none);
    agrees("installer", Roles::installer, INSTALLERS, none);
    agrees("archiver", Roles::archiver, ARCHIVERS, none);
    agrees(
        "net output",
        Roles::net_output,
        &union(&[FETCHERS, NET_CLIENTS, NET_OUTPUTS]),
        none,
    );
    agrees(
        "word sender",
        Roles::word_sender,
        &union(&[FETCHERS, NET_CLIENTS, WORD_SENDERS]),
        none,
    );
    agrees(
        "sender",
        Roles::sender,
        &union(&[SENDERS, NET_CLIENTS]),
        none,
    );
    agrees("carrier", Roles::carrier, CARRIERS, none);
    agrees(
        "net shell",
        Roles::net_shell,
        &union(&[NET_SHELLS, INTERPRETERS]),
        |p| p.starts_with("python3.") || p.starts_with("python2.") || p.starts_with("lua"),
    );
    agrees("decoder", Roles::decoder, DECODERS, none);
    agrees(
        "secret printer",
        Roles::secret_printer,
        SECRET_PRINTERS,
        none,
    );
    agrees("project dump", Roles::project_dump, PROJECT_DUMPS, none);
    agrees("passthrough", Roles::passthrough, PASSTHROUGHS, none);
    agrees("rewriter", Roles::rewriter, REWRITERS, none);
    agrees("metadata only", Roles::metadata_only, METADATA_ONLY, none);
}
