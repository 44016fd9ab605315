//! Text the line generates, evaluated when it is static: what `printf` and
//! `echo` print (with their escapes) and the parameter expansions that have a
//! static answer (`${x:-w}`, `${x/a/b}`, `${x%y}`, `${#x}`, …).
//!
//! Anything that depends on run time gives `None`, and the caller treats the
//! text as unknown (dynamic), never as empty.

use super::word::{control_escape, octal_after, take_radix};
use crate::action::{Arg, SimpleCommand};
use std::iter::Peekable;
use std::str::Chars;

/// What `echo` or `printf` prints, when all of it is static.
pub(crate) fn output(cmd: &SimpleCommand) -> Option<String> {
    if cmd.args.iter().any(|a| a.dynamic) || cmd.stdin.is_some() && cmd.program != "echo" {
        return None;
    }
    match cmd.program.as_str() {
        "echo" => Some(echo(&cmd.args)),
        "printf" => printf(&cmd.args).map(|(_, text)| text),
        _ => None,
    }
}

/// `echo [-neE]… WORDS`: the words joined; `-e` resolves escapes.
pub(crate) fn echo(args: &[Arg]) -> String {
    let (escapes, newline, words) = echo_options(args);
    let words = words.iter();
    // Each word's escapes are resolved straight into the output: no escape
    // runs past its word, since a blank ends every one.
    let mut out = String::with_capacity(words.clone().map(|a| a.text.len() + 1).sum());
    for (i, a) in words.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Without a backslash there is nothing to resolve.
        if escapes && a.text.contains('\\') {
            if unescape_into(&a.text, true, &mut out) {
                return out;
            }
        } else {
            out.push_str(&a.text);
        }
    }
    if newline {
        out.push('\n');
    }
    out
}

/// `echo`'s leading `-neE` words: whether escapes are resolved, whether a
/// newline ends the output, and the words after them.
fn echo_options(args: &[Arg]) -> (bool, bool, &[Arg]) {
    let (mut escapes, mut newline) = (false, true);
    let mut words = args;
    while let Some((a, rest)) = words.split_first() {
        let flags = a.text.strip_prefix('-').unwrap_or_default();
        if flags.is_empty() || !flags.chars().all(|c| matches!(c, 'n' | 'e' | 'E')) {
            break;
        }
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        words = rest;
    }
    (escapes, newline, words)
}

/// `printf [-v VAR] FORMAT ARGS…`: the variable it assigns (if any) and the
/// text. `None` when the format uses something ward does not evaluate.
pub(crate) fn printf(args: &[Arg]) -> Option<(Option<String>, String)> {
    let mut rest = args;
    let mut var = None;
    loop {
        match rest.split_first() {
            Some((a, tail)) if a.text == "-v" => {
                let (name, tail) = tail.split_first()?;
                var = Some(name.text.to_string());
                rest = tail;
            }
            Some((a, tail)) if a.text == "--" => {
                rest = tail;
                break;
            }
            _ => break,
        }
    }
    let (format, values) = rest.split_first()?;
    let mut values = values.iter().map(|a| a.text.as_str()).peekable();
    let mut out = String::new();
    // The format is reused while arguments remain (and it consumed some).
    for _ in 0..64 {
        let used = format_once(&format.text, &mut values, &mut out)?;
        if used == 0 || values.peek().is_none() {
            return Some((var, out));
        }
    }
    None
}

fn format_once<'a>(
    format: &str,
    values: &mut Peekable<impl Iterator<Item = &'a str>>,
    out: &mut String,
) -> Option<usize> {
    let mut used = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                unescape_one(&mut chars, false, out);
            }
            '%' => {
                let mut spec = String::new();
                while let Some(&f) = chars.peek() {
                    if matches!(f, '-' | '+' | ' ' | '0'..='9' | '.' | '#') {
                        spec.push(f);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let conv = chars.next()?;
                if conv == '%' {
                    out.push('%');
                    continue;
                }
                used += 1;
                let value = values.next().unwrap_or_default();
                let text = match conv {
                    's' => value.to_owned(),
                    'b' => {
                        let (text, stop) = unescape_b(value);
                        if stop {
                            out.push_str(&text);
                            return Some(0);
                        }
                        text
                    }
                    'q' => crate::shell::render_word(value),
                    'c' => value.chars().next().map(String::from).unwrap_or_default(),
                    'd' | 'i' | 'u' => number(value)?.to_string(),
                    'x' => format!("{:x}", number(value)?),
                    'X' => format!("{:X}", number(value)?),
                    'o' => format!("{:o}", number(value)?),
                    _ => return None,
                };
                pad(&spec, &text, out);
            }
            other => out.push(other),
        }
    }
    Some(used)
}

