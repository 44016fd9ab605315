//! Changes → text: a unified diff (git's header lines, binary files named,
//! not dumped), a `--stat` summary, and a one-line-per-change listing.

use crate::base::Node;
use crate::changes::{Change, ChangeKind};
use crate::error::{Result, ShadowError};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the old and new versions of a change are read from.
#[derive(Debug, Clone, Copy)]
pub struct Sides<'a> {
    /// The real tree.
    pub real: &'a Path,
    /// The staged changes (upper dir).
    pub staged: &'a Path,
}

/// ANSI colours, or none.
#[derive(Debug, Clone, Copy)]
struct Paint(bool);

impl Paint {
    fn line(self, out: &mut String, code: &str, text: &str) {
        if self.0 {
            let _ = writeln!(out, "\x1b[{code}m{text}\x1b[0m");
        } else {
            let _ = writeln!(out, "{text}");
        }
    }
}

/// Text content, or `None` when the bytes are binary (a NUL in the first
/// 8 KiB, or not UTF-8).
fn text(bytes: &[u8]) -> Option<&str> {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    if head.contains(&0) {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(ShadowError::io("read", path))
}

fn link(path: &Path) -> Result<String> {
    std::fs::read_link(path)
        .map(|p| p.display().to_string())
        .map_err(ShadowError::io("read", path))
}

/// One file-level entry of the diff (deleted directories are expanded into
/// the files under them).
struct Entry {
    path: PathBuf,
    kind: ChangeKind,
    node: Node,
    old_mode: Option<u32>,
    new_mode: Option<u32>,
}

fn expand(sides: Sides<'_>, changes: &[Change]) -> Vec<Entry> {
    let mut out = Vec::new();
    for c in changes {
        if c.kind == ChangeKind::Deleted && c.node == Node::Dir {
            let mut stack = vec![c.path.clone()];
            while let Some(rel) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(sides.real.join(&rel)) else {
                    continue;
                };
                let mut items: Vec<_> = entries.flatten().collect();
                items.sort_by_key(std::fs::DirEntry::file_name);
                for e in items.into_iter().rev() {
                    let r = rel.join(e.file_name());
                    let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
                        continue;
                    };
                    let node = Node::of(&meta);
                    if node == Node::Dir {
                        stack.push(r);
                    } else {
                        out.push(Entry {
                            path: r,
                            kind: ChangeKind::Deleted,
                            node,
                            old_mode: Some(std::os::unix::fs::MetadataExt::mode(&meta) & 0o7777),
                            new_mode: None,
                        });
                    }
                }
            }
            continue;
        }
        out.push(Entry {
            path: c.path.clone(),
            kind: c.kind,
            node: c.node,
            old_mode: c.old_mode,
            new_mode: c.new_mode,
        });
    }
    out
}

fn git_mode(node: Node, mode: u32) -> String {
    let kind = match node {
        Node::Dir => 0o040000,
        Node::Symlink => 0o120000,
        _ => 0o100000,
    };
    format!("{:06o}", kind | mode)
}

