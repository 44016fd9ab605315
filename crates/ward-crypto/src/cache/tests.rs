//! The cache file's codec: round trips, and damage is always caught, never a panic.

use super::snapshot::{FileRec, Snapshot};
use super::stamp::{MISSING, Stamp};
use crate::finding::{CodeContext, Finding, Primitive, QuantumStatus, Severity};
use proptest::prelude::*;

fn finding(i: u32, full: bool) -> Finding {
    Finding {
        path: "src/a.py".to_owned(),
        line: i + 1,
        column: 3,
        algorithm: if full { "RSA-2048" } else { "MD5" }.to_owned(),
        family: if full { "RSA" } else { "MD5" }.to_owned(),
        primitive: if full {
            Primitive::Signature
        } else {
            Primitive::Hash
        },
        key_size: full.then_some(2048),
        curve: full.then(|| "P-256".to_owned()),
        mode: full.then(|| "gcm".to_owned()),
        padding: full.then(|| "oaep".to_owned()),
        status: if full {
            QuantumStatus::Vulnerable
        } else {
            QuantumStatus::Broken
        },
        severity: Severity::Critical,
        context: if full {
            CodeContext::Comment
        } else {
            CodeContext::Code
        },
        language: "python".to_owned(),
        rule: "python.rsa".to_owned(),
        snippet: format!("k = rsa.generate({i}) — ünïcode"),
        advice: "use ML-DSA".to_owned(),
        trail: if full {
            vec![crate::finding::TrailStep {
                path: "src/a.py".to_owned(),
                line: 3,
                code: "curve = ec.SECP384R1()".to_owned(),
            }]
        } else {
            Vec::new()
        },
    }
}

fn sample() -> (Snapshot, Vec<Finding>) {
    let mut s = Snapshot {
        ruleset: "r1".to_owned(),
        fingerprint: "opts".to_owned(),
        started_ns: 1_700_000_000_000_000_000,
        clean: true,
        files_seen: 3,
        bytes_seen: 99,
        ..Snapshot::default()
    };
    let fs: Vec<Finding> = (0..4).map(|i| finding(i, i % 2 == 0)).collect();
    for f in &fs {
        s.push_finding(f);
    }
    let path = s.strings.path("src/a.py");
    let stamp = Stamp {
        dev: 1,
        ino: 2,
        size: 3,
        mtime_ns: 4,
        ctime_ns: -5,
    };
    s.files.push(FileRec {
        path,
        stamp,
        hash: [7; 32],
        invalid_utf8: true,
        first: 0,
        len: 4,
    });
    let d = s.strings.path("src");
    s.watched.push((d, MISSING));
    (s, fs)
}

#[test]
fn round_trip_keeps_every_field() {
    let (s, fs) = sample();
    let bytes = s.encode();
    let back = Snapshot::decode(&bytes).unwrap();
    assert_eq!(back.ruleset, "r1");
    assert_eq!(back.fingerprint, "opts");
    assert_eq!(back.started_ns, s.started_ns);
    assert!(back.clean);
    assert_eq!((back.files_seen, back.bytes_seen), (3, 99));
    assert_eq!(back.all_findings(), fs);
    let rec = back.lookup("src/a.py").unwrap();
    assert_eq!(rec.stamp.ctime_ns, -5);
    assert!(rec.invalid_utf8);
    assert_eq!(rec.hash, [7; 32]);
    assert!(back.lookup("src/b.py").is_none());
    assert_eq!(back.watched.len(), 1);
}

#[test]
fn every_truncation_is_refused() {
    let bytes = sample().0.encode();
    for n in 0..bytes.len() {
        assert!(Snapshot::decode(&bytes[..n]).is_none(), "length {n}");
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Snapshot::decode(&bytes);
        let _ = Snapshot::other_format(&bytes);
    }

    #[test]
    fn a_flipped_byte_is_caught(at in any::<prop::sample::Index>(), bit in 0u8..8) {
        let mut bytes = sample().0.encode();
        let i = at.index(bytes.len());
        bytes[i] ^= 1 << bit;
        prop_assert!(Snapshot::decode(&bytes).is_none());
    }
}
