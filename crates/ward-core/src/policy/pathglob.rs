//! A rule's `path` globs, with a screen in front of them: most paths a
//! command names (`build/obj/file1.o`) hold none of the literals the globs
//! need (`.git/objects`, `.bash_history`), and are answered without running
//! a single glob.
//!
//! The screen is a Bloom filter of a path's byte trigrams, worked out once
//! per path and shared by every rule that asks; each glob needs the
//! trigrams of its literal runs, and each rule keeps a few trigrams one of
//! which every glob of it needs. A trigram the filter lacks is one the path
//! lacks, so the screen only ever answers "no" for a path no glob matches.

use super::glob;

/// The trigrams of one path, hashed into 512 bits.
#[derive(Debug, Clone, Default)]
pub(crate) struct PathSig([u64; 8]);

impl PathSig {
    pub(crate) fn of(path: &str) -> PathSig {
        let mut sig = [0u64; 8];
        let mut t: u32 = 0;
        for (i, &b) in path.as_bytes().iter().enumerate() {
            t = (t << 8 | u32::from(b)) & 0x00ff_ffff;
            if i >= 2 {
                let h = hash(t);
                if let Some(w) = sig.get_mut(usize::from(h >> 6)) {
                    *w |= 1 << (h & 63);
                }
            }
        }
        PathSig(sig)
    }

    fn has(&self, bit: u16) -> bool {
        self.0
            .get(usize::from(bit >> 6))
            .is_some_and(|w| w & (1 << (bit & 63)) != 0)
    }

    fn has_all(&self, bits: &[u16]) -> bool {
        bits.iter().all(|&b| self.has(b))
    }
}

/// A trigram's bit, 0..512.
fn hash(t: u32) -> u16 {
    // INVARIANT: a 32-bit product shifted right by 23 is below 512.
    u16::try_from(t.wrapping_mul(0x9e37_79b1) >> 23).unwrap_or(0)
}

/// The trigram bits a path must have for `pattern` to match it (empty:
/// nothing is known), at most `MAX_BITS`.
fn required(pattern: &str) -> Vec<u16> {
    const MAX_BITS: usize = 8;
    // Matched literally or, for `~/REST`, REST after the home: the literal
    // runs without `~/` occur in the path either way.
    let p = pattern.strip_prefix("~/").unwrap_or(pattern).as_bytes();
    let mut bits = Vec::new();
    for (i, run) in p.split(|b| matches!(b, b'*' | b'?')).enumerate() {
        // `**/` matches with or without its `/` (`a/**/b` is `a/b`): a run
        // after a wildcard need not hold its leading `/`.
        let run = match run {
            [b'/', rest @ ..] if i > 0 => rest,
            _ => run,
        };
        for w in run.windows(3) {
            if let [a, b, c] = w {
                let bit = hash(u32::from(*a) << 16 | u32::from(*b) << 8 | u32::from(*c));
                if !bits.contains(&bit) {
                    bits.push(bit);
                }
            }
        }
    }
    // Keep a spread of them: the test stops at the first one missing.
    if bits.len() > MAX_BITS {
        let step = bits.len().div_ceil(MAX_BITS);
        bits = bits.into_iter().step_by(step).collect();
    }
    bits
}

/// One glob and the trigram bits it needs.
#[derive(Debug)]
struct Screened {
    pattern: String,
    bits: Box<[u16]>,
}

/// A rule's `path` globs.
#[derive(Debug, Default)]
pub(crate) struct PathGlobs {
    globs: Vec<Screened>,
    /// Bits one of which each glob needs; `None` when some glob has no
    /// literal long enough to screen on.
    any: Option<Box<[u16]>>,
}

impl PathGlobs {
    pub(crate) fn new(patterns: &[String]) -> PathGlobs {
        let globs: Vec<Screened> = patterns
            .iter()
            .map(|p| Screened {
                pattern: p.clone(),
                bits: required(p).into_boxed_slice(),
            })
            .collect();
        let any = hitting_set(&globs);
        PathGlobs { globs, any }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    /// Whether some glob matches `path`; `sig` is the path's [`PathSig`].
    pub(crate) fn matches<'s>(
        &self,
        path: &str,
        sig: impl FnOnce() -> &'s PathSig,
        home: &str,
    ) -> bool {
        let sig = sig();
        if let Some(any) = &self.any
            && !any.iter().any(|&b| sig.has(b))
        {
            return false;
        }
        self.globs
            .iter()
            .any(|g| sig.has_all(&g.bits) && path_glob(&g.pattern, path, home))
    }
}

