//! Commands inside other programs' own languages: awk's `system()` and
//! pipes, sed's `e` command and `s///e`, vim's `:!`, tmux and screen
//! sessions and the keys they type.

use std::borrow::Cow;

use super::effects::Nested;
use super::flags;
use crate::action::Arg;

fn shell(value: &str, dynamic: bool, out: &mut Vec<Nested>) {
    shell_owned(value.to_owned(), dynamic, out);
}

/// [`shell`] for text built here: it is moved, not copied.
fn shell_owned(value: String, dynamic: bool, out: &mut Vec<Nested>) {
    // A first printable ASCII byte is kept by trimming: not blank.
    let nested = if dynamic {
        Nested::Dynamic(value)
    } else if value.as_bytes().first().is_some_and(u8::is_ascii_graphic) || !value.trim().is_empty()
    {
        Nested::Shell(value)
    } else {
        return;
    };
    out.push(nested);
}

/// The awk program: `-e`/`--source` text, or the first operand.
pub(crate) fn awk(args: &[Arg], out: &mut Vec<Nested>) {
    let mut o = flags::reader(
        args,
        "Ffvelij",
        &[
            "field-separator",
            "assign",
            "file",
            "source",
            "include",
            "load",
        ],
        1,
    );
    // One pass to learn which options are there; their values are read
    // again below, without collecting the options.
    let (mut sources, mut file, mut assigns) = (false, false, false);
    for opt in o.by_ref() {
        match opt.name {
            "e" | "source" => sources |= opt.value.is_some(),
            "f" | "file" => file = true,
            "v" | "assign" => assigns = true,
            _ => {}
        }
    }
    let first = match o.first() {
        Some(a) if !sources && !file => Some(a.text.as_str()),
        _ => None,
    };
    let vars: Vec<(&str, &str)> = if assigns {
        o.values(&["v", "assign"])
            .filter_map(|v| v.split_once('='))
            .collect()
    } else {
        Vec::new()
    };
    // The values are read again only when there are some.
    let sources = sources.then(|| o.values(&["e", "source"]));
    for p in sources.into_iter().flatten().chain(first) {
        let before = out.len();
        awk_program(p, out);
        // `awk -v c='rm -rf ~' 'BEGIN{system(c)}'`: a command built only
        // from a `-v` variable is that variable's value.
        if !vars.is_empty() && out.len() > before {
            for (name, value) in &vars {
                if p.contains(&format!("system({name})")) || p.contains(&format!("| {name}")) {
                    out.push(Nested::Shell((*value).to_owned()));
                }
            }
        }
    }
}

/// `system("…")`, `print | "…"`, `"…" | getline`, `|&` coprocesses.
fn awk_program(p: &str, out: &mut Vec<Nested>) {
    let b = p.as_bytes();
    let mut i = 0;
    let mut last_literal: Option<Cow<'_, str>> = None;
    let mut printing = false;
    let mut print_at = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                let (lit, end) = string_at(p, i);
                last_literal = Some(lit);
                i = end;
                continue;
            }
            b'/' if regex_may_start(b, i) => {
                i = skip_regex(b, i);
                last_literal = None;
                continue;
            }
            b'#' => {
                while b.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b';' | b'{' | b'}' | b'\n' => printing = false,
            b'|' if b.get(i + 1) == Some(&b'|') => {
                i += 2;
                continue;
            }
            b'|' => {
                let after = p
                    .get(i + 1..)
                    .unwrap_or_default()
                    .trim_start_matches('&')
                    .trim_start();
                if after.starts_with("getline") {
                    match last_literal.take() {
                        Some(lit) => shell(&lit, false, out),
                        None => out.push(Nested::Dynamic("awk … | getline".into())),
                    }
                } else if printing {
                    match after.strip_prefix('"') {
                        Some(_) => {
                            let at = p.len() - after.len();
                            let (lit, _) = string_at(p, at);
                            let target = lit.split_whitespace().next().unwrap_or_default();
                            if super::normalize::SHELLS.contains(&super::word::basename(target))
                                && !lit.contains(" -c")
                            {
                                // What is printed becomes the shell's script.
                                match printed_literal(p, print_at, i) {
                                    Some(text) => shell(&text, false, out),
                                    None => {
                                        out.push(Nested::Dynamic("awk print … | \"sh\"".into()))
                                    }
                                }
                            } else {
                                shell(&lit, false, out);
                            }
                        }
                        None => out.push(Nested::Dynamic("awk print | …".into())),
                    }
                }
            }
            _ => {}
        }
        // `c` is the byte at `i`: it rules out both words at most bytes.
        if c == b'p' && p.get(i..).is_some_and(|r| r.starts_with("print")) && word_start(b, i) {
            printing = true;
            print_at = i;
        }
        if c == b's' && p.get(i..).is_some_and(|r| r.starts_with("system")) && word_start(b, i) {
            let after = p.get(i + 6..).unwrap_or_default().trim_start();
            if let Some(args) = after.strip_prefix('(') {
                let args_t = args.trim_start();
                let at = p.len() - args_t.len();
                if args_t.starts_with('"') {
                    let (lit, end) = string_at(p, at);
                    let closes = p
                        .get(end..)
                        .unwrap_or_default()
                        .trim_start()
                        .starts_with(')');
                    shell(&lit, !closes, out);
                } else {
                    out.push(Nested::Dynamic("awk system(…)".into()));
                }
            }
        }
        if c != b' ' && c != b'\t' && c != b')' {
            last_literal = None;
        }
        i += 1;
    }
}

