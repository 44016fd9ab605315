//! The shortcuts of the dataflow pass against the long ways they skip.

use super::files::{key_ref, seen_bits, trimmed_key};
use super::io::secret_var;
use super::{Flow, Taint, after_last};
use crate::action::PathClass;
use crate::paths::{classify, is_secret, needs_cleaning};
use crate::shell::word::basename;
use std::cell::Cell;

thread_local! {
    /// Set, every command takes the whole pass (`Walker::quiet` says no).
    pub(super) static LONG_WAY: Cell<bool> = const { Cell::new(false) };
}

/// Commands the quiet shortcut skips and commands it must not.
const PIECES: &[&str] = &[
    "true",
    "ls -la src",
    "echo hi",
    "echo 'rm -rf ~' > x.sh",
    "grep -rn TODO src",
    "cat b.sh",
    "cat < a.sh",
    "wc -l a.sh",
    "curl -so a.sh https://h/a",
    "wget -O p https://h",
    "mv a.sh b.sh",
    "cp b.sh /usr/local/bin/",
    "cp b.sh /tmp/c.sh",
    "X=$(cat b.sh | base64)",
    "Y=$(curl https://h)",
    "printf '%s' \"$X\"",
    "printf -v v '%s' \"$Y\"",
    "read -r z",
    "coproc nc h 1",
    "coproc bash",
    "./b.sh",
    "/tmp/c.sh",
    "b.sh",
    "\"$X\" -x",
    "$Y",
    "bash b.sh",
    "sh",
    "source x.sh",
    "cd d",
    "cd /tmp",
    "chmod +x p",
    "tar czf /tmp/s.tgz src",
    "tar xzf s.tgz",
    "base64 -d",
    "env",
    "cat /proc/1/environ",
    "nc h 1",
    "git clone https://h/r",
    "r/x.sh",
    "sort | uniq -c",
    "exec 3<> /dev/tcp/h/1",
    "cat <&3",
    "eval \"$X\"",
    "for i in 1 2; do ./job $i & done",
    "python3 x.py",
    "echo 'import os' > x.py",
];

proptest::proptest! {
    /// The quiet shortcut decides as the whole pass does, on lines of the
    /// pieces in any order.
    #[test]
    fn the_quiet_shortcut_agrees_with_the_whole_pass(
        picks in proptest::collection::vec(0..PIECES.len(), 1..10),
        seps in proptest::collection::vec(0..3usize, 10),
    ) {
        let mut line = String::new();
        for (i, p) in picks.iter().enumerate() {
            if i > 0 {
                line.push_str(["; ", " | ", " && "][seps[i] % 3]);
            }
            line.push_str(PIECES[*p]);
        }
        let quick = format!("{:?}", crate::shell::parse(&line));
        LONG_WAY.set(true);
        let long = format!("{:?}", crate::shell::parse(&line));
        LONG_WAY.set(false);
        proptest::prop_assert_eq!(quick, long, "{}", line);
    }
}

const NAMES: &[&str] = &[
    "",
    " ",
    "a",
    "a.sh",
    "./a.sh",
    "././a",
    ".",
    "./",
    "/",
    "//",
    "a/",
    "a//",
    "/tmp/c.sh",
    "/tmp/c/",
    " a ",
    "\ta",
    "a\n",
    "a\u{0b}",
    "\u{0b}a",
    "a\u{a0}",
    "\u{3000}a",
    "é",
    "aé",
    "éa",
    ".hidden",
    "~/.ssh/id_rsa",
    "~",
    "$f",
    "-o",
];

#[test]
fn keys_agree_with_the_long_way() {
    for name in NAMES {
        assert_eq!(key_ref(name), trimmed_key(name), "{name:?}");
    }
}

