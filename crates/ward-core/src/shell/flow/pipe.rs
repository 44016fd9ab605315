//! What a pipeline stage hands the next one: its origin (network, decoded,
//! secret, the project), the literal text it prints, and where it comes from.

use super::{Roles, Taint};
#[cfg(debug_assertions)]
use crate::action::SimpleCommand;
use crate::action::{Effect, Stdin};
use crate::shell::Walker;
use crate::shell::generated;
use crate::shell::normalize::is_decoder;
use crate::shell::word::join_texts;

impl Walker {
    /// What the next pipeline stage reads, given the commands of this one
    /// (those from index `start` on): what `pipe_source` says,
    /// with the line's flows and the static text `echo`/`printf` print.
    pub(crate) fn feed(&self, start: usize) -> Option<Stdin> {
        let stage = self.out.get(start..).unwrap_or_default();
        let last = stage.last()?;
        let mut t = Taint::default();
        let mut r = Roles::default();
        for c in stage {
            r = Roles::of(&c.program);
            let decoder = r.decoder() && is_decoder(c);
            t.network |= r.fetcher() || c.args.iter().any(|a| a.remote);
            t.decoded |= decoder;
            t.secret |= c
                .effects
                .iter()
                .any(|e| matches!(e, Effect::ReadSecret { .. }));
            if let Some(Stdin::Pipe {
                network,
                decoded,
                secret,
                ..
            }) = &c.stdin
                && (r.passthrough() || decoder)
            {
                t.network |= network;
                t.decoded |= decoded;
                t.secret |= secret;
            }
        }
        for o in self.flow.out.iter().take(self.out.len()).skip(start) {
            t = t.or(*o);
        }
        // `r` is the last command's.
        let transformed = r.rewriter()
            || r.passthrough()
                && matches!(
                    last.stdin,
                    Some(Stdin::Pipe {
                        transformed: true,
                        ..
                    })
                );
        let text = match (last.program.as_str(), &last.stdin) {
            _ if transformed => String::new(),
            ("echo" | "printf", _) => {
                generated::output(last).unwrap_or_else(|| join_texts(&last.args))
            }
            ("cat", Some(Stdin::Here { text })) if last.args.is_empty() => text.clone(),
            (_, Some(Stdin::Pipe { text, .. })) if r.passthrough() => text.clone(),
            _ => String::new(),
        };
        // A filter keeps the origin of what flows through it (`history | grep x | sh`).
        let from = match &last.stdin {
            Some(Stdin::Pipe { from, .. }) if r.passthrough() => from.clone(),
            _ => last.program.clone(),
        };
        let feed = Stdin::Pipe {
            from,
            network: t.network,
            decoded: t.decoded,
            secret: t.secret,
            project: t.project,
            text,
            transformed,
        };
        #[cfg(debug_assertions)]
        assert_eq!(Some(&feed), self.feed_by_pipe_source(start).as_ref());
        Some(feed)
    }

    /// [`Walker::feed`] as first written, on `pipe_source`: the reference debug
    /// builds (and so every test) check the quick reading against; release
    /// builds leave it out.
    #[cfg(debug_assertions)]
    fn feed_by_pipe_source(&self, start: usize) -> Option<Stdin> {
        let stage = self.out.get(start..).unwrap_or_default();
        let mut stdin = pipe_source(stage)?;
        let mut t = Taint::default();
        for i in start..self.out.len() {
            t = t.or(self.flow.out.get(i).copied().unwrap_or_default());
        }
        if let Stdin::Pipe {
            network,
            decoded,
            secret,
            project,
            text,
            ..
        } = &mut stdin
        {
            *network |= t.network;
            *decoded |= t.decoded;
            *secret |= t.secret;
            *project |= t.project;
            if let Some(last) = stage.last()
                && matches!(last.program.as_str(), "echo" | "printf")
                && let Some(out) = generated::output(last)
            {
                *text = out;
            }
        }
        Some(stdin)
    }
}

/// Whether `cmd` (a program in catalogues `t`) rewrites its input, or
/// passes on text a rewriter produced.
#[cfg(debug_assertions)]
fn rewrites(cmd: &SimpleCommand, t: Roles) -> bool {
    t.rewriter()
        || t.passthrough()
            && matches!(
                cmd.stdin,
                Some(Stdin::Pipe {
                    transformed: true,
                    ..
                })
            )
}

/// What the next command in a pipeline reads, given the commands the previous
/// stage emitted: the reference [`Walker::feed`] is checked against (debug
/// builds only).
#[cfg(debug_assertions)]
fn pipe_source(stage: &[SimpleCommand]) -> Option<Stdin> {
    let last = stage.last()?;
    let mut network = false;
    let mut decoded = false;
    let mut secret = false;
    for c in stage {
        let t = Roles::of(&c.program);
        network |= t.fetcher() || c.args.iter().any(|a| a.remote);
        decoded |= is_decoder(c);
        secret |= c
            .effects
            .iter()
            .any(|e| matches!(e, crate::action::Effect::ReadSecret { .. }));
        if let Some(Stdin::Pipe {
            network: n,
            decoded: d,
            secret: s,
            ..
        }) = &c.stdin
            && (t.passthrough() || is_decoder(c))
        {
            network |= n;
            decoded |= d;
            secret |= s;
        }
    }
    let last_traits = Roles::of(&last.program);
    let transformed = rewrites(last, last_traits);
    let last_passes = last_traits.passthrough();
    let text = match (last.program.as_str(), &last.stdin) {
        _ if transformed => String::new(),
        ("echo" | "printf", _) => join_texts(&last.args),
        ("cat", Some(Stdin::Here { text })) if last.args.is_empty() => text.clone(),
        (_, Some(Stdin::Pipe { text, .. })) if last_passes => text.clone(),
        _ => String::new(),
    };
    // A filter keeps the origin of what flows through it (`history | grep x | sh`).
    let from = match &last.stdin {
        Some(Stdin::Pipe { from, .. }) if last_passes => from.clone(),
        _ => last.program.clone(),
    };
    Some(Stdin::Pipe {
        from,
        network,
        decoded,
        secret,
        project: false,
        text,
        transformed,
    })
}
