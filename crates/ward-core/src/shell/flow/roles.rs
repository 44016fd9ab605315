//! What a program is to the walker and the dataflow pass (a fetcher, a shell,
//! an archiver, a metadata-only tool, …), looked up once per command so that
//! every analysis that applies only to some programs costs `ls` or `mv` one
//! bit test. The one table of program catalogues: the walker's effects and
//! unwrapping ask it too.
//!
//! The tests check the table against the catalogue lists (`SHELLS`,
//! `INTERPRETERS`, `netshell::NET_CLIENTS`, and the lists it replaced, kept in
//! `roles/tests.rs`).

/// A set of roles (bits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Roles(u32);

/// One bit per role; [`Roles::of`] ORs the bits of a name.
const FETCHER: u32 = 1;
const NET_CLIENT: u32 = 1 << 1;
const SHELL: u32 = 1 << 2;
const INTERPRETER: u32 = 1 << 3;
/// `python3.12`, `python2.7`: interpreters named with their version.
const PYTHON3_X: u32 = 1 << 4;
const PYTHON2_X: u32 = 1 << 5;
/// Output says nothing of the input's content (`wc`, `ls`, `grep`).
const OPAQUE: u32 = 1 << 6;
/// Installs or runs a package file it is given.
const INSTALLER: u32 = 1 << 7;
/// Archives what it is given.
const ARCHIVER: u32 = 1 << 8;
/// Prints what it reads from the network (besides fetchers and clients).
const NET_OUTPUT: u32 = 1 << 9;
/// Sends the data its words carry (besides fetchers and clients).
const WORD_SENDER: u32 = 1 << 10;
/// Named by what `sent` reads files or input for.
const SENDER: u32 = 1 << 11;
/// Named by what `carry` records files for.
const CARRIER: u32 = 1 << 12;
/// May serve a shell by itself (`netshell::serves_shell`), with
/// interpreters and `lua*`.
const NET_SHELL: u32 = 1 << 13;
/// `lua`, `luajit`, `lua5.4`.
const LUA_X: u32 = 1 << 14;
/// Named by `normalize::is_decoder`.
const DECODER: u32 = 1 << 15;
/// Named by `prints_secrets`.
const SECRET_PRINTER: u32 = 1 << 16;
/// Prints the project's data (database dumps, `git ls-files`).
const PROJECT_DUMP: u32 = 1 << 17;
/// `source`, `.`.
const SOURCE: u32 = 1 << 18;
/// Passes its input through, keeping its origin (`cat`, `grep`, `sort`).
const PASSTHROUGH: u32 = 1 << 19;
/// Rewrites the text it passes on (`tr`, `sed`, `rev`).
const REWRITER: u32 = 1 << 20;
/// Only looks at or changes files' metadata: its words are not read as
/// data.
const METADATA: u32 = 1 << 21;
/// Named one by one by the dataflow pass for what it records besides
/// files (`printf -v`, `read`, `coproc`).
const FLOW_NAMED: u32 = 1 << 22;
/// Runs a command given in its words (`sudo`, `env`, `strace`, `uv run`):
/// named by `normalize::unwrap`'s wrappers and `launchers::launch`'s specs.
const WRAPPER: u32 = 1 << 23;
/// Has effects of its own read from its words (`rm`, `cp`, `chmod`, `ssh`):
/// named by `effects::extract`.
const EFFECTS_NAMED: u32 = 1 << 25;
/// Hides commands in its options or arguments (`ssh -o ProxyCommand=`, `tar -I`):
/// named by `hidden::commands`.
const HIDES: u32 = 1 << 24;
/// Every role that gives the dataflow pass more to do for a command than
/// note what it prints ([`Roles::flow_quiet`]).
const FLOW_LOUD: u32 = FETCHER
    | NET_CLIENT
    | SHELL
    | INTERPRETER
    | PYTHON3_X
    | PYTHON2_X
    | SOURCE
    | INSTALLER
    | WORD_SENDER
    | SENDER
    | CARRIER
    | NET_SHELL
    | FLOW_NAMED;

