//! Classifying paths into the classes rules match on, without touching the
//! file system.

use crate::action::PathClass;
use catalogue::{
    DEV_OTHER_DIRS, DEVICE_PREFIXES, SECRET_DIRS, SECRET_NAMES, SECRET_PATHS, SECRET_SUFFIXES,
    SYSTEM_DIRS,
};
use screen::{
    ABS_HEAD_SCREEN, DIR_SCREEN, NAME_SCREEN, PATH_HEAD_SCREEN, SUFFIX_SCREEN, SYSTEM_SCREEN,
    Screen,
};

mod catalogue;
mod screen;

/// Classifies `path` as written. `~` and `$HOME` were already turned into `~`
/// by the word reader; `cwd` and `home` refine absolute paths.
pub fn classify(path: &str, cwd: &str, home: &str) -> PathClass {
    classify_asking(path, cwd, home).0
}

/// [`classify`] of `path` with no working or home directory, and
/// [`is_secret`] of it when classifying asked the same on the way (`None`
/// when it classified another path: a cleaned one, or `DIR` of `DIR/{}`).
/// An extractor that classifies a word need not ask again if it is secret.
pub(crate) fn classify_secret(path: &str) -> (PathClass, Option<bool>) {
    classify_asking(path, "", "")
}

fn classify_asking(path: &str, cwd: &str, home: &str) -> (PathClass, Option<bool>) {
    // One pass over the slashes serves the cleaning test and, when there is
    // no trailing slash to trim, the secret test.
    let scan = Scan::of(path);
    if scan.cleaning
        && let Some(clean) = lexical_clean(path)
        && clean != path
    {
        return (classify(&clean, cwd, home), None);
    }
    let p = trim_trailing(path);
    if p.is_empty() {
        return (PathClass::Unknown, None);
    }
    // `DIR/{}`: the entries `find DIR <filters>` selects, anywhere below DIR.
    if let Some(dir) = p.strip_suffix("/{}") {
        let class = match classify(if dir.is_empty() { "/" } else { dir }, cwd, home) {
            PathClass::Root => PathClass::System,
            PathClass::Home => PathClass::InHome,
            PathClass::Project => PathClass::Relative,
            other => other,
        };
        return (class, None);
    }
    let secret = if p.len() == path.len() {
        scanned_secret(p, &scan)
    } else if p.len() + 1 == path.len() {
        // One trailing slash (`out/d1/`): `p`'s scan is `path`'s without it.
        scanned_secret(p, &scan.without_last_slash())
    } else {
        is_secret(p)
    };
    (
        if secret {
            PathClass::Secret
        } else {
            classify_rest(p, cwd, home)
        },
        Some(secret),
    )
}

/// [`classify`] of `p`, without trailing slashes and not a secret.
fn classify_rest(p: &str, cwd: &str, home: &str) -> PathClass {
    // Every rule below needs `p` to start with `/`, `~`, `.` or `*`, or to
    // be the home or working directory as written (and so start with its
    // byte): other names (`out/d1`, `src/f.txt`) are relative.
    if let Some(&first) = p.as_bytes().first()
        && !matches!(first, b'/' | b'~' | b'.' | b'*')
        && home.as_bytes().first() != Some(&first)
        && cwd.as_bytes().first() != Some(&first)
    {
        return PathClass::Relative;
    }
    match p {
        "/" | "/*" | "/." | "/.*" => return PathClass::Root,
        "~" | "~/*" | "~/." | "~/.*" | "/home" | "/home/*" | "/root" | "/Users" | "/Users/*" => {
            return PathClass::Home;
        }
        "." | "*" | "./*" | ".*" | "./.*" => return PathClass::Project,
        ".." | "../*" | "../.." => return PathClass::Parent,
        _ => {}
    }
    if !home.is_empty() {
        let home = trim_trailing(home);
        if p == home || p.strip_prefix(home) == Some("/*") {
            return PathClass::Home;
        }
    }
    if !cwd.is_empty() && p == trim_trailing(cwd) && cwd != "/" {
        return PathClass::Project;
    }
    if let Some(rest) = p.strip_prefix("/dev/") {
        return if matches!(
            rest,
            "null" | "zero" | "stdout" | "stderr" | "stdin" | "tty" | "random" | "urandom" | "full"
        ) || rest.starts_with("fd/")
            || rest.starts_with("shm/")
            || rest.starts_with("pts/")
        {
            PathClass::Null
        } else if DEVICE_PREFIXES.iter().any(|d| rest.starts_with(d))
            || rest
                .split_once('/')
                .is_some_and(|(dir, name)| !name.is_empty() && !DEV_OTHER_DIRS.contains(&dir))
        {
            PathClass::Device
        } else {
            PathClass::System
        };
    }
    if let Some(rest) = p.strip_prefix("~/") {
        return if rest.is_empty() {
            PathClass::Home
        } else {
            PathClass::InHome
        };
    }
    if p.starts_with('/')
        && let Some(user_dir) = home_dir_of(p)
    {
        return user_dir;
    }
    if p.starts_with("/tmp/") || p.starts_with("/var/tmp/") || p.starts_with("/private/tmp/") {
        return PathClass::Temp;
    }
    if p == "/tmp" || p == "/var/tmp" {
        return PathClass::System;
    }
    if in_system_dir(p) {
        return PathClass::System;
    }
    if p.starts_with('/') {
        if !cwd.is_empty()
            && cwd != "/"
            && p.strip_prefix(trim_trailing(cwd))
                .is_some_and(|r| r.starts_with('/'))
        {
            return PathClass::Relative;
        }
        return PathClass::Elsewhere;
    }
    if p.starts_with("../") {
        return PathClass::Parent;
    }
    PathClass::Relative
}

