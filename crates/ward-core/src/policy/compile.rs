//! Compiling rule specs into an index: per-program buckets, per-effect
//! buckets, lazily built regexes, rules and program conventions compiled on
//! first use.

use super::PolicyError;
use super::buckets::{RuleKeys, buckets};
use super::glob::Glob;
use super::pathglob::PathGlobs;
use super::spec::{PolicyFile, ProgramSpec, RuleSpec};
use crate::action::{PathClass, TrustLevel};
use crate::automata::{self, Dfa, LiteralScreen};
use crate::decision::Decision;
use regex::bytes::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A rule's regex. Patterns of the embedded policy have a DFA built at
/// build time (`crate::automata`), loaded on first use without compiling;
/// any other pattern is compiled on first use (user policies are checked
/// eagerly on load).
#[derive(Debug)]
pub(crate) struct LazyRegex {
    pattern: String,
    dfa: OnceLock<Option<Dfa>>,
    cell: OnceLock<Option<Regex>>,
    /// The build-time literals, searched before the DFA is loaded or run.
    screen: OnceLock<Option<LiteralScreen>>,
    /// Whether the pattern compiles, once known.
    valid: OnceLock<bool>,
    /// Whether its build-time DFA is a table, once known.
    table: OnceLock<bool>,
}

impl LazyRegex {
    fn new(pattern: String) -> Self {
        Self {
            pattern,
            dfa: OnceLock::new(),
            cell: OnceLock::new(),
            screen: OnceLock::new(),
            valid: OnceLock::new(),
            table: OnceLock::new(),
        }
    }

    fn dfa(&self) -> Option<&Dfa> {
        self.dfa
            .get_or_init(|| Dfa::for_policy_pattern(&self.pattern))
            .as_ref()
    }

    fn regex(&self) -> Option<&Regex> {
        self.cell.get_or_init(|| build(&self.pattern).ok()).as_ref()
    }

    /// The matcher, or `None` when the pattern does not compile. A pattern
    /// of the embedded policy is known to compile without loading its DFA.
    pub(crate) fn get(&self) -> Option<&Self> {
        let valid = self.valid.get_or_init(|| {
            automata::has_policy_dfa(&self.pattern)
                || self.dfa().is_some()
                || self.regex().is_some()
        });
        valid.then_some(self)
    }

    /// Whether the pattern matches somewhere in `haystack` (false when it
    /// does not compile). A haystack without any of the literals that start
    /// every match (known at build time) is answered without loading the DFA.
    pub(crate) fn is_match(&self, haystack: &[u8]) -> bool {
        if self
            .screen
            .get_or_init(|| LiteralScreen::for_policy_pattern(&self.pattern))
            .as_ref()
            .is_some_and(|s| s.absent(haystack))
        {
            return false;
        }
        match self.dfa().and_then(|d| d.is_match(haystack)) {
            Some(m) => m,
            None => self.regex().is_some_and(|re| re.is_match(haystack)),
        }
    }

    /// Whether the pattern matches the line of `first` and the `rest` of
    /// the words (joined by single spaces), when its DFA is a table: walked word by word, the line is
    /// never written out (a table's walk costs less than the copy, and one
    /// anchored at the start stops within a few bytes). `None`: ask
    /// [`LazyRegex::is_match`] of the written line.
    pub(crate) fn is_match_words<'h>(
        &self,
        first: &'h [u8],
        rest: impl IntoIterator<Item = &'h [u8]>,
    ) -> Option<bool> {
        // Only a table is walked by words: a sparse DFA is left to
        // `is_match`, whose screen may spare its costly load (a `ward hook`
        // process loaded it for every line, +0.5 M instructions).
        if !*self
            .table
            .get_or_init(|| automata::has_policy_table(&self.pattern))
        {
            return None;
        }
        self.dfa()?.is_match_words(first, rest)
    }

    fn check(&self) -> Result<(), String> {
        if self.dfa().is_some() {
            return Ok(());
        }
        build(&self.pattern)
            .map(|_| ())
            .map_err(|e| format!("bad regex `{}`: {e}", self.pattern))
    }
}

/// Rule patterns match bytes with ASCII classes: commands and paths are
/// matched on their bytes, and Unicode-aware `\S`/`\w` would make every
/// automaton many times larger to build (start-up is the hot path).
fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).unicode(false).build()
}

/// Which actors a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ActorCond {
    Any,
    AiOnly,
    HumanOnly,
}

/// What a rule judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Command,
    FileWrite,
    FileRead,
    Network,
    Tool,
}

