//! Pending shadow changes. An `ask` from `ward shadow apply` waits in the
//! daemon's queue as an ordinary pending item: source `shadow:NAME`, cwd the
//! shadowed tree, raw the real path for a file write or the `rm` / `chmod` /
//! `mkdir` / `ln` command otherwise. The monitor names the shadow, what
//! applying the change does and the file (relative to the tree), so a person
//! sees which staged change they approve or deny.

use ward_daemon::PendingItem;

/// A pending item that is a staged shadow change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShadowChange {
    /// The shadow's name (empty when the item does not say).
    pub name: String,
    /// What applying it does: `write`, `delete`, `delete dir`, `chmod 755`,
    /// `mkdir`, `symlink`.
    pub what: String,
    /// The file, relative to the shadowed tree when it lies inside it.
    pub file: String,
}

impl ShadowChange {
    /// The shadow change `item` holds, if it is one.
    pub fn of(item: &PendingItem) -> Option<ShadowChange> {
        let name = match item.source.split_once(':') {
            Some(("shadow", name)) => name,
            None if item.source == "shadow" => "",
            _ => return None,
        };
        let raw = item.raw.trim();
        let (what, path) = if raw.starts_with('/') {
            ("write".to_owned(), raw)
        } else {
            let words: Vec<&str> = raw.split_whitespace().collect();
            let path = last_arg(raw);
            let what = match words.as_slice() {
                ["rm", "-r", ..] => "delete dir".to_owned(),
                ["rm", ..] => "delete".to_owned(),
                ["chmod", mode, ..] => format!("chmod {mode}"),
                ["mkdir", ..] => "mkdir".to_owned(),
                ["ln", ..] => "symlink".to_owned(),
                [first, ..] => (*first).to_owned(),
                [] => String::new(),
            };
            (what, path)
        };
        Some(ShadowChange {
            name: name.to_owned(),
            what,
            file: relative(path, &item.cwd).to_owned(),
        })
    }

    /// The shell command that shows this change's diff.
    pub fn diff_command(&self) -> String {
        let file = if self.file.contains(|c: char| c.is_whitespace() || c == '\'') {
            format!("'{}'", self.file.replace('\'', r"'\''"))
        } else {
            self.file.clone()
        };
        match self.name.as_str() {
            "" => format!("ward shadow diff {file}"),
            name => format!("ward shadow diff {name} {file}"),
        }
    }
}

/// The last word of a command line as ward's shell rendering writes it
/// (single quotes around a word with spaces; one with quotes inside stays
/// as written).
fn last_arg(raw: &str) -> &str {
    if let Some(body) = raw.strip_suffix('\'')
        && let Some(i) = body.rfind(" '")
    {
        return body.get(i + 2..).unwrap_or(body);
    }
    raw.rsplit(' ').next().unwrap_or(raw)
}

fn relative<'a>(path: &'a str, root: &str) -> &'a str {
    let root = root.trim_end_matches('/');
    match path.strip_prefix(root).and_then(|r| r.strip_prefix('/')) {
        Some(rest) if !root.is_empty() && !rest.is_empty() => rest,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(source: &str, raw: &str) -> PendingItem {
        PendingItem {
            id: 1,
            created_ms: 0,
            deadline_ms: 0,
            source: source.into(),
            actor: "agent:shadow".into(),
            cwd: "/work/app".into(),
            raw: raw.into(),
            commands: Vec::new(),
            reason: String::new(),
            matches: Vec::new(),
        }
    }

    #[test]
    fn each_kind_of_staged_change_reads_as_name_what_and_file() {
        let cases = [
            ("shadow:fix", "/work/app/.env", "fix", "write", ".env"),
            (
                "shadow:fix",
                "rm /work/app/src/old.rs",
                "fix",
                "delete",
                "src/old.rs",
            ),
            (
                "shadow:fix",
                "rm -r /work/app/build",
                "fix",
                "delete dir",
                "build",
            ),
            (
                "shadow:fix",
                "chmod 755 /work/app/run.sh",
                "fix",
                "chmod 755",
                "run.sh",
            ),
            ("shadow:fix", "ln -s x /work/app/l", "fix", "symlink", "l"),
            ("shadow", "/elsewhere/f", "", "write", "/elsewhere/f"),
            ("shadow:fix", "rm '/work/app/a b'", "fix", "delete", "a b"),
        ];
        for (source, raw, name, what, file) in cases {
            let c = ShadowChange::of(&item(source, raw)).unwrap();
            assert_eq!(
                (c.name.as_str(), c.what.as_str(), c.file.as_str()),
                (name, what, file),
                "{raw}"
            );
        }
        assert_eq!(ShadowChange::of(&item("exec", "/work/app/x")), None);
        assert_eq!(ShadowChange::of(&item("shadowy", "/work/app/x")), None);
        let c = ShadowChange::of(&item("shadow:fix", "rm '/work/app/a b'")).unwrap();
        assert_eq!(c.diff_command(), "ward shadow diff fix 'a b'");
    }
}
