//! Which candidates are worth a parse: a file is parsed only when it names one of the API table's
//! callees as a whole identifier, in code. A name inside a longer identifier (`ECDSAKey`), a
//! comment or a string literal can never be a call the tree would find; parsing is most of the
//! syntax layer's cost, so those files are left to the line rules.

use crate::lang::Lang;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// The callee names of the API table, as literals: a call to a row must spell its last name
/// (`generate_private_key`, `GenerateKey`, `RSADigestSigner`), or the last two where the last is
/// common (`RSA.generate`, `DSS.new`).
static TRIGGERS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let mut pats: Vec<String> = super::apis::APIS
        .iter()
        .map(|a| {
            let mut segs = a.callee.rsplit('.');
            let last = segs.next().unwrap_or(a.callee);
            match segs.next() {
                // A short name is common in any code (`New`, `Sign`, `encode`, `PublicKey`):
                // the module before it must be spelt too (`jwt.New`; `stdrsa.SignPSS` still
                // contains `rsa.SignPSS`). Acronyms (`ECDH`, `OAEP`) are rare enough alone.
                Some(prev)
                    if last.len() < 11
                        && prev != "*"
                        && !last.bytes().all(|b| b.is_ascii_uppercase()) =>
                {
                    format!("{prev}.{last}")
                }
                _ => last.to_owned(),
            }
        })
        .collect();
    pats.sort();
    pats.dedup();
    // Standard match semantics, searched overlapping: `ECDSA` inside `ECDSASigner` must not hide
    // `DSASigner`'s own match.
    AhoCorasick::new(pats).ok()
});

/// Whether `text` needs a parse: some trigger is a whole identifier (or, for `module.Name`
/// triggers, ends one: `stdrsa.SignPSS`) outside comments and string literals. When the
/// comments and strings cannot be told apart with certainty (an unterminated literal), any
/// trigger counts.
pub(super) fn wanted(text: &str, lang: Lang) -> bool {
    let Some(ac) = TRIGGERS.as_ref() else {
        // No automaton (cannot happen with these patterns): parse rather than miss.
        return true;
    };
    let b = text.as_bytes();
    let mut skip: Option<Option<Vec<(usize, usize)>>> = None;
    for m in ac.find_overlapping_iter(b) {
        let (s, e) = (m.start(), m.end());
        let dotted = b.get(s..e).is_some_and(|t| t.contains(&b'.'));
        let left = s == 0 || dotted || !b.get(s - 1).copied().is_some_and(ident);
        let right = !b.get(e).copied().is_some_and(ident);
        if !(left && right) {
            continue;
        }
        match skip.get_or_insert_with(|| literals(lang, b)) {
            None => return true,
            Some(spans) => {
                if !crate::lang::in_spans(spans, s) {
                    return true;
                }
            }
        }
    }
    false
}

/// A byte that continues an identifier in Python, Java or Go (any non-ASCII byte counts: those
/// languages allow Unicode letters in names).
fn ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

/// The sorted spans of comments and of string literals that hold no code (f-strings hold code
/// and are not spans), or `None` when a literal does not end where the grammar says it must.
fn literals(lang: Lang, b: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        i = match lang {
            Lang::Python => python(b, i, &mut spans, 0)?,
            _ => c_like(lang, b, i, &mut spans)?,
        };
    }
    Some(spans)
}

fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// One Java or Go token from `i` (a comment, a literal, or one byte of code); the index after it.
fn c_like(lang: Lang, b: &[u8], i: usize, spans: &mut Vec<(usize, usize)>) -> Option<usize> {
    let c = at(b, i);
    let end = if c == b'/' && at(b, i + 1) == b'/' {
        memchr::memchr(b'\n', b.get(i..)?).map_or(b.len(), |e| i + e)
    } else if c == b'/' && at(b, i + 1) == b'*' {
        i + 2 + memchr::memmem::find(b.get(i + 2..)?, b"*/")? + 2
    } else if lang == Lang::Java && b.get(i..)?.starts_with(b"\"\"\"") {
        // A text block: escapes, ends at the next `"""`.
        closing(b, i + 3, b"\"\"\"", true)?
    } else if c == b'"' || c == b'\'' {
        line_literal(b, i + 1, c)?
    } else if c == b'`' && lang == Lang::Go {
        i + 1 + memchr::memchr(b'`', b.get(i + 1..)?)? + 1
    } else {
        return Some(i + 1);
    };
    spans.push((i, end));
    Some(end)
}