/// A few bits that between them cover every glob: each glob's bit that
/// most globs share (one pass to count, one to choose: rules are compiled
/// when a command first meets them, and start-up is the hot path).
fn hitting_set(globs: &[Screened]) -> Option<Box<[u16]>> {
    if globs.iter().any(|g| g.bits.is_empty()) {
        return None;
    }
    let mut count = [0u8; 512];
    for &b in globs.iter().flat_map(|g| g.bits.iter()) {
        if let Some(c) = count.get_mut(usize::from(b)) {
            *c = c.saturating_add(1);
        }
    }
    let mut out: Vec<u16> = Vec::new();
    for g in globs {
        let shared = |b: &&u16| count.get(usize::from(**b)).copied().unwrap_or(0);
        if let Some(&b) = g.bits.iter().max_by_key(shared)
            && !out.contains(&b)
        {
            out.push(b);
        }
    }
    Some(out.into_boxed_slice())
}

/// Whether `pattern` matches `path`, a `~/` pattern also below `home`.
pub(crate) fn path_glob(pattern: &str, path: &str, home: &str) -> bool {
    if glob::matches(pattern, path) {
        return true;
    }
    if let Some(rest) = pattern.strip_prefix("~/") {
        let home = home.trim_end_matches('/');
        if !home.is_empty()
            && let Some(p) = path.strip_prefix(home).and_then(|p| p.strip_prefix('/'))
        {
            return glob::matches(rest, p);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unscreened(patterns: &[String], path: &str, home: &str) -> bool {
        patterns.iter().any(|g| path_glob(g, path, home))
    }

    /// Every `path` glob of the embedded policy, as rules group them.
    fn policy_globs() -> Vec<Vec<String>> {
        let v: toml::Value = toml::from_str(crate::policy::DEFAULT_POLICY).unwrap();
        v["rule"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r.get("path")?.as_array())
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
            .collect()
    }

    #[test]
    fn the_screen_answers_as_the_globs_on_the_policys_own_paths() {
        let groups = policy_globs();
        assert!(groups.len() >= 5);
        let home = "/home/u";
        let mut paths: Vec<String> = vec![
            "build/obj/file1.o".into(),
            "/home/u/.bash_history".into(),
            "x.bash_history".into(),
            "/var/log".into(),
            "/var/log/syslog".into(),
            "a/b/.git/objects/ab".into(),
            ".git".into(),
            "/p/.git".into(),
        ];
        for g in groups.iter().flatten() {
            let lit = g.replace("**", "x/y").replace(['*', '?'], "z");
            paths.push(lit.clone());
            paths.push(format!("/w/{lit}"));
            if let Some(rest) = lit.strip_prefix("~/") {
                paths.push(format!("{home}/{rest}"));
            }
        }
        for globs in &groups {
            let screened = PathGlobs::new(globs);
            for p in &paths {
                let sig = PathSig::of(p);
                assert_eq!(
                    screened.matches(p, || &sig, home),
                    unscreened(globs, p, home),
                    "{globs:?} on `{p}`"
                );
            }
        }
    }

    #[test]
    fn a_path_without_the_literals_skips_every_glob() {
        let globs = vec![
            "**/.git/objects/**".to_owned(),
            "~/.bash_history".to_owned(),
        ];
        let g = PathGlobs::new(&globs);
        assert!(g.any.is_some());
        let sig = PathSig::of("build/obj/file1.o");
        let any = g.any.as_deref().unwrap();
        assert!(!any.iter().any(|&b| sig.has(b)));
    }

    proptest::proptest! {
        /// Screened matching equals plain matching, for any globs and paths
        /// over a small alphabet (so that literals do occur).
        #[test]
        fn screened_matching_equals_plain_matching(
            globs in proptest::collection::vec("(~/)?[ab/.*?]{0,8}", 1..4),
            path in "(~/|/h/)?[ab/.]{0,14}",
        ) {
            let g = PathGlobs::new(&globs);
            let sig = PathSig::of(&path);
            proptest::prop_assert_eq!(g.matches(&path, || &sig, "/h"), unscreened(&globs, &path, "/h"));
        }
    }
}
