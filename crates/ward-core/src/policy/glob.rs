//! Small glob matcher for rule patterns: `*` within a segment, `**` across
//! segments, `?` one character.

/// Whether `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), 0)
}

/// A rule's pattern, compiled when the rule is: the shapes rules mostly
/// use (a word, `--flag=**`, `delete-*`) are answered by a comparison
/// instead of the matcher (a rule's words are tried against every
/// argument of every command it meets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Glob {
    /// No `*` or `?`: only the text itself.
    Literal(String),
    /// A literal then `**` (anything after it), or then `*` (anything
    /// without a `/`).
    Prefix { literal: String, cross: bool },
    /// A literal, `*`, a second literal without `/`, `*` (`-*R*`,
    /// `*-LISTEN:*`): the rest after the first literal holds no `/` and
    /// holds the second (one `*` never crosses a `/`, so where the second
    /// occurs does not matter).
    Infix { prefix: String, middle: String },
    /// Anything else, for [`matches`].
    Pattern(String),
}

impl Glob {
    pub(crate) fn new(pattern: &str) -> Glob {
        let wild = |s: &str| s.contains(['*', '?']);
        if !wild(pattern) {
            return Glob::Literal(pattern.to_owned());
        }
        let (literal, cross) = match pattern.strip_suffix("**") {
            Some(l) => (l, true),
            None => (pattern.strip_suffix('*').unwrap_or(pattern), false),
        };
        if literal.len() < pattern.len() && !wild(literal) {
            return Glob::Prefix {
                literal: literal.to_owned(),
                cross,
            };
        }
        if !cross
            && literal.len() < pattern.len()
            && let Some((prefix, middle)) = literal.split_once('*')
            && !wild(prefix)
            && !middle.is_empty()
            && !wild(middle)
            && !middle.contains('/')
        {
            return Glob::Infix {
                prefix: prefix.to_owned(),
                middle: middle.to_owned(),
            };
        }
        Glob::Pattern(pattern.to_owned())
    }

    /// Whether `text` matches, as [`matches`] has it. Inlined: most of a
    /// rule's words are literals, tried against every argument, and a
    /// comparison of lengths answers most of them.
    #[inline]
    pub(crate) fn matches(&self, text: &str) -> bool {
        match self {
            Glob::Literal(l) => l.as_str() == text,
            Glob::Prefix { literal, cross } => text
                .strip_prefix(literal.as_str())
                .is_some_and(|rest| *cross || !rest.contains('/')),
            _ => self.matches_wild(text),
        }
    }

    /// [`Glob::matches`] of the shapes with a `*` inside.
    fn matches_wild(&self, text: &str) -> bool {
        match self {
            Glob::Literal(_) | Glob::Prefix { .. } => self.matches(text),
            Glob::Infix { prefix, middle } => text
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| !rest.contains('/') && rest.contains(middle.as_str())),
            Glob::Pattern(p) => matches(p, text),
        }
    }
}