/// The unified diff of `changes`, coloured when `color` is set.
pub fn diff(sides: Sides<'_>, changes: &[Change], color: bool) -> Result<String> {
    let paint = Paint(color);
    let mut out = String::new();
    for e in expand(sides, changes) {
        let p = e.path.display();
        let (a, b) = (format!("a/{p}"), format!("b/{p}"));
        paint.line(&mut out, "1", &format!("diff --git {a} {b}"));
        let old_mode = e.old_mode.map(|m| git_mode(e.node, m)).unwrap_or_default();
        let new_mode = e.new_mode.map(|m| git_mode(e.node, m)).unwrap_or_default();
        match e.kind {
            ChangeKind::Created if e.node == Node::Dir => {
                paint.line(&mut out, "1", &format!("new directory mode {new_mode}"));
            }
            ChangeKind::Created => paint.line(&mut out, "1", &format!("new file mode {new_mode}")),
            ChangeKind::Deleted => {
                paint.line(&mut out, "1", &format!("deleted file mode {old_mode}"));
            }
            ChangeKind::Modified | ChangeKind::ModeChanged if old_mode != new_mode => {
                paint.line(&mut out, "1", &format!("old mode {old_mode}"));
                paint.line(&mut out, "1", &format!("new mode {new_mode}"));
            }
            _ => {}
        }
        if e.kind == ChangeKind::ModeChanged || e.node == Node::Dir {
            continue;
        }
        let real = sides.real.join(&e.path);
        let staged = sides.staged.join(&e.path);
        if e.node == Node::Symlink || e.node == Node::Other {
            if e.kind != ChangeKind::Created && e.node == Node::Symlink {
                paint.line(&mut out, "31", &format!("-symlink to {}", link(&real)?));
            }
            if e.kind != ChangeKind::Deleted {
                let line = match e.node {
                    Node::Symlink => format!("+symlink to {}", link(&staged)?),
                    _ => "+a device, fifo or socket (never applied)".to_owned(),
                };
                paint.line(&mut out, "32", &line);
            }
            continue;
        }
        let old = if e.kind == ChangeKind::Created {
            Vec::new()
        } else {
            read(&real)?
        };
        let new = if e.kind == ChangeKind::Deleted {
            Vec::new()
        } else {
            read(&staged)?
        };
        let a = if e.kind == ChangeKind::Created {
            "/dev/null".to_owned()
        } else {
            a
        };
        let b = if e.kind == ChangeKind::Deleted {
            "/dev/null".to_owned()
        } else {
            b
        };
        let (Some(ot), Some(nt)) = (text(&old), text(&new)) else {
            let _ = writeln!(out, "Binary files {a} and {b} differ");
            continue;
        };
        let td = similar::TextDiff::from_lines(ot, nt);
        paint.line(&mut out, "1", &format!("--- {a}"));
        paint.line(&mut out, "1", &format!("+++ {b}"));
        for hunk in td.unified_diff().context_radius(3).iter_hunks() {
            paint.line(&mut out, "36", &hunk.header().to_string());
            for change in hunk.iter_changes() {
                let (sign, code) = match change.tag() {
                    similar::ChangeTag::Delete => ('-', "31"),
                    similar::ChangeTag::Insert => ('+', "32"),
                    similar::ChangeTag::Equal => (' ', ""),
                };
                let body = change.value();
                let body = body.strip_suffix('\n').unwrap_or(body);
                let text = format!("{sign}{body}");
                if code.is_empty() {
                    let _ = writeln!(out, "{text}");
                } else {
                    paint.line(&mut out, code, &text);
                }
                if change.missing_newline() {
                    let _ = writeln!(out, "\\ No newline at end of file");
                }
            }
        }
    }
    Ok(out)
}

/// `--stat`: one line per file with its inserted and deleted line counts,
/// then the totals.
pub fn stat(sides: Sides<'_>, changes: &[Change], color: bool) -> Result<String> {
    let entries = expand(sides, changes);
    let width = entries
        .iter()
        .map(|e| e.path.as_os_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let (mut ins, mut del) = (0usize, 0usize);
    for e in &entries {
        let p = e.path.display().to_string();
        let what = if e.node != Node::File || e.kind == ChangeKind::ModeChanged {
            match (e.node, e.kind) {
                (_, ChangeKind::ModeChanged) => "mode".to_owned(),
                (Node::Dir, k) => format!("dir {}", k.word()),
                (Node::Symlink, k) => format!("symlink {}", k.word()),
                (_, k) => k.word().to_owned(),
            }
        } else {
            let old = if e.kind == ChangeKind::Created {
                Vec::new()
            } else {
                read(&sides.real.join(&e.path))?
            };
            let new = if e.kind == ChangeKind::Deleted {
                Vec::new()
            } else {
                read(&sides.staged.join(&e.path))?
            };
            match (text(&old), text(&new)) {
                (Some(o), Some(n)) => {
                    let (mut i, mut d) = (0, 0);
                    for c in similar::TextDiff::from_lines(o, n).iter_all_changes() {
                        match c.tag() {
                            similar::ChangeTag::Insert => i += 1,
                            similar::ChangeTag::Delete => d += 1,
                            similar::ChangeTag::Equal => {}
                        }
                    }
                    ins += i;
                    del += d;
                    let bar = |n: usize, ch: &str, code: &str| {
                        let s = ch.repeat(n.min(40));
                        if color && n > 0 {
                            format!("\x1b[{code}m{s}\x1b[0m")
                        } else {
                            s
                        }
                    };
                    format!("{:>5} {}{}", i + d, bar(i, "+", "32"), bar(d, "-", "31"))
                }
                _ => format!("Bin {} -> {} bytes", old.len(), new.len()),
            }
        };
        let _ = writeln!(out, " {p:<width$} | {what}");
    }
    let _ = writeln!(
        out,
        " {} file{} changed, {ins} insertion{}(+), {del} deletion{}(-)",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        if ins == 1 { "" } else { "s" },
        if del == 1 { "" } else { "s" },
    );
    Ok(out)
}

/// One line per change: `created  src/new.rs`.
pub fn list(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let mut word = c.kind.word().to_owned();
        if c.node == Node::Dir {
            word.push_str(" dir");
        } else if c.node == Node::Symlink {
            word.push_str(" link");
        }
        let _ = writeln!(out, "{word:<13} {}", c.path.display());
    }
    out
}
