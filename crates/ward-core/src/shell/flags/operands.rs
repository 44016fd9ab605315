//! The positional words of a command as [`super::split`] reads them, without
//! collecting them: copies, renames and uploads want only their last word
//! and the rest, `rm` its operands, the policy's subcommand index the first;
//! two short passes over the words cost less than the two vectors `split`
//! allocates (`cp a b` on every line of a build).

use crate::action::Arg;
use std::slice::Iter;

/// `flags::split(args, &takes_value).positional`, in order, one at a time.
#[derive(Clone)]
pub(crate) struct Operands<'a, F> {
    words: Iter<'a, Arg>,
    takes_value: F,
    /// After `--`: every word is positional.
    ended: bool,
}

impl<'a, F: Fn(&str) -> bool + Clone> Operands<'a, F> {
    pub(crate) fn new(args: &'a [Arg], takes_value: F) -> Self {
        Operands {
            words: args.iter(),
            takes_value,
            ended: false,
        }
    }

    /// The last word and how many come before it; `None` without words.
    pub(crate) fn last_and_count(&self) -> Option<(&'a Arg, usize)> {
        last_and_count(self.clone())
    }
}

/// The last of `words` and how many come before it; `None` without words.
pub(crate) fn last_and_count<'a>(words: impl Iterator<Item = &'a Arg>) -> Option<(&'a Arg, usize)> {
    let mut n = 0;
    let mut last = None;
    for a in words {
        n += 1;
        last = Some(a);
    }
    last.map(|l| (l, n - 1))
}

impl<'a, F: Fn(&str) -> bool> Iterator for Operands<'a, F> {
    type Item = &'a Arg;

    fn next(&mut self) -> Option<&'a Arg> {
        loop {
            let arg = self.words.next()?;
            if self.ended {
                return Some(arg);
            }
            let t = arg.text.as_str();
            if arg.dynamic || t == "-" || !t.starts_with('-') {
                return Some(arg);
            }
            if t == "--" {
                self.ended = true;
                continue;
            }
            if let Some(long) = t.strip_prefix("--") {
                if !long.contains('=') && (self.takes_value)(long) {
                    self.words.next();
                }
                continue;
            }
            // A short bundle: its first flag that takes a value ends it, and
            // takes the next word when nothing follows it in the bundle.
            let bundle = t.get(1..).unwrap_or_default();
            for (at, c) in bundle.char_indices() {
                let end = at + c.len_utf8();
                if (self.takes_value)(bundle.get(at..end).unwrap_or_default()) {
                    if end == bundle.len() {
                        self.words.next();
                    }
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::flags;

    fn valued(n: &str) -> bool {
        matches!(n, "o" | "e" | "é" | "target-directory" | "rsh")
    }

    proptest::proptest! {
        /// The same words, in the same order, as `flags::split` collects.
        #[test]
        fn operands_are_splits_positional(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "a", "b.sh", "-", "--", "-o", "-ao", "-oa", "-x", "-xe", "-é",
                "-aé", "--rsh", "--rsh=x", "--target-directory", "--other",
                "--other=y", "$X", "host:dst/", "", "-éo",
            ]), 0..8),
            dynamic in proptest::collection::vec(proptest::bool::ANY, 8),
        ) {
            let args = flags::args_dynamic(&words, &dynamic);
            let want = flags::split(&args, &valued).positional;
            let got: Vec<&Arg> = Operands::new(&args, valued).collect();
            proptest::prop_assert_eq!(&got, &want);
            let split = want.split_last().map(|(l, rest)| (*l, rest.len()));
            proptest::prop_assert_eq!(Operands::new(&args, valued).last_and_count(), split);
        }
    }
}