/// The end (after the closing quote) of a one-line literal whose body starts at `i`; `None`
/// when a newline or the end of the file comes first.
fn line_literal(b: &[u8], mut i: usize, quote: u8) -> Option<usize> {
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            b'\n' => return None,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The end of a literal whose body starts at `i` and ends at `close` (`escapes`: a backslash
/// hides the next byte).
fn closing(b: &[u8], mut i: usize, close: &[u8], escapes: bool) -> Option<usize> {
    loop {
        let rest = b.get(i..)?;
        if rest.starts_with(close) {
            return Some(i + close.len());
        }
        i += if escapes && rest.first() == Some(&b'\\') {
            2
        } else {
            1
        };
    }
}

/// How deeply f-strings may nest in each other's fields before the file is simply parsed.
const MAX_FSTRING_NEST: u32 = 16;

/// One Python token from `i`; the index after it. `nest`: f-string fields around it.
fn python(b: &[u8], i: usize, spans: &mut Vec<(usize, usize)>, nest: u32) -> Option<usize> {
    let c = at(b, i);
    if c == b'#' {
        let end = memchr::memchr(b'\n', b.get(i..)?).map_or(b.len(), |e| i + e);
        spans.push((i, end));
        return Some(end);
    }
    if ident(c) {
        // A whole name, so a string prefix (`rb`, `f`) is told from the end of a longer name.
        let mut j = i;
        while ident(at(b, j)) {
            j += 1;
        }
        let q = at(b, j);
        let prefix = b.get(i..j)?;
        let is_prefix = prefix.len() <= 2
            && prefix
                .iter()
                .all(|p| matches!(p.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f' | b't'));
        if !(is_prefix && (q == b'"' || q == b'\'')) {
            return Some(j);
        }
        let code = prefix
            .iter()
            .any(|p| matches!(p.to_ascii_lowercase(), b'f' | b't'));
        let end = py_string(b, j, code, nest)?;
        if !code {
            spans.push((i, end));
        }
        return Some(end);
    }
    if c == b'"' || c == b'\'' {
        let end = py_string(b, i, false, nest)?;
        spans.push((i, end));
        return Some(end);
    }
    Some(i + 1)
}

/// The end of the Python string whose opening quote is at `i`. In an f-string (`code`) the
/// replacement fields are code and are read as such, strings nested in them included.
fn py_string(b: &[u8], i: usize, code: bool, nest: u32) -> Option<usize> {
    let q = at(b, i);
    let triple = at(b, i + 1) == q && at(b, i + 2) == q;
    let mut j = if triple { i + 3 } else { i + 1 };
    loop {
        let c = *b.get(j)?;
        if c == b'\\' {
            j += 2;
        } else if c == q && (!triple || (at(b, j + 1) == q && at(b, j + 2) == q)) {
            return Some(j + if triple { 3 } else { 1 });
        } else if c == b'\n' && !triple {
            return None;
        } else if code && c == b'{' && at(b, j + 1) == b'{' {
            j += 2;
        } else if code && c == b'{' {
            j = py_field(b, j + 1, nest + 1)?;
        } else {
            j += 1;
        }
    }
}

/// The end (after the `}`) of an f-string replacement field whose body starts at `i`.
fn py_field(b: &[u8], mut i: usize, nest: u32) -> Option<usize> {
    if nest > MAX_FSTRING_NEST {
        return None;
    }
    let mut depth = 0usize;
    let mut ignored = Vec::new();
    loop {
        match *b.get(i)? {
            b'}' if depth == 0 => return Some(i + 1),
            // The format spec (`{x:>{w}}`, `{x:=5}`) is text with nested fields.
            b':' if depth == 0 => return py_spec(b, i + 1, nest),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            // A comment here is not valid Python: its extent is anyone's guess.
            b'#' => return None,
            _ => i = python(b, i, &mut ignored, nest)?,
        }
    }
}

/// The end (after the `}`) of a replacement field's format spec whose text starts at `i`.
fn py_spec(b: &[u8], mut i: usize, nest: u32) -> Option<usize> {
    loop {
        match *b.get(i)? {
            b'}' => return Some(i + 1),
            b'{' => i = py_field(b, i + 1, nest + 1)?,
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::code(Lang::Python, "k = ec.generate_private_key(c)", true)]
    #[case::comment(Lang::Python, "# ec.generate_private_key(c)\nx = 1", false)]
    #[case::docstring(Lang::Python, "def f():\n    \"\"\"Calls ECDSA.\n\"\"\"\n", false)]
    #[case::bytes(Lang::Python, "x = rb'ECDSA' + b\"ECDH\"", false)]
    #[case::fstring_field(Lang::Python, "s = f\"{ec.ECDSA(h)!r:>{w}}\"", true)]
    #[case::fstring_text(Lang::Python, "s = f'ECDSA {x}'", true)]
    #[case::nested_quotes(Lang::Python, "s = f\"{d[\"k\"]}\" + 'ECDSA'", false)]
    #[case::longer_name(Lang::Python, "k = paramiko.ECDSAKey(x)", false)]
    #[case::name_suffix(Lang::Python, "k = MyECDSA(x)", false)]
    #[case::spec_quote(Lang::Python, "s = f\"{x:'^9}\" + 'ECDSA'", false)]
    #[case::deep_fstring(Lang::Python, &format!("s = {}\nk = ECDSA(h)", "f'{".repeat(5000)), true)]
    #[case::unterminated(Lang::Python, "s = 'abc\nk = ECDSA(h)  # '", true)]
    #[case::java_block(Lang::Java, "String s = \"\"\"\n new RSAEngine()\n\"\"\";", false)]
    #[case::java_comment(Lang::Java, "/* new RSAEngine() */ int x = 1;", false)]
    #[case::java_code(Lang::Java, "e = new RSAEngine(); // a\n", true)]
    #[case::java_longer(Lang::Java, "e = new MyRSAEngine();", false)]
    #[case::go_raw(Lang::Go, "var s = `rsa.GenerateKey(r, 1024)`", false)]
    #[case::go_alias(Lang::Go, "k, _ := stdrsa.SignPSS(r, k, h, d, nil)", true)]
    #[case::go_rune(Lang::Go, "c := '\"'; k, _ := rsa.GenerateKey(r, 2048)", true)]
    fn gate(#[case] lang: Lang, #[case] code: &str, #[case] want: bool) {
        assert_eq!(wanted(code, lang), want, "{code}");
    }
}
