//! Evaluation: pure, no I/O, no locks, no clock.

use super::Policy;
use super::compile::{ActorCond, Rule, Target};
use super::glob;
use crate::action::{Action, Arg, CommandLine, Context, PathClass, SimpleCommand, Stdin};
use crate::decision::{Decision, RuleMatch, Verdict};
use crate::paths::classify;
use crate::shell::flags;

/// The parts of one command a rule looks at, computed once per command.
struct View<'a> {
    cmd: &'a SimpleCommand,
    flags: Vec<&'a str>,
    positional: Vec<&'a Arg>,
    line: std::cell::OnceCell<String>,
    /// The class of each positional argument, and of each effect's path,
    /// worked out once for all the rules that ask.
    positional_class: Vec<std::cell::OnceCell<PathClass>>,
    effect_class: Vec<std::cell::OnceCell<PathClass>>,
}

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
        for (ci, cmd) in line.commands.iter().enumerate() {
            let before = matches.len();
            let view = self.view(cmd);
            for ri in self.candidates(cmd, &view) {
                // Not compiled at all when its actor condition already
                // excludes this actor (a person's rules in an agent's call).
                let Some(r) = self.rules.get_for(ri as usize, agent) else {
                    continue;
                };
                if applies(r, ctx) && command_matches(r, &view, ctx) {
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
            (Action::Command(line), Target::Command) => line.commands.iter().any(|c| {
                let view = self.view(c);
                self.candidates(c, &view).contains(&(ri as u32)) && command_matches(r, &view, ctx)
            }),
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

    fn candidates(&self, cmd: &SimpleCommand, view: &View<'_>) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        if let Some(b) = self.ix.by_program.get(cmd.program.as_str()) {
            out.extend_from_slice(b);
        }
        if let (Some(subs), Some(first)) = (
            self.ix.by_sub.get(cmd.program.as_str()),
            view.positional.first(),
        ) && let Some(b) = subs.get(first.text.as_str())
        {
            out.extend_from_slice(b);
        }
        for (prefix, i) in &self.ix.by_prefix {
            if cmd.program.starts_with(prefix.as_str()) {
                out.push(*i);
            }
        }
        for e in &cmd.effects {
            if let Some(b) = self.ix.by_effect.get(e.kind()) {
                out.extend_from_slice(b);
            }
        }
        out.extend_from_slice(&self.ix.generic);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn view<'a>(&'a self, cmd: &'a SimpleCommand) -> View<'a> {
        let prog = self.programs.get(cmd.program.as_str());
        let takes_value = |f: &str| prog.is_some_and(|p| p.value_flags.iter().any(|v| v == f));
        let split = flags::split(&cmd.args, &takes_value);
        let flags = match prog {
            Some(p) => split.flags.into_iter().map(|f| p.canonical(f)).collect(),
            None => split.flags,
        };
        let positional_class = vec![std::cell::OnceCell::new(); split.positional.len()];
        View {
            cmd,
            flags,
            positional: split.positional,
            line: std::cell::OnceCell::new(),
            positional_class,
            effect_class: vec![std::cell::OnceCell::new(); cmd.effects.len()],
        }
    }
}

fn applies(r: &Rule, ctx: &Context) -> bool {
    let actor_ok = match r.actor {
        ActorCond::Any => true,
        ActorCond::AiOnly => ctx.actor.counts_as_agent(ctx.trust),
        ActorCond::HumanOnly => !ctx.actor.counts_as_agent(ctx.trust),
    };
    actor_ok
        && (r.trust.is_empty() || ctx.trust.is_some_and(|t| r.trust.contains(&t)))
        && !(ctx.trust.is_some_and(|t| r.unless_trust.contains(&t)))
}

fn command_matches(r: &Rule, v: &View<'_>, ctx: &Context) -> bool {
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
        && !cmd
            .args
            .iter()
            .any(|a| r.args_any.iter().any(|g| glob::matches(g, &a.text)))
    {
        return false;
    }
    if let Some(re) = &r.line_re {
        let line = v.line.get_or_init(|| cmd.line());
        if !re.get().is_some_and(|re| re.is_match(line.as_bytes())) {
            return false;
        }
    }
    if let Some(re) = &r.unless_re {
        let line = v.line.get_or_init(|| cmd.line());
        if re.get().is_some_and(|re| re.is_match(line.as_bytes())) {
            return false;
        }
    }
    if !r.arg_class.is_empty()
        && !v
            .positional
            .iter()
            .zip(&v.positional_class)
            .any(|(a, class)| {
                !a.dynamic
                    && r.arg_class
                        .contains(class.get_or_init(|| classify(&a.text, &ctx.cwd, &ctx.home)))
            })
    {
        return false;
    }
    if !r.effect.is_empty()
        && !cmd
            .effects
            .iter()
            .zip(&v.effect_class)
            .any(|(e, class)| effect_matches(r, e, class, ctx))
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

fn effect_matches(
    r: &Rule,
    e: &crate::action::Effect,
    known: &std::cell::OnceCell<PathClass>,
    ctx: &Context,
) -> bool {
    use crate::action::Effect;
    if !r.effect.iter().any(|k| k == e.kind()) {
        return false;
    }
    if !r.class.is_empty() {
        let class = match e {
            Effect::Delete { path, class, .. }
            | Effect::Write { path, class }
            | Effect::Chmod { path, class, .. }
            | Effect::Chown { path, class, .. } => {
                if *class == PathClass::Unknown {
                    *class
                } else {
                    *known.get_or_init(|| classify(path, &ctx.cwd, &ctx.home))
                }
            }
            other => match other.class() {
                Some(c) => c,
                None => return false,
            },
        };
        if !r.class.contains(&class) {
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
        if !r.paths.iter().any(|g| path_glob(g, path, ctx)) {
            return false;
        }
    }
    if r.recursive.is_some_and(|want| e.recursive() != want) {
        return false;
    }
    if let Some(want) = r.secret
        && !matches!(e, Effect::Egress { secret } if *secret == want)
    {
        return false;
    }
    true
}

fn sub_matches(seq: &[String], positional: &[&Arg]) -> bool {
    seq.len() <= positional.len()
        && seq
            .iter()
            .zip(positional)
            .all(|(want, got)| !got.dynamic && glob::matches(want, &got.text))
}

fn file_matches(r: &Rule, path: &str, ctx: &Context) -> bool {
    let class_ok = r.class.is_empty() || r.class.contains(&classify(path, &ctx.cwd, &ctx.home));
    let path_ok = r.paths.is_empty() || r.paths.iter().any(|g| path_glob(g, path, ctx));
    class_ok && path_ok
}

fn path_glob(pattern: &str, path: &str, ctx: &Context) -> bool {
    if glob::matches(pattern, path) {
        return true;
    }
    if let Some(rest) = pattern.strip_prefix("~/") {
        let home = ctx.home.trim_end_matches('/');
        if !home.is_empty()
            && let Some(p) = path.strip_prefix(home).and_then(|p| p.strip_prefix('/'))
        {
            return glob::matches(rest, p);
        }
    }
    false
}
