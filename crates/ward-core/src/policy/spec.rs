//! The policy file format: what a TOML policy says, before compilation.
//! Parses with `FromStr` and prints back with `Display`, so files round-trip.

use crate::decision::Decision;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole policy file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// Policy-wide settings.
    #[serde(default, skip_serializing_if = "Settings::is_empty")]
    pub settings: Settings,
    /// Per-program argument conventions: which flags take values, aliases.
    #[serde(
        default,
        rename = "program",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub programs: BTreeMap<String, ProgramSpec>,
    /// Explicit loosening of rules from a lower layer, by id: a decision or `off`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<String, String>,
    /// Exact command texts always allowed for one kind of actor (see
    /// [`AllowExact`]); only ever turns an `ask` into allow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_exact: Vec<AllowExact>,
    /// The rules.
    #[serde(default, rename = "rule", skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleSpec>,
}

/// One `[[allow_exact]]` entry: this exact command text (after trimming),
/// run by this kind of actor, is allowed where the rules would ask.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AllowExact {
    /// The whole command line, exactly as the front end gives it.
    pub command: String,
    /// `human`, `agent`, `agent:NAME`, `unknown` or `any`.
    pub actor: String,
}

/// Policy-wide settings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The decision for a command no rule matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Decision>,
    /// The decision for an agent tool no rule names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_tool: Option<Decision>,
    /// What an agent's write of quantum-vulnerable or broken cryptography
    /// into code becomes (`allow` turns the check off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crypto_writes: Option<Decision>,
    /// What an agent hook answers when no rule spoke (the allow came from
    /// `default`, not from a rule): `defer` (the agent's own permission flow
    /// decides; the default), `allow` or `ask`. `ward check`, `ward exec`,
    /// shells and shims keep `default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_unmatched: Option<Unmatched>,
}

/// What an agent hook answers when no rule matched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unmatched {
    /// No opinion: the agent's own permission system decides.
    #[default]
    Defer,
    /// Allow, skipping the agent's own prompt.
    Allow,
    /// Ask a person (deny where the protocol cannot ask).
    Ask,
}

impl Settings {
    fn is_empty(&self) -> bool {
        self.default.is_none()
            && self.unknown_tool.is_none()
            && self.crypto_writes.is_none()
            && self.agent_unmatched.is_none()
    }
}

/// How one program spells its arguments.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramSpec {
    /// Flags that take a value (`C` for `git -C DIR`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_flags: Vec<String>,
    /// Flag aliases: `recursive = "r"` makes `--recursive` the same as `-r`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, String>,
}

/// One rule as written.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// A stable id (`fs.rm-root`); user files loosen rules by naming it.
    pub id: String,
    /// What happens when the rule matches.
    pub decision: Decision,
    /// Shown to the person or agent.
    pub reason: String,
    /// What the rule judges: `command` (default), `file-write`, `file-read`,
    /// `network`, `tool`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Who the rule applies to: `ai_only`, `human_only` or `any` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Applies only in these trust states.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trust: Vec<String>,
    /// Applies except in these trust states (no trust engine counts as none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unless_trust: Vec<String>,
    /// Program basenames; `mkfs.*` matches by prefix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub program: Vec<String>,
    /// Leading positional words, space-separated, `*` globs within a word:
    /// `push`, `stash clear`, `* delete-*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub: Vec<String>,
    /// Any of these normalised flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags_any: Vec<String>,
    /// All of these normalised flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags_all: Vec<String>,
    /// None of these normalised flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags_none: Vec<String>,
    /// Some argument matches one of these globs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args_any: Vec<String>,
    /// The normalised line (`program arg …`) matches this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_re: Option<String>,
    /// The rule does not match when the normalised line matches this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless_re: Option<String>,
    /// Some positional argument is a path of one of these classes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arg_class: Vec<String>,
    /// The command has an effect of one of these kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub effect: Vec<String>,
    /// …on a path of one of these classes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub class: Vec<String>,
    /// …covering whole trees (or not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recursive: Option<bool>,
    /// …sending secrets (for `egress`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<bool>,
    /// Standard input (heredoc, here-string, echoed text) matches this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdin_re: Option<String>,
    /// Run through `sudo`/`doas`/`su`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevated: Option<bool>,
    /// File actions: path globs (`~/.ssh/**`, `**/.env*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
    /// File writes: the content matches this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_re: Option<String>,
    /// Tool calls: tool-name globs (`mcp__*__delete*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool: Vec<String>,
    /// Network actions: the URL matches this regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_re: Option<String>,
    /// Commands (or paths, URLs, tool names) this rule must match.
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// Commands this rule must not match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_match: Vec<String>,
}

impl std::str::FromStr for PolicyFile {
    type Err = toml::de::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        toml::from_str(s)
    }
}

impl std::fmt::Display for PolicyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = toml::to_string(self).map_err(|_| std::fmt::Error)?;
        f.write_str(&text)
    }
}
