use super::*;
use crate::action::{Actor, Context};
use crate::policy::examples::assert_same_decisions;
use std::path::PathBuf;

const USER: &str = r#"
[settings]
default = "ask"
agent_unmatched = "ask"

[program.deploy]
value_flags = ["env"]
aliases = { force = "f" }

[overrides]
"fs.find-delete" = "off"
"fs.delete-in-home" = "deny"

[[allow_exact]]
command = "make clean"
actor = "agent"

[[rule]]
id = "user.deploy-force"
decision = "deny"
reason = "forces a deploy"
program = ["deploy"]
flags_any = ["force"]
match = ["deploy --env prod --force", "deploy -f"]
not_match = ["deploy --env prod"]

[[rule]]
id = "user.terraform-destroy"
decision = "ask"
reason = "destroys infrastructure"
program = ["terraform"]
sub = ["destroy"]
match = ["terraform destroy"]
not_match = ["terraform plan"]

[[rule]]
id = "user.token-in-line"
decision = "deny"
reason = "a command line holds a token"
line_re = 'tok_[a-z0-9]{8}'
match = ["echo tok_abcdef12"]
not_match = ["echo tok_x"]

[[rule]]
id = "user.internal-egress"
decision = "ask"
reason = "fetches from the internal network"
action = "network"
url_re = '^https?://internal\.'
match = ["https://internal.example/x"]
not_match = ["https://example.com/x"]

[[rule]]
id = "user.read-notes"
decision = "ask"
reason = "an agent reads private notes"
action = "file-read"
actor = "ai_only"
path = ["~/notes/**"]
match = ["/home/user/notes/a.md"]
not_match = ["/work/project/a.md"]
"#;

/// [`USER`] removing no default rule: the cache file holds only the user
/// rules' buckets, laid over the default's static index.
fn user_keeping_defaults() -> String {
    USER.replace(
        r#""fs.find-delete" = "off""#,
        r#""fs.find-delete" = "deny""#,
    )
}

