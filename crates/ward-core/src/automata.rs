//! Automata compiled at build time (`build.rs`) and loaded zero-copy from
//! statics: the embedded policy's regexes.
//!
//! A process never compiles a regex of the embedded policy: nearly every
//! DFA is a table of next states, read as it lies (every lookup checked);
//! the one too large for a table is `regex_automata`'s sparse DFA, whose
//! bytes are validated when a command first meets it.

use regex_automata::Input;
use regex_automata::dfa::{Automaton, sparse};

/// The serialised DFAs of every regex in the embedded policy, back to back.
static POLICY_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/policy-dfas.bin"));

/// How a pattern's DFA is stored (see `build.rs`).
enum Stored {
    /// A [`Table`]: the 256 bytes' classes, then each state's next states.
    Table {
        start: u8,
        matches: u8,
        stride: usize,
    },
    /// `regex_automata`'s sparse DFA (one with more states than a byte
    /// numbers).
    Sparse,
}

/// One pattern's DFA in [`POLICY_BYTES`], and its literals: every match
/// starts with one of the prefixes and ends with one of the suffixes (none:
/// no such set).
struct Entry {
    pattern: &'static str,
    offset: usize,
    len: usize,
    dfa: Stored,
    prefixes: &'static [&'static [u8]],
    suffixes: &'static [&'static [u8]],
    /// Every match starts at the haystack's start (`^…`): a prefix is
    /// looked for there only.
    starts: bool,
    /// Every match ends at the haystack's end (`…$`): a suffix is looked
    /// for there only.
    ends: bool,
}

/// Sorted by pattern.
static POLICY_INDEX: &[Entry] = include!(concat!(env!("OUT_DIR"), "/policy-dfas-index.rs"));

fn entry(pattern: &str) -> Option<&'static Entry> {
    let i = POLICY_INDEX
        .binary_search_by(|e| e.pattern.cmp(pattern))
        .ok()?;
    POLICY_INDEX.get(i)
}

/// Whether `pattern` has a build-time DFA (it is then known to be valid).
pub(crate) fn has_policy_dfa(pattern: &str) -> bool {
    entry(pattern).is_some()
}

/// Whether `pattern`'s build-time DFA is a table (loaded without checks),
/// not a sparse DFA (validated as it loads: tens of thousands of
/// instructions, which a literal screen may spare a process).
pub(crate) fn has_policy_table(pattern: &str) -> bool {
    entry(pattern).is_some_and(|e| matches!(e.dfa, Stored::Table { .. }))
}

/// Whether `haystack` cannot match `pattern` because it holds none of the
/// literals one of which starts every match, or none of those one of which
/// ends it (found at build time; at the haystack's start or end when every
/// match is anchored there). `false` when it may match, or nothing is
/// known. (What [`LiteralScreen`] answers, one literal at a time.)
#[cfg(test)]
pub(crate) fn policy_literals_absent(pattern: &str, haystack: &[u8]) -> bool {
    let none_of = |lits: &[&[u8]], found: &dyn Fn(&[u8]) -> bool| {
        !lits.is_empty() && !lits.iter().any(|l| found(l))
    };
    let anywhere = |l: &[u8]| memchr::memmem::find(haystack, l).is_some();
    entry(pattern).is_some_and(|e| {
        let first = |l: &[u8]| haystack.starts_with(l);
        let last = |l: &[u8]| haystack.ends_with(l);
        none_of(e.prefixes, if e.starts { &first } else { &anywhere })
            || none_of(e.suffixes, if e.ends { &last } else { &anywhere })
    })
}

/// The build-time literals of a pattern, ready to search for: a haystack
/// without any of the literals that start (or end) every match is answered
/// without the DFA (which a process then never loads, and which, sparse,
/// reads each byte slowly). Built in a few hundred instructions, searched in
/// one pass however many literals there are.
#[derive(Debug)]
pub(crate) struct LiteralScreen {
    prefixes: Option<LiteralSet>,
    suffixes: Option<LiteralSet>,
    /// Every match starts at the haystack's start: a prefix is compared
    /// there, not searched for.
    starts: bool,
    /// Every match ends at the haystack's end: likewise for a suffix.
    ends: bool,
    /// The DFA is a [`Table`], whose walk costs a few instructions a byte:
    /// less than scanning every byte for a set of more than three first
    /// bytes, which it then does not ([`LiteralSet::scan_pays`]).
    table: bool,
}

