//! A hand-written parser for the everyday subset of bash that builds exactly
//! the tree tree-sitter-bash builds, or declines.
//!
//! The subset: simple commands with prefix assignments and redirections
//! (`> >> < >& &> &>> >|`, with a descriptor), standalone assignments,
//! pipelines, `&& ||` lists, `; & newline` separators, subshells, `{ …; }`,
//! `for NAME in WORDS`, `while`/`until`, `if/elif/else`, comments between
//! statements. Words are handled in `words.rs`. Anything else — heredocs,
//! `case`, `[[`, arithmetic, backquotes, `${…}` with operators, line
//! continuations,
//! declaration commands, brace and glob brackets — returns `None`, and the
//! caller falls back to tree-sitter. A decline is always safe; a tree that
//! differs from tree-sitter's would be a security bug, so every shape here
//! was read off tree-sitter-bash 0.25 and is checked against it by the
//! differential tests.

use super::tree::{Builder, Tree};
use crate::shell::MAX_DEPTH;

/// Where a run of statements stopped.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    End,
    Paren,
    Keyword(&'static str),
}

/// Words that tree-sitter-bash reads as syntax at the start of a
/// statement (and that the subset declines as arguments too, where it may).
const RESERVED: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "in", "function", "select", "coproc", "{", "}", "!",
];

/// Commands tree-sitter-bash reads as their own kinds of node: declined as
/// command names only.
const DECLARATIONS: &[&str] = &[
    "export", "declare", "typeset", "readonly", "local", "unset", "unsetenv",
];

/// Keywords that end a run of statements.
const CLOSERS: &[&str] = &["then", "else", "elif", "fi", "do", "done", "}"];

/// The parser's state: the text, a cursor into it, and the tree being built.
pub(super) struct Hand<'s> {
    pub(super) s: &'s [u8],
    pub(super) pos: usize,
    pub(super) b: Builder,
    /// How deeply statements and words nest here; past `MAX_DEPTH` the
    /// parser declines.
    pub(super) depth: usize,
}

/// Parses `text`, or declines with `None`.
pub(crate) fn parse(text: &str) -> Option<Tree> {
    let mut p = Hand {
        s: text.as_bytes(),
        pos: 0,
        b: Builder::with_capacity(text.len() / 2 + 8),
        depth: 0,
    };
    p.ws_nl();
    let start = p.pos;
    let mark = p.b.open();
    if p.statements(None)? != Stop::End {
        return None;
    }
    p.b.close(mark, "program", start..text.len());
    p.b.finish()
}

/// Whether `c` ends a word outside quotes.
pub(super) fn is_boundary(c: Option<u8>) -> bool {
    matches!(
        c,
        None | Some(b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')')
    )
}