fn number(value: &str) -> Option<i64> {
    let v = value.trim();
    if v.is_empty() {
        return Some(0);
    }
    if let Some(c) = v.strip_prefix('\'').or_else(|| v.strip_prefix('"')) {
        return c.chars().next().map(|c| i64::from(u32::from(c)));
    }
    if let Some(hex) = v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    v.parse().ok()
}

fn pad(spec: &str, text: &str, out: &mut String) {
    let left = spec.contains('-');
    let digits: String = spec
        .trim_start_matches(['-', '+', ' ', '0', '#'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let precision = spec
        .split_once('.')
        .and_then(|(_, p)| p.parse::<usize>().ok());
    let text: String = match precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_owned(),
    };
    let width = digits.parse::<usize>().unwrap_or(0).min(4096);
    let fill = width.saturating_sub(text.chars().count());
    if !left {
        out.extend(std::iter::repeat_n(' ', fill));
    }
    out.push_str(&text);
    if left {
        out.extend(std::iter::repeat_n(' ', fill));
    }
}

/// Resolves `%b` escapes: as `echo -e`, and `\NNN` octal without the zero.
fn unescape_b(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\\') {
        out.push_str(rest.get(..i).unwrap_or_default());
        let tail = rest.get(i + 1..).unwrap_or_default();
        let echo_style = !tail.starts_with(['1', '2', '3', '4', '5', '6', '7']);
        let mut chars = tail.chars().peekable();
        if unescape_one(&mut chars, echo_style, &mut out) {
            return (out, true);
        }
        let left: usize = chars.map(char::len_utf8).sum();
        rest = tail
            .get(tail.len().saturating_sub(left)..)
            .unwrap_or_default();
    }
    out.push_str(rest);
    (out, false)
}

/// Resolves `echo -e` escapes of `text` into `out`; `true` when `\c`
/// stopped the output.
fn unescape_into(text: &str, echo_style: bool, out: &mut String) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        if unescape_one(&mut chars, echo_style, out) {
            return true;
        }
    }
    false
}

/// One escape after a backslash, written to `out` (not built on its own:
/// most are one character). `echo_style` octal is `\0NNN`; printf's
/// format octal is `\NNN`. `true` when `\c` stops the output.
fn unescape_one(chars: &mut Peekable<Chars<'_>>, echo_style: bool, out: &mut String) -> bool {
    let Some(e) = chars.next() else {
        out.push('\\');
        return false;
    };
    // The character of code `v`, or `text` when there is none.
    let code_or = |out: &mut String, v: Option<u32>, text: &str| match v.and_then(char::from_u32) {
        Some(c) => out.push(c),
        None => out.push_str(text),
    };
    if let Some(c) = control_escape(e) {
        out.push(c);
        return false;
    }
    match e {
        '\\' => out.push('\\'),
        '"' => out.push('"'),
        '\'' => out.push('\''),
        'c' => return true,
        'x' => code_or(out, take_radix(chars, 16, 2), "\\x"),
        'u' => code_or(out, take_radix(chars, 16, 4), "\\u"),
        'U' => code_or(out, take_radix(chars, 16, 8), "\\U"),
        '0' if echo_style => code_or(out, Some(take_radix(chars, 8, 3).unwrap_or(0)), ""),
        '0'..='7' if !echo_style => {
            let v = octal_after(e, chars);
            code_or(out, Some(v), "");
        }
        other => {
            out.push('\\');
            out.push(other);
        }
    }
    false
}

