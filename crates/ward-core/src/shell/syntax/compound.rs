//! The hand parser's loops and conditionals: `for NAME in WORDS`,
//! `while`/`until`, `if/elif/else`, in tree-sitter-bash's shapes.

use super::hand::{Hand, Stop};
use super::words::Ctx;

impl Hand<'_> {
    /// `for NAME in WORDS; do …; done` (`for NAME; do`, `for ((…))` and a
    /// `for` without `in` are declined).
    pub(super) fn for_statement(&mut self) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        self.tok("for");
        self.blank();
        let len = self.name_ahead()?;
        if !matches!(self.s.get(self.pos + len), Some(b' ' | b'\t')) {
            return None;
        }
        self.named("variable_name", len);
        self.b.field("variable");
        self.blank();
        if !self.s.get(self.pos..)?.starts_with(b"in")
            || !matches!(self.peek_at(2), Some(b' ' | b'\t'))
        {
            return None;
        }
        self.tok("in");
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
                    self.b.field("value");
                    values += 1;
                }
            }
        }
        if values == 0 {
            return None;
        }
        self.do_group()?;
        self.b.close(mark, "for_statement", start..self.pos);
        Some(())
    }

    /// `while|until CONDITION; do …; done`: the condition's statements and
    /// separators all fill the `condition` field.
    pub(super) fn while_statement(&mut self, keyword: &'static str) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        self.tok(keyword);
        if self.statements(Some("condition"))? != Stop::Keyword("do") {
            return None;
        }
        self.do_group()?;
        self.b.close(mark, "while_statement", start..self.pos);
        Some(())
    }

    /// `do …; done`, filling the `body` field; the cursor may sit before
    /// blanks and newlines that precede `do`.
    fn do_group(&mut self) -> Option<()> {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n')) {
            self.pos += 1;
        }
        if self.keyword() != Some("do") {
            return None;
        }
        let mark = self.b.open();
        let start = self.pos;
        self.tok("do");
        if self.statements(None)? != Stop::Keyword("done") {
            return None;
        }
        self.tok("done");
        self.b.close(mark, "do_group", start..self.pos);
        self.b.field("body");
        Some(())
    }

    /// `if C; then …; elif C; then …; else …; fi`.
    pub(super) fn if_statement(&mut self) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        self.tok("if");
        if self.statements(Some("condition"))? != Stop::Keyword("then") {
            return None;
        }
        self.tok("then");
        let mut stop = self.statements(None)?;
        loop {
            match stop {
                Stop::Keyword("elif") => {
                    let clause = self.b.open();
                    let from = self.pos;
                    self.tok("elif");
                    if self.statements(None)? != Stop::Keyword("then") {
                        return None;
                    }
                    self.tok("then");
                    stop = self.statements(None)?;
                    self.clause_without_comment(from)?;
                    self.b.close(clause, "elif_clause", from..self.b.last_end());
                }
                Stop::Keyword("else") => {
                    let clause = self.b.open();
                    let from = self.pos;
                    self.tok("else");
                    stop = self.statements(None)?;
                    if stop != Stop::Keyword("fi") {
                        return None;
                    }
                    self.clause_without_comment(from)?;
                    self.b.close(clause, "else_clause", from..self.b.last_end());
                }
                Stop::Keyword("fi") => {
                    self.tok("fi");
                    self.b.close(mark, "if_statement", start..self.pos);
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