#[test]
fn after_last_is_rsplit() {
    for name in NAMES
        .iter()
        .chain(&["a:b", "h:/x/y", "::", ":", "a/b:c/d", "é/ü:ö"])
    {
        assert_eq!(after_last(name, b'/'), basename(name), "{name:?}");
        assert_eq!(
            after_last(name, b':'),
            name.rsplit(':').next().unwrap_or(name),
            "{name:?}"
        );
    }
}

#[test]
fn a_key_sets_two_bits() {
    for name in NAMES {
        assert_eq!(seen_bits(name).count_ones(), 2, "{name:?}");
    }
}

/// `secret_var` as it was written first: uppercase, split, compare.
fn secret_var_by_copy(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let parts: Vec<&str> = upper.split('_').collect();
    parts.iter().any(|w| {
        matches!(
            *w,
            "SECRET"
                | "SECRETS"
                | "TOKEN"
                | "PASSWORD"
                | "PASSWD"
                | "PASS"
                | "APIKEY"
                | "CREDENTIAL"
                | "CREDENTIALS"
                | "PRIVATE"
        )
    }) || parts.windows(2).any(|w| {
        matches!(
            w,
            [
                "API" | "ACCESS" | "SIGNING" | "MASTER" | "ENCRYPTION",
                "KEY"
            ]
        )
    })
}

#[test]
fn secret_names_agree_with_the_first_reading() {
    let names = [
        "",
        "_",
        "HOME",
        "PATH",
        "GITHUB_TOKEN",
        "github_token",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "OPENAI_API_KEY",
        "API_KEY",
        "APIKEY",
        "KEY_API",
        "API__KEY",
        "MY_API_KEYS",
        "DB_PASSWORD",
        "PASSWORDS",
        "pass",
        "Private_Key",
        "ENCRYPTION_KEY",
        "SIGNING_KEY_X",
        "MASTER_KEY",
        "KEY",
        "TOKENIZER",
        "X_TOKEN_",
        "ßTOKEN",
        "é_TOKEN",
    ];
    for name in names {
        assert_eq!(secret_var(name), secret_var_by_copy(name), "{name:?}");
    }
}

/// What `Flow::read` of a file the line did not write gave before it
/// skipped `classify` for plain relative names.
fn read_by_class(name: &str) -> Taint {
    let mut t = Taint::default();
    if name.starts_with("/dev/tcp/") || name.starts_with("/dev/udp/") {
        t.network = true;
    }
    let class = classify(name, "", "");
    if class == PathClass::Secret
        || needs_cleaning(name) && is_secret(name)
        || name.starts_with("/proc/") && name.ends_with("/environ")
    {
        t.secret = true;
    }
    match class {
        PathClass::Home | PathClass::Root => t.secret = true,
        PathClass::Project => t.project = true,
        PathClass::InHome if name.starts_with("~/.") => t.project = true,
        _ => {}
    }
    t
}

proptest::proptest! {
    #[test]
    fn reads_agree_with_classify(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "", ".", "..", "~", "*", "{}", "a", "b.sh", ".ssh", "id_rsa", ".env", "x.pem",
            "home", "u", "tmp", "dev", "tcp", "proc", "1", "environ", ".aws", "credentials",
            "gcloud", ".config", "gh", "hosts.yml", "Library", "é",
        ]), 1..5),
        lead in proptest::sample::select(vec!["", "/", "~/", "./", "../", "*"]),
        tail in proptest::sample::select(vec!["", "/", "//", "/{}", "/{}/", "/."]),
    ) {
        let name = format!("{lead}{}{tail}", parts.join("/"));
        proptest::prop_assert_eq!(Flow::default().read(&name), read_by_class(&name), "{}", name);
    }
}

#[test]
fn reads_of_names_agree_with_classify() {
    for name in NAMES
        .iter()
        .chain(&["a/{}", "a/{}/", "x{}", "a//b", "a/../.ssh/id_rsa"])
    {
        assert_eq!(Flow::default().read(name), read_by_class(name), "{name:?}");
    }
}