/// `/home/NAME`, `/Users/NAME`, `/root/...`: the home itself or a path in it.
fn home_dir_of(p: &str) -> Option<PathClass> {
    for base in ["/home/", "/Users/", "/root/"] {
        if let Some(rest) = p.strip_prefix(base) {
            if base == "/root/" {
                return Some(if rest.is_empty() || rest == "*" {
                    PathClass::Home
                } else {
                    PathClass::InHome
                });
            }
            return Some(match first_component(rest).1 {
                None | Some("" | "*") => PathClass::Home,
                Some(_) => PathClass::InHome,
            });
        }
    }
    None
}

/// Whether `path` names a secret: keys, credentials, `.env` files.
#[inline]
pub fn is_secret(path: &str) -> bool {
    // Most words a command is asked about (`-la`, `status`, `host`) have
    // neither `.` nor `/` (and so no trailing slash to trim): one pass
    // over their bytes and one load answer most of them, in the caller.
    if has_dot_or_slash(path.as_bytes()) {
        path_secret(trim_trailing(path))
    } else {
        BARE_SCREEN.may_hold(path) && bare_secret(path)
    }
}

/// [`is_secret`] of a path without trailing slashes.
fn path_secret(p: &str) -> bool {
    scanned_secret(p, &Scan::of(p))
}

/// [`scanned_secret`] of a name without `/` or `.`. Its branches, one by
/// one: `.env` names, extensions, `/etc/kubernetes/` and `.pub` need a `.`
/// or `/`; the name is the whole path; every relative [`SECRET_PATHS`]
/// entry holds a `/` or `.`, so none is the name or a prefix of it; the
/// only component is the name, so it lies in a secret directory exactly
/// when it is one.
fn bare_secret(name: &str) -> bool {
    (NAME_SCREEN.may_hold(name) && SECRET_NAMES.binary_search(&name).is_ok())
        || (name.starts_with(ID_PREFIX) && SECRET_NAMES.iter().any(|s| name.starts_with(s)))
        || (name.starts_with(HOST_KEY.0) && name.ends_with(HOST_KEY.1))
        || (DIR_SCREEN.may_hold(name) && SECRET_DIRS.contains(&name))
}

/// Key files named by a prefix (`id_rsa_old`), and host keys by their
/// ends (`ssh_host_ed25519_key`).
const ID_PREFIX: &str = "id_";
const HOST_KEY: (&str, &str) = ("ssh_host_", "_key");

/// The pairs of the names [`bare_secret`] may call secret: those of
/// [`SECRET_NAMES`] and [`SECRET_DIRS`], and every length a prefixed key
/// name may have, from the shortest on.
const BARE_SCREEN: Screen = Screen::of(SECRET_NAMES, 0)
    .with(SECRET_DIRS)
    .and_lengths_from(ID_PREFIX, shortest_with_prefix(SECRET_NAMES, ID_PREFIX))
    .and_lengths_from(HOST_KEY.0, HOST_KEY.0.len() + HOST_KEY.1.len());

/// The length of the shortest of `entries` that starts with `prefix`.
#[expect(
    clippy::indexing_slicing,
    reason = "indexes are checked against the lengths just before, and a const fn cannot call `get`"
)]
const fn shortest_with_prefix(entries: &[&str], prefix: &str) -> usize {
    let (p, mut shortest) = (prefix.as_bytes(), usize::MAX);
    let mut rest = entries;
    while let [entry, tail @ ..] = rest {
        let b = entry.as_bytes();
        let mut i = 0;
        while i < p.len() && i < b.len() && b[i] == p[i] {
            i += 1;
        }
        if i == p.len() && b.len() < shortest {
            shortest = b.len();
        }
        rest = tail;
    }
    shortest
}

