//! Which of the program catalogues a name is in, found with one probe of a
//! hash table built at compile time, not a scan of each list: it is asked
//! for every command the walker emits.
//!
//! The lists stay where they are ([`FETCHERS`], [`SHELLS`], …); the table is
//! built from them, so the two cannot drift apart.

use super::effects::METADATA_ONLY;
use super::normalize::{FETCHERS, INTERPRETERS, PASSTHROUGH, REWRITERS, SHELLS};

/// The catalogues a program's name is in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Traits(u8);

const FETCHER: u8 = 1;
const SHELL: u8 = 2;
const INTERPRETER: u8 = 4;
const PASSES: u8 = 8;
const REWRITES: u8 = 16;
const METADATA: u8 = 32;

/// Names longer than this are in no catalogue (the longest is 11 bytes).
const MAX_NAME: usize = 15;

/// `name` as one number: its bytes, then its length in the top byte (so a
/// name cannot collide with itself followed by NUL bytes).
const fn key(name: &[u8]) -> u128 {
    let mut k: u128 = 0;
    let mut shift = 0;
    let mut rest = name;
    while let [byte, tail @ ..] = rest
        && shift < 8 * MAX_NAME
    {
        k |= (*byte as u128) << shift;
        shift += 8;
        rest = tail;
    }
    k | ((name.len() as u128) << 120)
}

/// [`key`] with one copy instead of a loop per byte (`name` holds at most
/// [`MAX_NAME`] bytes).
fn runtime_key(name: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    if let Some(head) = buf.get_mut(..name.len()) {
        head.copy_from_slice(name);
    }
    if let Some(last) = buf.last_mut() {
        // INVARIANT: `name.len() <= MAX_NAME < 16`, so it fits the top byte.
        *last = name.len() as u8;
    }
    u128::from_le_bytes(buf)
}

const LISTS: [(&[&str], u8); 6] = [
    (FETCHERS, FETCHER),
    (SHELLS, SHELL),
    (INTERPRETERS, INTERPRETER),
    (PASSTHROUGH, PASSES),
    (REWRITERS, REWRITES),
    (METADATA_ONLY, METADATA),
];

const fn total() -> usize {
    let mut n = 0;
    let mut rest: &[(&[&str], u8)] = &LISTS;
    while let [(names, _), tail @ ..] = rest {
        n += names.len();
        rest = tail;
    }
    n
}

const ENTRIES: usize = total();

/// Slots of the open-addressing table: a power of two, well above the
/// number of names so that probes stay short.
const SLOTS: usize = 512;

const fn slot(k: u128) -> usize {
    let x = (k as u64) ^ ((k >> 64) as u64);
    (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 55) as usize
}

/// Every name of every list by [`key`], with the bits of the lists it is
/// in; an empty slot holds key 0, which no name has (its length is in it).
#[expect(
    clippy::indexing_slicing,
    reason = "const evaluation: an index out of range fails the build, never a run"
)]
const TABLE: [(u128, u8); SLOTS] = {
    assert!(ENTRIES < SLOTS / 2, "the table is too full");
    let mut t = [(0u128, 0u8); SLOTS];
    let mut l = 0;
    while l < LISTS.len() {
        let (names, bit) = LISTS[l];
        let mut i = 0;
        while i < names.len() {
            assert!(names[i].len() <= MAX_NAME, "a catalogue name is too long");
            let k = key(names[i].as_bytes());
            let mut s = slot(k);
            while t[s].0 != 0 && t[s].0 != k {
                s = (s + 1) % SLOTS;
            }
            t[s] = (k, t[s].1 | bit);
            i += 1;
        }
        l += 1;
    }
    t
};

impl Traits {
    /// The catalogues `name` is in.
    pub(crate) fn of(name: &str) -> Self {
        if name.len() > MAX_NAME {
            return Self(0);
        }
        let k = runtime_key(name.as_bytes());
        let mut s = slot(k);
        // The table is never full: the probe ends at the name or a hole.
        for _ in 0..SLOTS {
            match TABLE.get(s) {
                Some(&(e, bits)) if e == k => return Self(bits),
                Some(&(0, _)) | None => return Self(0),
                Some(_) => s = (s + 1) % SLOTS,
            }
        }
        Self(0)
    }

    /// In [`FETCHERS`].
    pub(crate) fn fetcher(self) -> bool {
        self.0 & FETCHER != 0
    }

    /// In [`SHELLS`].
    pub(crate) fn shell(self) -> bool {
        self.0 & SHELL != 0
    }

    /// In [`INTERPRETERS`].
    pub(crate) fn interpreter(self) -> bool {
        self.0 & INTERPRETER != 0
    }

    /// In [`PASSTHROUGH`].
    pub(crate) fn passes(self) -> bool {
        self.0 & PASSES != 0
    }

    /// In [`REWRITERS`].
    pub(crate) fn rewrites(self) -> bool {
        self.0 & REWRITES != 0
    }

    /// In [`METADATA_ONLY`].
    pub(crate) fn metadata_only(self) -> bool {
        self.0 & METADATA != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_lists(name: &str) -> [bool; 6] {
        [
            FETCHERS.contains(&name),
            SHELLS.contains(&name),
            INTERPRETERS.contains(&name),
            PASSTHROUGH.contains(&name),
            REWRITERS.contains(&name),
            METADATA_ONLY.contains(&name),
        ]
    }

    fn in_table(name: &str) -> [bool; 6] {
        let t = Traits::of(name);
        [
            t.fetcher(),
            t.shell(),
            t.interpreter(),
            t.passes(),
            t.rewrites(),
            t.metadata_only(),
        ]
    }

    #[test]
    fn table_agrees_with_the_lists() {
        let mut names: Vec<String> = LISTS
            .iter()
            .flat_map(|(l, _)| l.iter().map(|n| (*n).to_owned()))
            .collect();
        // Near misses: prefixes, extensions, NUL padding, case, paths.
        let more: Vec<String> = names
            .iter()
            .flat_map(|n| {
                [
                    format!("{n}\0"),
                    format!("{n}x"),
                    n.get(..n.len() - 1).unwrap_or_default().to_owned(),
                    n.to_uppercase(),
                    format!("/bin/{n}"),
                    format!("{n}{n}{n}{n}{n}{n}"),
                ]
            })
            .collect();
        names.extend(more);
        names.extend(["", "python3.12", "x", "ls\0\0", "rm -rf"].map(String::from));
        for n in &names {
            assert_eq!(in_table(n), in_lists(n), "{n:?}");
            if n.len() <= MAX_NAME {
                assert_eq!(runtime_key(n.as_bytes()), key(n.as_bytes()), "{n:?}");
            }
        }
    }
}
