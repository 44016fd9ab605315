//! The policy language: loading and layering TOML files, compiling them into
//! an index, checking each rule's own examples, and evaluating actions.

mod buckets;
mod by_name;
mod cache;
mod compile;
mod embedded;
mod eval;
pub mod exact;
mod examples;
pub mod glob;
mod pathglob;
pub mod spec;

pub use examples::ExampleFailure;

use crate::decision::Decision;
use compile::{Index, Programs, Rules, Target};
use spec::{PolicyFile, Settings};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// The default policy, embedded in every binary.
pub const DEFAULT_POLICY: &str = include_str!("../../policy/default.toml");

/// The default policy converted to JSON at build time (`build.rs`), without
/// the rules' examples: loading it costs a fraction of parsing TOML, and
/// start-up is the hot path.
const DEFAULT_POLICY_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/default-policy.json"));

/// FNV-1a 64 of the embedded default, computed by the compiler: loading the
/// default does not hash its 50 KB again in every process.
const DEFAULT_HASH: u64 = fnv1a(FNV_BASIS, DEFAULT_POLICY.as_bytes());

const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a 64 of `bytes`, continuing from `hash`.
const fn fnv1a(mut hash: u64, mut bytes: &[u8]) -> u64 {
    while let [b, rest @ ..] = bytes {
        hash = (hash ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        bytes = rest;
    }
    hash
}

/// The embedded default, already parsed.
fn default_file() -> Option<PolicyFile> {
    serde_json::from_str(DEFAULT_POLICY_JSON).ok()
}

/// Why a policy could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The text is not valid TOML or not a policy.
    #[error("{origin}:{line}:{col}: {message}")]
    Syntax {
        /// Which file.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What is wrong.
        message: String,
    },
    /// A rule is malformed, or its examples fail.
    #[error("{origin}:{line}:{col}: rule `{id}`: {message}")]
    Located {
        /// Which file.
        origin: String,
        /// 1-based line of the rule's id.
        line: usize,
        /// 1-based column.
        col: usize,
        /// The rule's id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// A rule problem before its file position is known.
    #[error("rule `{id}`: {message}")]
    Rule {
        /// The rule's id.
        id: String,
        /// Byte span of the id in its file.
        span: Range<usize>,
        /// What is wrong.
        message: String,
    },
}

/// One policy source: where it came from and its text.
#[derive(Debug, Clone)]
pub struct Layer {
    /// A file path, or `<default>` for the embedded policy.
    pub origin: String,
    /// The TOML text.
    pub text: String,
}

/// A compiled policy: evaluate it many times.
#[derive(Debug)]
pub struct Policy {
    /// The effective policy as one file; the embedded policy's is parsed
    /// only when asked for (display, examples).
    file: OnceLock<PolicyFile>,
    settings: Settings,
    rules: Rules,
    ix: Index,
    programs: Cow<'static, Programs>,
    default: Decision,
    unknown_tool: Decision,
    crypto_writes: Decision,
    /// `[[allow_exact]]` entries, by exact text.
    exact: exact::Exact,
    /// Where each rule came from: origin and byte span of its id, for messages.
    /// Which layer each rule came from (positions are found only for messages).
    origins: Vec<usize>,
    layers: Vec<Layer>,
    hash: u64,
    /// What the maps keep by program name, by one lookup once enough
    /// commands were judged to pay for the table.
    by_name: by_name::Lazy,
}

impl Policy {
    /// The embedded default policy, compiled once per process.
    pub fn embedded() -> &'static Policy {
        static P: OnceLock<Policy> = OnceLock::new();
        P.get_or_init(Policy::embedded_lazy)
    }

    /// The embedded default as `build.rs` compiled it: the index is a static,
    /// and each rule is compiled when a command first meets it.
    fn embedded_lazy() -> Policy {
        // INVARIANT: the embedded policy is checked by this crate's tests;
        // if it ever failed to load, an empty deny-by-default policy stands in.
        let Ok(head) = serde_json::from_str::<PolicyFile>(embedded::HEAD) else {
            return Policy::deny_all();
        };
        let Ok(exact) = exact::Exact::compile(&head.allow_exact) else {
            return Policy::deny_all();
        };
        let settings = head.settings;
        Policy {
            file: OnceLock::new(),
            default: settings.default.unwrap_or(Decision::Allow),
            unknown_tool: settings.unknown_tool.unwrap_or(Decision::Ask),
            crypto_writes: settings.crypto_writes.unwrap_or(Decision::Ask),
            settings,
            rules: Rules::lazy(&embedded::RULES, &embedded::PROGRAMS),
            ix: embedded::INDEX.clone(),
            programs: Cow::Borrowed(&embedded::PROGRAMS),
            exact,
            origins: vec![0; embedded::RULES.len()],
            layers: Vec::new(),
            hash: DEFAULT_HASH,
            by_name: Default::default(),
        }
    }

    /// Loads the embedded default afresh, bypassing the per-process cache
    /// (what a new ward process pays; used by benches).
    #[doc(hidden)]
    pub fn embedded_uncached() -> Policy {
        Policy::embedded_lazy()
    }

    fn deny_all() -> Policy {
        Policy {
            file: OnceLock::from(PolicyFile::default()),
            settings: Settings::default(),
            rules: Rules::compiled(Vec::new()),
            ix: Index::default(),
            programs: Cow::Owned(Programs::default()),
            default: Decision::Deny,
            unknown_tool: Decision::Deny,
            crypto_writes: Decision::Deny,
            exact: exact::Exact::default(),
            origins: Vec::new(),
            layers: Vec::new(),
            hash: 0,
            by_name: Default::default(),
        }
    }

    /// One policy file on its own, every regex checked.
    pub fn from_toml(text: &str, origin: &str) -> Result<Policy, PolicyError> {
        Policy::build(
            vec![Layer {
                origin: origin.into(),
                text: text.into(),
            }],
            true,
        )
    }

    /// The embedded default with `user` layers over it. A user layer may add
    /// rules and settings; it loosens a default rule only through
    /// `[overrides]`, by id. Every regex and every example of the user layers
    /// is checked.
    pub fn layered(user: Vec<Layer>) -> Result<Policy, PolicyError> {
        let mut layers = vec![Layer {
            origin: "<default>".into(),
            text: DEFAULT_POLICY.into(),
        }];
        let user_from = layers.len();
        layers.extend(user);
        let policy = Policy::build_with(layers, user_from, default_file())?;
        if let Some(f) = policy.check_examples_from(user_from).into_iter().next() {
            return Err(PolicyError::Located {
                origin: f.at.clone(),
                line: 0,
                col: 0,
                id: f.rule.clone(),
                message: format!(
                    "example `{}` {}",
                    f.example,
                    if f.should_match {
                        "should match but does not"
                    } else {
                        "matches but should not"
                    }
                ),
            }
            .relocate(&f.at));
        }
        Ok(policy)
    }

    /// Like [`Policy::layered`], without running the user layers' examples
    /// (run them with [`Policy::check_user_examples`] to list every failure).
    pub fn layered_unchecked(user: Vec<Layer>) -> Result<Policy, PolicyError> {
        let mut layers = vec![Layer {
            origin: "<default>".into(),
            text: DEFAULT_POLICY.into(),
        }];
        layers.extend(user);
        Policy::build_with(layers, 1, default_file())
    }

    /// The embedded default read from its TOML source (with every rule's
    /// examples) and `user` layers over it, for display: slower to load than
    /// [`Policy::layered`], which a running ward uses.
    pub fn layered_source(user: Vec<Layer>) -> Result<Policy, PolicyError> {
        let mut layers = vec![Layer {
            origin: "<default>".into(),
            text: DEFAULT_POLICY.into(),
        }];
        layers.extend(user);
        Policy::build_with(layers, 1, None)
    }

    /// Runs the examples of every rule that is not from the embedded default.
    pub fn check_user_examples(&self) -> Vec<ExampleFailure> {
        self.check_examples_from(1)
    }

    fn build(layers: Vec<Layer>, eager: bool) -> Result<Policy, PolicyError> {
        Policy::build_with(layers, if eager { 0 } else { usize::MAX }, None)
    }

    /// Builds from layers; regexes of layers from `eager_from` on are checked
    /// now; `first`, when given, is layer 0 already parsed.
    fn build_with(
        layers: Vec<Layer>,
        eager_from: usize,
        mut first: Option<PolicyFile>,
    ) -> Result<Policy, PolicyError> {
        let mut merged = PolicyFile::default();
        let mut origins = Vec::new();
        let mut hash = FNV_BASIS;
        for (li, layer) in layers.iter().enumerate() {
            // Layer 0 given already parsed is the embedded default.
            hash = if li == 0 && first.is_some() {
                DEFAULT_HASH
            } else {
                fnv1a(hash, layer.text.as_bytes())
            };
            let file: PolicyFile = match (li, &first) {
                (0, Some(_)) => first.take().unwrap_or_default(),
                _ => toml::from_str(&layer.text)
                    .map_err(|e| syntax(&layer.origin, &layer.text, &e))?,
            };
            if file.settings.default.is_some() {
                merged.settings.default = file.settings.default;
            }
            if file.settings.unknown_tool.is_some() {
                merged.settings.unknown_tool = file.settings.unknown_tool;
            }
            if file.settings.crypto_writes.is_some() {
                merged.settings.crypto_writes = file.settings.crypto_writes;
            }
            if file.settings.agent_unmatched.is_some() {
                merged.settings.agent_unmatched = file.settings.agent_unmatched;
            }
            if let Err((i, message)) = exact::Exact::compile(&file.allow_exact) {
                let at = file
                    .allow_exact
                    .get(i)
                    .and_then(|e| layer.text.find(e.command.trim()))
                    .unwrap_or(0);
                let (line, col) = line_col(&layer.text, at);
                return Err(PolicyError::Syntax {
                    origin: layer.origin.clone(),
                    line,
                    col,
                    message,
                });
            }
            merged.allow_exact.extend(file.allow_exact);
            for (name, spec) in file.programs {
                let entry = merged.programs.entry(name).or_default();
                entry.value_flags.extend(spec.value_flags);
                entry.aliases.extend(spec.aliases);
            }
            for (id, what) in &file.overrides {
                let Some(pos) = merged.rules.iter().position(|r| &r.id == id) else {
                    return Err(located(
                        &layer.origin,
                        &layer.text,
                        0..0,
                        id,
                        format!("`[overrides]` names rule `{id}`, which no earlier policy defines"),
                    ));
                };
                if what == "off" {
                    merged.rules.remove(pos);
                    origins.remove(pos);
                } else {
                    let d: Decision = what
                        .parse()
                        .map_err(|m: String| located(&layer.origin, &layer.text, 0..0, id, m))?;
                    if let Some(r) = merged.rules.get_mut(pos) {
                        r.decision = d;
                    }
                }
            }
            for rule in file.rules {
                if let Some(prev) = merged.rules.iter().position(|r| r.id == rule.id) {
                    let from = origins
                        .get(prev)
                        .and_then(|l: &usize| layers.get(*l))
                        .map_or("", |l| l.origin.as_str());
                    return Err(located(
                        &layer.origin,
                        &layer.text,
                        id_span(&layer.text, &rule.id),
                        &rule.id,
                        format!(
                            "this id is already defined in {from}; to change that rule, name it in `[overrides]`"
                        ),
                    ));
                }
                origins.push(li);
                merged.rules.push(rule);
            }
        }
        let programs = compile::programs(&merged);
        let mut rules = Vec::with_capacity(merged.rules.len());
        for (spec, li) in merged.rules.iter().zip(&origins) {
            let rule = compile::rule(spec, &programs, *li >= eager_from).map_err(|e| {
                match (e, layers.get(*li)) {
                    (PolicyError::Rule { id, message, .. }, Some(l)) => {
                        located(&l.origin, &l.text, id_span(&l.text, &id), &id, message)
                    }
                    (other, _) => other,
                }
            })?;
            rules.push(rule);
        }
        let ix = compile::index(&merged.rules);
        // INVARIANT: every layer's entries were validated above.
        let exact = exact::Exact::compile(&merged.allow_exact).unwrap_or_default();
        Ok(Policy {
            exact,
            default: merged.settings.default.unwrap_or(Decision::Allow),
            unknown_tool: merged.settings.unknown_tool.unwrap_or(Decision::Ask),
            crypto_writes: merged.settings.crypto_writes.unwrap_or(Decision::Ask),
            settings: merged.settings.clone(),
            file: OnceLock::from(merged),
            rules: Rules::compiled(rules),
            ix,
            programs: Cow::Owned(programs),
            origins,
            layers,
            hash,
            by_name: Default::default(),
        })
    }

    /// Where a program name is in the maps kept by name.
    fn program_entry(&self, name: &str) -> by_name::Entry {
        self.by_name.get(name, &self.programs, &self.ix)
    }

    #[cfg(test)]
    fn maps(&self) -> (&Programs, &Index) {
        (&self.programs, &self.ix)
    }

    /// The effective policy as one file; its text loads back to the same policy.
    pub fn file(&self) -> &PolicyFile {
        // Only the embedded default (no layers) and a cached policy leave
        // it to be read here.
        self.file.get_or_init(|| {
            if self.layers.is_empty() {
                default_file().unwrap_or_default()
            } else {
                cache::merged_file(&self.layers)
            }
        })
    }

    /// The policy-wide settings (cheaper than [`Policy::file`] for the
    /// embedded policy, whose file is parsed only when asked for).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A hash of the policy's source texts, for cache keys.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// How many rules the policy has.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the policy has no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The decision where nothing matches.
    pub fn default_decision(&self) -> Decision {
        self.default
    }

    /// What an agent's write of quantum-vulnerable or broken cryptography
    /// into code becomes (`[settings] crypto_writes`; allow = not checked).
    pub fn crypto_writes(&self) -> Decision {
        self.crypto_writes
    }

    /// Programs named by rules that ask or deny (what PATH shims guard).
    pub fn guarded_programs(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .rules
            .iter()
            .filter(|r| r.target == Target::Command && r.decision > Decision::Allow)
            .flat_map(|r| r.programs.iter().filter(|p| !p.ends_with('*')).cloned())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

impl PolicyError {
    fn relocate(self, at: &str) -> PolicyError {
        let mut parts = at.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
        let origin = parts.next().unwrap_or(at).to_owned();
        match self {
            PolicyError::Located { id, message, .. } => PolicyError::Located {
                origin,
                line,
                col,
                id,
                message,
            },
            other => other,
        }
    }
}

fn position(origin: &str, text: &str, offset: usize) -> String {
    let (line, col) = line_col(text, offset);
    format!("{origin}:{line}:{col}")
}

/// Where a rule's id is written in `text` (`id = "ID"`), for messages.
fn id_span(text: &str, id: &str) -> Range<usize> {
    for quote in ['"', '\''] {
        let needle = format!("{quote}{id}{quote}");
        let mut from = 0;
        while let Some(pos) = text.get(from..).and_then(|t| t.find(&needle)) {
            let at = from + pos;
            let before = text.get(..at).unwrap_or_default().trim_end();
            if before
                .strip_suffix('=')
                .is_some_and(|b| b.trim_end().ends_with("id"))
            {
                return at..at + needle.len();
            }
            from = at + needle.len();
        }
    }
    0..0
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn syntax(origin: &str, text: &str, e: &toml::de::Error) -> PolicyError {
    let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    let message = e.message().trim().trim_end_matches('.').to_owned();
    PolicyError::Syntax {
        origin: origin.into(),
        line,
        col,
        message,
    }
}

fn located(origin: &str, text: &str, span: Range<usize>, id: &str, message: String) -> PolicyError {
    let (line, col) = line_col(text, span.start);
    PolicyError::Located {
        origin: origin.into(),
        line,
        col,
        id: id.into(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_policy_compiles_every_regex() {
        Policy::from_toml(DEFAULT_POLICY, "<default>").unwrap();
    }

    #[test]
    fn the_compiled_in_hash_is_the_hash_of_the_text() {
        let loaded = Policy::layered(Vec::new()).unwrap();
        let from_source = Policy::layered_source(Vec::new()).unwrap();
        assert_eq!(loaded.hash(), from_source.hash());
        let user = || {
            vec![Layer {
                origin: "u".into(),
                text: "[settings]\ndefault = \"ask\"\n".into(),
            }]
        };
        let a = Policy::layered(user()).unwrap();
        let b = Policy::layered_source(user()).unwrap();
        assert_eq!(a.hash(), b.hash());
        assert_ne!(a.hash(), loaded.hash());
    }

    #[test]
    fn embedded_policy_examples_pass() {
        let p = Policy::from_toml(DEFAULT_POLICY, "<default>").unwrap();
        let failures: Vec<String> = p.check_examples().iter().map(ToString::to_string).collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The build-time form of the embedded policy (static index, rules
    /// compiled on first use) decides exactly as the policy compiled from
    /// its TOML source, over every `match`/`not_match` example of every rule,
    /// for each kind of actor.
    #[test]
    fn the_lazy_embedded_policy_decides_as_the_compiled_source() {
        let lazy = Policy::embedded_lazy();
        let source = Policy::from_toml(DEFAULT_POLICY, "<default>").unwrap();
        assert_eq!(lazy.len(), source.len());
        let checked = examples::assert_same_decisions(&lazy, &source, &source);
        assert!(checked > 500, "{checked} checks");
    }

    /// Every rule and program spec written by `build.rs` compiles, and the
    /// static index is the one the compiler builds from the source.
    #[test]
    fn the_lazy_embedded_policy_compiles_every_rule_and_its_index_is_the_sources() {
        let lazy = Policy::embedded_lazy();
        for i in 0..lazy.len() {
            assert!(lazy.rules.get(i).is_some(), "rule {i}");
        }
        let source = Policy::from_toml(DEFAULT_POLICY, "<default>").unwrap();
        assert_eq!(format!("{:?}", lazy.ix), format!("{:?}", source.ix));
        for name in source.file().programs.keys() {
            let conventions = |p: Option<&compile::Program>| {
                p.map(|p| {
                    let aliases: std::collections::BTreeMap<_, _> =
                        p.aliases.iter().map(|(a, b)| (a, b)).collect();
                    (p.value_flags.clone(), format!("{aliases:?}"))
                })
            };
            let a = conventions(lazy.programs.get(name));
            assert!(a.is_some(), "{name}");
            assert_eq!(a, conventions(source.programs.get(name)), "{name}");
        }
        assert_eq!(lazy.settings(), source.settings());
        assert_eq!(lazy.guarded_programs(), source.guarded_programs());
        assert_eq!(lazy.file().rules.len(), source.len());
    }
}
