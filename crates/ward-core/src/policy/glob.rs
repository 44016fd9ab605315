//! Small glob matcher for rule patterns: `*` within a segment, `**` across
//! segments, `?` one character.

/// Whether `text` matches `pattern`.
pub fn matches(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), 0)
}

fn glob(p: &[u8], t: &[u8], depth: usize) -> bool {
    if depth > 64 {
        return false;
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
            for i in 0..=t.len() {
                let Some(tail) = t.get(i..) else { break };
                if glob(rest, tail, depth + 1) {
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
    }
}
