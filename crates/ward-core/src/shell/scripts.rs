//! A light reading of inline interpreter code (`python -c`, `perl -e`,
//! `node -e`, …): destructive file calls and shell-outs, by pattern.
//!
//! This is not a parser for those languages; it finds the calls that matter
//! with their literal arguments, so `shutil.rmtree('/')` meets the same rule
//! as `rm -rf /`, and `os.system("rm -rf ~")` is parsed as shell.

use crate::action::Effect;
use crate::paths::classify;
use crate::shell::script_patterns as pat;
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
        Some(Patterns {
            delete_tree: Regex::new(&pat::delete_tree()).ok()?,
            delete_file: Regex::new(&pat::delete_file()).ok()?,
            shell_out: Regex::new(&pat::shell_out()).ok()?,
            argv_list: Regex::new(pat::ARGV_LIST).ok()?,
            backticks: Regex::new(pat::BACKTICKS).ok()?,
            string_lit: Regex::new(pat::STRING_LIT).ok()?,
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
    if runs_decoded(code) {
        effects.push(Effect::RunsRemoteCode {
            source: "decode".into(),
        });
    }
    // Most one-liners contain none of the calls below: their literals say so
    // without compiling the patterns in this process.
    if !pat::may_match(code) {
        return (effects, shells);
    }
    let Some(p) = patterns() else {
        return (effects, shells);
    };
    for c in p.delete_tree.captures_iter(code) {
        if let Some(path) = literal(&c) {
            let recursive = !c.get(0).is_some_and(|m| m.as_str().contains("rmSync"))
                || code.contains("recursive");
            effects.push(Effect::Delete {
                path: path.into(),
                class: classify(path, "", ""),
                recursive,
            });
        }
    }
    for c in p.delete_file.captures_iter(code) {
        if let Some(path) = literal(&c) {
            effects.push(Effect::Delete {
                path: path.into(),
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

/// Inline code that decodes text and hands something to an evaluator or a
/// shell (`os.system(base64.b64decode('…'))`, `eval(atob('…'))`): what runs
/// is hidden from the reader, as with `echo … | base64 -d | sh`.
fn runs_decoded(code: &str) -> bool {
    const DECODERS: &[&str] = &[
        "b64decode",
        "decodebytes",
        "a85decode",
        "b32decode",
        "codecs.decode",
        "bytes.fromhex",
        "zlib.decompress",
        "marshal.loads",
        "atob(",
        "'base64')",
        "\"base64\")",
        "base64_decode",
        "unpack('m",
        "unpack(\"m",
        "decode_base64",
        "Base64.decode",
        "Base64.getDecoder",
    ];
    const RUNNERS: &[&str] = &[
        "exec(",
        "eval(",
        "system(",
        "popen(",
        "Popen(",
        "subprocess.",
        "execSync",
        "spawn",
        "compile(",
        "shell_exec",
        "passthru",
        "instance_eval",
        "Function(",
        "`",
    ];
    DECODERS.iter().any(|d| code.contains(d)) && RUNNERS.iter().any(|r| code.contains(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoded_code_that_runs_is_remote_code() {
        for (lang, code) in [
            (
                "python3",
                "import base64,os;os.system(base64.b64decode('cm0gLXJmIH4='))",
            ),
            (
                "python3",
                "exec(__import__('base64').b64decode('cHJpbnQoMSk='))",
            ),
            ("node", "eval(atob('Y29uc29sZS5sb2coMSk='))"),
            (
                "node",
                "require('child_process').execSync(Buffer.from('bHM=', 'base64').toString())",
            ),
            ("perl", "eval(unpack('m', 'cHJpbnQgMQ=='))"),
            ("php", "eval(base64_decode('ZWNobyAxOw=='));"),
        ] {
            let (fx, _) = analyze(lang, code);
            assert!(
                fx.iter()
                    .any(|e| matches!(e, Effect::RunsRemoteCode { .. })),
                "{lang}: {code}"
            );
        }
        for (lang, code) in [
            ("python3", "import base64; print(base64.b64decode('aGk='))"),
            ("python3", "import os; os.system('ls')"),
            (
                "node",
                "console.log(Buffer.from('aGk=', 'base64').toString())",
            ),
        ] {
            let (fx, _) = analyze(lang, code);
            assert!(
                !fx.iter()
                    .any(|e| matches!(e, Effect::RunsRemoteCode { .. })),
                "{lang}: {code}"
            );
        }
    }
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
    fn the_prefilter_passes_every_code_a_pattern_matches() {
        let all: Vec<Regex> = pat::prefilter()
            .iter()
            .map(|p| Regex::new(p).unwrap())
            .collect();
        for code in [
            "import shutil; shutil.rmtree('/home/user')",
            "os.remove(\"/etc/passwd\")",
            "require('fs').rmSync('/', {recursive: true})",
            "subprocess.run(['rm', '-rf', '/'])",
            "system(\"ls\")",
            "print `ls`",
            "x = call([])",
        ] {
            assert!(all.iter().any(|re| re.is_match(code)), "`{code}`");
            assert!(pat::may_match(code), "the prefilter skips `{code}`");
        }
        assert!(!pat::may_match("print(1)"));
        assert!(!pat::may_match("console.log('hi')"));
    }

    #[test]
    fn harmless_code_has_no_effects() {
        let (fx, sh) = analyze("python", "print('rm -rf /')");
        assert!(fx.is_empty() && sh.is_empty());
    }
}