fn glob(mut p: &[u8], mut t: &[u8], depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    // Literal bytes are matched in a loop; only `*` recurses.
    while let (Some((&c, pr)), Some((&tc, tr))) = (p.split_first(), t.split_first()) {
        if c == b'*' {
            break;
        }
        if c != b'?' && c != tc {
            return false;
        }
        p = pr;
        t = tr;
    }
    match p.split_first() {
        None => t.is_empty(),
        Some((b'*', rest)) => {
            let (cross, rest) = match rest.split_first() {
                Some((b'*', r)) => (true, r.strip_prefix(b"/").unwrap_or(r)),
                _ => (false, rest),
            };
            if rest.is_empty() {
                return cross || !t.contains(&b'/');
            }
            if !rest.iter().any(|b| matches!(b, b'*' | b'?')) {
                // Only a literal is left (`**/.env`, `*.pem`): it ends the text.
                let Some(before) = t.len().checked_sub(rest.len()) else {
                    return false;
                };
                return t.ends_with(rest)
                    && (cross || !t.get(..before).unwrap_or_default().contains(&b'/'));
            }
            // A literal first byte of the rest can only match where the
            // text has that byte: the other positions are skipped unrecursed.
            let first = rest.first().filter(|c| !matches!(c, b'*' | b'?'));
            for i in 0..=t.len() {
                let Some(tail) = t.get(i..) else { break };
                if first.is_none_or(|c| tail.first() == Some(c)) && glob(rest, tail, depth + 1) {
                    return true;
                }
                if !cross && t.get(i) == Some(&b'/') {
                    break;
                }
            }
            false
        }
        Some((b'?', rest)) => t
            .split_first()
            .is_some_and(|(_, tr)| glob(rest, tr, depth + 1)),
        Some((c, rest)) => t
            .split_first()
            .is_some_and(|(tc, tr)| tc == c && glob(rest, tr, depth + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs() {
        assert!(matches("delete-*", "delete-stack"));
        assert!(!matches("delete-*", "describe-stack"));
        assert!(matches("~/.ssh/**", "~/.ssh/id_rsa"));
        assert!(matches("**/.env*", "/work/p/.env.local"));
        assert!(matches("**/.env*", ".env"));
        assert!(!matches("/etc/*", "/etc/a/b"));
        assert!(matches("/etc/**", "/etc/a/b"));
        assert!(matches("mcp__*__delete*", "mcp__github__delete_repo"));
        assert!(matches("a?c", "abc"));
        assert!(!matches("a?c", "ac"));
        assert!(matches("*.pem", "x.pem"));
        assert!(!matches("*.pem", "/x.pem"));
        assert!(matches("**.pem", "a/x.pem"));
        assert!(!matches("x*x", "x"));
        assert!(matches("x*x", "xx"));
        assert!(matches("exact", "exact"));
        assert!(!matches("exact", "exactly"));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
        assert!(matches("*", ""));
        assert!(matches("x/**/", "x/abc"));
        assert!(matches("a/**/b", "a/b"));
    }

    proptest::proptest! {
        /// The prefilter and the loop agree with a plain recursive matcher.
        #[test]
        fn the_fast_paths_agree_with_the_plain_matcher(
            p in "[ab/*?.]{0,3}(\\*\\*/?)?[ab/*?.]{0,4}",
            t in "[ab/.]{0,10}",
        ) {
            proptest::prop_assert_eq!(matches(&p, &t), plain(p.as_bytes(), t.as_bytes()));
        }

        /// A compiled pattern matches what the matcher matches.
        #[test]
        fn a_compiled_pattern_agrees_with_the_matcher(
            p in "[ab/.]{0,3}(\\*|\\*\\*|\\?)?[ab/*?.]{0,2}(\\*\\*?)?",
            t in "[ab/.]{0,8}",
        ) {
            proptest::prop_assert_eq!(super::Glob::new(&p).matches(&t), matches(&p, &t));
        }
    }

    #[test]
    fn rule_shapes_compile_to_comparisons() {
        use super::Glob;
        assert_eq!(Glob::new("-delete"), Glob::Literal("-delete".into()));
        let prefix = |l: &str, cross| Glob::Prefix {
            literal: l.into(),
            cross,
        };
        assert_eq!(Glob::new("https://**"), prefix("https://", true));
        assert_eq!(Glob::new("delete-*"), prefix("delete-", false));
        assert_eq!(Glob::new("*"), prefix("", false));
        let infix = |p: &str, m: &str| Glob::Infix {
            prefix: p.into(),
            middle: m.into(),
        };
        assert_eq!(Glob::new("*-LISTEN:*"), infix("", "-LISTEN:"));
        assert_eq!(Glob::new("-*R*"), infix("-", "R"));
        assert_eq!(Glob::new("a*b/c*"), Glob::Pattern("a*b/c*".into()));
        assert_eq!(Glob::new("a*b**"), Glob::Pattern("a*b**".into()));
        assert_eq!(Glob::new("a*b"), Glob::Pattern("a*b".into()));
        assert!(Glob::new("-*R*").matches("-fNR"));
        assert!(!Glob::new("-*R*").matches("-fN/R"));
        assert!(!Glob::new("-*R*").matches("R-"));
        assert!(!Glob::new("delete-*").matches("delete-a/b"));
        assert!(Glob::new("git+**").matches("git+ssh://h/r"));
    }

    /// The matcher as first written: one recursion per byte.
    fn plain(p: &[u8], t: &[u8]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some((b'*', rest)) => {
                let (cross, rest) = match rest.split_first() {
                    Some((b'*', r)) => (true, r.strip_prefix(b"/").unwrap_or(r)),
                    _ => (false, rest),
                };
                if rest.is_empty() {
                    return cross || !t.contains(&b'/');
                }
                for i in 0..=t.len() {
                    if plain(rest, &t[i..]) {
                        return true;
                    }
                    if !cross && t.get(i) == Some(&b'/') {
                        break;
                    }
                }
                false
            }
            Some((b'?', rest)) => t.split_first().is_some_and(|(_, tr)| plain(rest, tr)),
            Some((c, rest)) => t
                .split_first()
                .is_some_and(|(tc, tr)| tc == c && plain(rest, tr)),
        }
    }
}
