//! What the hand parser asks of a byte, answered by one table lookup (the
//! questions were short slice searches, one call per byte).

/// May stand in a bare word (besides `\`-escapes): letters, digits,
/// non-ASCII bytes and `_-./~:@%+,=^*?` (`#` is declined: tree-sitter reads
/// `wh#ile` at a statement start as an error).
pub(super) const WORD: u16 = 1;
/// Ends a word outside quotes.
pub(super) const BOUNDARY: u16 = 1 << 1;
/// May not stand in a command name the subset reads: anything but letters,
/// digits, `_./~+-`.
pub(super) const NOT_NAME: u16 = 1 << 2;
/// An ASCII digit.
pub(super) const DIGIT: u16 = 1 << 3;
/// An ASCII lowercase letter.
pub(super) const LOWER: u16 = 1 << 4;
/// A letter, digit or `_`: a shell NAME's bytes.
pub(super) const IDENT: u16 = 1 << 5;
/// The first letter of some keyword or declaration command.
pub(super) const KW_FIRST: u16 = 1 << 6;
/// After a keyword's letters, continues the word so it is no keyword: a
/// word byte but `%+,:@^~!?*[]{}`, or `\`.
pub(super) const KW_GLUE: u16 = 1 << 7;
/// `%`.
pub(super) const PERCENT: u16 = 1 << 8;
/// May start a redirection: a digit, `<`, `>`, `&`.
pub(super) const REDIR: u16 = 1 << 9;
/// May start a word [`super::words`] reads on its fast path: a word byte
/// but `=`.
pub(super) const PLAIN_FIRST: u16 = 1 << 10;
/// May follow such a word: a blank or an operator but `<`, `>`, `(`.
pub(super) const PLAIN_END: u16 = 1 << 11;
/// A word byte but `%`: what the fast path reads.
pub(super) const PLAIN: u16 = 1 << 13;
/// A command name's byte on the fast path: a word byte that is a name
/// byte (not [`NOT_NAME`]) and not `%`.
pub(super) const NAME_PLAIN: u16 = 1 << 14;
/// May start an argument that is no command end, redirection, keyword or
/// lone `-`: any byte but `;&|\n)#`, `<>&`, digits, `cdefilrstuw`, `-`,
/// blanks and NUL.
pub(super) const ARG_PLAIN: u16 = 1 << 12;

const fn has(set: &[u8], c: u8) -> bool {
    let mut rest = set;
    while let [first, tail @ ..] = rest {
        if *first == c {
            return true;
        }
        rest = tail;
    }
    false
}

const fn classify(c: u8) -> u16 {
    let alnum = c.is_ascii_alphanumeric();
    let word = alnum || c >= 0x80 || has(b"_-./~:@%+,=^*?", c);
    let mut k = 0;
    if word {
        k |= WORD;
    }
    if has(b" \t\n;&|<>()", c) {
        k |= BOUNDARY;
    }
    if !(alnum || has(b"_./~+-", c)) {
        k |= NOT_NAME;
    }
    if c.is_ascii_digit() {
        k |= DIGIT | REDIR;
    }
    if c.is_ascii_lowercase() {
        k |= LOWER;
    }
    if alnum || c == b'_' {
        k |= IDENT;
    }
    if has(b"cdefilrstuw", c) {
        k |= KW_FIRST;
    }
    if (word && !has(b"%+,:@^~!?*[]{}", c)) || c == b'\\' {
        k |= KW_GLUE;
    }
    if c == b'%' {
        k |= PERCENT;
    }
    if has(b"<>&", c) {
        k |= REDIR;
    }
    if word && c != b'%' {
        k |= PLAIN;
    }
    if word && c != b'=' {
        k |= PLAIN_FIRST;
    }
    if word && c != b'%' && (alnum || has(b"_./~+-", c)) {
        k |= NAME_PLAIN;
    }
    if has(b" \t\n;&|)", c) {
        k |= PLAIN_END;
    }
    if !has(b";&|\n)#<>- \t\0", c) && !c.is_ascii_digit() && !has(b"cdefilrstuw", c) {
        k |= ARG_PLAIN;
    }
    k
}

#[expect(
    clippy::indexing_slicing,
    reason = "const table construction: `i` runs over 0..256"
)]
const fn table() -> [u16; 256] {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = classify(i as u8);
        i += 1;
    }
    t
}

static TABLE: [u16; 256] = table();

/// Where the run of bytes of class `bit` that goes on at `from` ends in
/// `rest`. (Read four bytes a step, a run took fewer instructions only for
/// words longer than most lines hold; this loop compiles to 7 a byte.)
#[inline(always)]
pub(super) fn run_len(rest: &[u8], from: usize, bit: u16) -> usize {
    let mut len = from;
    for &c in rest.get(from..).unwrap_or_default() {
        if class(c) & bit == 0 {
            break;
        }
        len += 1;
    }
    len
}

/// The class bits of `c`.
#[inline]
pub(super) fn class(c: u8) -> u16 {
    TABLE.get(usize::from(c)).copied().unwrap_or(0)
}

/// The class bits of `c`, none at the end of the text.
#[inline]
pub(super) fn class_at(c: Option<&u8>) -> u16 {
    c.map_or(0, |&c| class(c))
}
