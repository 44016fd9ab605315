//! The `hides` role gates [`by_name`]: every name it finds commands in has
//! it.

use super::*;
use crate::shell::normalize::tests::{args, literals};
use std::collections::BTreeSet;

#[test]
fn every_name_with_hidden_commands_has_the_hides_role() {
    let sources = [
        include_str!("../hidden.rs"),
        include_str!("../text.rs"),
        include_str!("../remote.rs"),
        include_str!("../escapes.rs"),
        include_str!("../gitcmd.rs"),
        include_str!("../flow/roles/table.rs"),
    ];
    let names: BTreeSet<&str> = sources.iter().flat_map(|s| literals(s)).collect();
    // Word lists that make each finder report: options with commands,
    // scripts with `system`/`e`/`!`, subcommands, and every literal of
    // these files followed by a command (`send-keys 'rm -rf ~'`).
    let cmd_words = "sh -c 'rm -rf ~'";
    let mut lists = vec![
        vec!["-o", "ProxyCommand=sh -c x", "host"],
        vec!["-e", cmd_words, "a", "b:c"],
        vec!["-c", "alias.x=!rm -rf ~", "x"],
        vec!["BEGIN{system(\"rm -rf ~\")}"],
        vec!["s/x/rm -rf ~/e", "f"],
        vec!["-c", "!rm -rf ~"],
        vec![cmd_words, "INT"],
        vec!["run", "img", "sh", "-c", "x"],
        vec!["exec", "c", "sh", "-c", "x"],
        vec!["-T", "-TT", cmd_words, "x.zip", "."],
        vec!["-P", cmd_words, "ls"],
        vec!["now"],
        vec!["-"],
    ];
    for lit in &names {
        lists.push(vec![lit, cmd_words]);
        lists.push(vec![lit, "x", cmd_words]);
        lists.push(vec![lit, "-c", cmd_words]);
    }
    let (mut gated, mut hiders) = (0, 0);
    for name in &names {
        if Roles::of(name).hides() {
            hiders += 1;
            continue;
        }
        gated += 1;
        for list in &lists {
            let cmd = SimpleCommand {
                program: (*name).into(),
                args: args(list),
                stdin: Some(Stdin::Here {
                    text: "rm -rf ~".to_owned(),
                }),
                ..SimpleCommand::default()
            };
            let mut out = Vec::new();
            by_name(&cmd, &mut out);
            assert!(
                out.is_empty(),
                "`{name}` hides commands in {list:?} but has no hides role (flow/roles/table.rs)"
            );
        }
    }
    assert!(gated > 200, "{gated} names without the role");
    assert!(hiders > 50, "{hiders} names with it");
}

#[test]
fn the_gate_finds_what_the_names_hide() {
    let cases: &[(&str, &[&str], bool)] = &[
        ("ssh", &["-o", "ProxyCommand=sh -c x", "h"], true),
        ("tar", &["-I", "rm -rf ~", "-cf", "x.tar", "."], true),
        ("git", &["-c", "alias.x=!rm -rf ~", "x"], true),
        ("ls", &["-o", "ProxyCommand=sh -c x"], false),
    ];
    for (name, words, hides) in cases {
        let cmd = SimpleCommand {
            program: (*name).into(),
            args: args(words),
            ..SimpleCommand::default()
        };
        let mut out = Vec::new();
        commands(&cmd, Roles::of(name), &mut out);
        assert_eq!(!out.is_empty(), *hides, "{name} {words:?}");
    }
}

proptest::proptest! {
    /// [`push_joined`] writes what joining the words quoted as
    /// `render_word` used to quote them (by `replace`) wrote.
    #[test]
    fn pushed_words_are_the_rendered_words_joined(
        words in proptest::collection::vec("[a-z'./ $é-]{0,6}", 0..4),
    ) {
        let words: Vec<Arg> = words.into_iter().map(Arg::lit).collect();
        let quoted = |w: &str| {
            let bare = !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%^".contains(&b));
            if bare { w.to_owned() } else { format!("'{}'", w.replace('\'', "'\\''")) }
        };
        let want = words.iter().map(|a| quoted(&a.text)).collect::<Vec<_>>().join(" ");
        for a in &words {
            proptest::prop_assert_eq!(crate::shell::render_word(&a.text), quoted(&a.text));
        }
        let mut got = String::from("x ");
        crate::shell::push_joined(&mut got, &words);
        proptest::prop_assert_eq!(got, format!("x {want}"));
    }
}

/// The words `gitcmd::git` screens for still hand back their commands.
#[test]
fn git_long_options_that_run_are_read() {
    for words in [
        &["push", "--dry-run", "--exec=rm -rf ~"][..],
        &["push", "--upload-pack", "rm -rf ~"],
        &["push", "--x=rm -rf ~"],
        &["send-pack", "--receive-pack=rm -rf ~", "h"],
    ] {
        let mut out = Vec::new();
        gitcmd::git(&args(words), &mut out);
        assert_eq!(out.len(), 1, "git {words:?}");
    }
    let mut out = Vec::new();
    gitcmd::git(&args(&["push", "--dry-run", "--force"]), &mut out);
    assert!(out.is_empty());
}
