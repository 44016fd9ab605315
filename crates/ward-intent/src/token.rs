//! Tokenising a request: shell-syntax screening, then each whitespace-separated
//! token becomes a word or a validated slot (target, port, user, wordlist).

use crate::addr::{Host, Target, parse_cidr, parse_host_port, parse_path, parse_ports, parse_url};
use crate::addr::{parse_hostname, parse_ip, parse_user};
use crate::refusal::{Refusal, RefusalKind};

/// The longest request accepted, in bytes.
pub const MAX_REQUEST: usize = 2048;

/// What a request says, before an intent is chosen.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// Plain words, lowercase, in order (targets and slot values removed).
    pub words: Vec<String>,
    pub targets: Vec<Target>,
    /// Port parts after `port`/`ports`, normalised (`22`, `1-1024`).
    pub ports: Vec<String>,
    /// After `user`, `username`, `account`.
    pub user: Option<String>,
    /// After `as`: only a user when the intent needs one.
    pub as_user: Option<String>,
    pub services: Vec<&'static str>,
    pub wordlist: Option<String>,
}

/// Login services hydra understands, with the words that name them.
const SERVICES: &[(&str, &str)] = &[
    ("ssh", "ssh"),
    ("ftp", "ftp"),
    ("telnet", "telnet"),
    ("rdp", "rdp"),
    ("smb", "smb"),
    ("mysql", "mysql"),
    ("postgres", "postgres"),
    ("postgresql", "postgres"),
    ("vnc", "vnc"),
    ("pop3", "pop3"),
    ("imap", "imap"),
    ("smtp", "smtp"),
    ("mssql", "mssql"),
    ("redis", "redis"),
];

#[derive(Clone, Copy, PartialEq)]
enum Expect {
    Nothing,
    Ports,
    User,
    AsUser,
    Wordlist,
}

fn refuse(kind: RefusalKind, message: String) -> Refusal {
    Refusal::new(kind, message)
}

/// Refuses anything a shell would treat specially. The request never reaches a
/// shell, but such text is a sign of an injection attempt, so it is not guessed around.
fn screen(request: &str) -> Result<(), Refusal> {
    if request.len() > MAX_REQUEST {
        return Err(refuse(
            RefusalKind::Invalid,
            format!("request is longer than {MAX_REQUEST} bytes"),
        ));
    }
    let bad = |what: &str| {
        refuse(
            RefusalKind::ShellSyntax,
            format!(
                "request contains shell syntax ({what}); ward runs one tool, describe it in words"
            ),
        )
    };
    if request.trim().is_empty() {
        return Err(refuse(
            RefusalKind::Missing,
            "empty request: say what to do, e.g. `find live hosts on 192.168.1.0/24`".into(),
        ));
    }
    if let Some(c) = request.chars().find(|c| c.is_control() && *c != '\t') {
        return Err(bad(&format!("control character {:?}", c)));
    }
    for (needle, what) in [
        (";", "`;`"),
        ("&&", "`&&`"),
        ("|", "`|`"),
        ("`", "a backquote"),
        ("$", "`$`"),
        (">", "a redirection"),
        ("<", "a redirection"),
        ("\\", "a backslash"),
    ] {
        if request.contains(needle) {
            return Err(bad(what));
        }
    }
    Ok(())
}

fn trim(token: &str) -> &str {
    let t = token.trim_start_matches(['"', '\'', '(']);
    t.trim_end_matches(['"', '\'', ')', ',', '.', '!', '?'])
}

/// True for tokens that can only be meant as an address or network.
fn address_like(t: &str) -> bool {
    let digits_dots = t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.contains('.');
    let hex_colons = t.contains(':')
        && t.bytes()
            .all(|b| b.is_ascii_hexdigit() || b":.[]".contains(&b));
    digits_dots || hex_colons
}

fn invalid_target(t: &str, why: &str) -> Refusal {
    refuse(RefusalKind::Invalid, format!("`{t}` is not a valid {why}"))
}

