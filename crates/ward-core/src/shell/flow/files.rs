//! The line's table of written files: keys as the line spells names,
//! a filter that turns most words away unhashed, what reading a file
//! gives, and what a `cd` changes.

use super::{Flow, Taint, has_slash, is_dynamic_text};
use crate::Text;
use crate::action::PathClass;
use crate::paths::{classify, is_secret, needs_cleaning};

pub(super) fn key(name: &str) -> String {
    key_ref(name).to_owned()
}

/// A file's name as the line's file table keys it: `./a/` is `a`.
#[inline]
pub(super) fn key_ref(name: &str) -> &str {
    // Most names have nothing to trim: a first byte that is neither blank
    // nor `.`, a last that is neither blank nor `/` (both ASCII, so no
    // Unicode blank either). Every byte up to the space (the ASCII blanks
    // among them) counts as blank here: one compare, and the long way
    // gives the right key for the rare control byte.
    let blank = |b: u8| b <= b' ' || !b.is_ascii();
    if let (Some(&first), Some(&last)) = (name.as_bytes().first(), name.as_bytes().last())
        && !blank(first)
        && !blank(last)
        && first != b'.'
        && last != b'/'
    {
        return name;
    }
    trimmed_key(name)
}

/// [`key_ref`] the long way.
#[inline(never)]
pub(super) fn trimmed_key(name: &str) -> &str {
    let mut k = name.trim();
    while let Some(rest) = k.strip_prefix("./") {
        k = rest;
    }
    k.trim_end_matches('/')
}

/// The two bits of [`Flow::seen`] a file key sets: one in the low word
/// from its length and last byte, one in the high word from its first byte
/// and length (names written on a line often share a length and an ending:
/// `a.sh`, `b.sh`).
#[inline]
pub(super) fn seen_bits(k: &str) -> u128 {
    let b = k.as_bytes();
    let last = usize::from(b.last().copied().unwrap_or_default());
    let first = usize::from(b.first().copied().unwrap_or_default());
    let low = (k.len().wrapping_mul(7) ^ last) & 63;
    let high = (first.wrapping_mul(5) ^ k.len().wrapping_mul(3)) & 63;
    1 << low | 1 << (64 + high)
}

/// Directories of `PATH` a file written on the line may be run from by name.
const PATH_DIRS: &[&str] = &[
    "/usr/local/bin",
    "/usr/bin",
    "/bin",
    "/usr/sbin",
    "/sbin",
    "/usr/local/sbin",
    "~/bin",
    "~/.local/bin",
    "~/.cargo/bin",
    "/opt/bin",
];

/// A name `classify(name, "", "")` can only call `Secret`, `Relative`,
/// `Parent` or `Unknown`: not empty, not starting with `/`, `~`, `.` or `*`
/// (the root, homes, the project and the parent are all spelled with one
/// of those first), and not `DIR/{}` (classified as DIR, whose class is
/// mapped).
fn plain_relative(name: &str) -> bool {
    let b = name.as_bytes();
    let mut end = b.len();
    while end > 1 && b.get(end - 1) == Some(&b'/') {
        end -= 1;
    }
    b.first()
        .is_some_and(|c| !matches!(c, b'/' | b'~' | b'.' | b'*'))
        && !b.get(..end).is_some_and(|p| p.ends_with(b"/{}"))
}

impl Flow {
    /// What the file `name` carries, when the line wrote it. Inlined: most
    /// words are turned away by the filter, without a call.
    #[inline]
    pub(super) fn file(&self, name: &str) -> Option<Taint> {
        if self.files.is_empty() {
            return None;
        }
        // Without a `cd` on the line there is no second spelling to try.
        if self.cwd.is_some() {
            return self.file_after_cd(name);
        }
        self.lookup(key_ref(name))
    }

    /// [`Flow::file`] on a line that changed directory.
    #[inline(never)]
    fn file_after_cd(&self, name: &str) -> Option<Taint> {
        if let Some(t) = self.here(name).and_then(|k| self.lookup(&k)) {
            return Some(t);
        }
        self.lookup(key_ref(name))
    }

    /// The entry of `files` under the key `k`.
    #[inline]
    fn lookup(&self, k: &str) -> Option<Taint> {
        let bits = seen_bits(k);
        if self.seen & bits != bits {
            return None;
        }
        self.get_file(k)
    }

    /// The hashed half of [`Flow::lookup`], out of line.
    #[inline(never)]
    fn get_file(&self, k: &str) -> Option<Taint> {
        self.files.get(k).copied()
    }

    /// `name` seen from where the line started, when a `cd` moved it:
    /// joined in a compact string (most fit inline, no allocation).
    #[inline]
    fn here(&self, name: &str) -> Option<Text> {
        let cwd = self.cwd.as_deref()?;
        if name.starts_with('/') || name.starts_with('~') {
            return None;
        }
        let mut joined = Text::with_capacity(cwd.len() + 1 + name.len());
        joined.push_str(cwd);
        joined.push('/');
        joined.push_str(name);
        // `key_ref` gives a part of `joined`: all of it, or a trimmed copy.
        let k = key_ref(&joined);
        Some(if k.len() == joined.len() {
            joined
        } else {
            Text::from(k)
        })
    }

