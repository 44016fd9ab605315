//! The hand parser's words: bare words and numbers, `'…'`, `"…"` with
//! `$x`, `${x}` and `$(…)` inside, and their concatenations, in
//! tree-sitter-bash's shapes.

use super::bytes::{self, class};
use super::hand::{Hand, Stop, is_boundary};
use super::kind::{Field, Kind};
use crate::shell::MAX_DEPTH;

/// Where a word stands: a command name may not look like an assignment or a
/// number; everything else reads the same.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ctx {
    Name,
    Arg,
    Value,
}

/// What a `$…` piece was.
enum Dollar {
    /// `$name` or `$?`.
    Name,
    /// `$1`.
    Digits,
    /// `${name}` or `$(…)`.
    Other,
}

/// How a bare word reads as a number.
enum Numeric {
    No,
    Number,
    /// Forms tree-sitter-bash may read either way (`0x1`, `10#3`).
    Unsure,
}

#[inline]
fn numeric(word: &[u8]) -> Numeric {
    let digits = word.strip_prefix(b"-").unwrap_or(word);
    if !digits.first().is_some_and(u8::is_ascii_digit) {
        return Numeric::No;
    }
    if digits.iter().all(u8::is_ascii_digit) {
        return Numeric::Number;
    }
    if digits.starts_with(b"0x") || digits.starts_with(b"0X") || digits.contains(&b'#') {
        return Numeric::Unsure;
    }
    Numeric::No
}

/// The common word at the start of `rest`, read without the general loop:
/// bare-word bytes up to a blank or an operator, not led by `=`, without
/// `\\` or `%`; a command name of name bytes only and not led by `-` or a
/// digit. Its length and kind (`word` or `number`), or `None` where the
/// word is anything else.
#[inline(always)]
pub(super) fn plain(rest: &[u8], ctx: Ctx) -> Option<(usize, Kind)> {
    let &first = rest.first()?;
    let k = class(first);
    if k & bytes::PLAIN_FIRST == 0 {
        return None;
    }
    // A command name reads name bytes only (`:` alone aside): a run that
    // goes on with another word byte is left to the general loop.
    let (run, first_ok) = match ctx {
        Ctx::Name if first == b':' => (bytes::PLAIN, true),
        Ctx::Name => (bytes::NAME_PLAIN, k & bytes::NAME_PLAIN != 0),
        _ => (bytes::PLAIN, k & bytes::PLAIN != 0),
    };
    if !first_ok {
        return None;
    }
    let len = bytes::run_len(rest, 1, run);
    let stop = rest.get(len).map_or(bytes::PLAIN_END, |&c| class(c));
    // The word must end the text or at a blank or an operator other than
    // the `<`, `>` and `(` that the general loop declines.
    if stop & bytes::PLAIN_END == 0 {
        return None;
    }
    let text = rest.get(..len).unwrap_or_default();
    let kind = match ctx {
        Ctx::Name if first == b'-' || first.is_ascii_digit() => return None,
        Ctx::Name if first == b':' && len > 1 => return None,
        Ctx::Name => Kind::WORD,
        // Only digits, or a `-` and digits, may make a number (`-la` is
        // told from `-1` by its second byte).
        _ => {
            let digits = match text {
                [b'-', second, ..] => second.is_ascii_digit(),
                _ => first.is_ascii_digit(),
            };
            match digits.then(|| numeric(text)) {
                None | Some(Numeric::No) => Kind::WORD,
                Some(Numeric::Number) => Kind::NUMBER,
                Some(Numeric::Unsure) => return None,
            }
        }
    };
    Some((len, kind))
}