/// A compiled rule.
#[derive(Debug)]
pub(crate) struct Rule {
    pub id: Arc<str>,
    pub decision: Decision,
    pub reason: Arc<str>,
    pub target: Target,
    pub actor: ActorCond,
    pub trust: Vec<TrustLevel>,
    pub unless_trust: Vec<TrustLevel>,
    pub programs: Vec<String>,
    pub sub: Vec<Vec<Glob>>,
    pub flags_any: Vec<String>,
    pub flags_all: Vec<String>,
    pub flags_none: Vec<String>,
    pub args_any: Vec<Glob>,
    pub line_re: Option<Box<LazyRegex>>,
    pub unless_re: Option<Box<LazyRegex>>,
    /// `arg_class`, `effect` and `class` as bit sets
    /// ([`class_bit`], [`EFFECT_KINDS`] order).
    pub arg_class: u32,
    pub effect: u16,
    /// The (kind, recursive) pairs an effect may have to match: bit
    /// `2 * kind + recursive` ([`effect_combos`]).
    pub effect_combos: u32,
    pub class: u32,
    pub recursive: Option<bool>,
    pub secret: Option<bool>,
    pub stdin_re: Option<Box<LazyRegex>>,
    pub elevated: Option<bool>,
    pub paths: PathGlobs,
    pub content_re: Option<Box<LazyRegex>>,
    pub tools: Vec<String>,
    pub url_re: Option<Box<LazyRegex>>,
    /// Whether matching reads the command's flags or positional words
    /// (`sub`, `flags_*`, `arg_class`): a command is split into them only
    /// when a rule that does is met.
    pub needs_split: bool,
}

/// Per-program argument conventions, compiled.
#[derive(Debug, Default, Clone)]
pub(crate) struct Program {
    pub value_flags: Vec<String>,
    /// Sorted by alias.
    pub aliases: Vec<(String, String)>,
}

impl Program {
    pub(crate) fn canonical<'a>(&'a self, flag: &'a str) -> &'a str {
        match self.aliases.binary_search_by(|(a, _)| a.as_str().cmp(flag)) {
            Ok(i) => self.aliases.get(i).map_or(flag, |(_, c)| c.as_str()),
            Err(_) => flag,
        }
    }

    fn from_spec(spec: &ProgramSpec) -> Program {
        Program {
            value_flags: spec.value_flags.clone(),
            aliases: spec.aliases.clone().into_iter().collect(),
        }
    }
}

/// A map from strings, sorted by key: compiled into the binary (a static,
/// for the embedded policy) or built when a policy loads.
#[derive(Debug, Clone)]
pub(crate) struct StrMap<V: Clone + 'static>(pub(crate) Cow<'static, [(Cow<'static, str>, V)]>);

impl<V: Clone + 'static> Default for StrMap<V> {
    fn default() -> Self {
        StrMap(Cow::Borrowed(&[]))
    }
}

impl<V: Clone + 'static> StrMap<V> {
    /// The value at position `i`.
    pub(crate) fn at(&self, i: usize) -> Option<&V> {
        self.0.get(i).map(|(_, v)| v)
    }

    /// The position of `key`.
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        self.0.binary_search_by(|(k, _)| k.as_ref().cmp(key)).ok()
    }

    /// The value of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        let i = self.0.binary_search_by(|(k, _)| k.as_ref().cmp(key)).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }

    fn owned<T>(map: BTreeMap<String, T>, f: impl Fn(T) -> V) -> Self {
        StrMap(Cow::Owned(
            map.into_iter()
                .map(|(k, v)| (Cow::Owned(k), f(v)))
                .collect(),
        ))
    }
}

/// Rule numbers.
pub(crate) type Ids = Cow<'static, [u32]>;

/// A program-name prefix (`mkfs.` of `mkfs.*`).
#[derive(Debug, Clone)]
pub(crate) struct Prefix(pub(crate) Cow<'static, str>);

impl Prefix {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// A list that is a static or built when a policy loads.
#[derive(Debug, Clone)]
pub(crate) struct List<T: Clone + 'static>(pub(crate) Cow<'static, [T]>);

impl<T: Clone + 'static> Default for List<T> {
    fn default() -> Self {
        List(Cow::Borrowed(&[]))
    }
}

