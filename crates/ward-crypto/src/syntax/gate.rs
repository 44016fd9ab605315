//! Which candidates are worth a parse. A call matches a row of the API table only if its path
//! (`cryptography…asymmetric.ec.generate_private_key`, `Crypto.PublicKey.RSA.generate`) ends
//! with the row's callee segments, and the resolver builds paths only from names written in
//! code: identifiers, import paths, attributes (and, in Go, import path strings). So a file where
//! some segment of every row of its language is missing as a whole identifier in code cannot
//! give a syntax finding, and is left to the line rules: the segment in a longer name
//! (`ECDSAKey`), a comment or a string does not count. Parsing is most of the syntax layer's
//! cost; most candidates never get one.

use super::apis::APIS;
use crate::lang::Lang;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// The distinct callee segments of the API table (`*` excluded), and for each row the indexes
/// of its segments.
struct Segments {
    ac: Option<AhoCorasick>,
    rows: Vec<(Lang, Vec<usize>)>,
    count: usize,
}

static SEGMENTS: LazyLock<Segments> = LazyLock::new(|| {
    let mut names: Vec<&'static str> = APIS
        .iter()
        .flat_map(|a| a.callee.split('.'))
        .filter(|s| *s != "*")
        .collect();
    names.sort_unstable();
    names.dedup();
    let rows = APIS
        .iter()
        .map(|a| {
            let ids = a
                .callee
                .split('.')
                .filter_map(|s| names.binary_search(&s).ok())
                .collect();
            (a.lang, ids)
        })
        .collect();
    Segments {
        // Standard semantics, searched overlapping: `ec` inside `spec` must not hide a match
        // that starts later.
        ac: AhoCorasick::new(&names).ok(),
        rows,
        count: names.len(),
    }
});

/// Whether `text` needs a parse: for some row of `lang`, every segment of its callee is a whole
/// identifier somewhere in code (not in a comment or, outside Go, a string). When comments and
/// strings cannot be told apart with certainty (an unterminated literal, a NUL byte, a stray
/// quote in Java or Go), any occurrence counts.
pub(super) fn wanted(text: &str, lang: Lang) -> bool {
    let seg = &*SEGMENTS;
    let Some(ac) = seg.ac.as_ref() else {
        // No automaton (cannot happen with these patterns): parse rather than miss.
        return true;
    };
    let b = text.as_bytes();
    let mut seen = vec![false; seg.count];
    let mut spans: Option<Option<Vec<(usize, usize)>>> = None;
    for m in ac.find_overlapping_iter(b) {
        let (s, e) = (m.start(), m.end());
        let id = m.pattern().as_usize();
        if seen.get(id).copied().unwrap_or(true)
            || s > 0 && b.get(s - 1).copied().is_some_and(ident)
            || b.get(e).copied().is_some_and(ident)
        {
            continue;
        }
        let in_literal = match spans.get_or_insert_with(|| literals(lang, b)) {
            Some(sp) => crate::lang::in_spans(sp, s),
            None => false,
        };
        if !in_literal && let Some(x) = seen.get_mut(id) {
            *x = true;
        }
    }
    seg.rows
        .iter()
        .any(|(l, ids)| *l == lang && ids.iter().all(|i| seen.get(*i).copied().unwrap_or(false)))
}

/// A byte that continues an identifier in Python, Java and Go alike. Non-ASCII bytes never do:
/// a Unicode letter next to a segment only costs a parse, while a symbol the grammars do not take
/// into names (U+FFFD from invalid UTF-8, found by the fuzzer) must not hide a call. Nor does
/// `$` (a Java name byte, a syntax error in Python: `rsa.$generate_private_key()`, found by the
/// property test): a Java name holding one only costs a parse.
fn ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The sorted spans of comments and of string literals that hold no code (f-strings hold code
/// and are not spans), or `None` when a literal does not end where the grammar says it must or
/// the text holds a NUL byte.
fn literals(lang: Lang, b: &[u8]) -> Option<Vec<(usize, usize)>> {
    // Tree-sitter's lexers take a NUL byte for the end of input: a line comment ends there and
    // the code after it is parsed (found by the fuzzer). Rare in text; read such files whole.
    if memchr::memchr(0, b).is_some() {
        return None;
    }
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
        // A text block: a line break after the opening `"""`, escapes, ends at the next
        // `"""`. Without the line break, or with a `\{` (a string template's code), the
        // grammar's reading is left to it (found by the property test).
        let after = b.get(i + 3..)?;
        let blanks = after
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'\r'))
            .count();
        if after.get(blanks) != Some(&b'\n') {
            return None;
        }
        let end = closing(b, i + 3, b"\"\"\"", true)?;
        if memchr::memmem::find(b.get(i..end)?, b"\\{").is_some() {
            return None;
        }
        end
    } else if c == b'\'' {
        // A char (rune) literal holds one character or one escape. Any other quote is a syntax
        // error, and how the grammar recovers from it (which quotes and comments it skips) is
        // not worth guessing: the file is parsed.
        char_literal(b, i)?
    } else if c == b'"' || c == b'`' && lang == Lang::Go {
        let end = if c == b'`' {
            i + 1 + memchr::memchr(b'`', b.get(i + 1..)?)? + 1
        } else {
            line_literal(b, i + 1, c)?
        };
        // `"\{expr}"`: a Java string template holds code.
        if lang == Lang::Java && memchr::memmem::find(b.get(i..end)?, b"\\{").is_some() {
            return None;
        }
        // A name or a quote right before the opening quote or right after the closing one
        // (`f"…"`, `"a"""`, `""crypto`) is a syntax error in Java and Go, and how the grammar
        // recovers is not worth guessing (found by the property test): the file is parsed.
        let glued = |x: u8| ident(x) || x == b'"' || x == b'\'';
        if (i > 0 && glued(at(b, i - 1))) || glued(at(b, end)) {
            return None;
        }
        // Go's import paths are strings, and name the packages of the table's rows.
        if lang != Lang::Go {
            spans.push((i, end));
        }
        return Some(end);
    } else if c == b'\\' || c == b'#' || c == b'`' {
        // No Java or Go token starts with these outside a literal: a syntax error, whose
        // recovery (which comments and quotes the grammar skips) is not worth guessing (found by
        // the property test: `\//new RSAEngine()`). The file is parsed.
        return None;
    } else {
        return Some(i + 1);
    };
    spans.push((i, end));
    Some(end)
}