/// Whether `b` holds a `.` or a `/`, eight bytes at a time.
fn has_dot_or_slash(b: &[u8]) -> bool {
    // `.` (0x2e) and `/` (0x2f) differ in the low bit only: with it set in
    // every byte, both read as `/` and nothing else does.
    const LOW_BITS: u64 = 0x0101_0101_0101_0101;
    let hit = |chunk: &[u8]| {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        slash_bits(word | LOW_BITS) != 0
    };
    if b.len() < 8 {
        return b.iter().any(|&c| c | 1 == b'/');
    }
    let mut chunks = b.chunks_exact(8);
    if chunks.by_ref().any(hit) {
        return true;
    }
    // The last eight bytes (some seen already) cover the remainder.
    !chunks.remainder().is_empty() && b.get(b.len() - 8..).is_some_and(hit)
}

/// What one pass over a path's slashes finds.
struct Scan {
    /// `/..`, `/./` or `//` ([`needs_cleaning`]).
    cleaning: bool,
    /// Where the last component starts.
    name_at: usize,
    /// Where the last component started before the last `/` was seen: the
    /// `name_at` of the path without its last `/` when that `/` ends it.
    prev_name_at: usize,
    /// The catalogues an entry of which starts as some component does.
    firsts: ComponentFirsts,
}

impl Scan {
    fn of(p: &str) -> Scan {
        let b = p.as_bytes();
        let mut scan = Scan {
            cleaning: false,
            name_at: 0,
            prev_name_at: 0,
            firsts: ComponentFirsts::default(),
        };
        if let Some(&first) = b.first() {
            scan.firsts.add(first);
        }
        each_slash(b, |i| {
            scan.prev_name_at = scan.name_at;
            scan.name_at = i + 1;
            match b.get(i + 1) {
                Some(b'/') => scan.cleaning = true,
                Some(&next) => {
                    scan.firsts.add(next);
                    scan.cleaning |= next == b'.' && matches!(b.get(i + 2), Some(b'.' | b'/'));
                }
                None => {}
            }
            false
        });
        scan
    }

    /// The scan of the path without its last byte, when that byte is a `/`
    /// and the one before it is not: the slashes are the same but the last,
    /// which added no first byte (nothing follows it). `cleaning` is not
    /// carried over: [`scanned_secret`] does not read it.
    fn without_last_slash(&self) -> Scan {
        Scan {
            cleaning: false,
            name_at: self.prev_name_at,
            prev_name_at: 0,
            firsts: self.firsts,
        }
    }
}

/// [`is_secret`] of a path without trailing slashes, `scan` its [`Scan`].
fn scanned_secret(p: &str, scan: &Scan) -> bool {
    let (name_at, firsts) = (scan.name_at, scan.firsts);
    let name = p.get(name_at..).unwrap_or(p);
    if name == ".env" || (name.starts_with(".env.") && !is_env_template(name)) {
        return true;
    }
    if NAME_SCREEN.may_hold(name) && SECRET_NAMES.binary_search(&name).is_ok() {
        return true;
    }
    if name.starts_with(ID_PREFIX)
        && !name.ends_with(".pub")
        && SECRET_NAMES.iter().any(|s| name.starts_with(s))
    {
        return true;
    }
    // A byte loop: names are short, and `rfind` costs a `memrchr` call.
    if let Some(dot) = name.bytes().rposition(|b| b == b'.')
        && name.get(dot..).is_some_and(|ext| {
            SUFFIX_SCREEN.may_hold(ext.get(1..).unwrap_or_default())
                && SECRET_SUFFIXES.binary_search(&ext).is_ok()
        })
        && !name.contains("public")
    {
        return true;
    }
    if p.starts_with("/etc/kubernetes/") && name.ends_with(".conf") {
        return true;
    }
    if name.starts_with(HOST_KEY.0) && name.ends_with(HOST_KEY.1) {
        return true;
    }
    // Only entries whose first byte begins some component of `p` can match:
    // most paths have no component starting with `.`, `/`, `L` or `g`, and
    // skip both catalogues after one pass over their bytes.
    if firsts.meets(PATH_FIRST) && in_secret_path(p) {
        return true;
    }
    if !firsts.meets(DIR_FIRST) {
        return false;
    }
    let in_secret_dir = any_component(p, |seg| {
        DIR_SCREEN.may_hold(seg) && SECRET_DIRS.contains(&seg)
    });
    // Only some files in these directories are secrets.
    let docker_other = || p.contains(".docker/") && name != "config.json";
    let kube_other = || p.contains(".kube/") && !name.starts_with("config");
    in_secret_dir && !name.ends_with(".pub") && !docker_other() && !kube_other()
}

