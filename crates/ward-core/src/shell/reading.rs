//! Reading words: a word's value with its quoting removed, the substitutions
//! inside it walked (they run too), and the splitting of unquoted expansions.

use super::syntax::{Kind, Node};
use super::{MAX_DEPTH, Src, Walker, generated, raw_string, word};
use crate::action::{Arg, Problem, SimpleCommand, Text};

impl Walker {
    /// Reads a word's value, walking any substitutions inside it (they run too).
    pub(super) fn word(&mut self, node: Node<'_>, src: Src<'_>, depth: usize) -> Arg {
        match literal(node, src, depth) {
            Some(arg) => arg,
            None => self.word_read(node, src, depth),
        }
    }

    /// [`Walker::word`] for the words [`literal`] leaves.
    #[inline(never)]
    pub(super) fn word_read(&mut self, node: Node<'_>, src: Src<'_>, depth: usize) -> Arg {
        // The value is rarely longer than the text it is read from.
        let mut arg = Arg::lit(Text::with_capacity(
            node.end_byte().saturating_sub(node.start_byte()),
        ));
        self.word_into(node, src, depth, &mut arg);
        arg
    }

    pub(super) fn word_into(&mut self, node: Node<'_>, src: Src<'_>, depth: usize, arg: &mut Arg) {
        if depth > MAX_DEPTH {
            self.problem(Problem::TooDeep);
            return;
        }
        let text = src.of(node);
        match node.kind_id() {
            Kind::WORD | Kind::NUMBER => word::push_bare(&mut arg.text, text),
            Kind::RAW_STRING => arg.text.push_str(raw_string(text)),
            Kind::STRING_CONTENT => word::push_double(&mut arg.text, text),
            Kind::ANSI_C_STRING => arg.text.push_str(&word::decode_ansi_c(text)),
            Kind::STRING | Kind::CONCATENATION | Kind::TRANSLATED_STRING => {
                let mut any = false;
                for child in node.named_children() {
                    any = true;
                    self.word_into(child, src, depth + 1, arg);
                }
                if !any && node.kind_id() == Kind::CONCATENATION {
                    arg.text.push_str(text);
                }
            }
            Kind::SIMPLE_EXPANSION | Kind::EXPANSION if self.static_value(node, src, arg) => {}
            Kind::SIMPLE_EXPANSION | Kind::EXPANSION => {
                let name = node
                    .named_child(0)
                    .filter(|n| n.kind() == "variable_name")
                    .map(|n| src.of(n))
                    .filter(|n| node.named_child_count() == 1 || *n == "TMPDIR");
                match name.and_then(word::known_variable) {
                    Some(value) => arg.text.push_str(value),
                    None => {
                        arg.text.push_str(text);
                        arg.dynamic = true;
                        // `${X:-$(cmd)}` runs cmd: walk what is inside.
                        for child in node.named_children() {
                            if child.kind() != "variable_name" {
                                let mut scratch = Arg::lit(String::new());
                                self.word_into(child, src, depth + 1, &mut scratch);
                            }
                        }
                    }
                }
            }
            Kind::COMMAND_SUBSTITUTION | Kind::PROCESS_SUBSTITUTION => {
                let was_dynamic = arg.dynamic;
                let before = self.out.len();
                // `tee >(sh)`: the inner command reads what the outer writes.
                let mut feed = if text.starts_with(">(") {
                    self.proc_feed()
                } else {
                    None
                };
                for child in node.named_children() {
                    self.visit(child, src, depth + 1, &mut feed);
                }
                let fed = self.feed(before);
                arg.remote |= self.substituted(fed.as_ref());
                let inner = self.out.get(before..).unwrap_or_default();
                match static_echo(node.kind(), inner) {
                    // `$(echo rm)` is known statically: its value is the echoed words.
                    Some(value) => {
                        arg.text.push_str(&value);
                        arg.dynamic = was_dynamic;
                    }
                    None => {
                        arg.text.push_str(text);
                        arg.dynamic = true;
                    }
                }
            }
            Kind::ARITHMETIC_EXPANSION | Kind::BRACE_EXPRESSION => {
                arg.text.push_str(text);
                arg.dynamic |= node.kind_id() == Kind::ARITHMETIC_EXPANSION;
            }
            _ => {
                arg.text.push_str(text);
                for child in node.named_children() {
                    if matches!(
                        child.kind(),
                        "command_substitution" | "process_substitution"
                    ) {
                        let mut scratch = Arg::lit(String::new());
                        self.word_into(child, src, depth + 1, &mut scratch);
                        arg.dynamic = true;
                    }
                }
            }
        }
    }
}

/// The value of a common word that is its own value (no buffer to fill, no
/// substitution to walk, nothing to split), or `None` for the others.
#[inline(always)]
pub(super) fn literal(node: Node<'_>, src: Src<'_>, depth: usize) -> Option<Arg> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text = src.of(node);
    match node.kind_id() {
        Kind::WORD | Kind::NUMBER if src.is_plain(text) => Some(Arg::lit(text)),
        Kind::RAW_STRING => Some(Arg::lit(raw_string(text))),
        _ => None,
    }
}

/// Pushes the word `node` read as `arg`, split as bash splits an unquoted
/// expansion: `c='rm -rf'; $c ~` runs `rm` with `-rf` and `~`, and an empty
/// `$x` is no word at all. Where quoted text beside the expansion holds a
/// blank too, which blanks split is not known: the word is dynamic.
pub(super) fn push_split(words: &mut Vec<Arg>, src: Src<'_>, node: Node<'_>, arg: Arg) {
    let expansion = |n: Node<'_>| matches!(n.kind_id(), Kind::SIMPLE_EXPANSION | Kind::EXPANSION);
    let bare = expansion(node);
    let joined = node.kind_id() == Kind::CONCATENATION && node.named_children().any(expansion);
    if arg.dynamic || !(bare || joined) {
        words.push(arg);
        return;
    }
    let blank = |c: char| matches!(c, ' ' | '\t' | '\n');
    if !arg.text.contains(blank) {
        if !(bare && arg.text.is_empty()) {
            words.push(arg);
        }
        return;
    }
    let quoted_blank = node
        .named_children()
        .any(|n| !expansion(n) && n.kind_id() != Kind::WORD && src.of(n).contains(blank));
    if joined && quoted_blank {
        words.push(Arg {
            dynamic: true,
            ..arg
        });
        return;
    }
    for piece in arg.text.split(blank).filter(|p| !p.is_empty()) {
        words.push(Arg {
            text: piece.into(),
            dynamic: false,
            remote: arg.remote,
        });
    }
}

/// The value of `$(echo WORDS)` or `$(printf FORMAT ARGS)` when it is static.
pub(super) fn static_echo(kind: &str, inner: &[SimpleCommand]) -> Option<String> {
    let [only] = inner else { return None };
    if kind != "command_substitution" || only.stdin.is_some() {
        return None;
    }
    generated::output(only).map(|t| t.trim_end_matches('\n').to_owned())
}