/// The end of the Java char or Go rune literal whose opening quote is at `i`, if one is there:
/// one character (any UTF-8 sequence) or an escape of at most 10 bytes (`\u0041`, `\U0001F600`).
fn char_literal(b: &[u8], i: usize) -> Option<usize> {
    let first = *b.get(i + 1)?;
    let close = if first == b'\\' {
        let rest = b.get(i + 2..(i + 13).min(b.len()))?;
        i + 3
            + rest
                .iter()
                .skip(1)
                .position(|c| *c == b'\'' || *c == b'\n')?
    } else {
        // The length of the UTF-8 sequence from its lead byte.
        i + 1 + usize::try_from(first.leading_ones().max(1)).unwrap_or(1)
    };
    (first != b'\'' && first != b'\n' && at(b, close) == b'\'').then_some(close + 1)
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
    #[case::code(
        Lang::Python,
        "from x.asymmetric import ec\nk = ec.generate_private_key(c)",
        true
    )]
    #[case::comment(Lang::Python, "import ec\n# ec.generate_private_key(c)\nx = 1", false)]
    #[case::docstring(Lang::Python, "import ec\ndef f():\n    \"\"\"ECDSA.\n\"\"\"\n", false)]
    #[case::bytes(Lang::Python, "import ec\nx = rb'ECDSA' + b\"ECDSA\"", false)]
    #[case::fstring_field(Lang::Python, "import ec\ns = f\"{ec.ECDSA(h)!r:>{w}}\"", true)]
    #[case::fstring_text(Lang::Python, "import ec\ns = f'ECDSA {x}'", true)]
    #[case::nested_quotes(Lang::Python, "import ec\ns = f\"{d[\"k\"]}\" + 'ECDSA'", false)]
    #[case::spec_quote(Lang::Python, "import ec\ns = f\"{x:'^9}\" + 'ECDSA'", false)]
    #[case::longer_name(Lang::Python, "import ec\nk = paramiko.ECDSAKey(x)", false)]
    #[case::name_suffix(Lang::Python, "import ec\nk = MyECDSA(x)", false)]
    #[case::half_a_row(Lang::Python, "# RSA\nk = key.generate(1024)", false)]
    #[case::imported_name(
        Lang::Python,
        "from Crypto.PublicKey.ECC import construct\nconstruct(curve='P-256')",
        true
    )]
    #[case::through_self(
        Lang::Python,
        "from Crypto.PublicKey import RSA\nclass T:\n    r = RSA\n    def t(self):\n        self.r.generate(1024)",
        true
    )]
    #[case::replacement_char(Lang::Python, "k = \u{FFFD}rsa.generate_private_key(1)", true)]
    #[case::unicode_name(Lang::Python, "k = érsa.generate_private_key(1)", true)]
    #[case::deep_fstring(Lang::Python, &format!("import ec\ns = {}\nk = ECDSA(h)", "f'{".repeat(5000)), true)]
    #[case::unterminated(Lang::Python, "import ec\ns = 'abc\nk = ECDSA(h)  # '", true)]
    #[case::java_block(Lang::Java, "String s = \"\"\"\n new RSAEngine()\n\"\"\";", false)]
    #[case::java_comment(Lang::Java, "/* new RSAEngine() */ int x = 1;", false)]
    #[case::java_code(Lang::Java, "e = new RSAEngine(); // a\n", true)]
    #[case::java_longer(Lang::Java, "e = new MyRSAEngine();", false)]
    #[case::go_comment(Lang::Go, "// rsa.GenerateKey(r, 1024)\nvar x = 1", false)]
    #[case::go_alias(
        Lang::Go,
        "import stdrsa \"crypto/rsa\"\nstdrsa.SignPSS(r, k, h, d, nil)",
        true
    )]
    #[case::go_raw_import(
        Lang::Go,
        "import stdrsa `crypto/rsa`\nstdrsa.SignPSS(r, k, h, d, nil)",
        true
    )]
    #[case::go_unimported(Lang::Go, "k, _ := stdrsa.SignPSS(r, k, h, d, nil)", false)]
    #[case::java_char(Lang::Java, "char q = '\\''; /* new RSAEngine() */", false)]
    #[case::java_not_a_char(Lang::Java, "x = 'new RSAEngine()';", true)]
    #[case::java_stray_quote(Lang::Java, "\"f\"'/*p\n{new RSAEngine()*/", true)]
    #[case::java_empty_chars(Lang::Java, "''''rb'new RSAEngine()'", true)]
    #[case::go_rune_escape(Lang::Go, "c := '\\u0041' // rsa.GenerateKey(r, 1)", false)]
    #[case::go_rune(Lang::Go, "c := '\"'; k, _ := rsa.GenerateKey(r, 2048)", true)]
    fn gate(#[case] lang: Lang, #[case] code: &str, #[case] want: bool) {
        assert_eq!(wanted(code, lang), want, "{code}");
    }
}