/// The single string literal `print "…" |` prints, if that is all it prints.
fn printed_literal(p: &str, print_at: usize, pipe_at: usize) -> Option<Cow<'_, str>> {
    let between = p.get(print_at..pipe_at)?;
    let after_kw = between
        .strip_prefix("printf")
        .or_else(|| between.strip_prefix("print"))?;
    let body = after_kw.trim_start();
    if !body.starts_with('"') {
        return None;
    }
    let at = pipe_at - body.len();
    let (lit, end) = string_at(p, at);
    (p.get(end..pipe_at)?.trim().is_empty()).then_some(lit)
}

fn word_start(b: &[u8], i: usize) -> bool {
    i == 0
        || b.get(i - 1)
            .is_some_and(|c| !c.is_ascii_alphanumeric() && *c != b'_')
}

/// The awk string literal starting at `start` (a `"`), and the index after it.
/// A literal without escapes is borrowed.
pub(super) fn string_at(p: &str, start: usize) -> (Cow<'_, str>, usize) {
    let body = p.get(start + 1..).unwrap_or_default();
    if let Some(n) = body.bytes().position(|b| b == b'"' || b == b'\\')
        && body.as_bytes().get(n) == Some(&b'"')
    {
        return (
            Cow::Borrowed(body.get(..n).unwrap_or_default()),
            start + n + 2,
        );
    }
    let (text, end) = unescaped_at(p, start);
    (Cow::Owned(text), end)
}

