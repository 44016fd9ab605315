//! Evaluation: pure, no I/O, no locks, no clock.

use super::Policy;
use super::compile::{ActorCond, LazyRegex, Rule, Target, class_bit};
use super::glob::{self, Glob};
use super::pathglob::PathSig;
use crate::action::{Action, Arg, CommandLine, Context, Effect, PathClass, SimpleCommand, Stdin};
use crate::decision::{Decision, RuleMatch, Verdict};
use classes::Classes;
use std::cell::{Cell, OnceCell};
use view::{EffectMemo, View, effect_bit};

mod classes;
mod view;

impl Policy {
    /// Judges `action` for the caller described by `ctx`.
    pub fn evaluate(&self, action: &Action, ctx: &Context) -> Verdict {
        match action {
            Action::Command(line) => self.evaluate_line(line, ctx),
            Action::FileWrite { path, content } => {
                self.evaluate_other(&self.ix.file_write, ctx, self.default, |r| {
                    file_matches(r, path, ctx)
                        && r.content_re.as_ref().is_none_or(|re| {
                            re.get().is_some_and(|re| re.is_match(content.as_bytes()))
                        })
                })
            }
            Action::FileRead { path } => {
                self.evaluate_other(&self.ix.file_read, ctx, self.default, |r| {
                    file_matches(r, path, ctx)
                })
            }
            Action::Network { url } => {
                self.evaluate_other(&self.ix.network, ctx, self.default, |r| {
                    r.url_re
                        .as_ref()
                        .is_none_or(|re| re.get().is_some_and(|re| re.is_match(url.as_bytes())))
                })
            }
            Action::Tool { name } => {
                self.evaluate_other(&self.ix.tool, ctx, self.unknown_tool, |r| {
                    r.tools.is_empty() || r.tools.iter().any(|t| glob::matches(t, name))
                })
            }
        }
    }

    /// Judges a parsed command line.
    pub fn evaluate_line(&self, line: &CommandLine, ctx: &Context) -> Verdict {
        let mut matches = Vec::new();
        let mut decision = Decision::Allow;
        let mut any_default = false;
        let agent = ctx.actor.counts_as_agent(ctx.trust);
        let mut view = View::default();
        view.classes.on = line.commands.len() > 1;
        // The rules every command meets, less those that do not apply to
        // this caller: sorted out once for the line, not once per command.
        let generic: Vec<u32> = if line.commands.is_empty() {
            Vec::new()
        } else {
            self.ix
                .generic
                .iter()
                .copied()
                .filter(|&i| {
                    self.rules
                        .get_for(i as usize, agent)
                        .is_some_and(|r| applies_to(r, ctx, agent))
                })
                .collect()
        };
        for (ci, cmd) in line.commands.iter().enumerate() {
            let before = matches.len();
            self.fill(&mut view, cmd, &generic);
            for k in 0..view.candidates.len() {
                let Some(&ri) = view.candidates.get(k) else {
                    break;
                };
                // Not compiled at all when its actor condition already
                // excludes this actor (a person's rules in an agent's call).
                let Some(r) = self.rules.get_for(ri as usize, agent) else {
                    continue;
                };
                if !applies_to(r, ctx, agent) {
                    continue;
                }
                if r.needs_split {
                    view.split(&self.programs);
                }
                if command_matches(r, &view, ctx) {
                    matches.push(RuleMatch {
                        rule: r.id.clone(),
                        decision: r.decision,
                        reason: r.reason.clone(),
                        command: Some(ci),
                    });
                }
            }
            let cmd_decision = match matches
                .get(before..)
                .unwrap_or_default()
                .iter()
                .map(|m| m.decision)
                .max()
            {
                Some(d) => d,
                None => {
                    any_default = true;
                    self.default
                }
            };
            decision = decision.max(cmd_decision);
        }
        if line.commands.is_empty() {
            any_default = true;
            decision = self.default;
        }
        let mut reason = matches
            .iter()
            .find(|m| m.decision == decision)
            .map(|m| m.reason.to_string())
            .unwrap_or_else(|| {
                if any_default {
                    format!("no rule matched; the default is {}", self.default)
                } else {
                    String::new()
                }
            });
        if !line.problems.is_empty() {
            let problem_decision = if ctx.interactive {
                Decision::Ask
            } else {
                Decision::Deny
            };
            if problem_decision >= decision {
                reason = line
                    .problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
            }
            decision = decision.max(problem_decision);
        }
        // `[[allow_exact]]`: only an `ask` on a cleanly parsed line.
        if decision == Decision::Ask
            && line.problems.is_empty()
            && !self.exact.is_empty()
            && self.exact.allows(&line.raw, ctx)
        {
            let reason: std::sync::Arc<str> = format!(
                "always allowed: this exact command is in `allow_exact` (the rules ask: {reason})"
            )
            .into();
            return Verdict {
                decision: Decision::Allow,
                reason: reason.to_string(),
                matches: vec![RuleMatch {
                    rule: super::exact::EXACT_RULE.into(),
                    decision: Decision::Allow,
                    reason,
                    command: None,
                }],
            };
        }
        Verdict {
            decision,
            reason,
            matches,
        }
    }

