//! Redirections: a statement's `>`, `<`, here-docs and here-strings, and the
//! words tree-sitter-bash reads as further destinations.

use super::syntax::Node;
use super::{Src, Walker, effects, snippet};
use crate::action::{Problem, Redirect, Stdin, Text};

impl Walker {
    pub(super) fn redirected(
        &mut self,
        node: Node<'_>,
        src: Src<'_>,
        depth: usize,
        stdin: &mut Option<Stdin>,
    ) {
        let mut redirects = Vec::new();
        let mut input = stdin.take();
        let mut after_heredoc = Vec::new();
        let mut extra = Vec::new();
        // `curl … > >(bash)`: the redirections are read before the body.
        if let Some(name) = node
            .child_by_field_name("body")
            .filter(|b| b.kind() == "command")
            .and_then(|b| b.child_by_field_name("name"))
        {
            self.note_proc_feed(&Text::from(src.of(name)), input.as_ref());
        }
        for child in node.children() {
            if child.field_name() != Some("redirect") {
                continue;
            }
            match child.kind() {
                "file_redirect" => {
                    if let Some(r) = self.file_redirect(child, src, depth, &mut extra) {
                        if r.op == "<" && input.is_none() {
                            input = Some(Stdin::File {
                                path: r.target.clone(),
                            });
                        }
                        redirects.push(r);
                    }
                }
                "heredoc_redirect" => {
                    for part in child.named_children() {
                        match part.kind() {
                            "heredoc_body" => {
                                input = Some(Stdin::Here {
                                    text: src.of(part).to_owned(),
                                });
                            }
                            "heredoc_start" | "heredoc_end" => {}
                            _ => after_heredoc.push(part),
                        }
                    }
                }
                "herestring_redirect" => {
                    let text = child
                        .named_child(0)
                        .map(|w| self.word(w, src, depth).text.into_string());
                    input = Some(Stdin::Here {
                        text: text.unwrap_or_default(),
                    });
                }
                _ => {}
            }
        }
        let before = self.out.len();
        if let Some(body) = node.child_by_field_name("body") {
            let named_by_number = || {
                body.child_by_field_name("name")
                    .is_some_and(|n| src.of(n).bytes().all(|c| c.is_ascii_digit()))
            };
            if let Some(word) = extra
                .first()
                .filter(|_| body.kind() != "command" || named_by_number())
            {
                // `{ ls; } >f x`, `0>f rm -rf ~` (tree-sitter reads the 0 as
                // a command): words no reading places.
                self.problem(Problem::Unparseable(snippet(src.of(*word))));
            }
            if body.kind() == "command" {
                self.command(body, src, depth + 1, redirects, input, &extra);
            } else {
                let mut feed = input;
                self.visit(body, src, depth + 1, &mut feed);
                let late = redirects.clone();
                if let Some(last) = self.out.get_mut(before..).and_then(|s| s.last_mut()) {
                    last.redirects.extend(redirects);
                    effects::redirect_effects(last);
                }
                self.redirected_late(before, &late);
            }
        }
        // `cat <<EOF | sh`: the pipeline continues inside the heredoc node.
        let mut feed = self.feed(before);
        for part in after_heredoc {
            let start = self.out.len();
            self.visit(part, src, depth + 1, &mut feed);
            feed = self.feed(start);
        }
    }

    /// A redirection, and the words tree-sitter-bash read as further
    /// destinations (`rm 2>/dev/null -rf ~`): bash reads those as the
    /// command's arguments.
    pub(super) fn file_redirect<'t>(
        &mut self,
        node: Node<'t>,
        src: Src<'_>,
        depth: usize,
        extra: &mut Vec<Node<'t>>,
    ) -> Option<Redirect> {
        let dest = node.child_by_field_name("destination")?;
        let mut op = Text::default();
        let mut fd = None;
        for child in node.children() {
            if !child.is_named() {
                op.push_str(src.of(child));
            } else if child.kind() == "file_descriptor" {
                fd = src.of(child).parse().ok();
            } else if child.field_name() == Some("destination")
                && child.start_byte() > dest.start_byte()
            {
                extra.push(child);
            }
        }
        let target = self.word(dest, src, depth).text;
        Some(Redirect { op, target, fd })
    }
}
