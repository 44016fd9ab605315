//! The apply gate: every staged change is judged by ward's policy as a file
//! write (or delete / chmod command) by the agent, with the content checks
//! `ward hook` runs on written files (scripts, Dockerfiles, cryptography);
//! the decision is recorded before anything lands. `ask` needs a yes on the
//! terminal, or approval through the daemon's queue without one.

use crate::cmd::common;
use crate::cmd::hook::CryptoScanner;
use crate::cmd::record::Record;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;
use ward_core::{Action, Actor, Context, Decision, Policy, shell};
use ward_daemon::{Client, EvalRequest, Response, WireAction};
use ward_hook::ContentScanner;
use ward_shadow::{Item, Op, Shadow};

/// Judges, records and confirms items for one apply.
pub struct Gate<'a> {
    policy: &'a Policy,
    ctx: Context,
    client: Option<Client>,
    tty: bool,
    shadow: String,
    /// Decisions judged but not yet recorded; [`Gate::commit`] writes them
    /// before anything lands.
    records: Vec<Record>,
}

/// The actor staged changes are judged as.
fn actor() -> Actor {
    Actor::Agent("shadow".into())
}

impl<'a> Gate<'a> {
    /// A gate for `shadow` with `policy` (an explicit policy file skips the daemon).
    pub fn new(policy: &'a Policy, shadow: &Shadow, explicit: Option<&Path>) -> Self {
        let tty = std::io::stdin().is_terminal();
        let mut ctx = common::context(actor(), false);
        ctx.actor = actor();
        ctx.cwd = shadow.project.display().to_string();
        Gate {
            policy,
            ctx,
            client: crate::cmd::daemon::connect_for(explicit),
            tty,
            shadow: shadow.name.clone(),
            records: Vec::new(),
        }
    }

    /// The gate's answer for `item`.
    fn answer(&mut self, item: &Item) -> ward_shadow::Gate {
        let path = item.real.display().to_string();
        let (actions, wire) = actions(item, &path);
        let (mut decision, reason, rules) = self.evaluate(&actions);
        let mut by = "in-process".to_owned();
        let raw = describe(item, &path);
        let mut why = reason.clone();
        let asked = decision == Decision::Ask;
        if asked {
            if self.tty {
                let yes = confirm(&raw, &reason);
                by = if yes {
                    "human:confirmed"
                } else {
                    "human:declined"
                }
                .into();
                decision = if yes { Decision::Allow } else { Decision::Deny };
                if !yes {
                    why = format!("declined on the terminal ({reason})");
                }
            } else {
                (decision, by, why) = self.queue(wire, &reason);
            }
        }
        let kind = actions.first().map_or("file-write", Action::kind);
        let r = Record {
            source: "shadow".into(),
            actor: self.ctx.actor.to_string(),
            kind: kind.into(),
            raw: raw.clone(),
            decision: decision.as_str().into(),
            rules: rules.clone(),
            reason: why.clone(),
            decided_by: by,
            session: self.shadow.clone(),
            ..Record::default()
        };
        self.records.push(r);
        let word = if asked { "ask" } else { decision.as_str() };
        match decision {
            Decision::Allow => ward_shadow::Gate::Apply,
            _ if rules.is_empty() => ward_shadow::Gate::Hold(format!("{word}: {why}")),
            _ => ward_shadow::Gate::Hold(format!("{word}: {why} [{}]", rules.join(", "))),
        }
    }

    /// Records every judged decision: through the daemon when it is up
    /// (the monitor shows them live), else in one batch to the store.
    fn record_all(&mut self) -> anyhow::Result<()> {
        let records = std::mem::take(&mut self.records);
        if let Some(c) = self.client.as_mut() {
            for r in &records {
                crate::cmd::daemon::record_via(Some(c), r)?;
            }
            return Ok(());
        }
        if records.is_empty() {
            return Ok(());
        }
        let events: Vec<_> = records.iter().map(crate::cmd::record::new_event).collect();
        let mut store = ward_audit::Store::open_default(None)?;
        store.append_batch(&events)?;
        Ok(())
    }

    /// The policy and content checks, strictest wins.
    fn evaluate(&self, actions: &[Action]) -> (Decision, String, Vec<String>) {
        let mut decision = Decision::Allow;
        let mut reason = String::new();
        let mut rules: Vec<String> = Vec::new();
        let mut take = |d: Decision, rule: &str, why: &str| {
            if !rule.is_empty() && !rules.iter().any(|r| r == rule) {
                rules.push(rule.to_owned());
            }
            if d > decision || reason.is_empty() {
                decision = decision.max(d);
                reason = why.to_owned();
            }
        };
        for action in actions {
            let v = self.policy.evaluate(action, &self.ctx);
            let top = v
                .matches
                .iter()
                .find(|m| m.decision == v.decision)
                .map_or("", |m| &*m.rule);
            take(v.decision, top, &v.reason);
            for m in &v.matches {
                take(m.decision, &m.rule, &m.reason);
            }
            if let Action::FileWrite { path, content } = action {
                let mut found =
                    ward_hook::content::script_findings(self.policy, path, content, &self.ctx);
                found.extend(CryptoScanner.scan(self.policy, path, content));
                for f in found {
                    take(f.decision, &f.rule, &f.reason);
                }
            }
        }
        if reason.is_empty() {
            reason = "no rule objects".into();
        }
        (decision, reason, rules)
    }

