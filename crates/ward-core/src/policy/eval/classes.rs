//! The classes of the paths a line names, kept for the line: a line names
//! the same paths again and again (`curl -o a.sh …; mv a.sh b.sh; sh
//! b.sh`), and each class costs a few hundred instructions. [`classify`]
//! reads nothing but its arguments, and one evaluation has one context, so
//! a class kept is the class it would work out again.

use crate::action::{Context, PathClass};
use crate::paths::classify;
use crate::policy::by_name::hash64;
use std::cell::RefCell;

/// How many classes are kept: one per slot, a slot chosen by the path's
/// hash, a newer path taking an older one's slot. Lines name a few dozen
/// distinct paths; a line of hundreds (`rm` of 400 files) mostly misses,
/// and a miss costs a hash and one comparison, never a table to grow.
const SLOTS: usize = 64;

/// Paths to their classes, for one evaluation.
#[derive(Debug, Default)]
pub(super) struct Classes<'a> {
    /// Whether to keep classes at all (not for a line of one command,
    /// whose paths each command's own memo already keeps).
    pub(super) on: bool,
    /// [`SLOTS`] of them once one is kept.
    slots: RefCell<Vec<Option<Kept<'a>>>>,
}

/// A path kept, its hash first: `(hash, path, class)`.
type Kept<'a> = (u64, &'a str, PathClass);

impl<'a> Classes<'a> {
    /// The class of `path` in `ctx`, [`classify`]'s answer.
    #[inline]
    pub(super) fn of(&self, path: &'a str, ctx: &Context) -> PathClass {
        if self.on {
            self.kept(path, ctx)
        } else {
            classify(path, &ctx.cwd, &ctx.home)
        }
    }

    /// [`Classes::of`], the class kept. Out of line: the callers are the
    /// rule loop's inner tests.
    #[inline(never)]
    fn kept(&self, path: &'a str, ctx: &Context) -> PathClass {
        let Ok(mut slots) = self.slots.try_borrow_mut() else {
            return classify(path, &ctx.cwd, &ctx.home);
        };
        let hash = hash64(path);
        // The top bits: a product carries upwards only, so every byte of
        // the path reaches them.
        let at = (hash >> (64 - SLOTS.trailing_zeros())) as usize;
        if let Some(Some((h, p, class))) = slots.get(at)
            && *h == hash
            && *p == path
        {
            return *class;
        }
        let class = classify(path, &ctx.cwd, &ctx.home);
        if slots.is_empty() {
            slots.resize(SLOTS, None);
        }
        if let Some(slot) = slots.get_mut(at) {
            *slot = Some((hash, path, class));
        }
        class
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Actor;

    /// Every path, asked once or again, among many (slots are taken over),
    /// is given the class `classify` gives it.
    #[test]
    fn a_kept_class_is_the_class_worked_out() {
        let ctx = Context {
            actor: Actor::Agent("t".into()),
            interactive: false,
            cwd: "/home/u/p".into(),
            home: "/home/u".into(),
            trust: None,
        };
        let mut paths: Vec<String> = [
            "/",
            "~",
            "~/.ssh/id_rsa",
            ".",
            "./build",
            "/etc/passwd",
            "/dev/sda",
            "/dev/null",
            "/home/u",
            "/home/u/p",
            "src/main.rs",
            "../x",
            "/tmp/x",
            "",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for i in 0..200 {
            paths.push(format!("out/d{i}"));
            paths.push(format!("/tmp/f{i}"));
        }
        let classes = Classes {
            on: true,
            ..Classes::default()
        };
        for _ in 0..2 {
            for p in paths.iter().chain(paths.iter().rev()) {
                assert_eq!(classes.of(p, &ctx), classify(p, &ctx.cwd, &ctx.home), "{p}");
            }
        }
    }
}