/// Splits a request into words and validated slots.
pub(crate) fn parse(request: &str) -> Result<Parsed, Refusal> {
    screen(request)?;
    let mut p = Parsed::default();
    let mut expect = Expect::Nothing;
    for raw in request.split_whitespace() {
        let t = if raw.contains("://") {
            raw.trim_end_matches([',', '.', '!', ')', '"', '\''])
                .trim_start_matches(['"', '\'', '('])
        } else {
            trim(raw)
        };
        if t.is_empty() {
            continue;
        }
        if t.starts_with('-') && t.len() > 1 {
            return Err(refuse(
                RefusalKind::OptionInjection,
                format!(
                    "`{t}` looks like a command-line option; ward builds the options, describe what you want in words"
                ),
            ));
        }
        if t.contains('&') && !t.contains("://") {
            return Err(refuse(
                RefusalKind::ShellSyntax,
                format!(
                    "request contains shell syntax (`&` in `{t}`); ward runs one tool, describe it in words"
                ),
            ));
        }
        let lower = t.to_ascii_lowercase();
        match expect {
            Expect::Ports if t.bytes().next().is_some_and(|b| b.is_ascii_digit()) => {
                let parts =
                    parse_ports(t).ok_or_else(|| invalid_target(t, "port or port range"))?;
                p.ports.extend(parts);
                continue;
            }
            Expect::Ports if matches!(lower.as_str(), "and" | "or" | "&") => continue,
            Expect::User | Expect::AsUser if is_user_keyword(&lower) => continue,
            Expect::User if !looks_like_target(t) => {
                p.user = Some(parse_user(t).ok_or_else(|| invalid_target(t, "user name"))?);
                expect = Expect::Nothing;
                continue;
            }
            // "as NAME" is only a user name if the intent needs one, and it stays a word.
            Expect::AsUser => p.as_user = parse_user(t).or(p.as_user.take()),
            Expect::Wordlist if !address_like(t) && t.contains('.') => {
                set_wordlist(&mut p, t)?;
                expect = Expect::Nothing;
                continue;
            }
            _ => {}
        }
        expect = Expect::Nothing;
        if t.contains("://") {
            p.targets
                .push(parse_url(t).ok_or_else(|| invalid_target(t, "http(s) URL"))?);
        } else if t.starts_with('/')
            || t.starts_with("./")
            || t.starts_with("../")
            || t.starts_with('~')
        {
            set_wordlist(&mut p, t)?;
        } else if t.contains('/') && address_like(t.split('/').next().unwrap_or_default()) {
            let (ip, len) = parse_cidr(t).ok_or_else(|| invalid_target(t, "CIDR network"))?;
            p.targets.push(Target {
                host: Host::Net(ip, len),
                port: None,
                url: None,
            });
        } else if looks_like_target(t) {
            let target = parse_host_port(t).ok_or_else(|| {
                let what = if address_like(t) {
                    "IP address"
                } else {
                    "host name"
                };
                invalid_target(t, what)
            })?;
            p.targets.push(target);
        } else {
            expect = match lower.as_str() {
                "port" | "ports" => Expect::Ports,
                "user" | "username" | "account" => Expect::User,
                "as" => Expect::AsUser,
                "wordlist" | "dictionary" | "list" => Expect::Wordlist,
                _ => Expect::Nothing,
            };
            if let Some((_, svc)) = SERVICES.iter().find(|(w, _)| *w == lower)
                && !p.services.contains(svc)
            {
                p.services.push(svc);
            }
            p.words.push(lower);
        }
    }
    let mut seen = Vec::with_capacity(p.targets.len());
    p.targets.retain(|t| {
        let fresh = !seen.contains(t);
        if fresh {
            seen.push(t.clone());
        }
        fresh
    });
    Ok(p)
}

fn is_user_keyword(w: &str) -> bool {
    matches!(w, "user" | "username" | "account" | "named" | "the")
}

/// True for tokens that must be a target (and so must validate as one).
fn looks_like_target(t: &str) -> bool {
    let digit_dot = t.bytes().next().is_some_and(|b| b.is_ascii_digit()) && t.contains('.');
    if digit_dot || address_like(t) || t.eq_ignore_ascii_case("localhost") || t.starts_with('[') {
        return true;
    }
    if parse_ip(t).is_some() {
        return true;
    }
    // `word.word` with a letter: a host name (possibly mistyped), unless it is
    // a plain abbreviation such as `e.g` (no label of two or more letters at the end).
    let Some((_, last)) = t.rsplit_once('.') else {
        return false;
    };
    let last = last.split(':').next().unwrap_or_default();
    last.len() >= 2 && last.bytes().all(|b| b.is_ascii_alphabetic()) || parse_hostname(t).is_some()
}

fn set_wordlist(p: &mut Parsed, t: &str) -> Result<(), Refusal> {
    if t.starts_with('~') {
        return Err(refuse(
            RefusalKind::Invalid,
            format!("`{t}`: write the wordlist's full path (no shell expands `~` here)"),
        ));
    }
    let path = parse_path(t).ok_or_else(|| invalid_target(t, "wordlist path"))?;
    if p.wordlist.as_ref().is_some_and(|w| *w != path) {
        return Err(refuse(
            RefusalKind::Conflict,
            format!("two wordlists given (`{t}`)"),
        ));
    }
    p.wordlist = Some(path);
    Ok(())
}