impl Hand<'_> {
    /// One word as tree-sitter-bash groups it: a single piece, or a
    /// `concatenation` of adjacent pieces.
    pub(super) fn literal(&mut self, ctx: Ctx) -> Option<()> {
        if self.plain_word(ctx, Field::NONE) {
            return Some(());
        }
        self.any_literal(ctx)
    }

    /// [`Hand::literal`] beyond its fast path.
    #[inline(never)]
    pub(super) fn any_literal(&mut self, ctx: Ctx) -> Option<()> {
        self.enter()?;
        let mark = self.b.open();
        let start = self.pos;
        // Whether a piece so far was not a bare word, and whether the last
        // piece was a `$name` after such a piece: tree-sitter ends the word
        // at that `$` when anything follows (`'q'$z-la`, `$(a)x$1-b`), and
        // always for `$1` (`'q'$1`).
        let (mut mixed, mut fragile) = (false, false);
        loop {
            let c = self.peek();
            if is_boundary(c) {
                break;
            }
            if fragile {
                return None;
            }
            let was_mixed = mixed;
            mixed |= matches!(c, Some(b'\'' | b'"' | b'$'));
            match c {
                Some(b'\'') => {
                    let rest = self.s.get(self.pos + 1..)?;
                    let close = memchr::memchr(b'\'', rest)?;
                    self.named(Kind::RAW_STRING, close + 2);
                }
                Some(b'"') => self.string()?,
                // `$33$$`: tree-sitter reads a trailing `$$` as a bare `$` (found
                // by the differential fuzzer); `$$` is rare enough to decline.
                Some(b'$') if self.s.get(self.pos + 1) == Some(&b'$') => return None,
                Some(b'$') => match self.dollar(self.pos)? {
                    Dollar::Digits if was_mixed => return None,
                    Dollar::Name => fragile = was_mixed,
                    _ => {}
                },
                Some(b'#') => return None,
                _ => {
                    let from = self.pos;
                    // `$(b)\c`: tree-sitter starts a new word at the `\`;
                    // `==` is an operator token to it.
                    if from != start && c == Some(b'\\') || c == Some(b'=') {
                        return None;
                    }
                    // The union of the word's byte classes.
                    let any = self.bare_word()?;
                    let id = self.b.leaf(Kind::WORD, true, from..self.pos);
                    let text = self.s.get(from..self.pos)?;
                    let first = *text.first()?;
                    let leading = first == b'-' || class(first) & bytes::DIGIT != 0;
                    // A command name of the usual bytes only: tree-sitter drops a
                    // leading `-` (`- -o=v x` reads `-o=v` as an assignment),
                    // reads a leading digit as a variable name (`1@6~`) and ends
                    // a name at other bytes (`=`, `%`, `@`; the fuzzer's finds).
                    // `:` (`while :; do`) is a name like any other to it.
                    if ctx == Ctx::Name && text != b":" && (leading || any & bytes::NOT_NAME != 0) {
                        return None;
                    }
                    // `1%` in any word: tree-sitter ends it at a bare `%` (a job
                    // spec's start to it); found by the differential fuzzer.
                    if any & bytes::PERCENT != 0 {
                        return None;
                    }
                    if !leading {
                        continue;
                    }
                    match numeric(text) {
                        Numeric::No => {}
                        // A whole word of digits is a `number`; digits
                        // inside a concatenation are declined.
                        Numeric::Number
                            if from == start && ctx != Ctx::Name && is_boundary(self.peek()) =>
                        {
                            self.b.set_kind(id, Kind::NUMBER);
                        }
                        _ => return None,
                    }
                }
            }
        }
        let pieces = self.b.since(mark);
        if pieces == 0 {
            return None;
        }
        // `a>f`, `x<y`, `a(`: a word touching a redirection is declined.
        if matches!(self.peek(), Some(b'<' | b'>' | b'(')) {
            return None;
        }
        if pieces > 1 {
            self.b.close(mark, Kind::CONCATENATION, start..self.pos);
        }
        self.depth -= 1;
        Some(())
    }

    /// The common word, read without the general loop (see [`plain`]):
    /// builds the same `word` or `number` leaf [`Hand::literal`] would,
    /// filling `field`; reads nothing (false) where the word is anything
    /// else.
    #[inline(always)]
    pub(super) fn plain_word(&mut self, ctx: Ctx, field: Field) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        let rest = self.s.get(self.pos..).unwrap_or_default();
        let Some((len, kind)) = plain(rest, ctx) else {
            return false;
        };
        let from = self.pos;
        self.pos += len;
        self.b.leaf_in(kind, true, field, from..self.pos);
        true
    }
    /// A run of bare-word bytes, `\`-escapes included: the union of their
    /// classes (the escapes' two bytes counted).
    fn bare_word(&mut self) -> Option<u16> {
        let from = self.pos;
        // `d\n\x`: tree-sitter joins a word that starts with `\` after a
        // newline to the line before.
        let before = self.s.get(..from)?;
        if self.peek() == Some(b'\\')
            && before.iter().rev().find(|c| !matches!(c, b' ' | b'\t')) == Some(&b'\n')
        {
            return None;
        }
        let mut any = 0;
        while let Some(&c) = self.s.get(self.pos) {
            let k = class(c);
            if k & bytes::WORD != 0 {
                any |= k;
                self.pos += 1;
            } else if c == b'\\' {
                // `-1\ ls`: after digits tree-sitter reads `\ ` as a blank.
                let sofar = self.s.get(from..self.pos)?;
                if !sofar.is_empty() && sofar.iter().all(|c| c.is_ascii_digit() || *c == b'-') {
                    return None;
                }
                // `\ ` is a blank to tree-sitter in some places, a word
                // byte in others: declined with the line continuation.
                match self.peek_at(1) {
                    None | Some(b'\n' | b'\r' | b' ' | b'\t' | 0x0b | 0x0c) => return None,
                    Some(e) => {
                        any |= class(c) | class(e);
                        self.pos += 2;
                    }
                }
            } else {
                break;
            }
        }
        (self.pos > from).then_some(any)
    }

    /// `"…"`: `string_content` between expansions, in tree-sitter's
    /// pieces: blanks that end at a newline are skipped with it (the
    /// newline is in no node), blanks before `$` or the closing quote fold
    /// into that token (`"$x $y"`: the second `$` token is ` $`); a
    /// backquote, `\r`, `\v`, `\f`, or a `\` before a newline or a blank
    /// is declined.
    fn string(&mut self) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        self.tok(Kind::QUOTE);
        loop {
            let rest = self.s.get(self.pos..)?;
            let blanks = rest
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
            match *rest.get(blanks)? {
                b'\n' => self.pos += blanks + 1,
                b'"' => {
                    let from = self.pos;
                    self.pos += blanks + 1;
                    self.b.leaf(Kind::QUOTE, false, from..self.pos);
                    break;
                }
                b'$' => {
                    let lead = self.pos;
                    self.pos += blanks;
                    self.dollar(lead)?;
                }
                b'`' | b'\r' | 0x0b | 0x0c => return None,
                _ => {
                    let from = self.pos;
                    while let Some(c) = self.peek() {
                        match c {
                            b'"' | b'$' | b'`' | b'\n' => break,
                            b'\r' | 0x0b | 0x0c => return None,
                            // `\ ` is a blank to tree-sitter here too.
                            b'\\' => match self.peek_at(1) {
                                None | Some(b'\n' | b'\r' | b' ' | b'\t' | 0x0b | 0x0c) => {
                                    return None;
                                }
                                Some(_) => self.pos += 2,
                            },
                            _ => self.pos += 1,
                        }
                    }
                    self.b.leaf(Kind::STRING_CONTENT, true, from..self.pos);
                }
            }
        }
        self.b.close(mark, Kind::STRING, start..self.pos);
        Some(())
    }

    /// `$name`, `$1`, `$?`, `${name}`, `$(…)`; every other `$` form is
    /// declined. The node and its first token start at `lead` (before the
    /// cursor when blanks in a string fold into it).
    fn dollar(&mut self, lead: usize) -> Option<Dollar> {
        let mark = self.b.open();
        let start = lead;
        let rest = self.s.get(self.pos + 1..)?;
        let word_len = |r: &[u8]| {
            r.iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count()
        };
        let mut digits = false;
        match *rest.first()? {
            b'(' => {
                if rest.get(1) == Some(&b'(') {
                    return None;
                }
                self.enter()?;
                self.lead_tok(Kind::DOLLAR_PAREN, lead);
                if self.statements(None)? != Stop::Paren {
                    return None;
                }
                self.tok(Kind::RPAREN);
                self.depth -= 1;
                self.b
                    .close(mark, Kind::COMMAND_SUBSTITUTION, start..self.pos);
                return Some(Dollar::Other);
            }
            b'{' => {
                let name = rest.get(1..)?;
                let len = word_len(name);
                if len == 0 || !name.first()?.is_ascii_alphabetic() || name.get(len) != Some(&b'}')
                {
                    return None;
                }
                self.lead_tok(Kind::DOLLAR_BRACE, lead);
                self.named(Kind::VARIABLE_NAME, len);
                self.tok(Kind::RBRACE);
                self.b.close(mark, Kind::EXPANSION, start..self.pos);
                return Some(Dollar::Other);
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let len = word_len(rest);
                let kind = match (c, len) {
                    (b'_', 1) => Kind::SPECIAL_VARIABLE_NAME,
                    (b'_', _) => return None,
                    _ => Kind::VARIABLE_NAME,
                };
                self.lead_tok(Kind::DOLLAR, lead);
                self.named(kind, len);
                self.b.close(mark, Kind::SIMPLE_EXPANSION, start..self.pos);
            }
            c if c.is_ascii_digit() => {
                let len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
                if word_len(rest) != len {
                    return None;
                }
                self.lead_tok(Kind::DOLLAR, lead);
                self.named(Kind::VARIABLE_NAME, len);
                self.b.close(mark, Kind::SIMPLE_EXPANSION, start..self.pos);
                digits = true;
            }
            b'@' | b'?' | b'$' | b'#' | b'!' | b'-' | b'*' => {
                if rest
                    .get(1)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    return None;
                }
                self.lead_tok(Kind::DOLLAR, lead);
                self.named(Kind::SPECIAL_VARIABLE_NAME, 1);
                self.b.close(mark, Kind::SIMPLE_EXPANSION, start..self.pos);
            }
            _ => return None,
        }
        // `$zé`: tree-sitter reads an ASCII copy, where the name goes on.
        if self.peek().is_some_and(|c| c >= 0x80) {
            return None;
        }
        Some(if digits { Dollar::Digits } else { Dollar::Name })
    }

    /// An anonymous token from `lead` to the end of `kind` at the cursor.
    fn lead_tok(&mut self, kind: Kind, lead: usize) {
        self.pos += kind.name().len();
        self.b.leaf(kind, false, lead..self.pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`plain`] as the fast path read a word before it kept the name
    /// bytes in their own class: the union of the run's classes.
    fn plain_oracle(rest: &[u8], ctx: Ctx) -> Option<(usize, Kind)> {
        let &first = rest.first()?;
        if class(first) & bytes::PLAIN_FIRST == 0 {
            return None;
        }
        let (mut any, mut len) = (0, 0);
        for &c in rest {
            let k = class(c);
            if k & bytes::PLAIN == 0 {
                break;
            }
            any |= k;
            len += 1;
        }
        if rest
            .get(len)
            .is_some_and(|&c| class(c) & bytes::PLAIN_END == 0)
        {
            return None;
        }
        let text = rest.get(..len)?;
        let leading = first == b'-' || first.is_ascii_digit();
        let digits = match text {
            [b'-', second, ..] => second.is_ascii_digit(),
            _ => first.is_ascii_digit(),
        };
        let kind = match ctx {
            Ctx::Name if leading || (any & bytes::NOT_NAME != 0 && text != b":") => return None,
            Ctx::Name => Kind::WORD,
            _ if !digits => Kind::WORD,
            _ => match numeric(text) {
                Numeric::No => Kind::WORD,
                Numeric::Number => Kind::NUMBER,
                Numeric::Unsure => return None,
            },
        };
        Some((len, kind))
    }

    proptest! {
        #[test]
        fn plain_reads_words_as_the_union_of_classes_did(
            rest in proptest::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    proptest::sample::select(b"ab-./_:=%@x90# ;<(|".to_vec()),
                ],
                0..12,
            ),
        ) {
            for ctx in [Ctx::Name, Ctx::Arg, Ctx::Value] {
                prop_assert_eq!(plain(&rest, ctx), plain_oracle(&rest, ctx));
            }
        }
    }
}