/// [`string_at`] built a character at a time, escapes decoded.
fn unescaped_at(p: &str, start: usize) -> (String, usize) {
    let b = p.as_bytes();
    let mut out = String::new();
    let mut i = start + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => {
                match b.get(i + 1) {
                    Some(b'n') => out.push('\n'),
                    Some(b't') => out.push('\t'),
                    Some(&n) => out.push(char::from(n)),
                    None => {}
                }
                i += 2;
            }
            b'"' => return (out, i + 1),
            _ => {
                // Keep multi-byte characters whole.
                let ch = p.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    (out, i)
}

fn regex_may_start(b: &[u8], i: usize) -> bool {
    let prev = b
        .get(..i)
        .unwrap_or_default()
        .iter()
        .rev()
        .find(|c| !c.is_ascii_whitespace());
    matches!(
        prev,
        None | Some(b'(' | b'~' | b'!' | b',' | b'{' | b';' | b'&' | b'|' | b'}')
    )
}

fn skip_regex(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'/' | b'\n' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The sed script: `-e` texts, or the first operand.
pub(crate) fn sed(args: &[Arg], out: &mut Vec<Nested>) {
    let mut o = flags::reader(args, "efl", &["expression", "file", "line-length"], 1);
    let (mut scripts, mut file) = (false, false);
    for opt in o.by_ref() {
        match opt.name {
            "e" | "expression" => scripts |= opt.value.is_some(),
            "f" | "file" => file = true,
            _ => {}
        }
    }
    let first = match o.first() {
        Some(a) if !scripts && !file => Some(a.text.as_str()),
        _ => None,
    };
    let scripts = scripts.then(|| o.values(&["e", "expression"]));
    for s in scripts.into_iter().flatten().chain(first) {
        sed_script(s, out);
    }
}

/// Finds `e COMMAND`, a bare `e` (runs the pattern space) and `s///e`.
fn sed_script(script: &str, out: &mut Vec<Nested>) {
    let mut rest = script;
    let mut guard = 0;
    while !rest.is_empty() && guard < 256 {
        guard += 1;
        let cmd = skip_address(rest.trim_start_matches([' ', '\t', '\n', ';', '{', '}', '!']));
        let Some(c) = cmd.chars().next() else { break };
        let after = cmd.get(c.len_utf8()..).unwrap_or_default();
        match c {
            'e' => {
                let line = after.split('\n').next().unwrap_or_default().trim();
                if line.is_empty() || line.starts_with(';') {
                    out.push(Nested::Dynamic("sed e".into()));
                } else {
                    shell(line, false, out);
                }
                rest = after.split_once('\n').map_or("", |(_, r)| r);
            }
            's' | 'y' => {
                let Some(delim) = after.chars().next() else {
                    break;
                };
                let parts = split_delim(after.get(delim.len_utf8()..).unwrap_or_default(), delim);
                let (pattern, replacement, tail) = parts;
                let flags_end = tail
                    .find(|ch: char| !(ch.is_ascii_alphanumeric()))
                    .unwrap_or(tail.len());
                let fl = tail.get(..flags_end).unwrap_or_default();
                if c == 's' && fl.contains('e') {
                    let whole = matches!(pattern, ".*" | "^.*" | "^.*$" | ".*$");
                    if whole {
                        // Most replacements hold no `\n`: one byte scan
                        // instead of a substring search.
                        let text = if replacement.contains('\\') {
                            replacement.replace("\\n", "\n")
                        } else {
                            replacement.to_owned()
                        };
                        shell_owned(text, false, out);
                    } else {
                        out.push(Nested::Dynamic(format!("sed s/{pattern}/{replacement}/e")));
                    }
                }
                rest = tail.get(flags_end..).unwrap_or_default();
            }
            // Commands whose argument runs to the end of the line.
            'a' | 'i' | 'c' | 'r' | 'R' | 'w' | 'W' | 'b' | 't' | 'T' | ':' | 'q' | 'Q' | 'l'
            | 'L' => {
                rest = after.split_once(['\n', ';']).map_or("", |(_, r)| r);
            }
            _ => rest = after,
        }
    }
}

/// Skips a sed address (`1`, `$`, `/re/`, `1,5`, `\%re%`) before a command.
fn skip_address(s: &str) -> &str {
    let mut rest = s;
    for _ in 0..2 {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix('/') {
            rest = after_delim(r, '/');
        } else if let Some(r) = rest.strip_prefix('\\') {
            let Some(d) = r.chars().next() else { return "" };
            rest = after_delim(r.get(d.len_utf8()..).unwrap_or_default(), d);
        } else {
            rest = rest.trim_start_matches(|c: char| {
                c.is_ascii_digit() || c == '$' || c == '~' || c == '+'
            });
        }
        rest = rest.trim_start_matches(['I', 'M']);
        match rest.strip_prefix(',') {
            Some(r) => rest = r,
            None => break,
        }
    }
    rest.trim_start().trim_start_matches('!').trim_start()
}

/// The text after the first unescaped `delim`.
fn after_delim(s: &str, delim: char) -> &str {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == delim {
            return s.get(i + c.len_utf8()..).unwrap_or_default();
        }
    }
    ""
}

/// Splits `a/b/rest` at unescaped `delim`s: (a, b, rest).
fn split_delim(s: &str, delim: char) -> (&str, &str, &str) {
    // At most two cuts: a fixed array, not a vector.
    let mut cuts = [0; 2];
    let mut found = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == delim {
            if let Some(cut) = cuts.get_mut(found) {
                *cut = i;
            }
            found += 1;
            if found == 2 {
                break;
            }
        }
    }
    let d = delim.len_utf8();
    match cuts.get(..found).unwrap_or_default() {
        [a, b] => (
            s.get(..*a).unwrap_or_default(),
            s.get(a + d..*b).unwrap_or_default(),
            s.get(b + d..).unwrap_or_default(),
        ),
        [a] => (
            s.get(..*a).unwrap_or_default(),
            "",
            s.get(a + d..).unwrap_or_default(),
        ),
        _ => (s, "", ""),
    }
}

