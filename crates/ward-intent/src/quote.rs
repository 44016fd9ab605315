//! Shell quoting for display only: the argv is never given to a shell.

/// Renders `argv` as one line a user can paste into a POSIX shell.
pub fn shell_line<S: AsRef<str>>(argv: &[S]) -> String {
    let mut out = String::new();
    for (i, arg) in argv.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        quote_into(arg.as_ref(), &mut out);
    }
    out
}

fn quote_into(arg: &str, out: &mut String) {
    let plain = !arg.is_empty()
        && arg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_@%+=:,./-".contains(&b));
    if plain {
        out.push_str(arg);
        return;
    }
    out.push('\'');
    for c in arg.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::shell_line;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(shell_line(&["nmap", "-p", "22,80"]), "nmap -p 22,80");
        assert_eq!(
            shell_line(&["sqlmap", "-u", "http://h/a?id=1&b=2"]),
            "sqlmap -u 'http://h/a?id=1&b=2'"
        );
        assert_eq!(shell_line(&["x", "it's", ""]), "x 'it'\\''s' ''");
    }
}
