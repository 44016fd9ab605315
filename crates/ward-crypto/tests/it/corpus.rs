//! Precision and recall on the labelled corpus, by algorithm (family and key size).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use ward_crypto::scan_bytes;

/// (line, algorithm) pairs marked in a file.
fn expected(text: &str) -> BTreeSet<(u32, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap();
        for (marker, target) in [("WARD-EXPECT-NEXT[", n + 1), ("WARD-EXPECT[", n)] {
            if let Some(at) = line.find(marker) {
                let rest = &line[at + marker.len()..];
                let names = &rest[..rest.find(']').unwrap()];
                for name in names.split(',') {
                    out.insert((target, name.trim().to_owned()));
                }
                break;
            }
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// `RSA-2048` → `RSA`, `ECDSA-P256` → `ECDSA`, `SHA-256` → `SHA-2`, `ML-KEM-768` → `ML-KEM`.
fn family_of(algo: &str) -> String {
    if algo.starts_with("SHA-") && algo != "SHA-1" {
        return "SHA-2".to_owned();
    }
    if algo.starts_with("SHA3") {
        return "SHA-3".to_owned();
    }
    for p in [
        "ML-KEM", "ML-DSA", "SLH-DSA", "ECDSA", "ECDH", "RSA", "DSA", "DH", "AES",
    ] {
        if algo == p || algo.starts_with(&format!("{p}-")) {
            return p.to_owned();
        }
    }
    algo.to_owned()
}

#[derive(Default, Debug)]
struct Score {
    tp: u32,
    fp: u32,
    fn_: u32,
}

#[test]
fn corpus_precision_and_recall_by_algorithm() {
    let root = crate::corpus_dir();
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    assert!(all.len() >= 150, "corpus has {} files", all.len());
    let mut by_algo: BTreeMap<String, Score> = BTreeMap::new();
    let mut misses = Vec::new();
    for path in &all {
        let bytes = std::fs::read(path).unwrap();
        let want = expected(&String::from_utf8_lossy(&bytes));
        let got: BTreeSet<(u32, String)> = scan_bytes(path, &bytes)
            .into_iter()
            .map(|f| (f.line, f.algorithm))
            .collect();
        let rel = path.strip_prefix(&root).unwrap().display().to_string();
        for w in &want {
            let s = by_algo.entry(w.1.clone()).or_default();
            if got.contains(w) {
                s.tp += 1;
            } else {
                s.fn_ += 1;
                misses.push(format!("missed {rel}:{} {}", w.0, w.1));
            }
        }
        for g in got.difference(&want) {
            by_algo.entry(g.1.clone()).or_default().fp += 1;
            misses.push(format!("spurious {rel}:{} {}", g.0, g.1));
        }
    }
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut failing = Vec::new();
    for (algo, s) in &by_algo {
        tp += s.tp;
        fp += s.fp;
        fn_ += s.fn_;
        let p = f64::from(s.tp) / f64::from((s.tp + s.fp).max(1));
        let r = f64::from(s.tp) / f64::from((s.tp + s.fn_).max(1));
        if (s.tp + s.fp > 0 && p < 0.95) || (s.tp + s.fn_ > 0 && r < 0.95) {
            failing.push(format!("{algo}: precision {p:.2} recall {r:.2} ({s:?})"));
        }
    }
    let precision = f64::from(tp) / f64::from(tp + fp);
    let recall = f64::from(tp) / f64::from(tp + fn_);
    eprintln!(
        "corpus: {} files, {} labelled, precision {precision:.3}, recall {recall:.3}",
        all.len(),
        tp + fn_
    );
    // By family (the algorithm name before its size or curve): what the issue reports.
    let mut by_family: BTreeMap<String, Score> = BTreeMap::new();
    for (algo, s) in &by_algo {
        let fam = family_of(algo);
        let f = by_family.entry(fam).or_default();
        f.tp += s.tp;
        f.fp += s.fp;
        f.fn_ += s.fn_;
    }
    for (fam, s) in &by_family {
        eprintln!(
            "  {fam:<16} labelled {:>4}  found {:>4}  spurious {:>3}",
            s.tp + s.fn_,
            s.tp,
            s.fp
        );
    }
    assert!(tp + fn_ >= 550, "too few labels: {}", tp + fn_);
    // Every label found and nothing else: 100% precision and recall by family.
    assert!(misses.is_empty(), "{}", misses.join("\n"));
    assert!(
        failing.is_empty(),
        "below 95%:\n{}\n\n{}",
        failing.join("\n"),
        misses.join("\n")
    );
}

/// The parse gate (skip files that name the API table only in comments, strings or longer
/// names) loses nothing a parse would find, on every corpus file.
#[test]
fn parse_gate_hides_no_corpus_finding() {
    let mut all = Vec::new();
    files(&crate::corpus_dir(), &mut all);
    let hidden: Vec<String> = all
        .iter()
        .filter(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
            ward_crypto::gate_misses(p, &text)
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(hidden.is_empty(), "{hidden:#?}");
}

#[test]
fn lookalikes_are_not_findings() {
    let mut all = Vec::new();
    files(&crate::corpus_dir().join("lookalike"), &mut all);
    assert!(all.len() >= 10);
    for p in all {
        let f = scan_bytes(&p, &std::fs::read(&p).unwrap());
        assert!(f.is_empty(), "{}: {f:#?}", p.display());
    }
}

#[test]
fn context_marks_comments_tests_and_docs() {
    use ward_crypto::CodeContext;
    let ctx = |rel: &str| {
        let p = crate::corpus_dir().join(rel);
        // Scanned by the relative path: the corpus itself lives under a `tests` directory.
        scan_bytes(Path::new(rel), &std::fs::read(&p).unwrap())
            .into_iter()
            .map(|f| f.context)
            .collect::<Vec<_>>()
    };
    assert_eq!(ctx("python/commented_out.py"), vec![CodeContext::Comment]);
    assert_eq!(ctx("python/tests/test_signing.py"), vec![CodeContext::Test]);
    assert!(
        ctx("docs/migration.md")
            .iter()
            .all(|c| *c == CodeContext::Doc)
    );
    assert_eq!(ctx("c/block_comment.c"), vec![CodeContext::Comment]);
    assert_eq!(ctx("go/rsa_2048.go"), vec![CodeContext::Code]);
    // Findings of the syntax layer (resolved through a loop) are marked like the line rules'.
    let t = ctx("python/service/tests/test_tokens.py");
    assert!(
        t.len() >= 4 && t.iter().all(|c| *c == CodeContext::Test),
        "{t:?}"
    );
}
