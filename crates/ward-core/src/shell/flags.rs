//! Splitting arguments into normalised flags and positional words.
//!
//! `-rf` = `-r -f`; `--force=yes` is the flag `force`; `--` ends the flags;
//! a flag named in `takes_value` swallows the next word (or the rest of its
//! bundle: `-n5`, `-Cdir`).

use crate::action::Arg;

/// The flags and positional words of one argument list.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Split<'a> {
    /// Flag names without dashes: `r`, `f`, `force`.
    pub flags: Vec<&'a str>,
    /// Positional arguments, in order.
    pub positional: Vec<&'a Arg>,
}

impl Split<'_> {
    /// Whether any of `names` was given.
    pub fn has(&self, names: &[&str]) -> bool {
        self.flags.iter().any(|f| names.contains(f))
    }
}

/// Splits `args`; `takes_value(name)` says which flags consume a value.
pub fn split<'a>(args: &'a [Arg], takes_value: &dyn Fn(&str) -> bool) -> Split<'a> {
    let mut out = Split::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let t = arg.text.as_str();
        if arg.dynamic || t == "-" || !t.starts_with('-') {
            out.positional.push(arg);
            continue;
        }
        if t == "--" {
            out.positional.extend(iter.by_ref());
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, has_value) = match long.split_once('=') {
                Some((n, _)) => (n, true),
                None => (long, false),
            };
            out.flags.push(name);
            if !has_value && takes_value(name) {
                iter.next();
            }
            continue;
        }
        // A short bundle: each char is a flag until one takes a value.
        let bundle = t.get(1..).unwrap_or_default();
        for (i, c) in bundle.char_indices() {
            let name = bundle.get(i..i + c.len_utf8()).unwrap_or_default();
            out.flags.push(name);
            if takes_value(name) {
                if i + c.len_utf8() == bundle.len() {
                    iter.next();
                }
                break;
            }
        }
    }
    out
}

/// No flag takes a value.
pub fn no_values(_: &str) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<Arg> {
        words.iter().map(|w| Arg::lit(*w)).collect()
    }

    #[test]
    fn bundles_and_longs() {
        let a = args(&["-rf", "--verbose", "x", "--", "-y"]);
        let s = split(&a, &no_values);
        assert_eq!(s.flags, vec!["r", "f", "verbose"]);
        let pos: Vec<&str> = s.positional.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(pos, vec!["x", "-y"]);
    }

    #[test]
    fn value_flags_swallow() {
        let a = args(&[
            "-C",
            "dir",
            "push",
            "-n5",
            "--git-dir=x",
            "--work-tree",
            "w",
            "origin",
        ]);
        let tv = |n: &str| matches!(n, "C" | "n" | "work-tree" | "git-dir");
        let s = split(&a, &tv);
        assert_eq!(s.flags, vec!["C", "n", "git-dir", "work-tree"]);
        let pos: Vec<&str> = s.positional.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(pos, vec!["push", "origin"]);
    }
}
