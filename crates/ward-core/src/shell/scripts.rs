//! A light reading of inline interpreter code (`python -c`, `perl -e`,
//! `node -e`, …): destructive file calls and shell-outs, by pattern.
//!
//! This is not a parser for those languages; it finds the calls that matter
//! with their literal arguments, so `shutil.rmtree('/')` meets the same rule
//! as `rm -rf /`, and `os.system("rm -rf ~")` is parsed as shell.

use crate::action::Effect;
use crate::paths::classify;
use regex::Regex;
use std::sync::OnceLock;

struct Patterns {
    delete_tree: Regex,
    delete_file: Regex,
    shell_out: Regex,
    argv_list: Regex,
    backticks: Regex,
    string_lit: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        let q = r#"(?:'([^']*)'|"([^"]*)"|`([^`]*)`)"#;
        Some(Patterns {
            delete_tree: Regex::new(&format!(
                r"(?:rmtree|rm_rf|rm_r|remove_tree|rmSync|rmdirSync|\brm|rimraf|removedirs|Remove-Item)\s*\(?\s*(?:Path\()?\s*{q}"
            ))
            .ok()?,
            delete_file: Regex::new(&format!(
                r"(?:\bos\.remove|\bos\.unlink|\bunlinkSync|\bunlink(?:\s+glob)?|\bFile\.delete|\bFileUtils\.rm|\.unlink)\s*\(?\s*{q}"
            ))
            .ok()?,
            shell_out: Regex::new(&format!(
                r"(?:\bos\.system|\bos\.popen|\bsubprocess\.\w+|\bexecSync|\bexec|\bspawnSync|\bsystem|\bshell_exec|\bpassthru|\bpopen|%x)\s*\(?\s*{q}"
            ))
            .ok()?,
            argv_list: Regex::new(
                r"(?:subprocess\.\w+|execFileSync|spawnSync|spawn|call|run|Popen)\s*\(\s*\[([^\]]*)\]",
            )
            .ok()?,
            backticks: Regex::new(r"`([^`]+)`").ok()?,
            string_lit: Regex::new(r#"'([^']*)'|"([^"]*)""#).ok()?,
        })
    })
    .as_ref()
}

fn literal<'a>(c: &regex::Captures<'a>) -> Option<&'a str> {
    c.get(1)
        .or_else(|| c.get(2))
        .or_else(|| c.get(3))
        .map(|m| m.as_str())
}

/// Finds deletes and shell commands in inline code of `lang`.
pub(crate) fn analyze(lang: &str, code: &str) -> (Vec<Effect>, Vec<String>) {
    let mut effects = Vec::new();
    let mut shells = Vec::new();
    let Some(p) = patterns() else {
        return (effects, shells);
    };
    for c in p.delete_tree.captures_iter(code) {
        if let Some(path) = literal(&c) {
            let recursive = !c.get(0).is_some_and(|m| m.as_str().contains("rmSync"))
                || code.contains("recursive");
            effects.push(Effect::Delete {
                path: path.to_owned(),
                class: classify(path, "", ""),
                recursive,
            });
        }
    }
    for c in p.delete_file.captures_iter(code) {
        if let Some(path) = literal(&c) {
            effects.push(Effect::Delete {
                path: path.to_owned(),
                class: classify(path, "", ""),
                recursive: false,
            });
        }
    }
    for c in p.shell_out.captures_iter(code) {
        if let Some(cmd) = literal(&c) {
            shells.push(cmd.to_owned());
        }
    }
    for c in p.argv_list.captures_iter(code) {
        if let Some(list) = c.get(1) {
            let words: Vec<String> = p
                .string_lit
                .captures_iter(list.as_str())
                .filter_map(|w| {
                    w.get(1)
                        .or_else(|| w.get(2))
                        .map(|m| crate::shell::render_word(m.as_str()))
                })
                .collect();
            if !words.is_empty() {
                shells.push(words.join(" "));
            }
        }
    }
    if matches!(lang, "perl" | "ruby" | "php") {
        for c in p.backticks.captures_iter(code) {
            if let Some(m) = c.get(1) {
                shells.push(m.as_str().to_owned());
            }
        }
    }
    (effects, shells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::PathClass;

    #[test]
    fn python_rmtree_is_a_recursive_delete() {
        let (fx, _) = analyze("python", "import shutil; shutil.rmtree('/home/user')");
        assert_eq!(
            fx,
            vec![Effect::Delete {
                path: "/home/user".into(),
                class: PathClass::Home,
                recursive: true
            }]
        );
    }

    #[test]
    fn shell_outs_are_returned_as_shell() {
        let (_, sh) = analyze("python", r#"import os; os.system("rm -rf /")"#);
        assert_eq!(sh, vec!["rm -rf /".to_owned()]);
        let (_, sh) = analyze(
            "python",
            r#"import subprocess; subprocess.run(["rm", "-rf", "/"])"#,
        );
        assert_eq!(sh, vec!["rm -rf /".to_owned()]);
    }

    #[test]
    fn harmless_code_has_no_effects() {
        let (fx, sh) = analyze("python", "print('rm -rf /')");
        assert!(fx.is_empty() && sh.is_empty());
    }
}
