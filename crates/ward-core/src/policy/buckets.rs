//! Which index buckets each rule goes in. One function, used twice: by the
//! compiler for a policy loaded at run time, and by `build.rs` for the
//! embedded default, whose index is then a static (start-up is the hot
//! path). It uses only `std`, so `build.rs` includes this file with `#[path]`.

use std::collections::BTreeMap;

/// What the index needs to know of one rule, as written.
#[derive(Debug, Clone, Copy)]
pub struct RuleKeys<'a> {
    /// `action`: `command` (also when absent), `file-write`, `file-read`,
    /// `network`, `tool`.
    pub action: Option<&'a str>,
    /// `program`: basenames, `prefix*` patterns.
    pub programs: &'a [String],
    /// `sub`: leading words, space-separated.
    pub sub: &'a [String],
    /// `effect`: effect kinds.
    pub effect: &'a [String],
}

/// Rule numbers by bucket, every map sorted by key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Buckets {
    /// Command rules of a program without a literal subcommand.
    pub by_program: BTreeMap<String, Vec<u32>>,
    /// Command rules whose every `sub` alternative starts with a literal
    /// word, by program then that word.
    pub by_sub: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    /// Command rules of `prefix*` programs.
    pub by_prefix: Vec<(String, u32)>,
    /// Command rules without programs, by effect kind.
    pub by_effect: BTreeMap<String, Vec<u32>>,
    /// Command rules every command meets.
    pub generic: Vec<u32>,
    /// File-write rules.
    pub file_write: Vec<u32>,
    /// File-read rules.
    pub file_read: Vec<u32>,
    /// Network rules.
    pub network: Vec<u32>,
    /// Tool rules.
    pub tool: Vec<u32>,
}

/// The buckets of `rules`, numbered in order. A rule with an unknown action
/// is left out (the compiler refuses it before an index is built).
pub fn buckets<'a>(rules: impl IntoIterator<Item = RuleKeys<'a>>) -> Buckets {
    let mut ix = Buckets::default();
    for (i, r) in rules.into_iter().enumerate() {
        let Ok(i) = u32::try_from(i) else { break };
        match r.action.unwrap_or("command") {
            "file-write" => ix.file_write.push(i),
            "file-read" => ix.file_read.push(i),
            "network" => ix.network.push(i),
            "tool" => ix.tool.push(i),
            "command" if !r.programs.is_empty() => {
                // The first word of every `sub` alternative, when each is literal.
                let first_words: Option<Vec<&str>> = (!r.sub.is_empty())
                    .then(|| {
                        r.sub
                            .iter()
                            .map(|alt| {
                                alt.split_whitespace()
                                    .next()
                                    .filter(|w| !w.contains(['*', '?']))
                            })
                            .collect::<Option<Vec<_>>>()
                    })
                    .flatten();
                for p in r.programs {
                    match (p.strip_suffix('*'), &first_words) {
                        (Some(prefix), _) => ix.by_prefix.push((prefix.to_owned(), i)),
                        (None, Some(words)) => {
                            let subs = ix.by_sub.entry(p.clone()).or_default();
                            for w in words {
                                let bucket = subs.entry((*w).to_owned()).or_default();
                                if !bucket.contains(&i) {
                                    bucket.push(i);
                                }
                            }
                        }
                        (None, None) => ix.by_program.entry(p.clone()).or_default().push(i),
                    }
                }
            }
            "command" if !r.effect.is_empty() => {
                for e in r.effect {
                    ix.by_effect.entry(e.clone()).or_default().push(i);
                }
            }
            "command" => ix.generic.push(i),
            _ => {}
        }
    }
    ix
}