impl LiteralScreen {
    /// The screen of a pattern of the embedded policy, when it has literals.
    pub(crate) fn for_policy_pattern(pattern: &str) -> Option<LiteralScreen> {
        let e = entry(pattern)?;
        let screen = LiteralScreen {
            prefixes: LiteralSet::new(e.prefixes),
            suffixes: LiteralSet::new(e.suffixes),
            starts: e.starts,
            ends: e.ends,
            table: matches!(e.dfa, Stored::Table { .. }),
        };
        (screen.prefixes.is_some() || screen.suffixes.is_some()).then_some(screen)
    }

    /// Whether `haystack` cannot match: it lacks every prefix or every
    /// suffix. `false` may also mean the search would cost more than the
    /// DFA it saves.
    pub(crate) fn absent(&self, haystack: &[u8]) -> bool {
        let no_prefix = self.prefixes.as_ref().is_some_and(|s| {
            if self.starts {
                !s.starts_at(haystack, 0)
            } else {
                s.scan_pays(self.table) && !s.any_in(haystack)
            }
        });
        no_prefix
            || self.suffixes.as_ref().is_some_and(|s| {
                if self.ends {
                    !s.ends(haystack)
                } else {
                    s.scan_pays(self.table) && !s.any_in(haystack)
                }
            })
    }
}

/// Literals sorted, where those of each first byte are, and the first
/// bytes themselves (searched with `memchr` when there are three or fewer).
#[derive(Debug)]
struct LiteralSet {
    lits: Box<[&'static [u8]]>,
    /// `range[b]`: the literals starting with byte `b`.
    range: Box<[(u8, u8); 256]>,
    firsts: Vec<u8>,
}

impl LiteralSet {
    fn new(lits: &'static [&'static [u8]]) -> Option<LiteralSet> {
        // An empty literal would be in every haystack: no screen. The build
        // script keeps at most 64.
        if lits.is_empty() || lits.len() > 255 || lits.iter().any(|l| l.is_empty()) {
            return None;
        }
        let mut sorted: Box<[&'static [u8]]> = lits.into();
        sorted.sort_unstable();
        let mut range = Box::new([(0u8, 0u8); 256]);
        let mut firsts = Vec::new();
        for (i, l) in sorted.iter().enumerate() {
            let (Some(&b), Ok(i)) = (l.first(), u8::try_from(i)) else {
                continue;
            };
            if let Some(r) = range.get_mut(usize::from(b)) {
                if r.1 == 0 {
                    *r = (i, i);
                    firsts.push(b);
                }
                r.1 = i + 1;
            }
        }
        Some(LiteralSet {
            lits: sorted,
            range,
            firsts,
        })
    }

    /// Whether one of the literals starts at `h[i..]`.
    #[inline]
    fn starts_at(&self, h: &[u8], i: usize) -> bool {
        let tail = h.get(i..).unwrap_or_default();
        let Some(&(from, to)) = tail.first().and_then(|&b| self.range.get(usize::from(b))) else {
            return false;
        };
        self.lits
            .get(usize::from(from)..usize::from(to))
            .unwrap_or_default()
            .iter()
            .any(|l| tail.get(1) == l.get(1) && tail.starts_with(l))
    }

    /// Whether `h` ends with one of the literals.
    fn ends(&self, h: &[u8]) -> bool {
        self.lits.iter().any(|l| h.ends_with(l))
    }

    /// Whether searching a haystack for the literals costs less than the
    /// DFA's walk: always before a sparse DFA (tens of instructions a byte,
    /// and validated on first use); before a table only when `memchr` finds
    /// the first bytes (a byte-by-byte scan costs more than the walk).
    fn scan_pays(&self, table: bool) -> bool {
        !table || self.firsts.len() <= 3
    }

    /// Whether one of the literals occurs in `h`.
    fn any_in(&self, h: &[u8]) -> bool {
        match *self.firsts.as_slice() {
            [a] => memchr::memchr_iter(a, h).any(|i| self.starts_at(h, i)),
            [a, b] => memchr::memchr2_iter(a, b, h).any(|i| self.starts_at(h, i)),
            [a, b, c] => memchr::memchr3_iter(a, b, c, h).any(|i| self.starts_at(h, i)),
            _ => h.iter().enumerate().any(|(i, &b)| {
                self.range.get(usize::from(b)).is_some_and(|r| r.1 != 0) && self.starts_at(h, i)
            }),
        }
    }
}

/// A DFA that answers whether a pattern matches somewhere in a haystack.
#[derive(Debug)]
pub(crate) enum Dfa {
    /// A lookup a byte.
    Table(Table),
    /// Each state's byte ranges, searched a byte at a time (tens of
    /// instructions a byte).
    /// Boxed: its struct takes hundreds of bytes, for one pattern.
    Sparse(Box<sparse::DFA<&'static [u8]>>),
}

impl Dfa {
    /// The build-time DFA of `pattern` (a regex of the embedded policy, with
    /// `regex::bytes` and Unicode off), if one was built.
    pub(crate) fn for_policy_pattern(pattern: &str) -> Option<Dfa> {
        let e = entry(pattern)?;
        let bytes = POLICY_BYTES.get(e.offset..e.offset.checked_add(e.len)?)?;
        match e.dfa {
            Stored::Table {
                start,
                matches,
                stride,
            } => {
                let (classes, next) = bytes.split_first_chunk::<256>()?;
                Some(Dfa::Table(Table {
                    classes,
                    next,
                    start,
                    matches,
                    stride,
                }))
            }
            // `from_bytes` validates the whole automaton, so corrupt bytes
            // are an error here, never undefined behaviour in a search.
            Stored::Sparse => sparse::DFA::from_bytes(bytes)
                .ok()
                .map(|(dfa, _)| Dfa::Sparse(Box::new(dfa))),
        }
    }

