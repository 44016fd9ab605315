//! The usage profile on generated histories (issue 18).

use pretty_assertions::assert_eq;
use ward_trust::{
    Limits, ProgramUse, TrustState, UsageAction, UsageLevel, UsageProfile, UsageReason, combine,
};

/// A small deterministic generator (xorshift), so histories replay exactly.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const DAY: i64 = 86_400;
/// Monday 2026-11-02 00:00 UTC.
const START: i64 = 1_793_577_600;

fn action(id: i64, time: i64, program: &str, sub: Option<&str>, dir: &str) -> UsageAction {
    UsageAction {
        id,
        time,
        programs: vec![ProgramUse {
            program: program.into(),
            sub: sub.map(Into::into),
            shape: "f1 o1".into(),
        }],
        dir: dir.into(),
        actor: "human".into(),
        sensitive: Vec::new(),
    }
}

/// A steady person: weekdays 09:00–17:00 UTC, a handful of programs and two
/// project trees, an action every few minutes.
fn steady_history(days: i64, seed: u64) -> Vec<UsageAction> {
    let mut g = Gen(seed);
    let mut out = Vec::new();
    let mut id = 0;
    for day in 0..days {
        if day % 7 >= 5 {
            continue;
        }
        let mut t = START + day * DAY + 9 * 3_600;
        while t < START + day * DAY + 17 * 3_600 {
            id += 1;
            let (program, sub) = match g.next() % 6 {
                0 => (
                    "git",
                    Some(g.pick(&["status", "diff", "commit", "push", "log"])),
                ),
                1 => ("cargo", Some(g.pick(&["build", "test", "clippy"]))),
                2 => ("ls", None),
                3 => ("vim", None),
                4 => ("rg", None),
                _ => ("make", Some("test")),
            };
            let dir = g.pick(&["~/src/ward", "~/src/site"]);
            out.push(action(id, t, program, sub, dir));
            t += 120 + (g.next() % 400) as i64;
        }
    }
    out
}

fn learned(history: &[UsageAction]) -> UsageProfile {
    let mut p = UsageProfile::default();
    for a in history {
        p.learn(a);
    }
    p
}

fn has(reasons: &[UsageReason], f: impl Fn(&UsageReason) -> bool) -> bool {
    reasons.iter().any(f)
}

#[test]
fn a_steady_users_next_actions_are_familiar() {
    let history = steady_history(28, 7);
    let p = learned(&history);
    let mut next = steady_history(35, 7);
    next.retain(|a| a.time > START + 28 * DAY);
    assert!(next.len() > 100);
    let mut p2 = p.clone();
    for a in next.iter().take(200) {
        let s = p2.score(a);
        assert_eq!(s.level, UsageLevel::Familiar, "{a:?}: {:?}", s.reasons);
        p2.learn(a);
    }
    assert_eq!(
        p.recent(START + 28 * DAY + 10 * 3_600).level,
        UsageLevel::Familiar
    );
}

#[test]
fn a_new_program_at_an_odd_hour_in_a_burst_is_very_novel() {
    let mut p = learned(&steady_history(28, 11));
    let night = START + 29 * DAY + 3 * 3_600;
    let odd = ["nc", "socat", "nmap", "tcpdump", "strace", "gdb"];
    for (i, program) in odd.iter().enumerate() {
        p.learn(&action(
            100_000 + i as i64,
            night + i as i64 * 5,
            program,
            None,
            "/tmp",
        ));
    }
    let s = p.score(&action(0, night + 40, "ncat", None, "/tmp"));
    assert_eq!(s.level, UsageLevel::VeryNovel, "{:?}", s.reasons);
    assert!(has(&s.reasons, |r| matches!(r, UsageReason::Burst { .. })));
    assert!(has(
        &s.reasons,
        |r| matches!(r, UsageReason::NewProgram { program } if program == "ncat")
    ));
    assert!(has(&s.reasons, |r| matches!(
        r,
        UsageReason::UnusualHour { hour: 3, .. }
    )));
    // Recent history alone (no new action) still says burst.
    assert!(p.recent(night + 45).level >= UsageLevel::Novel);
    // And it fades: ten minutes later the burst is over.
    let later = p.recent(night + 600);
    assert!(
        !has(&later.reasons, |r| matches!(r, UsageReason::Burst { .. })),
        "{later:?}"
    );
}