impl<'a, T: Clone + 'static> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The index over compiled rules (see [`super::buckets`] for what goes where).
#[derive(Debug, Default, Clone)]
pub(crate) struct Index {
    pub by_program: StrMap<Ids>,
    /// Rules whose every `sub` alternative starts with a literal word, keyed by
    /// program then that word: a command only meets the rules of its own
    /// subcommand, however many rules a program has.
    pub by_sub: StrMap<StrMap<Ids>>,
    pub by_prefix: List<(Prefix, u32)>,
    pub by_effect: StrMap<Ids>,
    pub generic: Ids,
    pub file_write: Ids,
    pub file_read: Ids,
    pub network: Ids,
    pub tool: Ids,
}

/// Per-program conventions by program name, each compiled on first use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Programs(pub(crate) StrMap<LazyProgram>);

/// One program's conventions: its spec as JSON (the embedded policy's,
/// written by `build.rs`, or a cached policy's), compiled on first use, or
/// compiled at load.
#[derive(Debug, Clone)]
pub(crate) struct LazyProgram {
    pub(crate) json: Cow<'static, str>,
    pub(crate) cell: OnceLock<Program>,
}

impl Programs {
    pub(crate) fn get(&self, name: &str) -> Option<&Program> {
        Self::compiled(self.0.get(name)?)
    }

    /// The conventions at position `i` of the map.
    pub(crate) fn get_at(&self, i: usize) -> Option<&Program> {
        Self::compiled(self.0.at(i)?)
    }

    fn compiled(p: &LazyProgram) -> Option<&Program> {
        Some(p.cell.get_or_init(|| {
            // INVARIANT: the embedded policy's program specs are checked by
            // this crate's tests (`the_lazy_embedded_policy_*`).
            serde_json::from_str::<ProgramSpec>(&p.json)
                .map(|s| Program::from_spec(&s))
                .unwrap_or_default()
        }))
    }
}

/// The rules of a policy, by number. The embedded policy's are compiled on
/// first use from their build-time JSON, a cached policy's from the cache
/// file's: a process compiles only the rules its command meets.
#[derive(Debug)]
pub(crate) struct Rules {
    /// Boxed: a compiled rule with its regex cells takes kilobytes, and a
    /// process that meets five rules should not touch a hundred of them.
    cells: Vec<OnceLock<Option<Box<Rule>>>>,
    /// A lazy rule's actor condition, read from its spec the first time an
    /// evaluation asks while the rule is not compiled, then kept.
    actors: Vec<OnceLock<ActorCond>>,
    /// Where rules not compiled yet come from.
    lazy: Option<Source>,
}

/// The JSON specs of rules not compiled yet, and the program conventions
/// their flags are canonicalised with.
#[derive(Debug)]
enum Source {
    /// The embedded policy's, written by `build.rs`.
    Static(&'static [&'static str], &'static Programs),
    /// A cached policy's: rule `i` is at `specs[i]`.
    Owned {
        text: String,
        specs: Vec<SpecAt>,
        programs: Programs,
    },
}

/// Where one rule's JSON spec is, in a cached policy.
#[derive(Debug, Clone)]
pub(crate) enum SpecAt {
    /// A rule of the embedded policy, kept as it is.
    Static(&'static str),
    /// A byte range of the cache file's text.
    Range(Range<usize>),
}

impl Source {
    fn spec(&self, i: usize) -> Option<(&str, &Programs)> {
        match self {
            Source::Static(json, programs) => Some((json.get(i)?, programs)),
            Source::Owned {
                text,
                specs,
                programs,
            } => match specs.get(i)? {
                SpecAt::Static(json) => Some((json, programs)),
                SpecAt::Range(r) => Some((text.get(r.clone())?, programs)),
            },
        }
    }
}

impl Rules {
    /// Rules compiled at load.
    pub(crate) fn compiled(rules: Vec<Rule>) -> Rules {
        Rules {
            actors: Vec::new(),
            cells: rules
                .into_iter()
                .map(|r| OnceLock::from(Some(Box::new(r))))
                .collect(),
            lazy: None,
        }
    }

    /// Rules compiled on first use from `json` (one `RuleSpec` each).
    pub(crate) fn lazy(json: &'static [&'static str], programs: &'static Programs) -> Rules {
        Rules {
            cells: json.iter().map(|_| OnceLock::new()).collect(),
            actors: json.iter().map(|_| OnceLock::new()).collect(),
            lazy: Some(Source::Static(json, programs)),
        }
    }

    /// Rules compiled on first use from `specs` (one `RuleSpec` each), in
    /// `text` or static (a cached policy's).
    pub(crate) fn lazy_owned(text: String, specs: Vec<SpecAt>, programs: Programs) -> Rules {
        Rules {
            cells: specs.iter().map(|_| OnceLock::new()).collect(),
            actors: specs.iter().map(|_| OnceLock::new()).collect(),
            lazy: Some(Source::Owned {
                text,
                specs,
                programs,
            }),
        }
    }

