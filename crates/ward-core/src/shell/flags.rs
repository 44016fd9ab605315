//! Splitting arguments into normalised flags and positional words.
//!
//! `-rf` = `-r -f`; `--force=yes` is the flag `force`; `--` ends the flags;
//! a flag named in `takes_value` swallows the next word (or the rest of its
//! bundle: `-n5`, `-Cdir`).

use crate::action::Arg;
pub(crate) use operands::{Operands, last_and_count};

mod operands;

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
    // One allocation for the positional words (a word is at most one).
    let mut out = Split {
        flags: Vec::new(),
        positional: Vec::with_capacity(args.len()),
    };
    split_into(args, takes_value, &mut out.flags, &mut out.positional);
    out
}

/// [`split`] into buffers the caller reuses (they are appended to).
pub fn split_into<'a>(
    args: &'a [Arg],
    takes_value: &dyn Fn(&str) -> bool,
    flags: &mut Vec<&'a str>,
    positional: &mut Vec<&'a Arg>,
) {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let t = arg.text.as_str();
        if arg.dynamic || t == "-" || !t.starts_with('-') {
            positional.push(arg);
            continue;
        }
        if t == "--" {
            positional.extend(iter.by_ref());
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, has_value) = match long.split_once('=') {
                Some((n, _)) => (n, true),
                None => (long, false),
            };
            flags.push(name);
            if !has_value && takes_value(name) {
                iter.next();
            }
            continue;
        }
        // A short bundle: each byte is a flag until one takes a value (a
        // flag that is not ASCII is the whole character).
        let bundle = t.get(1..).unwrap_or_default();
        let mut at = 0;
        while at < bundle.len() {
            let width = bundle
                .as_bytes()
                .get(at)
                .map_or(1, |&b| if b < 0x80 { 1 } else { char_width(bundle, at) });
            let name = bundle.get(at..at + width).unwrap_or_default();
            at += width;
            flags.push(name);
            if takes_value(name) {
                if at == bundle.len() {
                    iter.next();
                }
                break;
            }
        }
    }
}

/// The width in bytes of the character of `s` at `at`.
fn char_width(s: &str, at: usize) -> usize {
    s.get(at..)
        .and_then(|r| r.chars().next())
        .map_or(1, char::len_utf8)
}

/// One option as the program reads it: its name without dashes and the
/// value it took, glued (`-oX=y`, `-e'cmd'`, `--rsh=x`) or from the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opt<'a> {
    /// `o`, `e`, `rsh`.
    pub name: &'a str,
    /// The value, for options that take one.
    pub value: Option<&'a str>,
}

/// Options and operands read as `getopt_long` reads them.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// Every option, in order.
    pub opts: Vec<Opt<'a>>,
    /// Operands before option reading stopped.
    pub positional: Vec<&'a Arg>,
    /// Words after option reading stopped (a command to run), untouched.
    pub rest: &'a [Arg],
}

impl<'a> Options<'a> {
    /// The values of every option named one of `names`.
    pub fn values<'s>(&'s self, names: &'s [&'s str]) -> impl Iterator<Item = &'a str> + 's {
        self.opts
            .iter()
            .filter(move |o| names.contains(&o.name))
            .filter_map(|o| o.value)
    }

    /// Whether any option named one of `names` was given.
    pub fn has(&self, names: &[&str]) -> bool {
        self.opts.iter().any(|o| names.contains(&o.name))
    }
}

/// Reads `args`: `short` lists the short options that take a value, `long`
/// the long ones. Options may follow operands (GNU order) until `operands`
/// operands were read; the next operand and all after it are `rest`.
/// `--` ends options (what follows is `rest` when `operands` is reached,
/// operands otherwise).
pub fn options<'a>(args: &'a [Arg], short: &str, long: &[&str], operands: usize) -> Options<'a> {
    read_options(args, short, long, operands, false)
}

/// Like [`options`], but reading stops right after the `operands`-th
/// operand, as `docker run IMAGE CMD…` and `kubectl exec POD CMD…` read:
/// what follows belongs to the command, dashes and all.
pub fn options_until<'a>(
    args: &'a [Arg],
    short: &str,
    long: &[&str],
    operands: usize,
) -> Options<'a> {
    read_options(args, short, long, operands, true)
}

