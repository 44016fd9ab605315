//! Screens of the catalogues: which (first byte, length) pairs their
//! entries have, built at compile time.

use super::catalogue::{SECRET_DIRS, SECRET_NAMES, SECRET_PATHS, SECRET_SUFFIXES, SYSTEM_DIRS};

/// Which (first byte, length) pairs the strings of a catalogue have: a
/// string without its pair is not in the catalogue, and most are answered
/// by one load. Lengths from 63 on share a bit.
pub(super) struct Screen([u64; 256]);

/// The pairs of [`SECRET_NAMES`], of [`SECRET_SUFFIXES`] and [`SYSTEM_DIRS`]
/// after their `.` and `/`, of [`SECRET_DIRS`], and of the first components
/// of the relative and of the absolute [`SECRET_PATHS`].
pub(super) const NAME_SCREEN: Screen = Screen::of(SECRET_NAMES, 0);
pub(super) const SUFFIX_SCREEN: Screen = Screen::of(SECRET_SUFFIXES, 1);
pub(super) const DIR_SCREEN: Screen = Screen::of(SECRET_DIRS, 0);
pub(super) const PATH_HEAD_SCREEN: Screen = Screen::of_heads(SECRET_PATHS, false);
pub(super) const ABS_HEAD_SCREEN: Screen = Screen::of_heads(SECRET_PATHS, true);
pub(super) const SYSTEM_SCREEN: Screen = Screen::of(SYSTEM_DIRS, 1);

impl Screen {
    /// The pairs of `entries`, each read from byte `skip` on.
    #[expect(
        clippy::indexing_slicing,
        reason = "a byte indexes 256 words, other indexes are checked against the length just before, and a const fn cannot call `get`"
    )]
    pub(super) const fn of(entries: &[&str], skip: usize) -> Screen {
        let mut set = [0u64; 256];
        let mut rest = entries;
        while let [entry, tail @ ..] = rest {
            let b = entry.as_bytes();
            if b.len() > skip {
                let len = b.len() - skip;
                set[b[skip] as usize] |= len_bit(len);
            }
            rest = tail;
        }
        Screen(set)
    }

    /// These pairs and those of `entries`.
    #[expect(
        clippy::indexing_slicing,
        reason = "the index runs below both lengths, and a const fn cannot call `get`"
    )]
    pub(super) const fn with(self, entries: &[&str]) -> Screen {
        let (mut set, more) = (self.0, Screen::of(entries, 0).0);
        let mut i = 0;
        while i < 256 {
            set[i] |= more[i];
            i += 1;
        }
        Screen(set)
    }

    /// These pairs and those of `prefix`'s first byte with every length
    /// from `shortest` on.
    #[expect(
        clippy::indexing_slicing,
        reason = "a byte indexes 256 words, and a const fn cannot call `get`"
    )]
    pub(super) const fn and_lengths_from(self, prefix: &str, shortest: usize) -> Screen {
        let mut set = self.0;
        if let [first, ..] = prefix.as_bytes() {
            let mut len = if shortest < 63 { shortest } else { 63 };
            while len < 64 {
                set[*first as usize] |= 1 << len;
                len += 1;
            }
        }
        Screen(set)
    }

    /// The pairs of the first components of the relative `entries`.
    #[expect(
        clippy::indexing_slicing,
        reason = "a byte indexes 256 words, other indexes are checked against the length just before, and a const fn cannot call `get`"
    )]
    pub(super) const fn of_heads(entries: &[&str], absolute: bool) -> Screen {
        let mut set = [0u64; 256];
        let mut rest = entries;
        while let [entry, tail @ ..] = rest {
            let b = entry.as_bytes();
            // The component starts at 1 in an absolute entry, at 0 otherwise.
            let at = if absolute { 1 } else { 0 };
            if b.len() > at && (b[0] == b'/') == absolute {
                let mut end = at;
                while end < b.len() && b[end] != b'/' {
                    end += 1;
                }
                let len = end - at;
                set[b[at] as usize] |= len_bit(len);
            }
            rest = tail;
        }
        Screen(set)
    }

    /// Whether `s` may be in the catalogue (read from byte `skip` as built).
    pub(super) fn may_hold(&self, s: &str) -> bool {
        let b = s.as_bytes();
        b.first().is_some_and(|&first| {
            self.0
                .get(usize::from(first))
                .is_some_and(|w| w & len_bit(b.len()) != 0)
        })
    }
}

/// A length's bit in a [`Screen`] word: lengths from 63 on share one.
const fn len_bit(len: usize) -> u64 {
    1 << if len < 63 { len } else { 63 }
}
