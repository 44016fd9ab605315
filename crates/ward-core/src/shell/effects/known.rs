//! `is_secret` of cp's sources, asked once: the scan of every word reads
//! the answers instead of asking again.

use crate::action::Arg;
use crate::paths::is_secret;

/// `is_secret` of some arguments (cp's sources), asked once: bit j for
/// `sources[j]`, the first 64 (later ones are asked again).
#[derive(Default)]
pub(super) struct Known<'a> {
    pub(super) sources: &'a [&'a Arg],
    bits: u64,
}

impl<'a> Known<'a> {
    pub(super) fn of(sources: &'a [&'a Arg]) -> Self {
        let bits = sources
            .iter()
            .take(64)
            .enumerate()
            .fold(0, |bits, (j, a)| bits | bit(j, is_secret(&a.text)));
        Known { sources, bits }
    }

    /// `is_secret` of `a`, which is `sources[j]`.
    pub(super) fn secret(&self, j: usize, a: &Arg) -> bool {
        if j < 64 {
            self.bits & bit(j, true) != 0
        } else {
            is_secret(&a.text)
        }
    }
}

/// Bit `i` of a word of answers when `yes` (none from 64 on).
pub(super) fn bit(i: usize, yes: bool) -> u64 {
    u64::from(yes)
        .checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
        .unwrap_or(0)
}
