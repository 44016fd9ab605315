//! The view of one command that rules look at, and the rules it meets.

use super::super::Policy;
use super::classes::Classes;
use crate::action::{Arg, Effect, PathClass, SimpleCommand, Text};
use crate::policy::compile::{EFFECT_KINDS, Programs};
use crate::policy::pathglob::PathSig;
use crate::shell::flags;
use std::cell::{Cell, OnceCell};

/// The parts of one command a rule looks at, computed once per command when
/// a rule first asks. One view serves every command of a line in turn, its
/// buffers reused.
pub(super) struct View<'a> {
    pub(super) cmd: &'a SimpleCommand,
    /// The position of the command's program in the policy's conventions.
    pub(super) program: Option<usize>,
    /// Whether `flags`, `positional` and `positional_class` are this
    /// command's ([`View::split`]).
    pub(super) split: bool,
    pub(super) flags: Vec<&'a str>,
    pub(super) positional: Vec<&'a Arg>,
    pub(super) line: OnceCell<String>,
    /// The previous command's line, its buffer reused for the next.
    pub(super) spare: Cell<String>,
    /// The class of each positional argument, worked out once for all the
    /// rules that ask.
    pub(super) positional_class: Vec<Cell<Option<PathClass>>>,
    /// What rules asked of each effect's path, kept for the next rule.
    pub(super) effects: Vec<EffectMemo>,
    /// The candidate rules, ascending, each once.
    pub(super) candidates: Vec<u32>,
    /// The (kind, recursive) pairs of the command's effects, as
    /// [`Rule::effect_combos`] has them.
    pub(super) effect_combos: u32,
    /// The index's rules of each effect kind, looked up the first time a
    /// command of the line has that kind (bit set in `effect_known`), not
    /// searched for by name for every command.
    pub(super) effect_buckets: [&'a [u32]; EFFECT_KINDS.len()],
    pub(super) effect_known: u16,
    /// The classes of the paths the line's commands name.
    pub(super) classes: Classes<'a>,
}

#[derive(Default)]
pub(super) struct EffectMemo {
    pub(super) class: Cell<Option<PathClass>>,
    pub(super) sig: OnceCell<PathSig>,
}

impl Policy {
    /// Points `view` at `cmd` and the rules it meets (those of its
    /// program, of its first word, of its effects' kinds, and `generic`,
    /// the rules every command meets), ascending. Flags and positional
    /// words are split only when the index needs the first word: a rule
    /// asks for them with [`View::split`].
    pub(super) fn fill<'a>(&'a self, view: &mut View<'a>, cmd: &'a SimpleCommand, generic: &[u32]) {
        view.cmd = cmd;
        view.split = false;
        let at = self.program_entry(cmd.program.as_str());
        view.program = at.program;
        view.candidates.clear();
        // How many buckets were added: with more than one, a rule may be
        // in two, and the order is to be restored.
        let mut buckets = 0;
        if let Some(b) = at.by_program.and_then(|i| self.ix.by_program.at(i)) {
            view.candidates.extend_from_slice(b);
            buckets += 1;
        }
        if let Some(subs) = at.by_sub.and_then(|i| self.ix.by_sub.at(i)) {
            let prog = at.program.and_then(|i| self.programs.get_at(i));
            let takes_value = |f: &str| prog.is_some_and(|p| p.value_flags.iter().any(|v| v == f));
            if let Some(first) = first_positional(&cmd.args, takes_value)
                && let Some(b) = subs.get(first.text.as_str())
            {
                view.candidates.extend_from_slice(b);
                buckets += 1;
            }
        }
        for (prefix, i) in &self.ix.by_prefix {
            if cmd.program.starts_with(prefix.as_str()) {
                view.candidates.push(*i);
                buckets += 1;
            }
        }
        view.effect_combos = 0;
        if !cmd.effects.is_empty() {
            let mut kinds = 0u16;
            for e in &cmd.effects {
                let bit = effect_bit(e);
                kinds |= bit;
                view.effect_combos |= 1 << (2 * bit.trailing_zeros() + u32::from(e.recursive()));
            }
            let unknown = kinds & !view.effect_known;
            if unknown != 0 {
                for (k, name) in EFFECT_KINDS.iter().enumerate() {
                    if unknown & (1 << k) != 0
                        && let Some(slot) = view.effect_buckets.get_mut(k)
                    {
                        *slot = self.ix.by_effect.get(name).map_or(&[], |b| &b[..]);
                    }
                }
                view.effect_known |= unknown;
            }
            // Each kind present, lowest first.
            let mut rest = kinds;
            while rest != 0 {
                let k = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                if let Some(b) = view.effect_buckets.get(k)
                    && !b.is_empty()
                {
                    view.candidates.extend_from_slice(b);
                    buckets += 1;
                }
            }
        }
        if !generic.is_empty() {
            view.candidates.extend_from_slice(generic);
            buckets += 1;
        }
        if buckets > 1 {
            view.candidates.sort_unstable();
            view.candidates.dedup();
        }
        if view.candidates.is_empty() {
            return;
        }
        if let Some(line) = view.line.take() {
            view.spare.set(line);
        }
        view.effects.clear();
        view.effects
            .resize_with(cmd.effects.len(), EffectMemo::default);
    }
}