    fn evaluate_other(
        &self,
        bucket: &[u32],
        ctx: &Context,
        default: Decision,
        pred: impl Fn(&Rule) -> bool,
    ) -> Verdict {
        let matches: Vec<RuleMatch> = bucket
            .iter()
            .filter_map(|&i| self.rules.get(i as usize))
            .filter(|r| applies(r, ctx) && pred(r))
            .map(|r| RuleMatch {
                rule: r.id.clone(),
                decision: r.decision,
                reason: r.reason.clone(),
                command: None,
            })
            .collect();
        match matches.iter().map(|m| m.decision).max() {
            Some(decision) => {
                let reason = matches
                    .iter()
                    .find(|m| m.decision == decision)
                    .map(|m| m.reason.to_string())
                    .unwrap_or_default();
                Verdict {
                    decision,
                    reason,
                    matches,
                }
            }
            None => Verdict {
                decision: default,
                reason: format!("no rule matched; the default is {default}"),
                matches,
            },
        }
    }

    /// Whether rule `ri` matches `action` for `ctx` (used by example checks).
    pub(crate) fn rule_matches(&self, ri: usize, action: &Action, ctx: &Context) -> bool {
        let Some(r) = self.rules.get(ri) else {
            return false;
        };
        if !applies(r, ctx) {
            return false;
        }
        match (action, r.target) {
            (Action::Command(line), Target::Command) => {
                let mut view = View::default();
                line.commands.iter().any(|c| {
                    self.fill(&mut view, c, &self.ix.generic);
                    view.split(&self.programs);
                    let candidate = u32::try_from(ri).is_ok_and(|ri| view.candidates.contains(&ri));
                    candidate && command_matches(r, &view, ctx)
                })
            }
            (Action::FileWrite { path, content }, Target::FileWrite) => {
                file_matches(r, path, ctx)
                    && r.content_re
                        .as_ref()
                        .is_none_or(|re| re.get().is_some_and(|re| re.is_match(content.as_bytes())))
            }
            (Action::FileRead { path }, Target::FileRead) => file_matches(r, path, ctx),
            (Action::Network { url }, Target::Network) => r
                .url_re
                .as_ref()
                .is_none_or(|re| re.get().is_some_and(|re| re.is_match(url.as_bytes()))),
            (Action::Tool { name }, Target::Tool) => r.tools.iter().any(|t| glob::matches(t, name)),
            _ => false,
        }
    }
}

fn applies(r: &Rule, ctx: &Context) -> bool {
    applies_to(r, ctx, ctx.actor.counts_as_agent(ctx.trust))
}

/// [`applies`], `agent` being whether the caller counts as an agent.
fn applies_to(r: &Rule, ctx: &Context, agent: bool) -> bool {
    let actor_ok = match r.actor {
        ActorCond::Any => true,
        ActorCond::AiOnly => agent,
        ActorCond::HumanOnly => !agent,
    };
    actor_ok
        && (r.trust.is_empty() || ctx.trust.is_some_and(|t| r.trust.contains(&t)))
        && !(ctx.trust.is_some_and(|t| r.unless_trust.contains(&t)))
}

fn command_matches<'a>(r: &Rule, v: &View<'a>, ctx: &Context) -> bool {
    let cmd = v.cmd;
    if let Some(e) = r.elevated
        && cmd.elevated() != e
    {
        return false;
    }
    if !r.sub.is_empty() && !r.sub.iter().any(|seq| sub_matches(seq, &v.positional)) {
        return false;
    }
    if !r.flags_any.is_empty() && !r.flags_any.iter().any(|f| v.flags.contains(&f.as_str())) {
        return false;
    }
    if !r.flags_all.iter().all(|f| v.flags.contains(&f.as_str())) {
        return false;
    }
    if r.flags_none.iter().any(|f| v.flags.contains(&f.as_str())) {
        return false;
    }
    if !r.args_any.is_empty()
        && !cmd.args.iter().any(|a| {
            let t = a.text.as_str();
            r.args_any.iter().any(|g| g.matches(t))
        })
    {
        return false;
    }
    if r.line_re.as_ref().is_some_and(|re| !line_matches(re, v)) {
        return false;
    }
    if r.unless_re.as_ref().is_some_and(|re| line_matches(re, v)) {
        return false;
    }
    if r.arg_class != 0
        && !v
            .positional
            .iter()
            .zip(&v.positional_class)
            .any(|(a, class)| {
                !a.dynamic
                    && r.arg_class & class_bit(class_of(class, &a.text, &v.classes, ctx)) != 0
            })
    {
        return false;
    }
    // No effect of a kind and recursion the rule names: none can match.
    if r.effect != 0
        && (v.effect_combos & r.effect_combos == 0
            || !cmd
                .effects
                .iter()
                .zip(&v.effects)
                .any(|(e, memo)| effect_matches(r, e, memo, &v.classes, ctx)))
    {
        return false;
    }
    if let Some(re) = &r.stdin_re {
        let text = match &cmd.stdin {
            Some(Stdin::Here { text }) | Some(Stdin::Pipe { text, .. }) => text.as_str(),
            _ => "",
        };
        if !re.get().is_some_and(|re| re.is_match(text.as_bytes())) {
            return false;
        }
    }
    true
}

