//! The index of a cached policy. Where the user's layers remove no rule of
//! the embedded default, its rules keep their numbers, and the file holds
//! only the buckets of the rules after them: a process then lays those over
//! the default's static index instead of reading the whole index (hundreds
//! of entries, each an allocation).

use super::super::compile::{self, Ids, Index, List, Prefix, StrMap};
use super::super::spec::RuleSpec;
use super::super::{Policy, embedded};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How a cache file holds its index.
#[derive(Serialize, Deserialize)]
pub(super) enum IndexAt {
    /// The whole index.
    Full(IndexForm),
    /// The buckets of the rules after the embedded default's, numbered as
    /// in the policy, to lay over the default's static index.
    Over(IndexForm),
}

impl IndexAt {
    /// The index of `policy`, whose rules are `rules`.
    pub(super) fn of(policy: &Policy, rules: &[RuleSpec]) -> IndexAt {
        let n = embedded::RULES.len();
        let defaults = policy.origins.iter().filter(|li| **li == 0).count();
        let kept = defaults == n && policy.origins.iter().take(n).all(|li| *li == 0);
        match rules.get(n..).filter(|_| kept) {
            Some(after) => {
                let mut form = IndexForm::of(&compile::index(after));
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                form.for_each(|i| *i = i.saturating_add(n));
                IndexAt::Over(form)
            }
            None => IndexAt::Full(IndexForm::of(&policy.ix)),
        }
    }

    /// Every rule number it holds is below `rules` (and the default's, for
    /// [`IndexAt::Over`], too).
    pub(super) fn fits(&mut self, rules: usize) -> bool {
        let (form, low) = match self {
            IndexAt::Full(f) => (f, 0),
            IndexAt::Over(f) => (f, embedded::RULES.len()),
        };
        let mut ok = low <= rules;
        form.for_each(|i| ok &= usize::try_from(*i).is_ok_and(|i| (low..rules).contains(&i)));
        ok
    }

    pub(super) fn into_index(self) -> Index {
        match self {
            IndexAt::Full(f) => f.into_index(),
            IndexAt::Over(f) => f.over(&embedded::INDEX),
        }
    }
}

/// A map of rule numbers as its sorted entries.
type Entries = Vec<(String, Vec<u32>)>;

/// [`Index`] as plain data, every map as its sorted entries.
#[derive(Serialize, Deserialize)]
pub(super) struct IndexForm {
    by_program: Entries,
    by_sub: Vec<(String, Entries)>,
    by_prefix: Vec<(String, u32)>,
    by_effect: Entries,
    generic: Vec<u32>,
    file_write: Vec<u32>,
    file_read: Vec<u32>,
    network: Vec<u32>,
    tool: Vec<u32>,
}

fn ids_out(map: &StrMap<Ids>) -> Entries {
    map.0
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect()
}

fn ids_in(entries: Entries) -> StrMap<Ids> {
    StrMap(Cow::Owned(
        entries
            .into_iter()
            .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v)))
            .collect(),
    ))
}

/// `base`'s rule numbers, then `extra`'s.
fn join(base: &Ids, extra: Vec<u32>) -> Ids {
    if extra.is_empty() {
        return base.clone();
    }
    Cow::Owned(base.iter().copied().chain(extra).collect())
}

/// `base` (a static: its entries are copied as references) with `extra`'s
/// entries merged in by key, both sorted.
fn merge<V: Clone + 'static, X>(
    base: &StrMap<V>,
    extra: Vec<(String, X)>,
    new: impl Fn(X) -> V,
    both: impl Fn(&V, X) -> V,
) -> StrMap<V> {
    if extra.is_empty() {
        return base.clone();
    }
    let mut out = Vec::with_capacity(base.0.len() + extra.len());
    let mut extra = extra.into_iter().peekable();
    for (k, v) in base.0.iter() {
        while let Some((ek, ev)) = extra.next_if(|(ek, _)| ek.as_str() < k.as_ref()) {
            out.push((Cow::Owned(ek), new(ev)));
        }
        match extra.next_if(|(ek, _)| ek.as_str() == k.as_ref()) {
            Some((_, ev)) => out.push((k.clone(), both(v, ev))),
            None => out.push((k.clone(), v.clone())),
        }
    }
    out.extend(extra.map(|(k, v)| (Cow::Owned(k), new(v))));
    StrMap(Cow::Owned(out))
}

impl IndexForm {
    fn of(ix: &Index) -> IndexForm {
        IndexForm {
            by_program: ids_out(&ix.by_program),
            by_sub: ix
                .by_sub
                .0
                .iter()
                .map(|(k, m)| (k.to_string(), ids_out(m)))
                .collect(),
            by_prefix: ix
                .by_prefix
                .into_iter()
                .map(|(p, i)| (p.as_str().to_owned(), *i))
                .collect(),
            by_effect: ids_out(&ix.by_effect),
            generic: ix.generic.to_vec(),
            file_write: ix.file_write.to_vec(),
            file_read: ix.file_read.to_vec(),
            network: ix.network.to_vec(),
            tool: ix.tool.to_vec(),
        }
    }

    /// Calls `f` on every rule number it holds.
    fn for_each(&mut self, mut f: impl FnMut(&mut u32)) {
        let lists = [
            &mut self.generic,
            &mut self.file_write,
            &mut self.file_read,
            &mut self.network,
            &mut self.tool,
        ];
        let maps = self
            .by_program
            .iter_mut()
            .chain(&mut self.by_effect)
            .chain(self.by_sub.iter_mut().flat_map(|(_, m)| m))
            .map(|(_, v)| v);
        lists.into_iter().chain(maps).flatten().for_each(&mut f);
        self.by_prefix.iter_mut().for_each(|(_, i)| f(i));
    }

    fn into_index(self) -> Index {
        Index {
            by_program: ids_in(self.by_program),
            by_sub: StrMap(Cow::Owned(
                self.by_sub
                    .into_iter()
                    .map(|(k, m)| (Cow::Owned(k), ids_in(m)))
                    .collect(),
            )),
            by_prefix: List(Cow::Owned(
                self.by_prefix
                    .into_iter()
                    .map(|(p, i)| (Prefix(Cow::Owned(p)), i))
                    .collect(),
            )),
            by_effect: ids_in(self.by_effect),
            generic: Cow::Owned(self.generic),
            file_write: Cow::Owned(self.file_write),
            file_read: Cow::Owned(self.file_read),
            network: Cow::Owned(self.network),
            tool: Cow::Owned(self.tool),
        }
    }

    /// `base` with these buckets after its own.
    fn over(self, base: &Index) -> Index {
        let ids = |v: Vec<u32>| -> Ids { Cow::Owned(v) };
        let sub = |m: Entries| ids_in(m);
        let mut prefix = base.by_prefix.clone();
        if !self.by_prefix.is_empty() {
            let extra = self
                .by_prefix
                .into_iter()
                .map(|(p, i)| (Prefix(Cow::Owned(p)), i));
            prefix = List(Cow::Owned(
                base.by_prefix.0.iter().cloned().chain(extra).collect(),
            ));
        }
        Index {
            by_program: merge(&base.by_program, self.by_program, ids, join),
            by_sub: merge(&base.by_sub, self.by_sub, sub, |m, e| {
                merge(m, e, ids, join)
            }),
            by_prefix: prefix,
            by_effect: merge(&base.by_effect, self.by_effect, ids, join),
            generic: join(&base.generic, self.generic),
            file_write: join(&base.file_write, self.file_write),
            file_read: join(&base.file_read, self.file_read),
            network: join(&base.network, self.network),
            tool: join(&base.tool, self.tool),
        }
    }
}
