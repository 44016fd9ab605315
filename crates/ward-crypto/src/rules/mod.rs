//! The recognisers: each rule names literal anchors for the prefilter, a regex run on the anchor's
//! line, and a builder that turns the match (and nearby lines) into algorithms.

mod code;
mod compile;
mod config;
mod more;

pub(crate) use code::jca;
pub(crate) use compile::compile;
pub(crate) use more::jwt_alg;

use crate::algo::Algo;
use crate::lang::Lang;
use regex::{Captures, Regex};

use std::sync::LazyLock;

/// What a rule's builder sees: the whole text and the matched line.
pub(crate) struct Hit<'a> {
    /// The whole file.
    pub text: &'a str,
    /// Byte offset of the line's start.
    pub line_start: usize,
}

/// How many lines after the hit a builder may look at for a key size or curve.
const LOOKAHEAD_LINES: usize = 8;

impl<'a> Hit<'a> {
    /// The hit's line and the next few, capped in bytes.
    pub fn look(&self) -> &'a str {
        let tail = self.text.get(self.line_start..).unwrap_or("");
        let mut end = 0;
        for (n, line) in tail.split_inclusive('\n').enumerate() {
            if n >= LOOKAHEAD_LINES || end > 4096 {
                break;
            }
            end += line.len();
        }
        tail.get(..end).unwrap_or(tail)
    }

    /// An integer literal, or the value of a constant of that name in the same file.
    pub fn int(&self, tok: &str) -> Option<u32> {
        let tok = tok.trim().trim_start_matches('&');
        if let Ok(n) = tok.replace('_', "").parse::<u32>() {
            return Some(n);
        }
        if tok.is_empty()
            || !tok
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
        {
            return None;
        }
        let name = tok.rsplit('.').next().unwrap_or(tok);
        const_value(self.text, name)
    }

    /// First capture of `re` in the lookahead window.
    pub fn look_cap(&self, re: &Lazy) -> Option<&'a str> {
        re.as_ref()?
            .captures(self.look())
            .and_then(|c| c.get(1))
            .map(|m| m.as_str())
    }

    /// An integer found by `re` in the lookahead window, resolved through constants.
    pub fn look_int(&self, re: &Lazy) -> Option<u32> {
        self.look_cap(re).and_then(|t| self.int(t))
    }
}

/// A rule's builder.
pub(crate) type Build = fn(&Captures<'_>, &Hit<'_>) -> Vec<Algo>;

/// One recogniser.
pub(crate) struct Rule {
    /// Stable id, e.g. `python.rsa-keygen`.
    pub id: &'static str,
    /// Languages it applies to; empty means every file.
    pub langs: &'static [Lang],
    /// Literal strings, one of which must occur on the line.
    pub anchors: &'static [&'static str],
    /// The regex run on the line.
    pub re: &'static str,
    /// Turns a match into algorithms.
    pub build: Build,
}

impl Rule {
    /// Whether the rule applies to files of `lang`.
    pub fn applies(&self, lang: Lang) -> bool {
        self.langs.is_empty() || lang == Lang::Doc || self.langs.contains(&lang)
    }
}

/// A capture group's text, empty when absent.
pub(crate) fn g<'t>(c: &Captures<'t>, i: usize) -> &'t str {
    c.get(i).map_or("", |m| m.as_str())
}

/// The value of `NAME = 123`, `NAME: u32 = 123`, `NAME => 123` or `#define NAME 123` in `text`.
/// Scanned by hand: compiling a regex per identifier would dominate a scan.
fn const_value(text: &str, name: &str) -> Option<u32> {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for (at, _) in text.match_indices(name) {
        let end = at + name.len();
        if at > 0 && b.get(at - 1).is_some_and(|c| word(*c)) || b.get(end).is_some_and(|c| word(*c))
        {
            continue;
        }
        let before = text.get(..at).unwrap_or("").trim_end();
        let mut rest = text.get(end..).unwrap_or("");
        if !before.ends_with("#define") {
            rest = rest.trim_start_matches([' ', '\t']);
            if let Some(r) = rest.strip_prefix(':') {
                // A type annotation: `NAME: u32 = 3`.
                let stop = r.find(['=', '\n']).unwrap_or(r.len()).min(40);
                rest = r.get(stop..).unwrap_or("");
            }
            let Some(r) = rest
                .strip_prefix("=>")
                .or_else(|| rest.strip_prefix('=').filter(|r| !r.starts_with('=')))
            else {
                continue;
            };
            rest = r;
        }
        let digits: String = rest
            .trim_start_matches([' ', '\t'])
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '_')
            .filter(|c| *c != '_')
            .collect();
        if let Ok(n) = digits.parse() {
            return Some(n);
        }
    }
    None
}

/// A regex compiled on first use; the patterns are constants covered by the tests.
pub(crate) type Lazy = LazyLock<Option<Regex>>;

/// Every rule.
pub(crate) fn all() -> Vec<Rule> {
    let mut v = code::rules();
    v.extend(more::rules());
    v.extend(config::rules());
    v
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_compiles_and_has_anchors() {
        for r in super::all() {
            assert!(regex::Regex::new(r.re).is_ok(), "{}", r.id);
            assert!(super::compile(r.re).is_some(), "{}", r.id);
            assert!(!r.anchors.is_empty(), "{}", r.id);
        }
    }
}
