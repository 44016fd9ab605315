use super::*;

fn effects(words: &[&str]) -> Vec<Effect> {
    let mut cmd = SimpleCommand {
        program: words.first().map(|w| Text::from(*w)).unwrap_or_default(),
        args: words.iter().skip(1).map(|w| Arg::lit(*w)).collect(),
        ..SimpleCommand::default()
    };
    let roles = Roles::of(&cmd.program);
    extract(&mut cmd, roles, &mut Vec::new());
    cmd.effects
}

fn read(path: &str) -> Effect {
    Effect::ReadSecret { path: path.into() }
}

// cp's sources are asked once whether they are secrets; the scan of
// every word still adds its own effect, as before.
#[test]
fn copying_a_secret_reads_it() {
    let write = |path: &str| Effect::Write {
        path: path.into(),
        class: crate::action::PathClass::Relative,
    };
    assert_eq!(
        effects(&["cp", "a", ".env", "b"]),
        vec![write("b"), read(".env"), read(".env")]
    );
    assert_eq!(
        effects(&["scp", ".env", "h:"]),
        vec![Effect::Egress { secret: true }, read(".env"), read(".env")]
    );
    assert_eq!(
        effects(&["cp", "@.env", "x"]),
        vec![write("x"), read("@.env"), read(".env")]
    );
    assert_eq!(effects(&["cp", "a", "b"]), vec![write("b")]);
}

// ssh's words are asked once; the scan of every word reuses the answers.
#[test]
fn sending_a_secret_over_ssh_reads_it() {
    assert_eq!(
        effects(&["ssh", "h", "cat", ".env"]),
        vec![Effect::Egress { secret: true }, read(".env")]
    );
    assert_eq!(
        effects(&["ssh", "h", "x=@.env"]),
        vec![Effect::Egress { secret: true }, read("@.env")]
    );
    assert_eq!(effects(&["ssh", "h", "ls"]), vec![]);
}

// Answers are kept for the first 64 words; later ones are asked again.
#[test]
fn words_past_the_kept_answers_are_asked_again() {
    let mut words: Vec<String> = (0..70).map(|i| format!("f{i}")).collect();
    words[66] = ".env".into();
    words[1] = "id_rsa".into();
    let words = |head: &str, tail: &str| {
        let mut w: Vec<&str> = vec![head];
        w.extend(words.iter().map(String::as_str));
        w.push(tail);
        effects(&w)
    };
    let write = Effect::Write {
        path: "d".into(),
        class: crate::action::PathClass::Relative,
    };
    let reads = [read("id_rsa"), read(".env")];
    let mut cp = vec![write];
    cp.extend(reads.clone());
    cp.extend(reads.clone());
    assert_eq!(words("cp", "d"), cp);
    let mut ssh = vec![Effect::Egress { secret: true }];
    ssh.extend(reads);
    assert_eq!(words("ssh", "ls"), ssh);
}

proptest::proptest! {
    /// The uncollected split answers as `flags::split` with no values.
    #[test]
    fn uncollected_split_equals_split(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "-r", "-rf", "-fR", "--recursive", "--recursive=x", "--force", "--", "-",
                "a", "-é", "-éR", "é", "--r", "-x", "--recursivex",
            ]),
            0..8,
        ),
        dynamic in proptest::collection::vec(proptest::bool::ANY, 8),
    ) {
        let args = flags::args_dynamic(&words, &dynamic);
        let s = flags::split(&args, &no_values);
        let got: Vec<&Arg> = flags::positional(&args).collect();
        proptest::prop_assert_eq!(got, s.positional.clone());
        for names in [&["r", "R", "recursive"][..], &["é"], &["force", "x"]] {
            proptest::prop_assert_eq!(flags::has_flag(&args, names), s.has(names), "{:?}", names);
        }
    }
}

proptest::proptest! {
    #[test]
    fn without_ats_is_trim_start_matches(s in "[@aé=]{0,8}") {
        proptest::prop_assert_eq!(without_ats(&s), s.trim_start_matches('@'));
    }

    #[test]
    fn has_eq_is_contains(s in "[=a/é]{0,30}") {
        proptest::prop_assert_eq!(has_eq(s.as_bytes()), s.contains('='));
    }

    #[test]
    fn names_secret_equals_names_secret_before(
        s in "@{0,2}([a-z]{0,4}=@?)?(~/|/etc/|\\.)?(\\.ssh/id_rsa|\\.env|x\\.pem|id_ed25519|a|=)?",
    ) {
        proptest::prop_assert_eq!(names_secret(&s), names_secret_before(&s), "{:?}", s);
    }
}

/// [`names_secret`] of round 7, the oracle of its `=`-free fast path.
fn names_secret_before(text: &str) -> bool {
    let after = text.rsplit('=').next().unwrap_or_default();
    let (t, whole) = (after.trim_start_matches('@'), text.trim_start_matches('@'));
    !t.is_empty() && (is_secret(t) || (whole.len() != t.len() && is_secret(whole)))
}

/// Extracting as if every name had effects of its own changes nothing for
/// the names without the role: the role gates only work that finds nothing.
#[test]
fn every_name_with_effects_of_its_own_has_the_role() {
    use crate::shell::normalize::tests::{args, literals};
    let sources = [
        include_str!("../effects.rs"),
        include_str!("../gitcmd.rs"),
        include_str!("../flow/roles/table.rs"),
    ];
    let names: std::collections::BTreeSet<&str> =
        sources.iter().flat_map(|s| literals(s)).collect();
    let mut lists = vec![
        vec!["-rf", "/", "~/.ssh/id_rsa"],
        vec!["~/.aws/credentials", "host:x"],
        vec!["if=/dev/zero", "of=/dev/sda"],
        vec!["-R", "777", "/etc"],
        vec!["-s", "0", "/etc/passwd"],
        vec!["/etc/shadow", "/dev/null"],
        vec!["/", "-delete"],
        vec!["-i", "~/.ssh/id_rsa", "host", "cat ~/.netrc"],
    ];
    for lit in &names {
        lists.push(vec![lit, "~/.ssh/id_rsa", "/etc"]);
    }
    let (mut gated, mut named) = (0, 0);
    for name in &names {
        let roles = Roles::of(name);
        if roles.effects_named() {
            named += 1;
            continue;
        }
        gated += 1;
        for list in &lists {
            let run = |roles: Roles| {
                let mut cmd = SimpleCommand {
                    program: (*name).into(),
                    args: args(list),
                    ..SimpleCommand::default()
                };
                let mut nested = Vec::new();
                extract(&mut cmd, roles, &mut nested);
                format!("{:?} {nested:?}", cmd.effects)
            };
            assert_eq!(
                run(roles),
                run(roles.with_effects_named()),
                "`{name}` {list:?} has effects of its own but not the role (flow/roles/table.rs)"
            );
        }
    }
    assert!(gated > 200, "{gated} names without the role");
    assert!(named > 25, "{named} names with it");
}