impl Hand<'_> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<u8> {
        self.s.get(self.pos + n).copied()
    }

    /// Skips spaces and tabs.
    pub(super) fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Skips spaces, tabs and newlines.
    fn ws_nl(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n')) {
            self.pos += 1;
        }
    }

    /// Skips blanks and newlines, and reads each `# comment` there into a
    /// `comment` node (declined where `comments` is false).
    fn gap(&mut self, comments: bool) -> Option<()> {
        loop {
            self.ws_nl();
            if self.peek() != Some(b'#') {
                return Some(());
            }
            if !comments {
                return None;
            }
            self.comment()?;
        }
    }

    /// `# …` up to the newline, after a blank, a newline or the start.
    fn comment(&mut self) -> Option<()> {
        let before = self.pos.checked_sub(1).and_then(|i| self.s.get(i));
        if !matches!(before, None | Some(b' ' | b'\t' | b'\n')) {
            return None;
        }
        let rest = self.s.get(self.pos..)?;
        let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        self.named("comment", len);
        Some(())
    }

    /// An anonymous token of `kind`'s own text at the cursor.
    pub(super) fn tok(&mut self, kind: &'static str) {
        let start = self.pos;
        self.pos += kind.len();
        self.b.leaf(kind, false, start..self.pos);
    }

    /// A named leaf of `len` bytes at the cursor.
    pub(super) fn named(&mut self, kind: &'static str, len: usize) -> u32 {
        let start = self.pos;
        self.pos += len;
        self.b.leaf(kind, true, start..self.pos)
    }

    pub(super) fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// The keyword at the cursor, if the word there is one. tree-sitter-bash
    /// reads `{` and the keywords that open a compound or a clause only
    /// before a blank (`while( rm;) do …`, `do<`, `then(` are errors to it,
    /// found by the property test); the others end at any boundary.
    pub(super) fn keyword(&self) -> Option<&'static str> {
        let rest = self.s.get(self.pos..)?;
        let len = match rest.first()? {
            b'{' | b'}' | b'!' => 1,
            _ => rest.iter().take_while(|c| c.is_ascii_lowercase()).count(),
        };
        let word = rest.get(..len)?;
        let after = rest.get(len).copied();
        let ends = if matches!(
            word,
            b"{" | b"for" | b"while" | b"until" | b"if" | b"do" | b"then" | b"else" | b"elif"
        ) {
            matches!(after, Some(b' ' | b'\t' | b'\n'))
        } else {
            is_boundary(after)
        };
        if !ends {
            return None;
        }
        RESERVED
            .iter()
            .chain(DECLARATIONS)
            .find(|k| k.as_bytes() == word)
            .copied()
    }

    /// Whether the word at the cursor starts with a keyword that no word
    /// byte continues (`while'x'`, `done"`, but not `if=/dev/zero`):
    /// tree-sitter may read such a word as the keyword, so the subset
    /// declines it wherever it does not expect that keyword.
    /// As an argument (`arg`), only reserved words count.
    pub(super) fn at_keyword(&self, arg: bool) -> bool {
        let rest = self.s.get(self.pos..).unwrap_or_default();
        // Every keyword starts with one of these letters.
        if !rest.first().is_some_and(|c| b"cdefilrstuw".contains(c)) {
            return false;
        }
        let len = rest.iter().take_while(|c| c.is_ascii_lowercase()).count();
        let next = rest.get(len).copied();
        // Every keyword in the list the run can equal has 2 to 8 letters.
        (2..=8).contains(&len)
            // After some word bytes (`for%`) tree-sitter still reads the keyword
            // (found by the differential fuzzer): those count as its end.
            && !next.is_some_and(|c| {
                (super::words::is_word_byte(c) && !b"%+,:@^~!?*[]{}".contains(&c)) || c == b'\\'
            })
            && RESERVED
                .iter()
                .chain(if arg { &[][..] } else { DECLARATIONS })
                .any(|k| k.as_bytes() == rest.get(..len).unwrap_or_default())
    }

    fn stop_here(&self) -> Option<Stop> {
        match self.peek() {
            None => Some(Stop::End),
            Some(b')') => Some(Stop::Paren),
            _ => self
                .keyword()
                .filter(|k| CLOSERS.contains(k))
                .map(Stop::Keyword),
        }
    }

    /// Statements up to a closer; each statement and separator fills
    /// `field` when given (a loop's `condition`).
    pub(super) fn statements(&mut self, field: Option<&'static str>) -> Option<Stop> {
        let mut any = false;
        loop {
            // Comments sit between statements as their own nodes; inside a
            // loop's condition (a field) they are declined.
            self.gap(field.is_none())?;
            if let Some(stop) = self.stop_here() {
                return any.then_some(stop);
            }
            self.and_or()?;
            if let Some(f) = field {
                self.b.field(f);
            }
            any = true;
            self.blank();
            match self.peek() {
                Some(b';') => self.semicolon()?,
                Some(b'&') => self.tok("&"),
                Some(b'\n') => continue,
                Some(b'#') if field.is_none() => {
                    self.comment()?;
                    continue;
                }
                // A closing keyword right after a statement (`(a) done`) is
                // one tree-sitter-bash reads with a missing `;`.
                _ => {
                    return self
                        .stop_here()
                        .filter(|stop| !matches!(stop, Stop::Keyword(_)));
                }
            }
            if let Some(f) = field {
                self.b.field(f);
            }
        }
    }

    /// Pipelines joined by `&&`/`||` (one `list` node per operator, nested
    /// to the left), in tree-sitter-bash's odd shape for redirections: a
    /// redirection after a statement wraps everything since the chain began
    /// (`a && b > f` redirects the list, `a | b > f` the pipeline), and the
    /// chain then goes on with that as its left operand.
    fn and_or(&mut self) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        // The current pipeline: where its first element sits, and whether a
        // `|` has joined anything to it yet.
        let (mut pipe_mark, mut pipe_start, mut piped) = (mark, start, false);
        // Whether `LEFT && RIGHT` waits to be closed into a `list`.
        let mut listed = false;
        // How many `|` the chain has, and whether it has a list operator or a
        // redirection after a statement: tree-sitter nests a chain with both
        // strangely (`a | b | c && d` puts the list inside the pipeline
        // after `a`; `x && a | b | c\nd` runs on past the newline).
        let (mut pipes, mut complex) = (0, false);
        self.statement()?;
        loop {
            self.blank();
            if self.redirect_ahead() {
                self.close_pipe(pipe_mark, pipe_start, &mut piped);
                self.close_list(mark, start, &mut listed);
                self.b.field("body");
                while self.redirect_ahead() {
                    self.redirect()?;
                    self.blank();
                }
                if !self.at_command_end() {
                    return None;
                }
                self.b
                    .close(mark, "redirected_statement", start..self.b.last_end());
                (pipe_mark, pipe_start) = (mark, start);
                complex = true;
                if pipes > 1 {
                    return None;
                }
                continue;
            }
            let op = match (self.peek(), self.peek_at(1)) {
                (Some(b'&'), Some(b'&')) => "&&",
                (Some(b'|'), Some(b'|')) => "||",
                (Some(b'|'), Some(b'&')) => "|&",
                (Some(b'|'), _) => "|",
                _ => {
                    // `a | b | c\nd > f`: tree-sitter may read the newline
                    // as a blank and run on.
                    if pipes > 1 && matches!(self.peek(), Some(b'\n' | b'#')) {
                        return None;
                    }
                    self.close_pipe(pipe_mark, pipe_start, &mut piped);
                    self.close_list(mark, start, &mut listed);
                    return Some(());
                }
            };
            if op.starts_with('|') && op != "||" {
                self.tok(op);
                self.gap(true)?;
                self.statement()?;
                piped = true;
                pipes += 1;
                if pipes > 1 && complex {
                    return None;
                }
            } else {
                complex = true;
                if pipes > 1 {
                    return None;
                }
                self.close_pipe(pipe_mark, pipe_start, &mut piped);
                self.close_list(mark, start, &mut listed);
                self.tok(op);
                self.gap(true)?;
                (pipe_mark, pipe_start) = (self.b.open(), self.pos);
                self.statement()?;
                listed = true;
            }
        }
    }

    fn close_pipe(&mut self, mark: usize, start: usize, piped: &mut bool) {
        if std::mem::take(piped) {
            self.b.close(mark, "pipeline", start..self.b.last_end());
        }
    }

    fn close_list(&mut self, mark: usize, start: usize, listed: &mut bool) {
        if std::mem::take(listed) {
            self.b.close(mark, "list", start..self.b.last_end());
        }
    }

    fn statement(&mut self) -> Option<()> {
        self.enter()?;
        let mark = self.b.open();
        let start = self.pos;
        match self.keyword() {
            Some("for") => self.for_statement()?,
            Some(kw @ ("while" | "until")) => self.while_statement(kw)?,
            Some("if") => self.if_statement()?,
            Some("{") => {
                self.tok("{");
                if self.statements(None)? != Stop::Keyword("}") {
                    return None;
                }
                self.tok("}");
                self.b.close(mark, "compound_statement", start..self.pos);
            }
            Some(_) => return None,
            None if self.at_keyword(false) => return None,
            None if self.peek() == Some(b'(') => {
                if self.peek_at(1) == Some(b'(') {
                    return None;
                }
                self.tok("(");
                if self.statements(None)? != Stop::Paren {
                    return None;
                }
                self.tok(")");
                self.b.close(mark, "subshell", start..self.pos);
            }
            None => {
                self.simple_command()?;
                self.depth -= 1;
                return Some(());
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// Whether the command ends at the cursor.
    fn at_command_end(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b';' | b'&' | b'|' | b'\n' | b')' | b'#')
        )
    }

    fn simple_command(&mut self) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        let (mut assigns, mut redirs) = (0, 0);
        loop {
            if self.redirect_ahead() {
                self.redirect()?;
                redirs += 1;
            } else if let Some(len) = self.assignment_ahead() {
                self.assignment(len)?;
                assigns += 1;
            } else {
                break;
            }
            // `A=1 <f cmd`: tree-sitter splits the assignment off and reads
            // the words after the redirection as its destinations.
            if assigns > 0 && redirs > 0 {
                return None;
            }
            self.blank();
        }
        if self.at_command_end() {
            if redirs > 0 || assigns == 0 {
                return None;
            }
            if assigns > 1 {
                // `X=1 Y=2\nls`: tree-sitter runs on past the newline (and
                // past a comment before it).
                if matches!(self.peek(), Some(b'\n' | b'#')) {
                    return None;
                }
                self.b
                    .close(mark, "variable_assignments", start..self.b.last_end());
            }
            return Some(());
        }
        if self.at_keyword(false) {
            return None;
        }
        let name = self.b.open();
        let name_start = self.pos;
        self.literal(super::words::Ctx::Name)?;
        self.b.close(name, "command_name", name_start..self.pos);
        self.b.field("name");
        loop {
            self.blank();
            if self.at_command_end() || self.redirect_ahead() {
                break;
            }
            if self.at_keyword(true) || self.at_lone_dash_quirk() {
                return None;
            }
            self.literal(super::words::Ctx::Arg)?;
            self.b.field("argument");
        }
        // `<a <b c 2>f`: after two redirections before the name, one after
        // the command makes tree-sitter read every word as a destination.
        if redirs > 1 && self.redirect_ahead() {
            return None;
        }
        self.b.close(mark, "command", start..self.b.last_end());
        Some(())
    }

    /// A lone `-` before a tab, or before spaces and a digit: tree-sitter
    /// drops it when a descriptor's redirection follows (`cat - 2>&1`, found
    /// by the property test) and glues a tab to it, so the subset declines.
    fn at_lone_dash_quirk(&self) -> bool {
        let rest = self.s.get(self.pos..).unwrap_or_default();
        match rest {
            [b'-', b'\t', ..] => true,
            [b'-', b' ', tail @ ..] => tail
                .iter()
                .find(|c| **c != b' ')
                .is_some_and(u8::is_ascii_digit),
            _ => false,
        }
    }

    /// A `;` that ends a statement; `;;` and `;&` (a `case` arm's end) are
    /// declined.
    pub(super) fn semicolon(&mut self) -> Option<()> {
        if matches!(self.peek_at(1), Some(b';' | b'&')) {
            return None;
        }
        self.tok(";");
        Some(())
    }

    /// `NAME=`: the length of NAME when an assignment starts here.
    fn assignment_ahead(&self) -> Option<usize> {
        // `_=_M` is a command word to tree-sitter (found by the differential
        // fuzzer): names led by `_` are left to it.
        if self.s.get(self.pos) == Some(&b'_') {
            return None;
        }
        let len = self.name_ahead()?;
        (self.s.get(self.pos + len) == Some(&b'=')).then_some(len)
    }

    /// The length of the shell NAME (`[A-Za-z_][A-Za-z0-9_]*`) starting here.
    pub(super) fn name_ahead(&self) -> Option<usize> {
        let rest = self.s.get(self.pos..)?;
        let first = rest.first()?;
        if !(first.is_ascii_alphabetic() || *first == b'_') {
            return None;
        }
        Some(
            rest.iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count(),
        )
    }

    fn assignment(&mut self, len: usize) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        self.named("variable_name", len);
        self.b.field("name");
        self.tok("=");
        match self.peek() {
            // `$(a=)`: tree-sitter puts a missing word before the `)`.
            None | Some(b' ' | b'\t') => {}
            Some(b'\n' | b';' | b'&' | b'|' | b')' | b'<' | b'>' | b'(' | b'=') => return None,
            Some(_) => {
                self.literal(super::words::Ctx::Value)?;
                self.b.field("value");
            }
        }
        self.b
            .close(mark, "variable_assignment", start..self.b.last_end());
        Some(())
    }

    /// Whether a redirection the subset reads starts at the cursor.
    fn redirect_ahead(&self) -> bool {
        let rest = self.s.get(self.pos..).unwrap_or_default();
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        let (op, next) = (rest.get(digits), rest.get(digits + 1));
        match op {
            Some(b'>') => next != Some(&b'('),
            // `0<f` after words reads as an argument and a redirection.
            Some(b'<') => digits == 0 && !matches!(next, Some(b'<' | b'>' | b'(' | b'&')),
            Some(b'&') => digits == 0 && next == Some(&b'>'),
            _ => false,
        }
    }

    fn redirect(&mut self) -> Option<()> {
        let mark = self.b.open();
        let start = self.pos;
        let rest = self.s.get(self.pos..)?;
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        // `022222>1`: tree-sitter's descriptor token is one digit (found by
        // the differential fuzzer); longer ones are left to it.
        // `0>a q`: tree-sitter reads a leading 0 as a command named `0`.
        if digits > 1 || rest.first() == Some(&b'0') {
            return None;
        }
        if digits > 0 {
            self.named("file_descriptor", digits);
            self.b.field("descriptor");
        }
        let rest = self.s.get(self.pos..)?;
        let op = ["&>>", "&>", ">>", ">&", ">|", ">", "<"]
            .into_iter()
            .find(|op| rest.starts_with(op.as_bytes()))?;
        self.tok(op);
        self.blank();
        let dest = self.pos;
        self.literal(super::words::Ctx::Arg)?;
        // `>& FILE` takes the words after it as more destinations: only
        // `>&N` is in the subset.
        if op == ">&" && !self.s.get(dest..self.pos)?.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.b.field("destination");
        self.b
            .close(mark, "file_redirect", start..self.b.last_end());
        self.b.field("redirect");
        Some(())
    }
}