/// `vim -c '!cmd'`, `+'!cmd'`, `--cmd`, `:r !cmd`, `call system("…")`.
pub(crate) fn vim(args: &[Arg], out: &mut Vec<Nested>) {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let t = a.text.as_str();
        let ex = if t == "-c" || t == "--cmd" {
            it.next()
        } else if let Some(c) = t.strip_prefix('+').filter(|c| !c.is_empty()) {
            ex_command(c, a.dynamic, out);
            None
        } else if let Some(c) = t.strip_prefix("-c").filter(|c| !c.is_empty()) {
            ex_command(c, a.dynamic, out);
            None
        } else {
            None
        };
        if let Some(e) = ex {
            ex_command(&e.text, e.dynamic, out);
        }
    }
}

fn ex_command(c: &str, dynamic: bool, out: &mut Vec<Nested>) {
    let mut remaining = c;
    while !remaining.is_empty() {
        // `|` separates ex commands, except after `:!`, which takes the rest.
        let (part, next) = match remaining.split_once('|') {
            Some((a, b)) if !bang_command(a) => (a, b),
            _ => (remaining, ""),
        };
        remaining = next;
        let mut s = part.trim().trim_start_matches(':').trim();
        for m in [
            "silent!",
            "silent",
            "sil!",
            "sil",
            "execute",
            "exe",
            "noautocmd",
            "keepalt",
        ] {
            if let Some(r) = s.strip_prefix(m) {
                s = r.trim_start();
            }
        }
        let s = s.trim_start_matches(|ch: char| ch.is_ascii_digit() || "%.,$' ".contains(ch));
        let cmd = s.strip_prefix('!').or_else(|| {
            ["r", "read", "w", "write", "terminal", "term", "ter"]
                .iter()
                .find_map(|p| s.strip_prefix(p).filter(|r| r.starts_with([' ', '!'])))
                .map(|r| r.trim_start().trim_start_matches('!'))
                .filter(|r| !r.is_empty() && (s.contains('!') || s.starts_with("ter")))
        });
        if let Some(cmd) = cmd {
            shell(cmd, dynamic, out);
        } else if let Some(at) = [
            "system(",
            "systemlist(",
            "os.execute(",
            "io.popen(",
            "jobstart(",
        ]
        .iter()
        .find_map(|f| s.find(f))
        {
            let inner = s.get(at..).unwrap_or_default();
            let inner = inner.split_once('(').map_or("", |(_, r)| r).trim_start();
            match inner.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = inner.get(1..).unwrap_or_default();
                    let lit = body.split(q).next().unwrap_or_default();
                    shell(lit, dynamic, out);
                }
                _ => out.push(Nested::Dynamic("vim system(…)".into())),
            }
        } else if let Some((_, cmd)) = s.split_once(" !") {
            // `autocmd VimEnter * !cmd`, `g/x/ !cmd`: a bang after a word.
            shell(cmd, dynamic, out);
        }
    }
}

/// Whether an ex command is `:!…`/`:r !…`, which reads the rest of the line.
fn bang_command(part: &str) -> bool {
    let s = part.trim().trim_start_matches(':').trim();
    let s = s.trim_start_matches(|ch: char| {
        ch.is_ascii_alphabetic() || ch == ' ' || "%.,$'".contains(ch)
    });
    s.starts_with('!')
}