fn user(text: &str) -> Vec<Layer> {
    vec![Layer {
        origin: "/home/user/.config/ward/policy.toml".into(),
        text: text.into(),
    }]
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ward-pcache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Whether `p` was read from a cache file (a built policy holds its file).
fn from_cache(p: &Policy) -> bool {
    p.file.get().is_none()
}

/// The cached policy decides exactly as the freshly built one over every
/// `match`/`not_match` example of every rule (the default's and the user
/// layer's, which overrides, sets and adds), for each kind of actor, with
/// the whole index in the file and with the default's static index under
/// the user rules' buckets.
#[test]
fn the_cached_policy_decides_as_the_freshly_built_one() {
    decides_alike(USER, "decides-full", "\"Full\"");
    decides_alike(&user_keeping_defaults(), "decides-over", "\"Over\"");
    // No programs of its own: the default's static conventions are shared.
    decides_alike("", "decides-empty", "\"default_programs\":true");
}

fn decides_alike(text: &str, name: &str, form: &str) {
    let dir = scratch(name);
    let first = Policy::layered_cached(user(text), Some(&dir)).unwrap();
    assert!(!from_cache(&first));
    let file = std::fs::read_to_string(cache_files(&dir).first().unwrap()).unwrap();
    assert!(file.contains(form), "{file}");
    let cached = Policy::layered_cached(user(text), Some(&dir)).unwrap();
    assert!(from_cache(&cached));
    let fresh = Policy::layered(user(text)).unwrap();
    // The default's examples are in its source only.
    let source = Policy::layered_source(user(text)).unwrap();
    assert_eq!(cached.len(), fresh.len());
    assert_eq!(source.len(), fresh.len());
    let checked = assert_same_decisions(&cached, &fresh, &source);
    assert!(checked > 500, "{checked} checks");
    assert_eq!(cached.hash(), fresh.hash());
    assert_eq!(cached.guarded_programs(), fresh.guarded_programs());
    assert_eq!(cached.file(), fresh.file());
    if !text.is_empty() {
        user_layer_took_effect(&cached, &fresh, text);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// [`USER`]'s rules, overrides, program conventions, settings and
/// `[[allow_exact]]` took effect in `cached`.
fn user_layer_took_effect(cached: &Policy, fresh: &Policy, text: &str) {
    let agent = Context::for_actor(Actor::Agent("claude".into()), false);
    for (text, want) in [
        ("deploy --env prod --force", Decision::Deny),
        ("terraform destroy", Decision::Ask),
        ("rm -rf ~/x", Decision::Deny),
    ] {
        let v = cached.evaluate_line(&crate::shell::parse(text), &agent);
        assert_eq!(v.decision, want, "`{text}`");
    }
    let v = cached.evaluate_line(&crate::shell::parse("find . -delete"), &agent);
    let off = text.contains(r#""fs.find-delete" = "off""#);
    assert_eq!(
        v.rule_ids().contains(&"fs.find-delete"),
        !off,
        "{:?}",
        v.rule_ids()
    );
    // `[[allow_exact]]` and settings came through.
    let line = crate::shell::parse("make clean");
    assert_eq!(
        cached.evaluate_line(&line, &agent).decision,
        fresh.evaluate_line(&line, &agent).decision
    );
    assert_eq!(cached.settings(), fresh.settings());
    assert_eq!(cached.default_decision(), Decision::Ask);
    assert!(cached.check_user_examples().is_empty());
}

/// Every rule of the cache file compiles, and the index is the built one.
#[test]
fn a_cached_policy_compiles_every_rule_and_keeps_the_index() {
    for text in [USER.to_owned(), user_keeping_defaults(), String::new()] {
        compiles_and_keeps_the_index(&text);
    }
}

fn compiles_and_keeps_the_index(text: &str) {
    let dir = scratch("index");
    Policy::layered_cached(user(text), Some(&dir)).unwrap();
    let cached = Policy::layered_cached(user(text), Some(&dir)).unwrap();
    assert!(from_cache(&cached));
    let fresh = Policy::layered(user(text)).unwrap();
    for i in 0..cached.len() {
        assert_eq!(
            cached.rules.get(i).map(|r| r.id.clone()),
            fresh.rules.get(i).map(|r| r.id.clone()),
            "rule {i}"
        );
    }
    assert_eq!(format!("{:?}", cached.ix), format!("{:?}", fresh.ix));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_cache_file_and_its_directory_are_owner_only() {
    let dir = scratch("modes");
    Policy::layered_cached(user(USER), Some(&dir)).unwrap();
    let files = cache_files(&dir);
    assert_eq!(files.len(), 1, "{files:?}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(files.first().unwrap()), 0o600);
    // The default's rules are referred to, not copied; the user's are whole.
    let text = std::fs::read_to_string(files.first().unwrap()).unwrap();
    assert!(text.contains("\n=0\n"), "{text}");
    assert!(text.contains("\"id\":\"user.deploy-force\""), "{text}");
    assert!(text.len() < 16 * 1024, "{} bytes", text.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A truncated, damaged, emptied, foreign or group-writable cache file is
/// ignored: the policy is built afresh, decides the same, and the file is
/// written whole again.
#[test]
fn a_bad_cache_file_is_ignored_and_rebuilt() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch("bad");
    Policy::layered_cached(user(USER), Some(&dir)).unwrap();
    let files = cache_files(&dir);
    let path = files.first().unwrap();
    let good = std::fs::read(path).unwrap();
    let flipped = {
        let mut b = good.clone();
        let at = b.len() - 40;
        *b.get_mut(at).unwrap() ^= 0x20;
        b
    };
    let foreign = String::from_utf8(good.clone()).unwrap().replacen(
        "ward-policy-cache 1",
        "ward-policy-cache 0",
        1,
    );
    let bad: Vec<Vec<u8>> = vec![
        good.get(..good.len() / 2).unwrap().to_vec(),
        good.get(..good.len() - 1).unwrap().to_vec(),
        flipped,
        Vec::new(),
        b"\xff\xfe not text\n".to_vec(),
        foreign.into_bytes(),
    ];
    let ctx = Context::for_actor(Actor::Agent("claude".into()), false);
    let line = crate::shell::parse("echo tok_abcdef12");
    for (i, bytes) in bad.iter().enumerate() {
        std::fs::write(path, bytes).unwrap();
        let p = Policy::layered_cached(user(USER), Some(&dir)).unwrap();
        assert!(!from_cache(&p), "case {i}");
        assert_eq!(p.evaluate_line(&line, &ctx).decision, Decision::Deny);
        assert_eq!(std::fs::read(path).unwrap(), good, "case {i}");
        assert!(from_cache(
            &Policy::layered_cached(user(USER), Some(&dir)).unwrap()
        ));
    }
    // Writable by others: not trusted.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o620)).unwrap();
    assert!(!from_cache(
        &Policy::layered_cached(user(USER), Some(&dir)).unwrap()
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Another text or another origin is another key, so another file.
#[test]
fn a_changed_layer_is_a_new_key() {
    let edited = USER.replace("terraform plan", "terraform show");
    let moved = vec![Layer {
        origin: "/elsewhere/policy.toml".into(),
        text: USER.into(),
    }];
    let keys = [key(&user(USER)), key(&user(&edited)), key(&moved), key(&[])];
    for (i, a) in keys.iter().enumerate() {
        for b in keys.iter().skip(i + 1) {
            assert_ne!(a, b);
        }
    }
    let dir = scratch("key");
    Policy::layered_cached(user(USER), Some(&dir)).unwrap();
    let p = Policy::layered_cached(user(&edited), Some(&dir)).unwrap();
    assert!(!from_cache(&p));
    assert_eq!(cache_files(&dir).len(), 2);
    assert!(from_cache(
        &Policy::layered_cached(user(&edited), Some(&dir)).unwrap()
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A failing example of the user's is an error on the first load, as with
/// [`Policy::layered`], and nothing is cached: every later load fails too.
#[test]
fn a_failing_user_example_fails_the_first_load_and_every_later_one() {
    let broken = USER.replace(
        r#"not_match = ["terraform plan"]"#,
        r#"not_match = ["terraform destroy -auto-approve"]"#,
    );
    let dir = scratch("example");
    let fresh = Policy::layered(user(&broken)).unwrap_err().to_string();
    for _ in 0..2 {
        let err = Policy::layered_cached(user(&broken), Some(&dir)).unwrap_err();
        assert_eq!(err.to_string(), fresh);
        assert!(fresh.contains("user.terraform-destroy"), "{fresh}");
    }
    assert!(cache_files(&dir).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A cache directory that cannot be written is no error.
#[test]
fn an_unwritable_cache_directory_is_ignored() {
    let dir = Path::new("/dev/null/ward");
    for _ in 0..2 {
        let p = Policy::layered_cached(user(USER), Some(dir)).unwrap();
        assert!(!from_cache(&p));
        assert_eq!(p.default_decision(), Decision::Ask);
    }
    assert!(!from_cache(
        &Policy::layered_cached(user(USER), None).unwrap()
    ));
}

/// Writing a cache file removes the ones (and the temporary files) not
/// written for a month, and keeps the others.
#[test]
fn writing_a_cache_file_removes_stale_ones() {
    let dir = scratch("prune");
    std::fs::create_dir_all(&dir).unwrap();
    let month_ago = SystemTime::now() - STALE - Duration::from_secs(60);
    let old = dir.join("policy-0000000000000000.cache");
    let torn = dir.join(".policy-0000000000000000.1.tmp");
    let recent = dir.join("policy-0000000000000001.cache");
    let other = dir.join("notes.txt");
    for p in [&old, &torn, &recent, &other] {
        std::fs::write(p, "x").unwrap();
    }
    for p in [&old, &torn, &other] {
        let f = std::fs::File::options().write(true).open(p).unwrap();
        f.set_modified(month_ago).unwrap();
    }
    Policy::layered_cached(user(USER), Some(&dir)).unwrap();
    assert!(!old.exists() && !torn.exists());
    assert!(recent.exists() && other.exists());
    assert_eq!(cache_files(&dir).len(), 3);
    std::fs::remove_dir_all(&dir).unwrap();
}
