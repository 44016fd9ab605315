//! What a pipeline stage hands the next one: its origin (network, decoded,
//! secret, the project), the literal text it prints, and where it comes from.

use super::{Roles, Taint};
use crate::action::{Arg, Effect, Stdin};
use crate::shell::Walker;
use crate::shell::generated;
use crate::shell::normalize::{is_decoder, pipe_source};

impl Walker {
    /// What the next pipeline stage reads, given the commands of this one
    /// (those from index `start` on): what `normalize::pipe_source` says,
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
            ("echo" | "printf", _) => generated::output(last).unwrap_or_else(|| join(&last.args)),
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
        debug_assert_eq!(Some(&feed), self.feed_by_pipe_source(start).as_ref());
        Some(feed)
    }

    /// [`Walker::feed`] as first written, on `normalize::pipe_source`: what
    /// debug builds (and so every test) check the quick reading against.
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

/// The words' texts, separated by blanks.
fn join(words: &[Arg]) -> String {
    let mut out = String::new();
    for (i, a) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&a.text);
    }
    out
}
