//! Reading one shell word into its value: quotes removed, escapes resolved,
//! `~`/`$HOME` kept as `~`, anything only known at run time marked dynamic.

use crate::action::Text;

/// Removes backslash escapes from an unquoted word (`\rm` → `rm`).
pub fn unescape_bare(s: &str) -> String {
    let mut out = Text::with_capacity(s.len());
    push_bare(&mut out, s);
    out.into_string()
}

/// Whether the unquoted word `s` is its own value: most words hold no
/// backslash and start with an ASCII byte.
#[inline]
pub fn is_plain(s: &str) -> bool {
    let b = s.as_bytes();
    // Words are short: a byte loop costs less than a `memchr` call.
    b.first().is_none_or(u8::is_ascii)
        && if b.len() <= 32 {
            b.iter().all(|&c| c != b'\\')
        } else {
            memchr::memchr(b'\\', b).is_none()
        }
}

/// Appends `s` to `out` as [`unescape_bare`] reads it, without a
/// temporary string.
pub fn push_bare(out: &mut Text, s: &str) {
    if is_plain(s) {
        out.push_str(s);
        return;
    }
    // Look-alike dashes (‐ ‑ ‒ – — −) at the start of a word read as `-`, so
    // `‐‐hard` cannot hide a flag from rules.
    let trimmed = s.trim_start_matches([
        '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}',
    ]);
    for _ in 0..s
        .get(..s.len() - trimmed.len())
        .unwrap_or_default()
        .chars()
        .count()
    {
        out.push('-');
    }
    let mut chars = trimmed.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('\n') | None => {}
                Some(n) => out.push(n),
            }
        } else {
            out.push(c);
        }
    }
}

/// Resolves the escapes allowed inside double quotes (`\"`, `\\`, `\$`, `` \` ``).
pub fn unescape_double(s: &str) -> String {
    let mut out = Text::with_capacity(s.len());
    push_double(&mut out, s);
    out.into_string()
}

/// Appends `s` to `out` as [`unescape_double`] reads it, without a
/// temporary string.
pub fn push_double(out: &mut Text, s: &str) {
    if !s.contains('\\') {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some(&n @ ('"' | '\\' | '$' | '`')) => {
                    out.push(n);
                    chars.next();
                }
                Some('\n') => {
                    chars.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
}

/// Decodes the body of a `$'…'` string.
pub fn decode_ansi_c(s: &str) -> String {
    let body = s
        .strip_prefix("$'")
        .and_then(|b| b.strip_suffix('\''))
        .unwrap_or(s);
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else { break };
        if let Some(c) = control_escape(e) {
            out.push(c);
            continue;
        }
        match e {
            'x' => push_code(&mut out, take_radix(&mut chars, 16, 2)),
            'u' => push_code(&mut out, take_radix(&mut chars, 16, 4)),
            'U' => push_code(&mut out, take_radix(&mut chars, 16, 8)),
            '0'..='7' => {
                let v = octal_after(e, &mut chars);
                push_code(&mut out, Some(v));
            }
            'c' => {
                if let Some(ctl) = chars.next() {
                    push_code(&mut out, Some(u32::from(ctl) & 0x1f));
                }
            }
            other => out.push(other),
        }
    }
    out
}

pub(crate) fn take_radix(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    radix: u32,
    max: usize,
) -> Option<u32> {
    let mut v: u32 = 0;
    let mut n = 0;
    while n < max {
        match chars.peek().and_then(|c| c.to_digit(radix)) {
            Some(d) => {
                v = v.saturating_mul(radix).saturating_add(d);
                chars.next();
                n += 1;
            }
            None => break,
        }
    }
    (n > 0).then_some(v)
}

/// The control character of a one-letter escape (`\n`, `\t`, `\e`, …),
/// as `$'…'`, `echo -e` and `printf` all read it.
pub(crate) fn control_escape(e: char) -> Option<char> {
    Some(match e {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'a' => '\u{7}',
        'b' => '\u{8}',
        'e' | 'E' => '\u{1b}',
        'f' => '\u{c}',
        'v' => '\u{b}',
        _ => return None,
    })
}

/// An octal escape's value: `first`, the digit after the backslash, then
/// up to two more octal digits (`\101` is `A`).
pub(crate) fn octal_after(
    first: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> u32 {
    let mut v = first.to_digit(8).unwrap_or(0);
    for _ in 0..2 {
        match chars.peek().and_then(|c| c.to_digit(8)) {
            Some(d) => {
                v = v * 8 + d;
                chars.next();
            }
            None => break,
        }
    }
    v
}

fn push_code(out: &mut String, code: Option<u32>) {
    if let Some(c) = code.and_then(char::from_u32) {
        out.push(c);
    }
}

/// The value of a parameter expansion ward can know statically: `$HOME` is `~`,
/// `$PWD` is `.`. Everything else is only known at run time.
pub fn known_variable(name: &str) -> Option<&'static str> {
    match name {
        "HOME" => Some("~"),
        "PWD" => Some("."),
        "TMPDIR" => Some("/tmp"),
        _ => None,
    }
}

/// The basename of a program path (`/usr/bin/rm` → `rm`).
pub fn basename(program: &str) -> &str {
    // Most names are 2 to 8 bytes with no `/`: two loads that may overlap
    // (together they hold every byte) say so in one test.
    let b = program.as_bytes();
    let word = if b.len() > 8 {
        None
    } else if let (Some(h), Some(t)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        Some(u64::from(u32::from_le_bytes(*h)) | u64::from(u32::from_le_bytes(*t)) << 32)
    } else if let (Some(h), Some(t)) = (b.first_chunk::<2>(), b.last_chunk::<2>()) {
        // The high bytes stay zero, which is no `/`.
        Some(u64::from(u16::from_le_bytes(*h)) | u64::from(u16::from_le_bytes(*t)) << 16)
    } else {
        None
    };
    if let Some(w) = word {
        // Whether any byte of `w` is `/`: exact (no byte but a `/` one
        // becomes zero, and the test finds a zero byte only if one is).
        let v = w ^ 0x2f2f_2f2f_2f2f_2f2f;
        if v.wrapping_sub(0x0101_0101_0101_0101) & !v & 0x8080_8080_8080_8080 == 0 {
            return program;
        }
    }
    // A byte scan: `rsplit` costs more than the short names it cuts.
    match program.bytes().rposition(|b| b == b'/') {
        Some(at) => program.get(at + 1..).unwrap_or_default(),
        None => program,
    }
}

/// The words' texts, separated by blanks (as written: no quoting).
pub(crate) fn join_texts(words: &[crate::action::Arg]) -> String {
    let mut out = String::with_capacity(words.iter().map(|a| a.text.len() + 1).sum());
    for (i, a) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&a.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("$'\\x72m'", "rm")]
    #[case("$'\\162m'", "rm")]
    #[case("$'\\u0072m'", "rm")]
    #[case("$'a\\tb'", "a\tb")]
    #[case("$'it\\'s'", "it's")]
    fn decodes_ansi_c(#[case] input: &str, #[case] want: &str) {
        assert_eq!(decode_ansi_c(input), want);
    }

    #[rstest]
    #[case("\\rm", "rm")]
    #[case("r\\m", "rm")]
    #[case("a\\ b", "a b")]
    fn unescapes_bare(#[case] input: &str, #[case] want: &str) {
        assert_eq!(unescape_bare(input), want);
    }

    #[test]
    fn double_quotes_keep_other_backslashes() {
        assert_eq!(unescape_double(r#"a\"b\\c\d"#), r#"a"b\c\d"#);
    }
}
