//! The hand parser's loops and conditionals: `for NAME in WORDS`,
//! `while`/`until`, `if/elif/else`, in tree-sitter-bash's shapes.

use super::hand::{Hand, Stop};
use super::keyword::Kw;
use super::kind::{Field, Kind};
use super::words::Ctx;

impl Hand<'_> {
    /// `for NAME in WORDS; do …; done` (`for NAME; do`, `for ((…))` and a
    /// `for` without `in` are declined).
    pub(super) fn for_statement(&mut self) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        self.tok(Kind::FOR);
        self.blank();
        let len = self.name_ahead()?;
        if !matches!(self.s.get(self.pos + len), Some(b' ' | b'\t')) {
            return None;
        }
        self.named(Kind::VARIABLE_NAME, len);
        self.b.field(Field::VARIABLE);
        self.blank();
        if !self.s.get(self.pos..)?.starts_with(b"in")
            || !matches!(self.peek_at(2), Some(b' ' | b'\t'))
        {
            return None;
        }
        self.tok(Kind::IN);
        let mut values = 0;
        loop {
            self.blank();
            match self.peek() {
                Some(b';') => {
                    self.semicolon()?;
                    break;
                }
                Some(b'\n') => break,
                _ => {
                    if self.at_keyword(true) {
                        return None;
                    }
                    self.literal(Ctx::Arg)?;
                    self.b.field(Field::VALUE);
                    values += 1;
                }
            }
        }
        if values == 0 {
            return None;
        }
        self.do_group()?;
        self.b.close(mark, Kind::FOR_STATEMENT, start..self.pos);
        Some(())
    }

    /// `while|until CONDITION; do …; done`: the condition's statements and
    /// separators all fill the `condition` field.
    pub(super) fn while_statement(&mut self, keyword: Kind) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        self.tok(keyword);
        if self.statements(Some(Field::CONDITION))? != Stop::Keyword(Kw::Do) {
            return None;
        }
        self.do_group()?;
        self.b.close(mark, Kind::WHILE_STATEMENT, start..self.pos);
        Some(())
    }

    /// `do …; done`, filling the `body` field; the cursor may sit before
    /// blanks and newlines that precede `do`.
    fn do_group(&mut self) -> Option<()> {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n')) {
            self.pos += 1;
        }
        if self.keyword() != Some(Kw::Do) {
            return None;
        }
        let mark = self.b.open();
        let start = self.pos;
        self.tok(Kind::DO);
        if self.statements(None)? != Stop::Keyword(Kw::Done) {
            return None;
        }
        self.tok(Kind::DONE);
        self.b.close(mark, Kind::DO_GROUP, start..self.pos);
        self.b.field(Field::BODY);
        Some(())
    }

    /// `if C; then …; elif C; then …; else …; fi`.
    pub(super) fn if_statement(&mut self) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        self.tok(Kind::IF);
        if self.statements(Some(Field::CONDITION))? != Stop::Keyword(Kw::Then) {
            return None;
        }
        self.tok(Kind::THEN);
        let mut stop = self.statements(None)?;
        loop {
            match stop {
                Stop::Keyword(Kw::Elif) => {
                    let clause = self.b.open();
                    let from = self.pos;
                    self.tok(Kind::ELIF);
                    if self.statements(None)? != Stop::Keyword(Kw::Then) {
                        return None;
                    }
                    self.tok(Kind::THEN);
                    stop = self.statements(None)?;
                    self.clause_without_comment(from)?;
                    self.b
                        .close(clause, Kind::ELIF_CLAUSE, from..self.b.last_end());
                }
                Stop::Keyword(Kw::Else) => {
                    let clause = self.b.open();
                    let from = self.pos;
                    self.tok(Kind::ELSE);
                    stop = self.statements(None)?;
                    if stop != Stop::Keyword(Kw::Fi) {
                        return None;
                    }
                    self.clause_without_comment(from)?;
                    self.b
                        .close(clause, Kind::ELSE_CLAUSE, from..self.b.last_end());
                }
                Stop::Keyword(Kw::Fi) => {
                    self.tok(Kind::FI);
                    self.b.close(mark, Kind::IF_STATEMENT, start..self.pos);
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// tree-sitter-bash leaves a comment that ends an `elif`/`else` clause
    /// outside it; the subset declines any `#` in those clauses.
    fn clause_without_comment(&self, from: usize) -> Option<()> {
        (!self.s.get(from..self.pos)?.contains(&b'#')).then_some(())
    }
}
