//! Compiling rule patterns small: the Perl classes (`\w`, `\d`, `\s`, `\b`) are rewritten to their
//! ASCII forms before the regex is built.
//!
//! A Unicode `\w` compiles to a UTF-8 automaton of a few thousand NFA states, and every rule has
//! one or more, in a forward and a reverse NFA: built eagerly, the 71 rules held ~12 MB. The ASCII
//! forms are a few states each and keep matching what the rules look for (identifiers, numbers,
//! curve names, spacing in source code). Negated classes and `.` stay Unicode-aware, as a `&str`
//! regex requires; they are small.

use regex::Regex;

/// The ASCII form of a Perl class: (outside a bracket class, inside one).
fn ascii_class(c: char) -> Option<(&'static str, &'static str)> {
    match c {
        'w' => Some(("[0-9A-Za-z_]", "0-9A-Za-z_")),
        'd' => Some(("[0-9]", "0-9")),
        's' => Some((r"[\t\n\x0B\x0C\r ]", r"\t\n\x0B\x0C\r ")),
        'b' => Some((r"(?-u:\b)", r"\b")),
        'B' => Some((r"(?-u:\B)", r"\B")),
        _ => None,
    }
}

/// `pattern` with its Perl classes and word boundaries made ASCII-only.
pub(crate) fn asciify(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    // Nesting depth of bracket classes, and whether the next char opens a class body (where a
    // leading `]` or `^` is not special).
    let mut depth = 0usize;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let starting = std::mem::take(&mut class_start);
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push(c);
                    break;
                };
                match ascii_class(n) {
                    // `\b` inside a class is a backspace: leave it.
                    Some(_) if depth > 0 && matches!(n, 'b' | 'B') => {
                        out.push(c);
                        out.push(n);
                    }
                    Some((outside, inside)) => {
                        out.push_str(if depth > 0 { inside } else { outside })
                    }
                    None => {
                        out.push(c);
                        out.push(n);
                    }
                }
            }
            '[' => {
                // `[:word:]`-style names inside a class are copied whole.
                if depth > 0 && chars.peek() == Some(&':') {
                    out.push(c);
                    for n in chars.by_ref() {
                        out.push(n);
                        if n == ']' {
                            break;
                        }
                    }
                    continue;
                }
                depth += 1;
                class_start = true;
                out.push(c);
            }
            '^' if starting => {
                class_start = true;
                out.push(c);
            }
            ']' if depth > 0 && !starting => {
                depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A rule pattern compiled with ASCII classes; `None` if it does not compile (the tests check
/// every pattern does).
pub(crate) fn compile(pattern: &str) -> Option<Regex> {
    Regex::new(&asciify(pattern)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case(
        r"key_size\s*=\s*([\w.]+)",
        r"key_size[\t\n\x0B\x0C\r ]*=[\t\n\x0B\x0C\r ]*([0-9A-Za-z_.]+)"
    )]
    #[case(r"\brsa\.x\(", r"(?-u:\b)rsa\.x\(")]
    #[case(r"L(\d+)N\d+", r"L([0-9]+)N[0-9]+")]
    #[case(r"[^\w]", r"[^0-9A-Za-z_]")]
    #[case(r"[]\w]", r"[]0-9A-Za-z_]")]
    #[case(r"[^]x]\w", r"[^]x][0-9A-Za-z_]")]
    #[case(r"[[:word:]]\w", r"[[:word:]][0-9A-Za-z_]")]
    #[case(r"\.\(\)\\w", r"\.\(\)\\w")]
    #[case(r"[\b]", r"[\b]")]
    #[case(r"abc\", r"abc\")]
    fn rewrites(#[case] pattern: &str, #[case] want: &str) {
        assert_eq!(asciify(pattern), want);
    }

    #[test]
    fn ascii_forms_match_ascii_and_skip_other_scripts() {
        let re = compile(r"\bkey\s*=\s*(\w+)").unwrap();
        assert_eq!(&re.captures("key = abc_1").unwrap()[1], "abc_1");
        assert_eq!(&re.captures("key = abé").unwrap()[1], "ab");
        assert!(
            re.is_match("é key=1"),
            "an ASCII boundary sits between é and k"
        );
    }

    const PIECES: &[&str] = &[
        r"\w", r"\d", r"\s", r"\b", r"\B", r"[\w.]", r"[^,]", r"[^\s]", "a", "b", "c", ".", "+",
        "*", "?", "(", ")", "|",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// On ASCII text the rewritten pattern matches exactly where the original does.
        #[test]
        fn same_matches_on_ascii(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 1..8),
            text in "[ a-c0-9_.,\t]{0,24}",
        ) {
            let pattern = pieces.concat();
            if let (Ok(a), Some(b)) = (Regex::new(&pattern), compile(&pattern)) {
                let ma = a.find_iter(&text).map(|m| m.range()).collect::<Vec<_>>();
                let mb = b.find_iter(&text).map(|m| m.range()).collect::<Vec<_>>();
                prop_assert_eq!(ma, mb);
            }
        }

        #[test]
        fn any_pattern_never_panics(pattern in r"[\\\[\]^:wdsbB.a-]{0,16}") {
            let _ = compile(&pattern);
        }
    }
}
