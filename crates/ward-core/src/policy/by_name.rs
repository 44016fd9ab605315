//! Everything a policy keeps by program name (conventions, the rules of a
//! program, the rules of its subcommands), found by one hash lookup per
//! command instead of a binary search of each sorted map. Built from those
//! maps the first time a command is judged.

use super::compile::{Index, Programs};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Where a program name is in each map, by position.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub program: Option<usize>,
    pub by_program: Option<usize>,
    pub by_sub: Option<usize>,
}

/// Program names to their [`Entry`].
#[derive(Debug, Default)]
pub(crate) struct ByName(HashMap<Box<str>, Entry, BuildHasherDefault<NameHasher>>);

impl ByName {
    pub(crate) fn new(programs: &Programs, ix: &Index) -> ByName {
        let mut map: HashMap<Box<str>, Entry, BuildHasherDefault<NameHasher>> = HashMap::default();
        for (i, (name, _)) in programs.0.0.iter().enumerate() {
            map.entry(name.as_ref().into()).or_default().program = Some(i);
        }
        for (i, (name, _)) in ix.by_program.0.iter().enumerate() {
            map.entry(name.as_ref().into()).or_default().by_program = Some(i);
        }
        for (i, (name, _)) in ix.by_sub.0.iter().enumerate() {
            map.entry(name.as_ref().into()).or_default().by_sub = Some(i);
        }
        ByName(map)
    }

    /// Where `name` is; all `None` for a name the policy does not know.
    pub(crate) fn get(&self, name: &str) -> Entry {
        self.0.get(name).copied().unwrap_or_default()
    }
}

/// FNV-1a over a name's bytes, mixed at the end: program names are short,
/// come from the policy's own maps and the commands judged, and need no
/// defence against chosen collisions (a collision costs a comparison).
#[derive(Debug, Default)]
pub(crate) struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
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
        }
    }
}
