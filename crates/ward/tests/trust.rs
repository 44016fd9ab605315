#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! `ward trust …` end to end through the binary: usage errors exit 2, the
//! keystroke evaluator runs on a generated file, enrol/score/forget round-trip.

use std::fmt::Write;
use std::process::Command;

fn ward(state: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ward"))
        .env("WARD_HOME", state)
        // A user policy's cache goes beside the state, not into the real home.
        .env("XDG_CACHE_HOME", state.join("cache"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn keystroke_eval_runs_on_a_generated_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("subject,sessionIndex,rep,H.a,DD.a.b,UD.a.b\n");
    for s in 0..3 {
        for r in 0..210 {
            let j = (r % 7) as f64 * 0.001;
            let base = 0.1 + 0.05 * s as f64;
            writeln!(
                csv,
                "s{s},1,{r},{},{},{}",
                base + j,
                base * 2.0 + j,
                base - j
            )
            .unwrap();
        }
    }
    let path = dir.path().join("km.csv");
    std::fs::write(&path, csv).unwrap();
    let out = ward(
        dir.path(),
        &[
            "trust",
            "eval",
            "keystroke",
            "--csv",
            path.to_str().unwrap(),
            "--detectors",
            "manhattan",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["detector"], "manhattan");
    assert!(v[0]["mean_eer"].as_f64().unwrap() < 0.05);
}

#[test]
fn missing_inputs_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["trust", "eval", "balabit", "--data", "/nonexistent"][..],
        &["trust", "eval", "keystroke", "--csv", "/nonexistent"][..],
        &["trust", "score", "/nonexistent"][..],
    ] {
        let out = ward(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("ward: "));
    }
}

/// JSON lines of a steady-but-human typist.
fn typist() -> String {
    // A steady-but-human typist: irregular gaps from a fixed pattern.
    let gaps = [140u64, 210, 180, 95, 260, 150, 120, 330, 170, 200, 110, 240];
    let mut t = 0u64;
    let mut lines = String::new();
    for i in 0..1200usize {
        let key = ["t", "h", "e", " ", "a", "n", "d"][i % 7];
        t += gaps[i % gaps.len()] * 1000;
        writeln!(
            lines,
            r#"{{"type":"keystroke","ts":{t},"key":"{key}","event":"press"}}"#
        )
        .unwrap();
        writeln!(
            lines,
            r#"{{"type":"keystroke","ts":{},"key":"{key}","event":"release"}}"#,
            t + 80_000 + (i % 5) as u64 * 7000
        )
        .unwrap();
    }
    lines
}

#[test]
fn enrol_score_forget_round_trip_from_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("me.jsonl");
    std::fs::write(&rec, typist()).unwrap();
    let out = ward(
        dir.path(),
        &["trust", "enrol", "--from", rec.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("trust/profile.json").exists());
    let out = ward(dir.path(), &["trust", "score", rec.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("final state:"));
    let out = ward(dir.path(), &["trust", "forget"]);
    assert!(out.status.success());
    assert!(!dir.path().join("trust/profile.json").exists());
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Issue 18 end to end: what `ward exec` ran shows in `ward trust usage`,
/// and a burst of never-seen programs moves `ward check`'s trust to
/// `uncertain`, where a trust rule then asks.
#[test]
fn usage_profile_learns_from_exec_and_a_burst_makes_check_uncertain() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path();
    // Usage profiling starts with `ward trust usage`.
    let out = ward(state, &["trust", "usage", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let usual = [["true", ""], ["echo", "hi"], ["ls", "/"]];
    for i in 0..36 {
        let [prog, arg] = usual[i % 3];
        let mut args = vec!["exec", "--actor", "human", "--", prog];
        if !arg.is_empty() {
            args.push(arg);
        }
        let out = ward(state, &args);
        assert!(out.status.success(), "{}", text(&out));
    }
    let out = ward(state, &["trust", "usage", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let programs: Vec<&str> = v["programs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["program"].as_str().unwrap())
        .collect();
    for p in ["true", "echo", "ls"] {
        assert!(programs.contains(&p), "{programs:?}");
    }
    assert_eq!(v["current"]["level"], "familiar", "{v}");
    let mode = std::fs::metadata(state.join("trust/usage.json")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(mode.permissions().mode() & 0o777, 0o600);
    // The profile keeps no command text or argument values.
    let raw = std::fs::read_to_string(state.join("trust/usage.json")).unwrap();
    assert!(!raw.contains("hi\"") && !raw.contains("echo hi"), "{raw}");

    let policy = state.join("p.toml");
    std::fs::write(
        &policy,
        "[[rule]]\nid = \"t.uncertain-ls\"\ndecision = \"ask\"\nreason = \"usage looks unusual\"\nprogram = [\"ls\"]\ntrust = [\"uncertain\"]\n",
    )
    .unwrap();
    let check = |state| {
        ward(
            state,
            &[
                "check",
                "--json",
                "--actor",
                "human",
                "--policy",
                policy.to_str().unwrap(),
                "--",
                "ls",
                "/",
            ],
        )
    };
    let calm = check(state);
    assert_eq!(calm.status.code(), Some(0), "{}", text(&calm));

    for prog in ["uname", "id", "whoami", "hostname", "date", "nproc"] {
        let out = ward(state, &["exec", "--actor", "human", "--", prog]);
        assert!(out.status.success(), "{prog}: {}", text(&out));
    }
    let out = check(state);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["trust"]["state"], "uncertain", "{v}");
    let reasons = v["trust"]["usage"]["reasons"].to_string();
    assert!(reasons.contains("burst"), "{reasons}");
    assert!(v["rules"].to_string().contains("t.uncertain-ls"), "{v}");
}

#[test]
fn trust_enrol_from_dir_accepts_a_directory_of_recordings() {
    let dir = tempfile::tempdir().unwrap();
    let recs = dir.path().join("recordings");
    std::fs::create_dir(&recs).unwrap();
    let text = typist();
    let half = text.lines().count() / 2;
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(recs.join("a.jsonl"), lines[..half].join("\n")).unwrap();
    std::fs::write(recs.join("b.jsonl"), lines[half..].join("\n")).unwrap();
    let out = ward(
        dir.path(),
        &["trust", "enrol", "--from", recs.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("Is a directory"), "{err}");
    assert!(dir.path().join("trust/profile.json").exists());
}
