//! Enrolment inputs: other people's recordings for the learned detector, and
//! the detector to use when the user names none.

use crate::detect::DetectorKind;
use crate::error::Error;
use crate::profile::{EnrolOptions, mouse_vectors};
use crate::source::read_file;
use std::path::PathBuf;

/// Squashed mouse-action vectors from other people's recordings, for
/// training the forest against. Each file is segmented on its own, so no
/// action spans two recordings; the first file that fails stops the read.
pub fn others_vectors(files: &[PathBuf]) -> Result<Vec<Vec<f64>>, Error> {
    let mut vectors = Vec::new();
    for file in crate::source::recordings(files)? {
        vectors.extend(mouse_vectors(&read_file(&file)?));
    }
    Ok(vectors)
}

impl EnrolOptions {
    /// The default options with `detector`, or when none is named the
    /// detector `others` allows: the forest when there are other people's
    /// vectors to learn against, else the nearest neighbour.
    pub fn for_others(detector: Option<DetectorKind>, others: &[Vec<f64>]) -> Self {
        let detector = detector.unwrap_or(if others.is_empty() {
            DetectorKind::Neighbour
        } else {
            DetectorKind::Forest
        });
        EnrolOptions {
            detector,
            ..EnrolOptions::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::others_vectors;
    use crate::{DetectorKind, EnrolOptions, mouse_vectors, source::read_file};
    use std::fmt::Write;

    /// Point-and-click actions: a few moves, then a click, then a pause.
    fn clicks(n: usize, step: f64) -> String {
        let mut out = String::new();
        let mut t = 0u64;
        for i in 0..n {
            for j in 0..6 {
                t += 20_000;
                let (x, y) = (j as f64 * step, (i % 4) as f64 * step + j as f64);
                writeln!(
                    out,
                    r#"{{"type":"mouse","ts":{t},"x":{x},"y":{y},"event":"move"}}"#
                )
                .unwrap();
            }
            for ev in ["press", "release"] {
                t += 60_000;
                writeln!(
                    out,
                    r#"{{"type":"mouse","ts":{t},"x":0,"y":0,"event":"{ev}","button":"left"}}"#
                )
                .unwrap();
            }
            t += 2_000_000;
        }
        out
    }

    #[test]
    fn others_vectors_segments_each_file_on_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
        std::fs::write(&a, clicks(5, 10.0)).unwrap();
        std::fs::write(&b, clicks(7, 25.0)).unwrap();
        let mut want = mouse_vectors(&read_file(&a).unwrap());
        want.extend(mouse_vectors(&read_file(&b).unwrap()));
        assert!(!want.is_empty());
        assert_eq!(others_vectors(&[a, b]).unwrap(), want);
        assert!(others_vectors(&[]).unwrap().is_empty());
    }

    #[test]
    fn others_vectors_fails_on_a_missing_file() {
        let missing = std::path::PathBuf::from("/nonexistent/others.jsonl");
        assert!(others_vectors(&[missing]).is_err());
    }

    #[test]
    fn the_forest_is_the_default_only_with_others() {
        let some = [vec![0.5; 3]];
        let pick = |d, o: &[Vec<f64>]| EnrolOptions::for_others(d, o).detector;
        assert_eq!(pick(None, &[]), DetectorKind::Neighbour);
        assert_eq!(pick(None, &some), DetectorKind::Forest);
        assert_eq!(
            pick(Some(DetectorKind::Manhattan), &some),
            DetectorKind::Manhattan
        );
        assert_eq!(pick(Some(DetectorKind::Forest), &[]), DetectorKind::Forest);
        let opts = EnrolOptions::for_others(None, &[]);
        let defaults = EnrolOptions::default();
        assert_eq!(
            (opts.mouse_window, opts.key_window),
            (defaults.mouse_window, defaults.key_window)
        );
    }
}
