use super::*;

#[test]
fn syntax_error_names_file_line_and_column() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("bad.toml");
    std::fs::write(&p, "[[rule]]\nid = \"x\"\ndecision = \"maybe\"\n").unwrap();
    let o = run(ward(t.path()).args(["policy", "check"]).arg(&p));
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(e.contains("bad.toml:3:"), "{e}");
    assert!(e.contains("maybe"), "{e}");
}

#[test]
fn failing_example_names_rule_and_position() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p.toml");
    std::fs::write(&p, "\n[[rule]]\nid = \"t.git\"\ndecision = \"ask\"\nreason = \"r\"\nprogram = [\"git\"]\nsub = [\"push\"]\nmatch = [\"git pull\"]\nnot_match = [\"git push\"]\n").unwrap();
    let o = run(ward(t.path()).args(["policy", "check"]).arg(&p));
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(
        e.contains("p.toml:3:6: rule `t.git`: example `git pull` should match but does not"),
        "{e}"
    );
    assert!(
        e.contains("example `git push` matches but should not"),
        "{e}"
    );
}

#[test]
fn user_rule_cannot_silently_replace_a_default_rule() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p.toml");
    std::fs::write(&p, "[[rule]]\nid = \"git.force-push\"\ndecision = \"allow\"\nreason = \"mine\"\nprogram = [\"git\"]\n").unwrap();
    let o = run(ward(t.path()).args(["policy", "check"]).arg(&p));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("already defined in <default>"),
        "{}",
        err(&o)
    );
}

#[test]
fn overrides_loosen_a_default_rule_by_id() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p.toml");
    std::fs::write(&p, "[overrides]\n\"git.force-push\" = \"ask\"\n").unwrap();
    let o = run(ward(t.path())
        .args(["check", "--actor", "agent", "--policy"])
        .arg(&p)
        .args(["--", "git push --force"]));
    assert_eq!(o.status.code(), Some(3), "{}", out(&o));
}

/// A user policy is compiled once into the cache dir and later runs decide
/// from it; an edit is a new key; a failing example fails every run and is
/// never cached; `WARD_NO_POLICY_CACHE=1` writes nothing.
#[test]
fn a_user_policy_is_cached_once_and_an_edit_rebuilds_it() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p.toml");
    let rule = |decision: &str, example: &str| {
        format!(
            "[[rule]]\nid = \"u.deploy\"\ndecision = \"{decision}\"\nreason = \"r\"\nprogram = [\"deploy\"]\nmatch = [\"{example}\"]\n"
        )
    };
    let cache = t.path().join("cache/ward");
    let files = || std::fs::read_dir(&cache).map_or(0, |d| d.count());
    let check = |no_cache: bool| {
        let mut c = ward(t.path());
        if no_cache {
            c.env("WARD_NO_POLICY_CACHE", "1");
        }
        run(c
            .args(["check", "--actor", "agent", "--policy"])
            .arg(&p)
            .args(["--", "deploy prod"]))
        .status
        .code()
    };
    std::fs::write(&p, rule("ask", "deploy prod")).unwrap();
    assert_eq!(check(true), Some(3));
    assert_eq!(files(), 0);
    for _ in 0..2 {
        assert_eq!(check(false), Some(3));
        assert_eq!(files(), 1);
    }
    std::fs::write(&p, rule("deny", "deploy prod")).unwrap();
    for _ in 0..2 {
        assert_eq!(check(false), Some(4));
        assert_eq!(files(), 2);
    }
    std::fs::write(&p, rule("deny", "ls")).unwrap();
    for _ in 0..2 {
        assert_eq!(check(false), Some(2));
        assert_eq!(files(), 2);
    }
}

#[test]
fn show_prints_a_policy_that_loads_back_the_same() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).args(["policy", "show"]));
    assert!(o.status.success());
    let shown = out(&o);
    let p = t.path().join("shown.toml");
    std::fs::write(&p, &shown).unwrap();
    let reloaded = ward_core::Policy::from_toml(&shown, "shown.toml").unwrap();
    let source = ward_core::Policy::layered_source(Vec::new()).unwrap();
    assert_eq!(reloaded.len(), ward_core::Policy::embedded().len());
    assert_eq!(reloaded.file(), source.file());
    assert!(reloaded.check_examples().is_empty());
}

#[test]
fn policy_check_validates_allow_exact() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("p.toml");
    std::fs::write(
        &p,
        "[[allow_exact]]\ncommand = \"rm -rf build\"\nactor = \"agent\"\n",
    )
    .unwrap();
    let o = run(ward(t.path()).args(["policy", "check"]).arg(&p));
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("1 exact allows"), "{}", out(&o));
    // The exact text is allowed for an agent; one more word still asks.
    let judge = |cmd: &str| {
        run(ward(t.path())
            .args(["check", "--actor", "agent", "--policy"])
            .arg(&p)
            .args(["--", cmd]))
        .status
        .code()
    };
    assert_eq!(judge("rm -rf build"), Some(0));
    assert_eq!(judge("rm -rf build src"), Some(3));

    std::fs::write(
        &p,
        "\n[[allow_exact]]\ncommand = \"echo $((\"\nactor = \"agent\"\n",
    )
    .unwrap();
    let o = run(ward(t.path()).args(["policy", "check"]).arg(&p));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("p.toml:3:"), "{}", err(&o));
    assert!(err(&o).contains("does not parse cleanly"), "{}", err(&o));

    std::fs::write(
        &p,
        "[[allow_exact]]\ncommand = \"rm -rf ~\"\nactor = \"any\"\n",
    )
    .unwrap();
    let o = run(ward(t.path()).args(["policy", "check"]).arg(&p));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("has no effect"), "{}", err(&o));
}