impl<'a> View<'a> {
    /// Splits the command into flags and positional words, once.
    pub(super) fn split(&mut self, programs: &'a Programs) {
        if self.split {
            return;
        }
        self.split = true;
        self.flags.clear();
        self.positional.clear();
        let prog = self.program.and_then(|i| programs.get_at(i));
        match prog {
            Some(p) => {
                let takes_value = |f: &str| p.value_flags.iter().any(|v| v == f);
                flags::split_into(
                    &self.cmd.args,
                    &takes_value,
                    &mut self.flags,
                    &mut self.positional,
                );
                for f in &mut self.flags {
                    *f = p.canonical(f);
                }
            }
            None => flags::split_into(
                &self.cmd.args,
                &|_| false,
                &mut self.flags,
                &mut self.positional,
            ),
        }
        self.positional_class.clear();
        self.positional_class
            .resize_with(self.positional.len(), Cell::default);
    }
}

impl Default for View<'_> {
    fn default() -> Self {
        static EMPTY: SimpleCommand = SimpleCommand {
            program: Text::const_new(""),
            args: Vec::new(),
            assignments: Vec::new(),
            wrappers: Vec::new(),
            redirects: Vec::new(),
            stdin: None,
            effects: Vec::new(),
            open_args: false,
        };
        View {
            cmd: &EMPTY,
            program: None,
            split: false,
            flags: Vec::new(),
            positional: Vec::new(),
            line: OnceCell::new(),
            spare: Cell::default(),
            positional_class: Vec::new(),
            effects: Vec::new(),
            candidates: Vec::new(),
            effect_combos: 0,
            effect_buckets: [&[]; EFFECT_KINDS.len()],
            effect_known: 0,
            classes: Classes::default(),
        }
    }
}

/// The first positional word [`flags::split_into`] finds in `args`, found
/// without splitting the words after it (the subcommand index needs only
/// that word; most commands meet no rule that needs the rest).
pub(super) fn first_positional(
    args: &[Arg],
    takes_value: impl Fn(&str) -> bool + Clone,
) -> Option<&Arg> {
    flags::Operands::new(args, takes_value).next()
}

/// An effect's bit: its kind's position in [`EFFECT_KINDS`].
pub(super) fn effect_bit(e: &Effect) -> u16 {
    1 << match e {
        Effect::Delete { .. } => 0,
        Effect::Write { .. } => 1,
        Effect::Chmod { .. } => 2,
        Effect::Chown { .. } => 3,
        Effect::ReadSecret { .. } => 4,
        Effect::Egress { .. } => 5,
        Effect::RunsRemoteCode { .. } => 6,
        Effect::ForkBomb => 7,
        Effect::NetworkShell => 8,
        Effect::Upload { .. } => 9,
    }
}