/// Whether `p` is or lies under an entry of [`SECRET_PATHS`] (see
/// [`in_path`]): an absolute entry from the root, a relative one from the
/// start of any component, found by that component.
fn in_secret_path(p: &str) -> bool {
    if let Some(tail) = p.strip_prefix('/')
        && ABS_HEAD_SCREEN.may_hold(first_component(tail).0)
        && SECRET_PATHS
            .iter()
            .any(|e| e.starts_with('/') && in_path(p, e))
    {
        return true;
    }
    let mut rest = p;
    loop {
        let (first, after) = first_component(rest);
        if PATH_HEAD_SCREEN.may_hold(first)
            && SECRET_PATHS.iter().any(|e| {
                !e.starts_with('/')
                    && (rest == *e || rest.strip_prefix(e).is_some_and(|r| r.starts_with('/')))
            })
        {
            return true;
        }
        match after {
            Some(r) => rest = r,
            None => return false,
        }
    }
}

/// `s` up to its first `/`, and what follows that `/` if there is one:
/// `split('/').next()` and `split_once('/')` in one byte loop (components
/// are short, and a char searcher costs a call per piece).
fn first_component(s: &str) -> (&str, Option<&str>) {
    match s.bytes().position(|b| b == b'/') {
        Some(i) => (s.get(..i).unwrap_or(s), s.get(i + 1..)),
        None => (s, None),
    }
}

/// Whether `f` holds for some component of `p` (`p.split('/').any(f)`).
fn any_component(p: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    let mut rest = p;
    loop {
        let (first, after) = first_component(rest);
        if f(first) {
            return true;
        }
        match after {
            Some(r) => rest = r,
            None => return false,
        }
    }
}

/// Whether `p` is a [`SYSTEM_DIRS`] entry or lies under one.
fn in_system_dir(p: &str) -> bool {
    let Some(rest) = p.strip_prefix('/') else {
        return false;
    };
    let first = first_component(rest).0;
    SYSTEM_SCREEN.may_hold(first) && SYSTEM_DIRS.iter().any(|d| d.get(1..) == Some(first))
}

/// Which catalogues have an entry starting with a byte that begins some
/// component of a path (at the start and after each `/`): a cheap, exact
/// filter before [`in_secret_path`] and the [`SECRET_DIRS`] search. Bits
/// [`PATH_FIRST`] and [`DIR_FIRST`]; a byte, so a [`Scan`] stays small.
#[derive(Default, Clone, Copy, PartialEq, Debug)]
struct ComponentFirsts(u8);

/// A component starts with the first byte of a [`SECRET_PATHS`] entry.
const PATH_FIRST: u8 = 1;
/// A component starts with the first byte of a [`SECRET_DIRS`] entry.
const DIR_FIRST: u8 = 2;

/// The catalogue bits of each byte, at build time.
const FIRST_BITS: [u8; 256] = first_bits();

#[expect(
    clippy::indexing_slicing,
    reason = "a byte indexes 256 entries, and a const fn cannot call `get`"
)]
const fn first_bits() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut rest = SECRET_PATHS;
    while let [entry, tail @ ..] = rest {
        if let [b, ..] = entry.as_bytes() {
            table[*b as usize] |= PATH_FIRST;
        }
        rest = tail;
    }
    let mut rest = SECRET_DIRS;
    while let [entry, tail @ ..] = rest {
        if let [b, ..] = entry.as_bytes() {
            table[*b as usize] |= DIR_FIRST;
        }
        rest = tail;
    }
    table
}