/// Whether `re` matches the command's line. A pattern with a DFA is valid:
/// its walk over the words answers as the regex of the written line. Out
/// of line: most rules have no pattern, and their test stays a load.
#[inline(never)]
fn line_matches(re: &LazyRegex, v: &View<'_>) -> bool {
    let cmd = v.cmd;
    re.is_match_words(
        cmd.program.as_bytes(),
        cmd.args.iter().map(|a| a.text.as_bytes()),
    )
    .unwrap_or_else(|| {
        let line = v.line.get_or_init(|| line_into(v.spare.take(), cmd));
        re.get().is_some_and(|re| re.is_match(line.as_bytes()))
    })
}

/// [`SimpleCommand::line`] written into `buf`, whose allocation is reused.
fn line_into(mut buf: String, cmd: &SimpleCommand) -> String {
    buf.clear();
    buf.push_str(&cmd.program);
    for arg in &cmd.args {
        buf.push(' ');
        buf.push_str(&arg.text);
    }
    buf
}

/// The class of `path`, classified once.
fn class_of<'a>(
    known: &Cell<Option<PathClass>>,
    path: &'a str,
    classes: &Classes<'a>,
    ctx: &Context,
) -> PathClass {
    known.get().unwrap_or_else(|| {
        let c = classes.of(path, ctx);
        known.set(Some(c));
        c
    })
}

/// Whether effect `e` is one `r` names. The cheap tests (kind, recursion,
/// secrecy) come before those that read the path.
fn effect_matches<'a>(
    r: &Rule,
    e: &'a Effect,
    memo: &EffectMemo,
    classes: &Classes<'a>,
    ctx: &Context,
) -> bool {
    if r.effect & effect_bit(e) == 0 {
        return false;
    }
    if r.recursive.is_some_and(|want| e.recursive() != want) {
        return false;
    }
    if let Some(want) = r.secret
        && !matches!(e, Effect::Egress { secret } if *secret == want)
    {
        return false;
    }
    if r.class != 0 {
        let class = match e {
            Effect::Delete { path, class, .. }
            | Effect::Write { path, class }
            | Effect::Chmod { path, class, .. }
            | Effect::Chown { path, class, .. } => {
                if *class == PathClass::Unknown {
                    *class
                } else {
                    class_of(&memo.class, path, classes, ctx)
                }
            }
            other => match other.class() {
                Some(c) => c,
                None => return false,
            },
        };
        if r.class & class_bit(class) == 0 {
            return false;
        }
    }
    if !r.paths.is_empty() {
        let path = match e {
            Effect::Delete { path, .. }
            | Effect::Write { path, .. }
            | Effect::Chmod { path, .. }
            | Effect::Chown { path, .. }
            | Effect::ReadSecret { path } => path,
            _ => return false,
        };
        let sig = || memo.sig.get_or_init(|| PathSig::of(path));
        if !r.paths.matches(path, sig, &ctx.home) {
            return false;
        }
    }
    true
}

fn sub_matches(seq: &[Glob], positional: &[&Arg]) -> bool {
    seq.len() <= positional.len()
        && seq
            .iter()
            .zip(positional)
            .all(|(want, got)| !got.dynamic && want.matches(&got.text))
}

fn file_matches(r: &Rule, path: &str, ctx: &Context) -> bool {
    let class_ok =
        r.class == 0 || r.class & class_bit(crate::paths::classify(path, &ctx.cwd, &ctx.home)) != 0;
    let sig = OnceCell::new();
    let path_ok = r.paths.is_empty()
        || r.paths
            .matches(path, || sig.get_or_init(|| PathSig::of(path)), &ctx.home);
    class_ok && path_ok
}

#[cfg(test)]
mod tests;