    /// Whether the pattern matches in the haystack of `first` and the
    /// `rest` of the words, joined by single spaces, when the DFA is a
    /// table (walked without writing the haystack out); `None` otherwise.
    pub(crate) fn is_match_words<'h>(
        &self,
        first: &'h [u8],
        rest: impl IntoIterator<Item = &'h [u8]>,
    ) -> Option<bool> {
        match self {
            Dfa::Table(t) => t.is_match_words(first, rest),
            Dfa::Sparse(_) => None,
        }
    }

    /// Whether the pattern matches in `haystack`; `None` when the DFA gave up
    /// (the caller then asks the regex).
    pub(crate) fn is_match(&self, haystack: &[u8]) -> Option<bool> {
        match self {
            Dfa::Table(t) => t.is_match(haystack),
            Dfa::Sparse(dfa) => dfa
                .try_search_fwd(&Input::new(haystack).earliest(true))
                .ok()
                .map(|m| m.is_some()),
        }
    }
}

/// A DFA as a table of next states, written by `build.rs` from
/// `regex_automata`'s dense DFA of the pattern, whose search it repeats:
/// state 0 is dead, states `1..=matches` are match states (a match ends
/// where one is entered), and a search from a haystack's start begins in
/// `start`. Nothing to validate on load: every lookup is checked.
#[derive(Debug)]
pub(crate) struct Table {
    /// The class of each byte.
    classes: &'static [u8; 256],
    /// `next[state * stride + class]`, the last class being the end of input.
    next: &'static [u8],
    start: u8,
    matches: u8,
    stride: usize,
}

impl Table {
    #[inline]
    fn step(&self, state: u8, class: usize) -> Option<u8> {
        self.next
            .get(usize::from(state) * self.stride + class)
            .copied()
    }

    /// `None` only for a corrupt table (a class or state past its end).
    fn is_match(&self, haystack: &[u8]) -> Option<bool> {
        let mut state = self.start;
        for &b in haystack {
            // Never `None`: a byte indexes 256 classes (the check is elided).
            state = self.step(state, usize::from(*self.classes.get(usize::from(b))?))?;
            if state <= self.matches {
                return Some(state != 0);
            }
        }
        let state = self.step(state, self.stride.checked_sub(1)?)?;
        Some(state != 0 && state <= self.matches)
    }