/// The value of `${…}` (the whole text) when it is static. `value(name)` is
/// the variable's static value, `None` when unknown. The second result is an
/// assignment made by `${x:=w}`.
pub(crate) fn expand(
    text: &str,
    value: impl Fn(&str) -> Option<String>,
) -> Option<(String, Option<(String, String)>)> {
    let body = text.strip_prefix("${")?.strip_suffix('}')?;
    if body.contains(['$', '`', '(']) {
        return None;
    }
    if let Some(name) = body.strip_prefix('#').filter(|n| is_name(n)) {
        return Some((value(name)?.chars().count().to_string(), None));
    }
    let end = body
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(body.len(), |(i, _)| i);
    let (name, op) = body.split_at(end);
    if !is_name(name) {
        return None;
    }
    let v = value(name);
    let literal = |w: &str| (!w.contains(['*', '?', '[', '\\'])).then(|| w.to_owned());
    let out = if op.is_empty() {
        v?
    } else if let Some(w) = op.strip_prefix(":-") {
        let v = v?;
        if v.is_empty() { w.to_owned() } else { v }
    } else if let Some(w) = op.strip_prefix(":=") {
        let v = v?;
        if v.is_empty() {
            return Some((w.to_owned(), Some((name.to_owned(), w.to_owned()))));
        }
        v
    } else if let Some(w) = op.strip_prefix(":+") {
        if v?.is_empty() {
            String::new()
        } else {
            w.to_owned()
        }
    } else if op.starts_with('-') || op.starts_with('=') {
        // Set (even empty) on this line: its value; the default is never used.
        v?
    } else if let Some(w) = op.strip_prefix('+') {
        v.map(|_| w.to_owned())?
    } else if let Some(rest) = op.strip_prefix("//") {
        let (a, b) = rest.split_once('/').unwrap_or((rest, ""));
        v?.replace(&literal(a)?, b)
    } else if let Some(rest) = op.strip_prefix('/') {
        let (a, b) = rest.split_once('/').unwrap_or((rest, ""));
        v?.replacen(&literal(a)?, b, 1)
    } else if let Some(p) = op.strip_prefix("%%").or_else(|| op.strip_prefix('%')) {
        let v = v?;
        v.strip_suffix(literal(p)?.as_str())
            .unwrap_or(&v)
            .to_owned()
    } else if let Some(p) = op.strip_prefix("##").or_else(|| op.strip_prefix('#')) {
        let v = v?;
        v.strip_prefix(literal(p)?.as_str())
            .unwrap_or(&v)
            .to_owned()
    } else if op == "^^" {
        v?.to_uppercase()
    } else if op == ",," {
        v?.to_lowercase()
    } else if let Some(range) = op.strip_prefix(':') {
        let v = v?;
        let (off, len) = range.split_once(':').unwrap_or((range, ""));
        let off: usize = off.trim().parse().ok()?;
        let chars = v.chars().skip(off);
        if len.is_empty() {
            chars.collect()
        } else {
            chars.take(len.trim().parse().ok()?).collect()
        }
    } else {
        return None;
    };
    Some((out, None))
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn words(w: &[&str]) -> Vec<Arg> {
        w.iter().map(|s| Arg::lit(*s)).collect()
    }

    #[rstest]
    #[case(&["%s %s\\n", "rm", "-rf ~"], "rm -rf ~\n")]
    #[case(&["\\x72m -rf ~"], "rm -rf ~")]
    #[case(&["\\162m"], "rm")]
    #[case(&["%b", "\\x72m"], "rm")]
    #[case(&["%b", "\\162m"], "rm")]
    #[case(&["%s\\n", "a", "b"], "a\nb\n")]
    #[case(&["%c%s", "rocket", "m"], "rm")]
    #[case(&["\\u0072m"], "rm")]
    fn printf_prints(#[case] args: &[&str], #[case] want: &str) {
        assert_eq!(printf(&words(args)).map(|p| p.1).as_deref(), Some(want));
    }

    #[test]
    fn printf_v_assigns() {
        let (var, text) = printf(&words(&["-v", "c", "%s", "rm"])).unwrap();
        assert_eq!((var.as_deref(), text.as_str()), (Some("c"), "rm"));
    }

    #[rstest]
    #[case(&["-e", "\\x72m -rf ~"], "rm -rf ~\n")]
    #[case(&["\\x72m"], "\\x72m\n")]
    #[case(&["-ne", "a\\0101"], "aA")]
    #[case(&["-e", "a\\cb"], "a")]
    fn echo_prints(#[case] args: &[&str], #[case] want: &str) {
        assert_eq!(echo(&words(args)), want);
    }

    #[rstest]
    #[case("${x:-rm}", "", "rm")]
    #[case("${x}", "rm", "rm")]
    #[case("${x/m/r}", "mm", "rm")]
    #[case("${x//m/r}", "mm", "rr")]
    #[case("${x%.sh}", "rm.sh", "rm")]
    #[case("${x#no}", "norm", "rm")]
    #[case("${#x}", "abc", "3")]
    #[case("${x:1:2}", "xrmx", "rm")]
    #[case("${x+rm}", "", "rm")]
    fn expansions(#[case] text: &str, #[case] x: &str, #[case] want: &str) {
        let got = expand(text, |n| (n == "x").then(|| x.to_owned()));
        assert_eq!(got.map(|g| g.0).as_deref(), Some(want));
    }

    #[test]
    fn unknown_variables_are_unknown() {
        assert_eq!(expand("${y:-rm}", |_| None), None);
        assert_eq!(expand("${x:-$(id)}", |_| Some(String::new())), None);
    }

    /// The escape as a string of its own, as it was built before it was
    /// written in place: the oracle of the property below.
    fn one_built(chars: &mut Peekable<Chars<'_>>, echo_style: bool) -> (String, bool) {
        let Some(e) = chars.next() else {
            return ("\\".into(), false);
        };
        let code = |v: Option<u32>| v.and_then(char::from_u32).map(String::from);
        let text = match e {
            'n' => "\n".into(),
            't' => "\t".into(),
            'r' => "\r".into(),
            'a' => "\u{7}".into(),
            'b' => "\u{8}".into(),
            'f' => "\u{c}".into(),
            'v' => "\u{b}".into(),
            'e' | 'E' => "\u{1b}".into(),
            '\\' => "\\".into(),
            '"' => "\"".into(),
            '\'' => "'".into(),
            'c' => return (String::new(), true),
            'x' => code(take_radix(chars, 16, 2)).unwrap_or_else(|| "\\x".into()),
            'u' => code(take_radix(chars, 16, 4)).unwrap_or_else(|| "\\u".into()),
            'U' => code(take_radix(chars, 16, 8)).unwrap_or_else(|| "\\U".into()),
            '0' if echo_style => {
                code(Some(take_radix(chars, 8, 3).unwrap_or(0))).unwrap_or_default()
            }
            '0'..='7' if !echo_style => {
                let v = octal_after(e, chars);
                code(Some(v)).unwrap_or_default()
            }
            other => format!("\\{other}"),
        };
        (text, false)
    }

    /// `echo` as it was: the words joined, then their escapes resolved.
    fn echo_joined(args: &[Arg]) -> String {
        let (escapes, newline, words) = echo_options(args);
        let joined = words
            .iter()
            .map(|a| a.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let mut out = String::new();
        let stopped = if escapes {
            unescape_into(&joined, true, &mut out)
        } else {
            out = joined;
            false
        };
        if newline && !stopped {
            out.push('\n');
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn echo_resolves_each_word_as_the_joined_words(
            words in proptest::collection::vec("-?[\\\\0-7xucne é]{0,5}", 0..4),
        ) {
            let args: Vec<Arg> = words.into_iter().map(Arg::lit).collect();
            proptest::prop_assert_eq!(echo(&args), echo_joined(&args));
        }

        #[test]
        fn an_escape_written_in_place_is_the_built_one(
            text in "[\\\\0-9a-fxuUcnteq'\"é]{0,10}",
            echo_style: bool,
        ) {
            let (mut a, mut b) = (text.chars().peekable(), text.chars().peekable());
            let mut got = String::new();
            let stop = unescape_one(&mut a, echo_style, &mut got);
            proptest::prop_assert_eq!((got, stop), one_built(&mut b, echo_style));
            proptest::prop_assert_eq!(a.collect::<String>(), b.collect::<String>());
        }
    }
}