/// tmux's own command lines: `new-session CMD`, `send-keys KEYS Enter`,
/// `run-shell CMD`, chained with `;`.
pub(crate) fn tmux(args: &[Arg], out: &mut Vec<Nested>) {
    let mut global = flags::reader(args, "LSfcT", &[], 0);
    for opt in global.by_ref() {
        if let ("c", Some(v)) = (opt.name, opt.value) {
            shell(v, false, out);
        }
    }
    for command in global.rest().split(|a| a.text == ";" || a.text == "\\;") {
        let Some((sub, tail)) = command.split_first() else {
            continue;
        };
        let (short, takes_command) = match sub.text.as_str() {
            "new-session" | "new" => ("cestnxyFfX", true),
            "new-window" | "neww" | "split-window" | "splitw" | "respawn-pane" | "respawnp"
            | "respawn-window" | "respawnw" => ("celtnFp", true),
            "run-shell" | "run" => ("tdc", true),
            "if-shell" | "if" => ("t", true),
            "send-keys" | "send" => ("tN", false),
            _ => continue,
        };
        let mut o = flags::reader(tail, short, &[], 0);
        let keys_as_is = o.by_ref().any(|opt| matches!(opt.name, "X" | "M"));
        o.finish();
        let rest = o.rest();
        let dynamic = rest.iter().any(|a| a.dynamic);
        if takes_command {
            shell_owned(super::word::join_texts(rest), dynamic, out);
        } else if !keys_as_is {
            shell_owned(typed(rest), dynamic, out);
        }
    }
}

/// The text `send-keys` types: key names become the characters they type.
fn typed(keys: &[Arg]) -> String {
    // Sized once: a key name is never shorter than what it types.
    let mut text = String::with_capacity(keys.iter().map(|k| k.text.len()).sum());
    for k in keys {
        match k.text.as_str() {
            "Enter" | "C-m" | "KPEnter" | "C-j" => text.push('\n'),
            "Space" => text.push(' '),
            "Tab" | "C-i" => text.push('\t'),
            "C-c" | "C-d" | "C-z" | "Escape" => text.push('\n'),
            t => text.push_str(t),
        }
    }
    text
}

/// screen: `screen -dmS name CMD…`, `screen -X stuff 'cmd\n'`.
pub(crate) fn screen(args: &[Arg], out: &mut Vec<Nested>) {
    let o = flags::options(args, "SceEhpsTXtl", &[], 0);
    if o.has(&["r", "R", "x", "ls", "list", "wipe", "v", "version"]) && !o.has(&["X"]) {
        return;
    }
    if o.has(&["X"]) {
        let Some(first) = o.values(&["X"]).next() else {
            return;
        };
        if matches!(first, "stuff" | "exec" | "screen") {
            let words: Vec<&str> = o.rest.iter().map(|a| a.text.as_str()).collect();
            let text = words
                .join(" ")
                .replace("\\n", "\n")
                .replace("\\r", "\n")
                .replace("^M", "\n");
            shell(&text, o.rest.iter().any(|a| a.dynamic), out);
        }
        return;
    }
    if !o.rest.is_empty() {
        out.push(Nested::Words(o.rest.to_vec(), false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(out: &[Nested]) -> Vec<String> {
        out.iter()
            .map(|n| match n {
                Nested::Shell(s) | Nested::Guess(s) => s.clone(),
                Nested::Dynamic(s) => format!("?{s}"),
                Nested::Words(w, _) => w
                    .iter()
                    .map(|a| a.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect()
    }

    #[test]
    fn awk_commands() {
        let mut out = Vec::new();
        awk_program(r#"BEGIN { system("rm -rf ~") }"#, &mut out);
        awk_program(r#"{ print $1 | "sh" }"#, &mut out);
        awk_program(r#"BEGIN { "id" | getline x }"#, &mut out);
        awk_program(r#"/a|b/ { print $1 }"#, &mut out);
        awk_program(r#"{ system($0) }"#, &mut out);
        let f = found(&out);
        assert_eq!(f.len(), 4, "{f:?}");
        assert_eq!(f.first().map(String::as_str), Some("rm -rf ~"));
        assert!(f.get(3).is_some_and(|s| s.starts_with('?')));
    }

    proptest::proptest! {
        #[test]
        fn a_borrowed_literal_is_the_decoded_one(p in "[a\"\\\\é n]{0,8}") {
            let p = format!("\"{p}");
            let (lit, end) = string_at(&p, 0);
            let (want, want_end) = unescaped_at(&p, 0);
            proptest::prop_assert_eq!((lit.as_ref(), end), (want.as_str(), want_end));
        }
    }

    #[test]
    fn sed_commands() {
        let mut out = Vec::new();
        sed_script("1e rm -rf ~", &mut out);
        sed_script("s/.*/rm -rf ~/e", &mut out);
        sed_script("s/a/b/g", &mut out);
        sed_script("/x/d", &mut out);
        assert_eq!(found(&out), vec!["rm -rf ~", "rm -rf ~"]);
    }
}
