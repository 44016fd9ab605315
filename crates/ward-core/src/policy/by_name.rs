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
            .get(name)
    }
}

/// Where a name is in each map (`u32::MAX`: not in that map), and where
/// the name itself is in [`ByName::names`].
#[derive(Debug, Clone, Copy)]
struct Named {
    start: u32,
    len: u32,
    at: [u32; 3],
}

const NONE: u32 = u32::MAX;

/// Program names to their [`Entry`]: open addressing over a slot array at
/// most a quarter full, so that a name the policy does not know (most
/// commands: `ls`, `cat`, `echo`) usually meets an empty slot or another
/// hash at the first probe without reading any name.
#[derive(Debug, Default)]
pub(crate) struct ByName {
    /// `(hash, 1 + index into entries)`; `(_, 0)` is empty.
    slots: Vec<(u32, u32)>,
    entries: Vec<Named>,
    /// Every name, one after another.
    names: String,
}

impl ByName {
    pub(crate) fn new(programs: &Programs, ix: &Index) -> ByName {
        let n = programs.0.0.len() + ix.by_program.0.len() + ix.by_sub.0.len();
        let mut table = ByName {
            slots: vec![(0, 0); (4 * n).next_power_of_two().max(16)],
            entries: Vec::with_capacity(n),
            names: String::new(),
        };
        // In `Named::at`'s order.
        let names = [
            programs
                .0
                .0
                .iter()
                .map(|(k, _)| k.as_ref())
                .collect::<Vec<&str>>(),
            ix.by_program.0.iter().map(|(k, _)| k.as_ref()).collect(),
            ix.by_sub.0.iter().map(|(k, _)| k.as_ref()).collect(),
        ];
        for (k, map) in names.iter().enumerate() {
            for (i, name) in map.iter().enumerate() {
                let Ok(i) = u32::try_from(i) else { continue };
                table.insert(name, k, i);
            }
        }
        table
    }

    fn insert(&mut self, name: &str, k: usize, i: u32) {
        let hash = hash(name);
        let Some(s) = self.find(name, hash) else {
            return;
        };
        let e = match self.slots.get(s) {
            Some(&(_, e)) if e != 0 => e,
            _ => {
                let (Ok(start), Ok(len), Ok(e)) = (
                    u32::try_from(self.names.len()),
                    u32::try_from(name.len()),
                    u32::try_from(self.entries.len() + 1),
                ) else {
                    return;
                };
                self.names.push_str(name);
                self.entries.push(Named {
                    start,
                    len,
                    at: [NONE; 3],
                });
                if let Some(slot) = self.slots.get_mut(s) {
                    *slot = (hash, e);
                }
                e
            }
        };
        if let Some(at) = self
            .entries
            .get_mut(e as usize - 1)
            .and_then(|n| n.at.get_mut(k))
        {
            *at = i;
        }
    }

    /// Where `name` is; all `None` for a name the policy does not know.
    pub(crate) fn get(&self, name: &str) -> Entry {
        let Some(n) = self
            .find(name, hash(name))
            .and_then(|s| self.slots.get(s))
            .and_then(|&(_, e)| self.entries.get((e as usize).checked_sub(1)?))
        else {
            return Entry::default();
        };
        let pos = |i: u32| (i != NONE).then_some(i as usize);
        let [program, by_program, by_sub] = n.at;
        Entry {
            program: pos(program),
            by_program: pos(by_program),
            by_sub: pos(by_sub),
        }
    }

    /// The slot holding `name`, or the empty one where it would go.
    fn find(&self, name: &str, hash: u32) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = hash as usize & mask;
        for _ in 0..self.slots.len() {
            let &(h, e) = self.slots.get(i)?;
            if e == 0 {
                return Some(i);
            }
            if h == hash
                && let Some(n) = self.entries.get(e as usize - 1)
                && self
                    .names
                    .as_bytes()
                    .get(n.start as usize..(n.start + n.len) as usize)
                    == Some(name.as_bytes())
            {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
        None
    }
}

/// A name's hash ([`hash64`]'s high half). Program names are short, come
/// from the policy's own maps and the commands judged, and need no defence
/// against chosen collisions (a collision costs a comparison).
fn hash(name: &str) -> u32 {
    (hash64(name) >> 32) as u32
}

/// A string's hash: its bytes eight at a time, each word multiplied in, and
/// its length (program names here, paths in `eval/classes.rs`).
pub(super) fn hash64(s: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes = s.as_bytes();
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in words.by_ref() {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    let tail = words
        .remainder()
        .iter()
        .fold(0u64, |t, &b| t << 8 | u64::from(b));
    (h ^ tail).wrapping_mul(K)
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
            assert_eq!(names.get(name), want, "{name}");
            // Searched (the first lookups of a policy) or from the table.
            let lazy = Lazy::default();
            for _ in 0..=SEARCHES_BEFORE_TABLE {
                assert_eq!(lazy.get(name, programs, ix), want, "{name}");
            }
            assert!(lazy.table.get().is_some());
        }
    }
}