impl ComponentFirsts {
    /// Whether a component starts with a byte of the catalogue `bit` names.
    fn meets(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    fn add(&mut self, b: u8) {
        self.0 |= FIRST_BITS.get(usize::from(b)).copied().unwrap_or(0);
    }
}

/// Whether `p` is `entry` or lies under it: an absolute `entry` from the
/// root, a relative one below any directory (`~/.cargo/credentials`,
/// `/home/u/.cargo/credentials`).
fn in_path(p: &str, entry: &str) -> bool {
    let under =
        |base: &str| base == entry || base.strip_prefix(entry).is_some_and(|r| r.starts_with('/'));
    if entry.starts_with('/') {
        return under(p);
    }
    let mut rest = p;
    loop {
        if under(rest) {
            return true;
        }
        match first_component(rest).1 {
            Some(r) => rest = r,
            None => return false,
        }
    }
}

/// Whether `path` is the root, a home, or a whole system directory: moving
/// it away destroys it where it was.
pub fn is_whole_tree(path: &str) -> bool {
    let p = trim_trailing(path);
    let p = match p.strip_suffix("/*") {
        Some("") => "/",
        Some(dir) => dir,
        None => p,
    };
    // A system directory, or a directory right in one whose children are
    // trees (`/usr/bin`, `/var/lib`), not files (`/etc/hosts`).
    let shallow = SYSTEM_DIRS.iter().any(|d| {
        p == *d
            || (!matches!(*d, "/etc" | "/proc" | "/sys" | "/private")
                && p.strip_prefix(d)
                    .is_some_and(|r| r.starts_with('/') && r.matches('/').count() == 1))
    });
    shallow || matches!(classify(p, "", ""), PathClass::Root | PathClass::Home)
}

/// Whether `path` has `.`/`..` segments or doubled slashes that [`classify`]
/// resolves before it classifies.
pub(crate) fn needs_cleaning(path: &str) -> bool {
    // `/..`, `/./` or `//`.
    let b = path.as_bytes();
    each_slash(b, |i| match b.get(i + 1) {
        Some(b'/') => true,
        Some(b'.') => matches!(b.get(i + 2), Some(b'.' | b'/')),
        _ => false,
    })
}

/// Calls `f` with the position of each `/` of `b`, in order, until it
/// answers `true`; whether one did. Eight bytes at a time: paths are short
/// and their slashes few, and this runs for every path a command names.
fn each_slash(b: &[u8], mut f: impl FnMut(usize) -> bool) -> bool {
    let mut hits = |base: usize, mut mask: u64| {
        while mask != 0 {
            if f(base + (mask.trailing_zeros() / 8) as usize) {
                return true;
            }
            mask &= mask - 1;
        }
        false
    };
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        if hits(base, slash_bits(word)) {
            return true;
        }
        base += 8;
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return false;
    }
    // The last eight bytes, those already seen masked off; a path shorter
    // than eight bytes is padded.
    let word = match b.len().checked_sub(8).and_then(|at| b.get(at..)) {
        Some(last) => {
            let word = u64::from_le_bytes(last.try_into().unwrap_or([0; 8]));
            let seen = 8 * (8 - rest.len());
            return hits(b.len() - 8, slash_bits(word) >> seen << seen);
        }
        None => {
            // Shifted in byte by byte: a copy into a padded array is a
            // `memcpy` call.
            let mut word = 0u64;
            for (i, &c) in rest.iter().enumerate() {
                word |= u64::from(c) << (8 * i);
            }
            word
        }
    };
    hits(0, slash_bits(word) & (u64::MAX >> (8 * (8 - rest.len()))))
}

/// The high bit of each byte of `word` that is a `/` (exact, no borrows
/// between bytes).
fn slash_bits(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const SLASHES: u64 = 0x2f2f_2f2f_2f2f_2f2f;
    let x = word ^ SLASHES;
    !((x & LOW7).wrapping_add(LOW7) | x | LOW7)
}

/// Resolves `.` and `..` segments of an absolute (or `~`) path without
/// touching the file system: `/tmp/../etc` → `/etc`.
fn lexical_clean(path: &str) -> Option<String> {
    let (prefix, rest) = if let Some(r) = path.strip_prefix("~/") {
        ("~/", r)
    } else if let Some(r) = path.strip_prefix('/') {
        ("/", r)
    } else {
        return None;
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() && prefix == "~/" {
                    return Some("/home".into());
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    Some(if prefix == "~/" && joined.is_empty() {
        "~".into()
    } else {
        format!("{prefix}{joined}")
    })
}

fn is_env_template(name: &str) -> bool {
    [
        ".example",
        ".sample",
        ".template",
        ".dist",
        ".defaults",
        ".tmpl",
        ".schema",
    ]
    .iter()
    .any(|s| name.ends_with(s))
}

fn trim_trailing(p: &str) -> &str {
    if p.len() > 1 {
        // `trim_end_matches('/')` as a byte loop: `/` is ASCII, so every
        // cut is at a character boundary.
        let mut end = p.len();
        while end > 0 && p.as_bytes().get(end - 1) == Some(&b'/') {
            end -= 1;
        }
        p.get(..end).unwrap_or(p)
    } else {
        p
    }
}

#[cfg(test)]
mod tests;