    /// [`Table::is_match`] of the haystack `word(0)`, `word(1)`, … joined by
    /// single spaces, walked without being written out.
    fn is_match_words<'h>(
        &self,
        first: &'h [u8],
        rest: impl IntoIterator<Item = &'h [u8]>,
    ) -> Option<bool> {
        let mut state = self.start;
        let space = usize::from(*self.classes.get(usize::from(b' '))?);
        let mut rest = rest.into_iter();
        let mut word = Some(first);
        while let Some(w) = word {
            for &b in w {
                state = self.step(state, usize::from(*self.classes.get(usize::from(b))?))?;
                if state <= self.matches {
                    return Some(state != 0);
                }
            }
            word = rest.next();
            if word.is_some() {
                state = self.step(state, space)?;
                if state <= self.matches {
                    return Some(state != 0);
                }
            }
        }
        let state = self.step(state, self.stride.checked_sub(1)?)?;
        Some(state != 0 && state <= self.matches)
    }
}

/// The patterns that have a build-time DFA.
#[cfg(test)]
pub(crate) fn policy_patterns() -> impl Iterator<Item = &'static str> {
    POLICY_INDEX.iter().map(|e| e.pattern)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::bytes::RegexBuilder;

    /// Every `*_re` string of the embedded policy's rules (of command rules
    /// only, with `commands_only`).
    fn embedded_patterns(commands_only: bool) -> Vec<String> {
        let v: toml::Value = toml::from_str(crate::policy::DEFAULT_POLICY).unwrap();
        let mut out = Vec::new();
        for rule in v["rule"].as_array().unwrap() {
            let action = rule.get("action").and_then(|a| a.as_str());
            if commands_only && action.is_some_and(|a| a != "command") {
                continue;
            }
            for (k, v) in rule.as_table().unwrap() {
                if k.ends_with("_re") {
                    out.push(v.as_str().unwrap().to_owned());
                }
            }
        }
        out
    }

    /// Command lines to compare on: every example of the embedded policy,
    /// each example's words, and a few lines of odd bytes.
    fn corpus() -> Vec<Vec<u8>> {
        let v: toml::Value = toml::from_str(crate::policy::DEFAULT_POLICY).unwrap();
        let mut out: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"\xff\xfe rm -rf /".to_vec(),
            "drop table \u{e9}t\u{e9}".as_bytes().to_vec(),
        ];
        for rule in v["rule"].as_array().unwrap() {
            for key in ["match", "not_match"] {
                for ex in rule
                    .get(key)
                    .and_then(|x| x.as_array())
                    .into_iter()
                    .flatten()
                {
                    let ex = ex.as_str().unwrap_or_default();
                    out.push(ex.as_bytes().to_vec());
                    for w in ex.split(' ') {
                        out.push(w.as_bytes().to_vec());
                    }
                }
            }
        }
        out
    }

    /// Commands are the hot path: none of their rules compiles a regex in
    /// the process. (A file-content regex may be too large for a DFA; it is
    /// compiled when a file write first needs it.)
    #[test]
    fn every_command_regex_of_the_embedded_policy_has_a_build_time_dfa() {
        let have: Vec<&str> = policy_patterns().collect();
        for p in embedded_patterns(true) {
            assert!(have.contains(&p.as_str()), "no DFA for `{p}`");
        }
    }

    #[test]
    fn build_time_dfas_match_exactly_as_the_regexes() {
        let corpus = corpus();
        for p in embedded_patterns(false) {
            let re = RegexBuilder::new(&p).unicode(false).build().unwrap();
            let Some(dfa) = Dfa::for_policy_pattern(&p) else {
                continue;
            };
            for h in &corpus {
                assert_eq!(
                    dfa.is_match(h),
                    Some(re.is_match(h)),
                    "`{p}` on `{}`",
                    String::from_utf8_lossy(h)
                );
            }
        }
    }

    /// The literal automata answer as the literal scan.
    #[test]
    fn the_literal_screen_answers_as_the_literal_scan() {
        let corpus = corpus();
        for p in embedded_patterns(false) {
            let Some(screen) = LiteralScreen::for_policy_pattern(&p) else {
                continue;
            };
            // A screen may leave a costly search to the DFA, never answer
            // "absent" where a literal is.
            let whole = |s: &Option<LiteralSet>, anchored| {
                s.as_ref()
                    .is_none_or(|s| anchored || s.scan_pays(screen.table))
            };
            let exact =
                whole(&screen.prefixes, screen.starts) && whole(&screen.suffixes, screen.ends);
            for h in &corpus {
                let absent = policy_literals_absent(&p, h);
                if exact {
                    assert_eq!(screen.absent(h), absent, "`{p}`");
                } else {
                    assert!(!screen.absent(h) || absent, "`{p}`");
                }
            }
        }
    }

    /// Lines of the corpus's words (whole examples among them), cut short,
    /// glued, and mixed with odd bytes: every DFA answers as its regex.
    #[test]
    fn build_time_dfas_match_as_the_regexes_on_generated_lines() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let mut pool: Vec<Vec<u8>> = corpus();
        for w in pool.clone() {
            pool.push(w.get(..w.len() / 2).unwrap_or_default().to_vec());
        }
        for odd in [
            "-", "--", "=", "$(", "`", "/", "~", ";", "\n", "\t", "\u{e9}",
        ] {
            pool.push(odd.as_bytes().to_vec());
        }
        pool.push(vec![0xff]);
        pool.sort();
        pool.dedup();
        let dfas: Vec<(String, Dfa, regex::bytes::Regex)> = embedded_patterns(false)
            .into_iter()
            .filter_map(|p| {
                let re = RegexBuilder::new(&p).unicode(false).build().unwrap();
                Some((p.clone(), Dfa::for_policy_pattern(&p)?, re))
            })
            .collect();
        let glue = prop::sample::select(vec![&b" "[..], b"", b"  "]);
        let line =
            prop::collection::vec((prop::sample::select(pool), glue), 0..8).prop_map(|parts| {
                parts
                    .into_iter()
                    .flat_map(|(w, g)| w.into_iter().chain(g.iter().copied()))
                    .collect::<Vec<u8>>()
            });
        let mut runner = TestRunner::new(Config {
            cases: 1000,
            ..Config::default()
        });
        runner
            .run(&line, |h| {
                let words: Vec<&[u8]> = h.split(|&b| b == b' ').collect();
                for (p, dfa, re) in &dfas {
                    prop_assert_eq!(dfa.is_match(&h), Some(re.is_match(&h)), "`{}`", p);
                    if let Dfa::Table(_) = dfa {
                        let by_words = dfa.is_match_words(words[0], words[1..].iter().copied());
                        prop_assert_eq!(by_words, Some(re.is_match(&h)), "`{}`", p);
                    }
                }
                Ok(())
            })
            .unwrap();
    }

    /// Both kinds of DFA are embedded, so the comparison with the regexes
    /// above covers both searches; nearly all are tables.
    #[test]
    fn small_dfas_are_tables_and_large_ones_sparse() {
        let table = |p: &&str| matches!(Dfa::for_policy_pattern(p), Some(Dfa::Table(_)));
        let tables = policy_patterns().filter(table).count();
        assert!(tables + 3 >= policy_patterns().count(), "{tables} tables");
        assert!(!policy_patterns().all(|p| table(&p)));
    }

    #[test]
    fn a_pattern_outside_the_embedded_policy_has_no_dfa() {
        assert!(Dfa::for_policy_pattern("^no such pattern$").is_none());
    }

    /// The build-time literals are sound: wherever a pattern matches, one of
    /// its literals occurs (so skipping a haystack without any never changes
    /// an answer), and most command patterns have some.
    #[test]
    fn a_haystack_without_the_literals_never_matches() {
        let corpus = corpus();
        let mut with = 0;
        for p in embedded_patterns(false) {
            let re = RegexBuilder::new(&p).unicode(false).build().unwrap();
            let Some(lits) = entry(&p).map(|e| e.prefixes) else {
                continue;
            };
            with += usize::from(!lits.is_empty());
            for h in &corpus {
                if re.is_match(h) {
                    assert!(
                        !policy_literals_absent(&p, h),
                        "`{p}` matches `{}` without any of its literals",
                        String::from_utf8_lossy(h)
                    );
                }
            }
        }
        assert!(with >= 20, "only {with} patterns have literals");
    }
}
