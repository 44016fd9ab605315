//! Compiling rule specs into an index: per-program buckets, per-effect
//! buckets, lazily built regexes.

use super::PolicyError;
use super::spec::{PolicyFile, RuleSpec};
use crate::action::{PathClass, TrustLevel};
use crate::automata::Dfa;
use crate::decision::Decision;
use regex::bytes::{Regex, RegexBuilder};
use std::collections::HashMap;
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
}

impl LazyRegex {
    fn new(pattern: String) -> Self {
        Self {
            pattern,
            dfa: OnceLock::new(),
            cell: OnceLock::new(),
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

    /// The matcher, or `None` when the pattern does not compile.
    pub(crate) fn get(&self) -> Option<&Self> {
        (self.dfa().is_some() || self.regex().is_some()).then_some(self)
    }

    /// Whether the pattern matches somewhere in `haystack` (false when it
    /// does not compile).
    pub(crate) fn is_match(&self, haystack: &[u8]) -> bool {
        match self.dfa().and_then(|d| d.is_match(haystack)) {
            Some(m) => m,
            None => self.regex().is_some_and(|re| re.is_match(haystack)),
        }
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
    pub sub: Vec<Vec<String>>,
    pub flags_any: Vec<String>,
    pub flags_all: Vec<String>,
    pub flags_none: Vec<String>,
    pub args_any: Vec<String>,
    pub line_re: Option<LazyRegex>,
    pub unless_re: Option<LazyRegex>,
    pub arg_class: Vec<PathClass>,
    pub effect: Vec<String>,
    pub class: Vec<PathClass>,
    pub recursive: Option<bool>,
    pub secret: Option<bool>,
    pub stdin_re: Option<LazyRegex>,
    pub elevated: Option<bool>,
    pub paths: Vec<String>,
    pub content_re: Option<LazyRegex>,
    pub tools: Vec<String>,
    pub url_re: Option<LazyRegex>,
}

/// Per-program argument conventions, compiled.
#[derive(Debug, Default)]
pub(crate) struct Program {
    pub value_flags: Vec<String>,
    pub aliases: HashMap<String, String>,
}

impl Program {
    pub(crate) fn canonical<'a>(&'a self, flag: &'a str) -> &'a str {
        self.aliases.get(flag).map_or(flag, String::as_str)
    }
}

/// The index over compiled rules.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub by_program: HashMap<String, Vec<u32>>,
    /// Rules whose every `sub` alternative starts with a literal word, keyed by
    /// program then that word: a command only meets the rules of its own
    /// subcommand, however many rules a program has.
    pub by_sub: HashMap<String, HashMap<String, Vec<u32>>>,
    pub by_prefix: Vec<(String, u32)>,
    pub by_effect: HashMap<String, Vec<u32>>,
    pub generic: Vec<u32>,
    pub file_write: Vec<u32>,
    pub file_read: Vec<u32>,
    pub network: Vec<u32>,
    pub tool: Vec<u32>,
}

pub(crate) fn programs(file: &PolicyFile) -> HashMap<String, Program> {
    file.programs
        .iter()
        .map(|(name, spec)| {
            let p = Program {
                value_flags: spec.value_flags.clone(),
                aliases: spec.aliases.clone().into_iter().collect(),
            };
            (name.clone(), p)
        })
        .collect()
}

pub(crate) fn rule(
    spec: &RuleSpec,
    programs: &HashMap<String, Program>,
    eager: bool,
) -> Result<Rule, PolicyError> {
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
    let regex = |p: &Option<String>| -> Result<Option<LazyRegex>, PolicyError> {
        match p {
            None => Ok(None),
            Some(p) => {
                let r = LazyRegex::new(p.clone());
                if eager {
                    r.check().map_err(&bad)?;
                }
                Ok(Some(r))
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
            .map(|s| s.split_whitespace().map(str::to_owned).collect())
            .collect(),
        flags_any: canon(&spec.flags_any),
        flags_all: canon(&spec.flags_all),
        flags_none: canon(&spec.flags_none),
        args_any: spec.args_any.clone(),
        line_re: regex(&spec.line_re)?,
        unless_re: regex(&spec.unless_re)?,
        arg_class: classes(&spec.arg_class)?,
        effect: spec.effect.clone(),
        class: classes(&spec.class)?,
        recursive: spec.recursive,
        secret: spec.secret,
        stdin_re: regex(&spec.stdin_re)?,
        elevated: spec.elevated,
        paths: spec.path.clone(),
        content_re: regex(&spec.content_re)?,
        tools: spec.tool.clone(),
        url_re: regex(&spec.url_re)?,
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

pub(crate) fn index(rules: &[Rule]) -> Index {
    let mut ix = Index::default();
    for (i, r) in rules.iter().enumerate() {
        let i = i as u32;
        match r.target {
            Target::FileWrite => ix.file_write.push(i),
            Target::FileRead => ix.file_read.push(i),
            Target::Network => ix.network.push(i),
            Target::Tool => ix.tool.push(i),
            Target::Command if !r.programs.is_empty() => {
                let first_words: Option<Vec<&str>> = (!r.sub.is_empty())
                    .then(|| {
                        r.sub
                            .iter()
                            .map(|alt| {
                                alt.first()
                                    .map(String::as_str)
                                    .filter(|w| !w.contains(['*', '?']))
                            })
                            .collect::<Option<Vec<_>>>()
                    })
                    .flatten();
                for p in &r.programs {
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
            Target::Command if !r.effect.is_empty() => {
                for e in &r.effect {
                    ix.by_effect.entry(e.clone()).or_default().push(i);
                }
            }
            Target::Command => ix.generic.push(i),
        }
    }
    ix
}