fn read_options<'a>(
    args: &'a [Arg],
    short: &str,
    long: &[&str],
    operands: usize,
    strict: bool,
) -> Options<'a> {
    let mut out = Options {
        opts: Vec::new(),
        positional: Vec::with_capacity(args.len().min(operands)),
        rest: &[],
    };
    let mut reader = Reader::new(args, short, long, operands, strict);
    while let Some(opt) = reader.step(&mut |ops| out.positional.extend(ops)) {
        out.opts.push(opt);
    }
    out.rest = reader.rest;
    out
}

/// [`options`] read one option at a time, collecting nothing: the callers
/// that look at a few option names and the first operand need no vectors.
/// Once it has returned `None`, [`Reader::rest`] and the operand counts are
/// final.
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a, 's> {
    args: &'a [Arg],
    /// The index of the next word to read.
    i: usize,
    /// The rest of a short bundle being read (`f` of `-rf`).
    bundle: &'a str,
    short: &'s str,
    long: &'s [&'s str],
    /// How many operands may be read before option reading stops.
    limit: usize,
    strict: bool,
    done: bool,
    /// Operands read.
    count: usize,
    first: Option<&'a Arg>,
    rest: &'a [Arg],
}

impl<'a, 's> Reader<'a, 's> {
    fn new(
        args: &'a [Arg],
        short: &'s str,
        long: &'s [&'s str],
        operands: usize,
        strict: bool,
    ) -> Self {
        Reader {
            args,
            i: 0,
            bundle: "",
            short,
            long,
            limit: operands,
            strict,
            done: false,
            count: 0,
            first: None,
            rest: &[],
        }
    }

    /// The next option; `operand` is told of operands as they are read.
    fn step(&mut self, operand: &mut impl FnMut(&'a [Arg])) -> Option<Opt<'a>> {
        loop {
            if let Some(c) = self.bundle.chars().next() {
                let end = c.len_utf8();
                let name = self.bundle.get(..end).unwrap_or_default();
                let glued = self.bundle.get(end..).unwrap_or_default();
                if takes_value(self.short, c) {
                    self.bundle = "";
                    let value = if glued.is_empty() {
                        self.i += 1;
                        self.args.get(self.i - 1).map(|a| a.text.as_str())
                    } else {
                        Some(glued)
                    };
                    return Some(Opt { name, value });
                }
                self.bundle = glued;
                return Some(Opt { name, value: None });
            }
            if self.done {
                return None;
            }
            let args = self.args;
            let Some(arg) = args.get(self.i) else {
                self.done = true;
                return None;
            };
            let t = arg.text.as_str();
            if arg.dynamic || t == "-" || !t.starts_with('-') {
                if self.count >= self.limit {
                    return self.stop(self.i);
                }
                self.operand(std::slice::from_ref(arg), operand);
                self.i += 1;
                if self.strict && self.count >= self.limit {
                    return self.stop(self.i);
                }
                continue;
            }
            self.i += 1;
            if t == "--" {
                let tail = args.get(self.i..).unwrap_or_default();
                let room = self.limit.saturating_sub(self.count);
                let (ops, rest) = tail.split_at(room.min(tail.len()));
                self.operand(ops, operand);
                self.rest = rest;
                self.done = true;
                return None;
            }
            if let Some(body) = t.strip_prefix("--") {
                // A byte search: `split_once('=')` sets up a searcher.
                let eq = body.bytes().position(|b| b == b'=');
                return Some(
                    match eq.and_then(|at| body.get(..at).zip(body.get(at + 1..))) {
                        Some((name, value)) => Opt {
                            name,
                            value: Some(value),
                        },
                        None if self.long.contains(&body) => {
                            let value = args.get(self.i).map(|a| a.text.as_str());
                            self.i += 1;
                            Opt { name: body, value }
                        }
                        None => Opt {
                            name: body,
                            value: None,
                        },
                    },
                );
            }
            self.bundle = t.get(1..).unwrap_or_default();
        }
    }

    fn operand(&mut self, ops: &'a [Arg], operand: &mut impl FnMut(&'a [Arg])) {
        if self.first.is_none() {
            self.first = ops.first();
        }
        self.count += ops.len();
        operand(ops);
    }

    fn stop(&mut self, at: usize) -> Option<Opt<'a>> {
        self.rest = self.args.get(at..).unwrap_or_default();
        self.done = true;
        None
    }

    /// Reads the options left, so that what follows is final.
    pub(crate) fn finish(&mut self) {
        while self.next().is_some() {}
    }

    /// The words after option reading stopped (see [`Options::rest`]).
    pub(crate) fn rest(&self) -> &'a [Arg] {
        self.rest
    }

    /// The first operand read.
    pub(crate) fn first(&self) -> Option<&'a Arg> {
        self.first
    }

    /// How many operands were read.
    pub(crate) fn operands(&self) -> usize {
        self.count
    }

    /// The values of the options named one of `names`, from the start.
    pub(crate) fn values<'n>(
        &self,
        names: &'n [&'n str],
    ) -> impl Iterator<Item = &'a str> + use<'a, 's, 'n> {
        let mut again = Reader::new(self.args, self.short, self.long, self.limit, self.strict);
        std::iter::from_fn(move || again.next())
            .filter(move |o| names.contains(&o.name))
            .filter_map(|o| o.value)
    }
}

