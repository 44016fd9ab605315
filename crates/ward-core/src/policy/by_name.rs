//! Everything a policy keeps by program name (conventions, the rules of a
//! program, the rules of its subcommands), found by one hash lookup per
//! command instead of a binary search of each sorted map. Built from those
//! maps the first time a command is judged.

use super::compile::{Index, Programs};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a program name is in each map, by position.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub program: Option<usize>,
    pub by_program: Option<usize>,
    pub by_sub: Option<usize>,
}

/// The table, built once a policy has looked up enough names to pay for it
/// (about 40 k instructions, ~60 binary searches of the three maps): a
/// `ward check` of one command searches; a long line or a daemon builds it.
#[derive(Debug, Default)]
pub(crate) struct Lazy {
    table: OnceLock<ByName>,
    searched: AtomicUsize,
}

/// How many names are searched before the table is built.
const SEARCHES_BEFORE_TABLE: usize = 64;

impl Lazy {
    pub(crate) fn get(&self, name: &str, programs: &Programs, ix: &Index) -> Entry {
        if self.table.get().is_none()
            && self.searched.fetch_add(1, Ordering::Relaxed) < SEARCHES_BEFORE_TABLE
        {
            return Entry {
                program: programs.0.position(name),
                by_program: ix.by_program.position(name),
                by_sub: ix.by_sub.position(name),
            };
        }
        self.table
            .get_or_init(|| ByName::new(programs, ix))
            .get(name, programs, ix)
    }
}

/// A slot of the table: a name's hash and its positions (`u32::MAX`: not
/// in that map). The name itself is read back from the maps, so building
/// the table allocates once (a `ward check` process builds it for one
/// command: a map of boxed names cost ~160 k instructions there).
#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    at: [u32; 3],
}

const NONE: u32 = u32::MAX;
const EMPTY: Slot = Slot {
    hash: 0,
    at: [NONE; 3],
};

/// Program names to their [`Entry`]: open addressing, at most half full.
#[derive(Debug, Default)]
pub(crate) struct ByName {
    slots: Vec<Slot>,
}

impl ByName {
    pub(crate) fn new(programs: &Programs, ix: &Index) -> ByName {
        let maps = maps(programs, ix);
        let n: usize = maps.iter().map(|m| m.len()).sum();
        let mut table = ByName {
            slots: vec![EMPTY; (2 * n).next_power_of_two().max(16)],
        };
        for (k, map) in maps.iter().enumerate() {
            for (i, name) in map.iter().enumerate() {
                let Ok(i) = u32::try_from(i) else { continue };
                let hash = hash(name);
                if let Some((s, _)) = table.find(name, hash, &maps)
                    && let Some(slot) = table.slots.get_mut(s)
                    && let Some(at) = slot.at.get_mut(k)
                {
                    slot.hash = hash;
                    *at = i;
                }
            }
        }
        table
    }

    /// Where `name` is; all `None` for a name the policy does not know.
    pub(crate) fn get(&self, name: &str, programs: &Programs, ix: &Index) -> Entry {
        let maps = maps(programs, ix);
        let Some(slot) = self
            .find(name, hash(name), &maps)
            .filter(|(_, found)| *found)
            .and_then(|(s, _)| self.slots.get(s))
        else {
            return Entry::default();
        };
        let pos = |k: usize| {
            slot.at
                .get(k)
                .filter(|&&i| i != NONE)
                .and_then(|&i| usize::try_from(i).ok())
        };
        Entry {
            program: pos(0),
            by_program: pos(1),
            by_sub: pos(2),
        }
    }

    /// The slot holding `name` (`true`), or the empty one where it would go.
    fn find(&self, name: &str, hash: u64, maps: &[Names<'_>; 3]) -> Option<(usize, bool)> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = usize::try_from(hash & u64::from(u32::MAX)).unwrap_or_default() & mask;
        for _ in 0..self.slots.len() {
            let slot = self.slots.get(i)?;
            if slot.at == [NONE; 3] {
                return Some((i, false));
            }
            if slot.hash == hash && name_of(slot, maps) == Some(name) {
                return Some((i, true));
            }
            i = (i + 1) & mask;
        }
        None
    }
}

/// The names of the three maps, in `Slot::at`'s order.
type Names<'a> = &'a dyn NameList;

trait NameList {
    fn len(&self) -> usize;
    fn name(&self, i: usize) -> Option<&str>;
    fn iter(&self) -> Box<dyn Iterator<Item = &str> + '_>;
}

impl<V: Clone + 'static> NameList for super::compile::StrMap<V> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn name(&self, i: usize) -> Option<&str> {
        self.0.get(i).map(|(k, _)| k.as_ref())
    }
    fn iter(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.0.iter().map(|(k, _)| k.as_ref()))
    }
}

fn maps<'a>(programs: &'a Programs, ix: &'a Index) -> [Names<'a>; 3] {
    [&programs.0, &ix.by_program, &ix.by_sub]
}

/// The name a filled slot stands for, read from the first map that has it.
fn name_of<'a>(slot: &Slot, maps: &[Names<'a>; 3]) -> Option<&'a str> {
    slot.at
        .iter()
        .zip(maps)
        .find(|(i, _)| **i != NONE)
        .and_then(|(&i, m)| m.name(usize::try_from(i).ok()?))
}

/// FNV-1a over a name's bytes, mixed at the end: program names are short,
/// come from the policy's own maps and the commands judged, and need no
/// defence against chosen collisions (a collision costs a comparison).
fn hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    /// Every name of every map is found where a binary search finds it.
    #[test]
    fn every_name_is_where_the_maps_have_it() {
        let p = Policy::embedded();
        let (programs, ix) = p.maps();
        let names = ByName::new(programs, ix);
        let pos = |keys: Vec<&str>, name: &str| keys.iter().position(|k| *k == name);
        let all = programs
            .0
            .0
            .iter()
            .map(|(k, _)| k.as_ref())
            .chain(ix.by_program.0.iter().map(|(k, _)| k.as_ref()))
            .chain(ix.by_sub.0.iter().map(|(k, _)| k.as_ref()))
            .chain(["", "no-such-program", "rm", "git"]);
        for name in all {
            let want = Entry {
                program: pos(programs.0.0.iter().map(|(k, _)| k.as_ref()).collect(), name),
                by_program: pos(
                    ix.by_program.0.iter().map(|(k, _)| k.as_ref()).collect(),
                    name,
                ),
                by_sub: pos(ix.by_sub.0.iter().map(|(k, _)| k.as_ref()).collect(), name),
            };
            assert_eq!(names.get(name, programs, ix), want, "{name}");
            // Searched (the first lookups of a policy) or from the table.
            let lazy = Lazy::default();
            for _ in 0..=SEARCHES_BEFORE_TABLE {
                assert_eq!(lazy.get(name, programs, ix), want, "{name}");
            }
            assert!(lazy.table.get().is_some());
        }
    }
}
