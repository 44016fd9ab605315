//! The Killourhy–Maxion protocol on generated fixtures with a known answer.

use proptest::prelude::*;
use rstest::rstest;
use std::fmt::Write;
use ward_trust::eval::keystroke::{evaluate, evaluate_file, parse_csv};
use ward_trust::{DetectorKind, Rng};

const COLS: usize = 11;

/// A CSV in the CMU layout: `subjects` × 400 repetitions; subject `s` has mean
/// `0.1 + spread * s` on every column and Gaussian-ish noise of `noise`.
fn fixture(subjects: usize, spread: f64, noise: f64) -> String {
    let mut rng = Rng::new(42);
    let mut out = String::from("subject,sessionIndex,rep");
    for c in 0..COLS {
        let name = ["H.", "DD.", "UD."][c % 3];
        write!(out, ",{name}k{c}").unwrap();
    }
    out.push('\n');
    for s in 0..subjects {
        for r in 0..400 {
            write!(out, "s{s:03},{},{}", r / 50 + 1, r % 50 + 1).unwrap();
            for _ in 0..COLS {
                // Sum of uniforms: roughly normal, mean 0, sd ~ noise.
                let z = (0..4).map(|_| rng.f64() - 0.5).sum::<f64>() * noise * 1.7;
                write!(out, ",{:.4}", 0.1 + spread * s as f64 + z).unwrap();
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn separable_users_give_eer_near_zero() {
    let subjects = parse_csv(&fixture(6, 0.05, 0.005), "fixture").unwrap();
    assert_eq!(subjects.len(), 6);
    assert_eq!(subjects[0].reps.len(), 400);
    for f in evaluate(&subjects, &DetectorKind::ALL, 2).unwrap() {
        assert!(f.mean_eer < 0.02, "{}: mean EER {}", f.detector, f.mean_eer);
        assert!(f.mean_auc > 0.98, "{}: mean AUC {}", f.detector, f.mean_auc);
    }
}

#[test]
fn indistinguishable_users_give_eer_near_half() {
    let subjects = parse_csv(&fixture(6, 0.0, 0.02), "fixture").unwrap();
    for f in evaluate(&subjects, &DetectorKind::ALL, 2).unwrap() {
        assert!(
            (0.35..=0.65).contains(&f.mean_eer),
            "{}: mean EER {}",
            f.detector,
            f.mean_eer
        );
        assert_eq!(f.subjects.len(), 6);
    }
}

#[test]
fn the_same_command_reads_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("DSL-StrongPasswordData.csv");
    std::fs::write(&path, fixture(3, 0.05, 0.005)).unwrap();
    let figs = evaluate_file(&path, &[DetectorKind::Manhattan], 1).unwrap();
    assert_eq!(figs.len(), 1);
    assert!(figs[0].mean_eer < 0.02);
}

#[rstest]
#[case::empty("")]
#[case::wrong_header("user,rep,H.a\n")]
#[case::no_timing_columns("subject,sessionIndex,rep,x\n")]
#[case::short_row("subject,sessionIndex,rep,H.a,DD.a.b\ns1,1,1,0.1\n")]
#[case::bad_number("subject,sessionIndex,rep,H.a\ns1,1,1,abc\n")]
#[case::infinite("subject,sessionIndex,rep,H.a\ns1,1,1,inf\n")]
fn malformed_csv_is_rejected(#[case] text: &str) {
    assert!(parse_csv(text, "t").is_err());
}

#[test]
fn too_few_repetitions_is_an_error_not_a_figure() {
    let subjects = parse_csv(
        "subject,sessionIndex,rep,H.a\ns1,1,1,0.1\ns2,1,1,0.2\n",
        "t",
    )
    .unwrap();
    assert!(evaluate(&subjects, &[DetectorKind::Manhattan], 1).is_err());
}

proptest! {
    #[test]
    fn parser_never_panics(text in "[a-zA-Z0-9.,\\n -]{0,200}") {
        let _ = parse_csv(&text, "p");
    }

    #[test]
    fn parser_keeps_every_valid_row(rows in proptest::collection::vec((0u8..4, 0.0f64..1.0), 1..40)) {
        let mut text = String::from("subject,sessionIndex,rep,H.a\n");
        for (s, v) in &rows {
            text.push_str(&format!("s{s},1,1,{v}\n"));
        }
        let parsed = parse_csv(&text, "p").unwrap();
        prop_assert_eq!(parsed.iter().map(|s| s.reps.len()).sum::<usize>(), rows.len());
    }
}