impl<'a> Iterator for Reader<'a, '_> {
    type Item = Opt<'a>;

    fn next(&mut self) -> Option<Opt<'a>> {
        self.step(&mut |_| {})
    }
}

/// Whether the short option `c` is one of `short` (those taking a value):
/// a byte loop for ASCII, where `str::contains` would call `memchr`.
fn takes_value(short: &str, c: char) -> bool {
    match u8::try_from(c) {
        Ok(b) if b.is_ascii() => short.bytes().any(|s| s == b),
        _ => short.contains(c),
    }
}

/// A [`Reader`] of `args` as [`options`] reads them.
pub(crate) fn reader<'a, 's>(
    args: &'a [Arg],
    short: &'s str,
    long: &'s [&'s str],
    operands: usize,
) -> Reader<'a, 's> {
    Reader::new(args, short, long, operands, false)
}

/// A [`Reader`] of `args` as [`options_until`] reads them.
pub(crate) fn reader_until<'a, 's>(
    args: &'a [Arg],
    short: &'s str,
    long: &'s [&'s str],
    operands: usize,
) -> Reader<'a, 's> {
    Reader::new(args, short, long, operands, true)
}

/// `split(args, &no_values).positional`, without collecting it.
pub(crate) fn positional(args: &[Arg]) -> Operands<'_, fn(&str) -> bool> {
    Operands::new(args, no_values)
}

/// `split(args, &no_values).has(names)`, without collecting: a
/// short flag is one character of its bundle.
pub(crate) fn has_flag(args: &[Arg], names: &[&str]) -> bool {
    for a in args {
        let t = a.text.as_str();
        if a.dynamic || t == "-" || !t.starts_with('-') {
            continue;
        }
        if t == "--" {
            return false;
        }
        let given = match t.strip_prefix("--") {
            Some(long) => names.contains(&long.split_once('=').map_or(long, |(n, _)| n)),
            None => {
                let bundle = t.get(1..).unwrap_or_default();
                names
                    .iter()
                    .any(|n| n.chars().count() == 1 && bundle.contains(n))
            }
        };
        if given {
            return true;
        }
    }
    false
}

/// No flag takes a value.
pub fn no_values(_: &str) -> bool {
    false
}