#[test]
fn a_secret_read_from_a_new_directory_is_novel_with_both_reasons() {
    let p = learned(&steady_history(28, 3));
    let mut a = action(
        0,
        START + 29 * DAY + 11 * 3_600,
        "cat",
        None,
        "/var/backups",
    );
    a.sensitive = vec!["read-secret".into()];
    let s = p.score(&a);
    assert!(s.level >= UsageLevel::Novel, "{s:?}");
    assert!(has(
        &s.reasons,
        |r| matches!(r, UsageReason::FirstSensitive { effect } if effect == "read-secret")
    ));
    assert!(has(
        &s.reasons,
        |r| matches!(r, UsageReason::NewDirectory { dir } if dir == "/var/backups")
    ));
    // A familiar program in a familiar place at a usual hour says nothing.
    let s = p.score(&action(
        0,
        START + 29 * DAY + 11 * 3_600,
        "git",
        Some("status"),
        "~/src/ward",
    ));
    assert_eq!(s.reasons, Vec::new());
}

#[test]
fn decay_moves_an_old_habit_out_of_the_profile() {
    let limits = Limits {
        programs: 8,
        ..Limits::default()
    };
    let mut p = UsageProfile::new(limits);
    // A heavy svn habit a year ago.
    for i in 0..200 {
        p.learn(&action(
            i,
            START - 365 * DAY + i * 60,
            "svn",
            Some("up"),
            "~/old",
        ));
    }
    for a in steady_history(28, 5) {
        p.learn(&a);
    }
    let now = START + 29 * DAY + 10 * 3_600;
    let svn = p.score(&action(0, now, "svn", Some("up"), "~/src/ward"));
    assert!(has(
        &svn.reasons,
        |r| matches!(r, UsageReason::NewProgram { program } if program == "svn")
    ));
    // Under cap pressure the faded habit is the one evicted.
    for (i, program) in ["a1", "a2", "a3", "a4"].iter().enumerate() {
        p.learn(&action(
            900_000 + i as i64,
            now + i as i64,
            program,
            None,
            "~/src/ward",
        ));
    }
    assert!(!p.programs.contains_key("svn"), "{:?}", p.programs.keys());
    assert!(p.programs.contains_key("git"));
    assert!(p.programs.len() <= 8);
}

#[test]
fn incremental_updates_give_the_same_profile_as_a_build_from_scratch() {
    let history = steady_history(120, 42);
    assert!(history.len() > 5_000);
    let scratch = learned(&history);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("usage.json");
    UsageProfile::default().save(&path).unwrap();
    // Resume from the file after every chunk, as separate processes would.
    for chunk in history.chunks(777) {
        let mut p = UsageProfile::load(&path).unwrap().unwrap();
        let after = p.last_id;
        for a in chunk.iter().filter(|a| a.id > after) {
            p.learn(a);
        }
        p.save(&path).unwrap();
    }
    let incremental = UsageProfile::load(&path).unwrap().unwrap();
    assert_eq!(incremental, scratch);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn the_profile_stays_under_one_megabyte_when_every_bound_is_full() {
    let mut g = Gen(99);
    let mut p = UsageProfile::default();
    for i in 0..30_000i64 {
        let n = g.next();
        let mut a = action(
            i,
            START + i * 7,
            &format!("prog{}", n % 2_000),
            Some(&format!("sub{}", (n >> 12) % 100)),
            &format!("~/d{}/e{}", (n >> 20) % 50, (n >> 28) % 50),
        );
        a.programs[0].shape = format!("f{} o{}", (n >> 36) % 10, (n >> 40) % 10);
        a.actor = format!("agent:a{}", (n >> 44) % 100);
        a.sensitive = vec![format!("effect{}", (n >> 50) % 100)];
        p.learn(&a);
    }
    let bytes = serde_json::to_vec(&p).unwrap();
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    assert!(p.programs.len() <= p.limits.programs && p.dirs.len() <= p.limits.dirs);
}

#[test]
fn usage_and_keys_combine_as_documented_on_real_scores() {
    let mut p = learned(&steady_history(28, 13));
    let day = START + 29 * DAY + 10 * 3_600;
    let usual = p.score(&action(0, day, "git", Some("diff"), "~/src/ward"));
    assert_eq!(
        combine(Some(TrustState::Trusted), usual.level),
        Some(TrustState::Trusted)
    );
    let new = p.score(&action(0, day, "kubectl", None, "~/src/ward"));
    assert_eq!(new.level, UsageLevel::Novel, "{new:?}");
    assert_eq!(
        combine(Some(TrustState::Trusted), new.level),
        Some(TrustState::Uncertain)
    );
    assert_eq!(combine(None, new.level), Some(TrustState::Uncertain));
    assert_eq!(
        combine(Some(TrustState::Untrusted), new.level),
        Some(TrustState::Untrusted)
    );
    for i in 0..8 {
        p.learn(&action(
            500_000 + i,
            day + i * 3,
            &format!("tool{i}"),
            None,
            "/opt/x",
        ));
    }
    let burst = p.score(&action(0, day + 30, "tool9", None, "/opt/y"));
    assert_eq!(burst.level, UsageLevel::VeryNovel, "{burst:?}");
    assert_eq!(
        combine(Some(TrustState::Trusted), burst.level),
        Some(TrustState::Untrusted)
    );
}