    /// An `ask` without a terminal: wait in the daemon's approval queue.
    fn queue(&mut self, wire: WireAction, reason: &str) -> (Decision, String, String) {
        let no = |why: String| (Decision::Deny, "in-process".to_owned(), why);
        let Some(c) = self.client.as_mut() else {
            return no(format!(
                "needs confirmation and no terminal is attached; run `ward daemon` to approve it from another terminal ({reason})"
            ));
        };
        // `shadow:NAME`: the monitor lists the item as a change of that shadow.
        let source = format!("shadow:{}", self.shadow);
        let req = EvalRequest::new(wire, &self.ctx, &source, true);
        let answer = c.evaluate_queued(req, Duration::from_secs(24 * 3600), |item| {
            eprintln!(
                "ward: `{}` waits for approval {}: {} (`ward approve {}` or `ward deny {}`)",
                item.raw, item.id, item.reason, item.id, item.id
            );
        });
        match answer {
            Ok(Response::Decided {
                decision,
                by,
                reason,
                ..
            }) => (decision, by, reason),
            Ok(Response::Verdict(v)) if v.decision == Decision::Deny => {
                (Decision::Deny, v.decided_by, v.reason)
            }
            // The daemon's policy alone does not ask (the ask came from a
            // content check): nobody can approve it there.
            Ok(_) => no(format!(
                "needs confirmation on a terminal (the daemon's queue takes only what its policy asks about) ({reason})"
            )),
            Err(e) => {
                self.client = None;
                no(format!("the daemon did not decide ({e}); {reason}"))
            }
        }
    }
}

impl ward_shadow::apply::Judge for Gate<'_> {
    fn judge(&mut self, item: &Item) -> ward_shadow::Gate {
        self.answer(item)
    }

    fn commit(&mut self) -> Result<(), String> {
        self.record_all().map_err(|e| format!("{e:#}"))
    }
}

/// The actions a staged change amounts to, and its form for the daemon.
fn actions(item: &Item, path: &str) -> (Vec<Action>, WireAction) {
    let cmd = |argv: Vec<String>| {
        (
            vec![Action::Command(shell::from_argv(&argv))],
            WireAction::Argv { argv },
        )
    };
    match &item.op {
        Op::Write { bytes, .. } => {
            let content = String::from_utf8_lossy(bytes).into_owned();
            let wire = WireAction::FileWrite {
                path: path.into(),
                content: content.clone(),
            };
            (
                vec![Action::FileWrite {
                    path: path.into(),
                    content,
                }],
                wire,
            )
        }
        Op::Symlink { target } => {
            let content = format!("symlink to {}", target.display());
            let wire = WireAction::FileWrite {
                path: path.into(),
                content: content.clone(),
            };
            let ln = shell::from_argv(&[
                "ln".into(),
                "-s".into(),
                target.display().to_string(),
                path.into(),
            ]);
            (
                vec![
                    Action::FileWrite {
                        path: path.into(),
                        content,
                    },
                    Action::Command(ln),
                ],
                wire,
            )
        }
        Op::Mkdir { .. } => cmd(vec!["mkdir".into(), path.into()]),
        Op::Chmod { mode } => cmd(vec!["chmod".into(), format!("{mode:o}"), path.into()]),
        Op::Delete { dir: true } => cmd(vec!["rm".into(), "-r".into(), path.into()]),
        Op::Delete { dir: false } => cmd(vec!["rm".into(), path.into()]),
    }
}

/// One line naming what applying the item does.
fn describe(item: &Item, path: &str) -> String {
    match &item.op {
        Op::Write { bytes, mode } => {
            format!("write `{path}` ({} bytes, mode {mode:o})", bytes.len())
        }
        Op::Symlink { target } => format!("symlink `{path}` -> `{}`", target.display()),
        Op::Mkdir { mode } => format!("mkdir `{path}` (mode {mode:o})"),
        Op::Chmod { mode } => format!("chmod {mode:o} `{path}`"),
        Op::Delete { dir: true } => format!("delete the directory `{path}`"),
        Op::Delete { dir: false } => format!("delete `{path}`"),
    }
}

/// Asks y/N on the terminal; anything but yes is no.
fn confirm(what: &str, reason: &str) -> bool {
    crate::cmd::exec::ask_tty(&format!("ward: {reason}\napply: {what}? [y/N] "))
}