impl Roles {
    /// The roles of the program named `p` (a basename, as normalised).
    pub(crate) fn of(p: &str) -> Roles {
        let k = prefix_of(p);
        // Up to eight bytes the key and the length are the name.
        let mut bits = if p.len() <= 8 {
            probe(k, |e| e.name.len() == p.len())
        } else {
            long_bits(k, p)
        };
        // The name's first byte rules out all three prefixes for most.
        let b = k >> 56;
        if b == u64::from(b'p') && p.starts_with("python3.") {
            bits |= PYTHON3_X | NET_SHELL;
        } else if b == u64::from(b'p') && p.starts_with("python2.") {
            bits |= PYTHON2_X | NET_SHELL;
        } else if b == u64::from(b'l') && p.starts_with("lua") {
            bits |= LUA_X | NET_SHELL;
        }
        Roles(bits)
    }

    fn any(self, bits: u32) -> bool {
        self.0 & bits != 0
    }

    /// Fetches data from the network (`curl`, `wget`, `nc`, …).
    pub(crate) fn fetcher(self) -> bool {
        self.any(FETCHER)
    }
    /// `netshell::NET_CLIENTS`.
    pub(crate) fn net_client(self) -> bool {
        self.any(NET_CLIENT)
    }
    /// `normalize::SHELLS`.
    pub(crate) fn shell(self) -> bool {
        self.any(SHELL)
    }
    /// `normalize::INTERPRETERS`.
    pub(crate) fn interpreter(self) -> bool {
        self.any(INTERPRETER)
    }
    /// `INTERPRETERS` or `python3.*`: who may run inline socket or fork code.
    pub(crate) fn inline_code(self) -> bool {
        self.any(INTERPRETER | PYTHON3_X)
    }
    /// A shell or interpreter: runs the code it is given.
    pub(crate) fn code(self) -> bool {
        self.any(SHELL | INTERPRETER | PYTHON3_X | PYTHON2_X)
    }
    /// `source` or `.`.
    pub(crate) fn source(self) -> bool {
        self.any(SOURCE)
    }
    pub(crate) fn opaque(self) -> bool {
        self.any(OPAQUE)
    }
    pub(crate) fn installer(self) -> bool {
        self.any(INSTALLER)
    }
    pub(crate) fn archiver(self) -> bool {
        self.any(ARCHIVER)
    }
    /// What it prints comes from the network.
    pub(crate) fn net_output(self) -> bool {
        self.any(FETCHER | NET_CLIENT | NET_OUTPUT)
    }
    /// What its words carry leaves the machine.
    pub(crate) fn word_sender(self) -> bool {
        self.any(FETCHER | NET_CLIENT | WORD_SENDER)
    }
    /// `sent` has something to read for it.
    pub(crate) fn sender(self) -> bool {
        self.any(SENDER | NET_CLIENT)
    }
    /// `carry` has files to record for it.
    pub(crate) fn carrier(self) -> bool {
        self.any(CARRIER)
    }
    /// `netshell::serves_shell` may answer yes.
    pub(crate) fn net_shell(self) -> bool {
        self.any(NET_SHELL | INTERPRETER)
    }
    pub(crate) fn decoder(self) -> bool {
        self.any(DECODER)
    }
    pub(crate) fn secret_printer(self) -> bool {
        self.any(SECRET_PRINTER)
    }
    pub(crate) fn project_dump(self) -> bool {
        self.any(PROJECT_DUMP)
    }
    pub(crate) fn passthrough(self) -> bool {
        self.any(PASSTHROUGH)
    }
    pub(crate) fn rewriter(self) -> bool {
        self.any(REWRITER)
    }
    /// Only looks at metadata: naming a secret path is not reading it.
    pub(crate) fn metadata_only(self) -> bool {
        self.any(METADATA)
    }
    /// May run a command given in its words: a wrapper, a launcher or a
    /// shell (`normalize::unwrap` answers no for every other name).
    pub(crate) fn wrapper(self) -> bool {
        self.any(WRAPPER | SHELL)
    }
    /// Has effects `effects::extract` reads by its name.
    pub(crate) fn effects_named(self) -> bool {
        self.any(EFFECTS_NAMED)
    }
    /// These roles, and the effects of a name `effects::extract` reads:
    /// extracting with it must change nothing for the other names.
    #[cfg(test)]
    pub(crate) fn with_effects_named(self) -> Roles {
        Roles(self.0 | EFFECTS_NAMED)
    }
    /// Has commands hidden in its words to look for (`hidden::by_name`).
    pub(crate) fn hides(self) -> bool {
        self.any(HIDES)
    }
    /// Neither runs code, nor sends, nor carries data into files, nor is
    /// named by the dataflow pass: without redirections or an input, the
    /// pass only notes what it prints.
    pub(crate) fn flow_quiet(self) -> bool {
        !self.any(FLOW_LOUD)
    }
}