    /// Rule `i`; `None` past the end, or for a lazy rule that does not
    /// compile (never for the embedded policy: its tests compile each one).
    pub(crate) fn get(&self, i: usize) -> Option<&Rule> {
        self.cells
            .get(i)?
            .get_or_init(|| {
                let (json, programs) = self.lazy.as_ref()?.spec(i)?;
                let spec: RuleSpec = serde_json::from_str(json).ok()?;
                rule(&spec, programs, false).ok().map(Box::new)
            })
            .as_deref()
    }

    /// Rule `i` as [`Rules::get`] gives it, except that a rule not compiled
    /// yet whose spec says `ai_only`/`human_only` for the other kind of actor
    /// (`agent`: whether this one counts as an agent) is not compiled at all:
    /// `None`, as it would not apply.
    pub(crate) fn get_for(&self, i: usize, agent: bool) -> Option<&Rule> {
        if let Some(rule) = self.cells.get(i)?.get() {
            return rule.as_deref();
        }
        let excluded = match self.uncompiled_actor(i) {
            ActorCond::Any => false,
            ActorCond::AiOnly => !agent,
            ActorCond::HumanOnly => agent,
        };
        if excluded { None } else { self.get(i) }
    }

    /// A lazy rule's actor condition read from its spec, once.
    fn uncompiled_actor(&self, i: usize) -> ActorCond {
        let Some(cell) = self.actors.get(i) else {
            return ActorCond::Any;
        };
        *cell.get_or_init(|| {
            // A quote inside a string value is escaped, so only the `actor`
            // field itself can read so.
            match self.lazy.as_ref().and_then(|l| l.spec(i)) {
                Some((json, _)) if json.contains(r#""actor":"human_only""#) => ActorCond::HumanOnly,
                Some((json, _)) if json.contains(r#""actor":"ai_only""#) => ActorCond::AiOnly,
                _ => ActorCond::Any,
            }
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Rule> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

pub(crate) fn programs(file: &PolicyFile) -> Programs {
    Programs(StrMap::owned(file.programs.clone(), |spec| LazyProgram {
        json: Cow::Borrowed(""),
        cell: OnceLock::from(Program::from_spec(&spec)),
    }))
}

pub(crate) fn rule(spec: &RuleSpec, programs: &Programs, eager: bool) -> Result<Rule, PolicyError> {
    let id = spec.id.as_str();
    let bad = |msg: String| PolicyError::Rule {
        id: id.to_owned(),
        span: 0..0,
        message: msg,
    };
    let target = match spec.action.as_deref().unwrap_or("command") {
        "command" => Target::Command,
        "file-write" => Target::FileWrite,
        "file-read" => Target::FileRead,
        "network" => Target::Network,
        "tool" => Target::Tool,
        other => return Err(bad(format!("unknown action `{other}`"))),
    };
    let actor = match spec.actor.as_deref().unwrap_or("any") {
        "any" => ActorCond::Any,
        "ai_only" => ActorCond::AiOnly,
        "human_only" => ActorCond::HumanOnly,
        other => {
            return Err(bad(format!(
                "unknown actor `{other}` (expected ai_only, human_only or any)"
            )));
        }
    };
    let trust = |names: &[String]| -> Result<Vec<TrustLevel>, PolicyError> {
        names
            .iter()
            .map(|n| {
                TrustLevel::from_name(n).ok_or_else(|| bad(format!("unknown trust state `{n}`")))
            })
            .collect()
    };
    let classes = |names: &[String]| -> Result<Vec<PathClass>, PolicyError> {
        names
            .iter()
            .map(|n| {
                PathClass::from_name(n).ok_or_else(|| bad(format!("unknown path class `{n}`")))
            })
            .collect()
    };
    for e in &spec.effect {
        if !EFFECT_KINDS.contains(&e.as_str()) {
            return Err(bad(format!("unknown effect `{e}`")));
        }
    }
    // Boxed: a regex cell holds its DFA and regex slots (hundreds of bytes);
    // most rules have none, and a process zeroes every rule it compiles.
    let regex = |p: &Option<String>| -> Result<Option<Box<LazyRegex>>, PolicyError> {
        match p {
            None => Ok(None),
            Some(p) => {
                let r = LazyRegex::new(p.clone());
                if eager {
                    r.check().map_err(&bad)?;
                }
                Ok(Some(Box::new(r)))
            }
        }
    };
    // Flags are stored in canonical form, so `--recursive` in a rule equals `-r`.
    let canon = |flags: &[String]| -> Vec<String> {
        flags
            .iter()
            .map(|f| {
                let f = f.trim_start_matches('-');
                spec.program
                    .iter()
                    .find_map(|p| programs.get(p).map(|prog| prog.canonical(f).to_owned()))
                    .unwrap_or_else(|| f.to_owned())
            })
            .collect()
    };
    if spec.reason.trim().is_empty() {
        return Err(bad("a rule needs a non-empty `reason`".into()));
    }
    let arg_class = class_bits(&classes(&spec.arg_class)?);
    let needs_split = !spec.sub.is_empty()
        || !spec.flags_any.is_empty()
        || !spec.flags_all.is_empty()
        || !spec.flags_none.is_empty()
        || arg_class != 0;
    Ok(Rule {
        id: Arc::from(id),
        decision: spec.decision,
        reason: Arc::from(spec.reason.as_str()),
        target,
        actor,
        trust: trust(&spec.trust)?,
        unless_trust: trust(&spec.unless_trust)?,
        programs: spec.program.clone(),
        sub: spec
            .sub
            .iter()
            .map(|s| s.split_whitespace().map(Glob::new).collect())
            .collect(),
        flags_any: canon(&spec.flags_any),
        flags_all: canon(&spec.flags_all),
        flags_none: canon(&spec.flags_none),
        args_any: spec.args_any.iter().map(|g| Glob::new(g)).collect(),
        line_re: regex(&spec.line_re)?,
        unless_re: regex(&spec.unless_re)?,
        arg_class,
        effect: effect_bits(&spec.effect),
        effect_combos: effect_combos(effect_bits(&spec.effect), spec.recursive),
        class: class_bits(&classes(&spec.class)?),
        recursive: spec.recursive,
        secret: spec.secret,
        stdin_re: regex(&spec.stdin_re)?,
        elevated: spec.elevated,
        paths: PathGlobs::new(&spec.path),
        content_re: regex(&spec.content_re)?,
        tools: spec.tool.clone(),
        url_re: regex(&spec.url_re)?,
        needs_split,
    })
}

/// Effect kinds a rule may name.
pub(crate) const EFFECT_KINDS: &[&str] = &[
    "delete",
    "write",
    "chmod",
    "chown",
    "read-secret",
    "egress",
    "runs-remote-code",
    "fork-bomb",
    "network-shell",
    "upload",
];

/// The bit of a path class in a rule's class sets.
pub(crate) fn class_bit(c: PathClass) -> u32 {
    1 << (c as u32)
}

fn class_bits(classes: &[PathClass]) -> u32 {
    classes.iter().fold(0, |m, c| m | class_bit(*c))
}

/// The bits of effect kinds named (each a position in [`EFFECT_KINDS`]).
fn effect_bits(names: &[String]) -> u16 {
    names
        .iter()
        .filter_map(|n| EFFECT_KINDS.iter().position(|k| k == n))
        .fold(0, |m, i| m | (1 << i))
}

/// The (kind, recursive) pairs of `kinds` (effect bits) that `recursive`
/// allows: bit `2 * kind + recursive`.
pub(crate) fn effect_combos(kinds: u16, recursive: Option<bool>) -> u32 {
    (0..EFFECT_KINDS.len())
        .filter(|k| kinds >> k & 1 != 0)
        .flat_map(|k| [(k, false), (k, true)])
        .filter(|(_, r)| recursive.is_none_or(|want| want == *r))
        .fold(0, |m, (k, r)| m | 1 << (2 * k + usize::from(r)))
}

/// The index of `specs` (see [`super::buckets`]).
pub(crate) fn index(specs: &[RuleSpec]) -> Index {
    let b = buckets(specs.iter().map(|s| RuleKeys {
        action: s.action.as_deref(),
        programs: &s.program,
        sub: &s.sub,
        effect: &s.effect,
    }));
    let ids = |v: Vec<u32>| -> Ids { Cow::Owned(v) };
    Index {
        by_program: StrMap::owned(b.by_program, ids),
        by_sub: StrMap::owned(b.by_sub, |m| StrMap::owned(m, ids)),
        by_prefix: List(Cow::Owned(
            b.by_prefix
                .into_iter()
                .map(|(p, i)| (Prefix(Cow::Owned(p)), i))
                .collect(),
        )),
        by_effect: StrMap::owned(b.by_effect, ids),
        generic: ids(b.generic),
        file_write: ids(b.file_write),
        file_read: ids(b.file_read),
        network: ids(b.network),
        tool: ids(b.tool),
    }
}