/// Words as arguments, the `i`th dynamic when `dynamic[i]` is (property
/// tests of the readers that skip dynamic words).
#[cfg(test)]
pub(crate) fn args_dynamic(words: &[&str], dynamic: &[bool]) -> Vec<Arg> {
    words
        .iter()
        .zip(dynamic)
        .map(|(w, d)| Arg {
            dynamic: *d,
            ..Arg::lit(*w)
        })
        .collect()
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
    fn options_glued_and_separate() {
        let a = args(&["-voProxyCommand=sh", "host", "-p", "22", "ls", "-la"]);
        let o = options(&a, "op", &[], 1);
        assert_eq!(
            o.values(&["o"]).collect::<Vec<_>>(),
            vec!["ProxyCommand=sh"]
        );
        assert_eq!(o.values(&["p"]).collect::<Vec<_>>(), vec!["22"]);
        assert_eq!(o.positional.len(), 1);
        let rest: Vec<&str> = o.rest.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(rest, vec!["ls", "-la"]);
        let a = args(&["-ae", "sh -c x", "a", "--rsh", "y", "b:c"]);
        let o = options(&a, "e", &["rsh"], usize::MAX);
        assert_eq!(
            o.values(&["e", "rsh"]).collect::<Vec<_>>(),
            vec!["sh -c x", "y"]
        );
        assert_eq!(o.positional.len(), 2);
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

    /// The collecting reader of round 6, kept as the oracle of [`Reader`].
    fn plain_options<'a>(
        args: &'a [Arg],
        short: &str,
        long: &[&str],
        operands: usize,
        strict: bool,
    ) -> Options<'a> {
        let mut out = Options::default();
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            let t = arg.text.as_str();
            if arg.dynamic || t == "-" || !t.starts_with('-') {
                if out.positional.len() >= operands {
                    out.rest = args.get(i..).unwrap_or_default();
                    return out;
                }
                out.positional.push(arg);
                i += 1;
                if strict && out.positional.len() >= operands {
                    out.rest = args.get(i..).unwrap_or_default();
                    return out;
                }
                continue;
            }
            i += 1;
            if t == "--" {
                let tail = args.get(i..).unwrap_or_default();
                let room = operands.saturating_sub(out.positional.len());
                let (ops, rest) = tail.split_at(room.min(tail.len()));
                out.positional.extend(ops.iter());
                out.rest = rest;
                return out;
            }
            if let Some(body) = t.strip_prefix("--") {
                let (name, value) = match body.split_once('=') {
                    Some((name, value)) => (name, Some(value)),
                    None if long.contains(&body) => {
                        i += 1;
                        (body, args.get(i - 1).map(|a| a.text.as_str()))
                    }
                    None => (body, None),
                };
                out.opts.push(Opt { name, value });
                continue;
            }
            let bundle = t.get(1..).unwrap_or_default();
            for (at, c) in bundle.char_indices() {
                let end = at + c.len_utf8();
                let name = bundle.get(at..end).unwrap_or_default();
                if short.contains(c) {
                    let glued = bundle.get(end..).unwrap_or_default();
                    let value = if glued.is_empty() {
                        i += 1;
                        args.get(i - 1).map(|a| a.text.as_str())
                    } else {
                        Some(glued)
                    };
                    out.opts.push(Opt { name, value });
                    break;
                }
                out.opts.push(Opt { name, value: None });
            }
        }
        out
    }

    const WORDS: &[&str] = &[
        "-", "--", "-a", "-ab", "-ae", "-e", "-éa", "-aé", "--long", "--long=v", "--l", "--=", "x",
        "y", "é", "",
    ];

    proptest::proptest! {
        /// The reader and the options built on it read what the collecting
        /// reader read.
        #[test]
        fn the_reader_agrees_with_the_collecting_reader(
            words in proptest::collection::vec((0..WORDS.len(), proptest::bool::ANY), 0..8),
            operands in proptest::sample::select(vec![0, 1, 2, usize::MAX]),
            strict in proptest::bool::ANY,
        ) {
            let args: Vec<Arg> = words
                .iter()
                .map(|&(w, dynamic)| Arg {
                    dynamic,
                    ..Arg::lit(WORDS.get(w).copied().unwrap_or_default())
                })
                .collect();
            let (short, long) = ("eé", &["long", "l"][..]);
            let want = plain_options(&args, short, long, operands, strict);
            let got = read_options(&args, short, long, operands, strict);
            proptest::prop_assert_eq!(&got.opts, &want.opts);
            proptest::prop_assert_eq!(&got.positional, &want.positional);
            proptest::prop_assert_eq!(got.rest, want.rest);
            let mut r = Reader::new(&args, short, long, operands, strict);
            let opts: Vec<Opt<'_>> = r.by_ref().collect();
            proptest::prop_assert_eq!(&opts, &want.opts);
            proptest::prop_assert_eq!(r.rest(), want.rest);
            proptest::prop_assert_eq!(r.operands(), want.positional.len());
            proptest::prop_assert_eq!(r.first(), want.positional.first().copied());
            let values: Vec<&str> = r.values(&["e", "long"]).collect();
            proptest::prop_assert_eq!(values, want.values(&["e", "long"]).collect::<Vec<_>>());
        }
    }
}