/// The bits of the entry with key `k` that `same` accepts, or none: a walk
/// from the key's slot to the first empty one.
#[inline]
fn probe(k: u64, same: impl Fn(&Entry) -> bool) -> u32 {
    let mut at = slot(k);
    while let Some(&i) = SLOTS.get(at)
        && let Some(e) = TABLE.get(usize::from(i))
    {
        if e.key == k && same(e) {
            return e.bits;
        }
        at = (at + 1) % SLOTS.len();
    }
    0
}

/// [`probe`] for a name longer than its key, compared in full: kept out of
/// [`Roles::of`] so that short names, most of them, run without its
/// registers.
#[inline(never)]
fn long_bits(k: u64, p: &str) -> u32 {
    probe(k, |e| e.name == p)
}

/// Open addressing over [`TABLE`]: each slot holds an index into it, or
/// [`EMPTY`]; a name's probe starts at [`slot`] of its key.
const SLOTS: [u16; 1024] = slots();
const EMPTY: u16 = u16::MAX;
// INVARIANT: at most half the slots are taken, so every probe meets an
// empty one soon.
const _: () = assert!(TABLE.len() <= SLOTS.len() / 2);

/// Where the probe for the key `k` starts: its top bits after a multiply.
const fn slot(k: u64) -> usize {
    (k.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize
}

#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at build time: an index out of bounds fails the build"
)]
const fn slots() -> [u16; 1024] {
    let mut slots = [EMPTY; 1024];
    let mut i = 0;
    while i < TABLE.len() {
        let mut at = slot(TABLE[i].key);
        while slots[at] != EMPTY {
            at = (at + 1) % 1024;
        }
        slots[at] = i as u16;
        i += 1;
    }
    slots
}

/// [`prefix`], at run time.
fn prefix_of(name: &str) -> u64 {
    let b = name.as_bytes();
    if let Some(eight) = b.first_chunk::<8>() {
        return u64::from_be_bytes(*eight);
    }
    // Shorter names in two loads that may overlap (a byte ORed with itself
    // is itself), not a loop over their bytes.
    let n = b.len();
    if let (Some(head), Some(tail)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        let head = u64::from(u32::from_be_bytes(*head)) << 32;
        return head | u64::from(u32::from_be_bytes(*tail)) << (64 - 8 * n);
    }
    if let (Some(head), Some(tail)) = (b.first_chunk::<2>(), b.last_chunk::<2>()) {
        let head = u64::from(u16::from_be_bytes(*head)) << 48;
        return head | u64::from(u16::from_be_bytes(*tail)) << (64 - 8 * n);
    }
    b.first().map_or(0, |&x| u64::from(x) << 56)
}

/// A name's first eight bytes, big-endian: orders names as their bytes do
/// (up to ties between names sharing those eight bytes).
const fn prefix(name: &str) -> u64 {
    let mut k = 0u64;
    let mut rest = name.as_bytes();
    let mut n = 0;
    while n < 8 {
        k <<= 8;
        if let [b, tail @ ..] = rest {
            k |= *b as u64;
            rest = tail;
        }
        n += 1;
    }
    k
}

struct Entry {
    key: u64,
    name: &'static str,
    bits: u32,
}

const fn e(name: &'static str, bits: u32) -> Entry {
    Entry {
        key: prefix(name),
        name,
        bits,
    }
}

mod table;
use table::TABLE;

#[cfg(test)]
mod tests;