    /// Whether `name` lies in a repository the line cloned.
    pub(super) fn in_clone(&self, name: &str) -> bool {
        let under = |k: &str| {
            self.cloned.iter().any(|d| {
                k.strip_prefix(d.as_str())
                    .is_some_and(|r| r.starts_with('/'))
            })
        };
        under(key_ref(name)) || self.here(name).is_some_and(|k| under(&k))
    }

    /// `git clone URL [DIR]`: DIR holds code from the network.
    pub(super) fn clone_into(&mut self, dir: &str) {
        let k = self
            .here(dir)
            .map_or_else(|| key(dir), |k| String::from(k.as_str()));
        if !k.is_empty() {
            self.cloned.push(k);
        }
    }

    /// `cd DIR`: later relative names are inside DIR.
    pub(super) fn change_dir(&mut self, dir: &str) {
        self.cwd = match (dir, self.here(dir)) {
            ("" | "-" | "~", _) => None,
            (d, _) if d.split('/').any(|c| c == "..") => None,
            (_, Some(k)) => Some(String::from(k.as_str())),
            (d, None) if d.starts_with('/') || d.starts_with('~') || is_dynamic_text(d) => None,
            (d, None) => Some(key(d)),
        };
    }

    /// What reading the file `name` gives: written on the line, or its class.
    pub(super) fn read(&self, name: &str) -> Taint {
        let mut t = self.file(name).unwrap_or_default();
        if name.starts_with("/dev/tcp/") || name.starts_with("/dev/udp/") {
            t.network = true;
        }
        if plain_relative(name) {
            // `classify` calls such a name `Secret` exactly when `is_secret`
            // does, and otherwise gives it a class read ignores.
            t.secret |= is_secret(name);
            return t;
        }
        let class = classify(name, "", "");
        // `classify` answers `Secret` for a secret path as written; only a
        // path it cleans first (`a/../x`, `a//x`) needs a second look.
        if class == PathClass::Secret
            || has_slash(name) && needs_cleaning(name) && is_secret(name)
            || name.starts_with("/proc/") && name.ends_with("/environ")
        {
            t.secret = true;
        }
        match class {
            PathClass::Home | PathClass::Root => t.secret = true,
            PathClass::Project => t.project = true,
            PathClass::InHome if name.starts_with("~/.") => t.project = true,
            _ => {}
        }
        t
    }

    pub(super) fn write(&mut self, name: &str, t: Taint, append: bool) {
        // A computed name may be any file; it is also tracked as written,
        // so `curl -o "$f" …; sh "$f"` keeps the flow.
        if is_dynamic_text(name) {
            self.wild = self.wild.or(t);
        }
        let here = if self.cwd.is_some() {
            self.here(name)
        } else {
            None
        };
        let k = here.as_deref().unwrap_or_else(|| key_ref(name));
        // One lookup, and a key of its own only for a name not seen before.
        let (before, new) = match self.files.get_mut(k) {
            Some(slot) => {
                let before = *slot;
                *slot = if append { before.or(t) } else { t };
                (Some(before), *slot)
            }
            None => {
                self.seen |= seen_bits(k);
                self.files.insert(Text::from(k), t);
                (None, t)
            }
        };
        // Every directory of `PATH_DIRS` starts with `/` or `~`.
        if matches!(k.as_bytes().first(), Some(b'/' | b'~'))
            && let Some(at) = k.bytes().rposition(|b| b == b'/')
            && let (Some(dir), Some(name)) = (k.get(..at), k.get(at + 1..))
            && PATH_DIRS.contains(&dir)
        {
            let seen = self.in_path.entry(name.to_owned()).or_default();
            *seen = seen.or(new);
        }
        match (before.is_some_and(Taint::code), new.code()) {
            (false, true) => self.code_files += 1,
            (true, false) => self.code_files = self.code_files.saturating_sub(1),
            _ => {}
        }
    }

    /// A file written on this line into a directory of `PATH`, run by name.
    pub(super) fn installed(&self, program: &str) -> Option<Taint> {
        if self.in_path.is_empty() {
            return None;
        }
        self.in_path.get(program).copied()
    }

    /// Records what the command at index `idx` of `Walker::out` prints.
    #[inline]
    pub(super) fn set_out(&mut self, idx: usize, out: Taint) {
        if self.out.len() == idx {
            self.out.push(out);
            return;
        }
        if self.out.len() < idx {
            self.out.resize(idx + 1, Taint::default());
        }
        if let Some(slot) = self.out.get_mut(idx) {
            *slot = out;
        }
    }

    /// Whether the line wrote any file so far.
    pub(super) fn has_files(&self) -> bool {
        !self.files.is_empty()
    }

    pub(super) fn any_code(&self) -> bool {
        self.wild.code() || self.code_files > 0
    }

    pub(super) fn fd(&self, n: &str) -> Option<Taint> {
        if n.contains("COPROC") {
            return Some(self.coproc);
        }
        let n: u32 = n.trim_start_matches('&').parse().ok()?;
        self.fds.get(&n).map(|(file, t)| match file {
            Some(f) => t.or(self.file(f).unwrap_or_default()),
            None => *t,
        })
    }
}
