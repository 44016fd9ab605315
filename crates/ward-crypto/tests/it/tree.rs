//! Tree scans: bad input, ignore rules, the incremental cache, baselines.

use std::path::PathBuf;
use ward_crypto::{Cache, ScanErrorKind, ScanOptions, scan_tree};

fn opts(root: PathBuf) -> ScanOptions {
    ScanOptions {
        roots: vec![root],
        threads: 2,
        ..ScanOptions::default()
    }
}

#[test]
fn bad_input_is_reported_once_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("good.py"),
        "import hashlib\nh = hashlib.md5(b'x')\n",
    )
    .unwrap();
    let mut bad = b"x = hashlib.sha1(b'\xff\xfe')\n".to_vec();
    bad.extend_from_slice(b"\xc3\x28 more\n");
    std::fs::write(root.join("latin1.py"), bad).unwrap();
    // A big single-line file over a small cap.
    std::fs::write(root.join("big.js"), vec![b'a'; 300_000]).unwrap();
    std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
    let locked = root.join("locked.py");
    std::fs::write(&locked, "hashlib.md5()").unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let can_read_anyway = std::fs::read(&locked).is_ok(); // root ignores permissions
    let mut o = opts(root.to_owned());
    o.max_filesize = 100_000;
    o.roots.push(root.join("does-not-exist"));
    let r = scan_tree(&o, &Cache::disabled());
    let kinds = |k| r.errors.iter().filter(|e| e.kind == k).count();
    assert_eq!(kinds(ScanErrorKind::NotFound), 1, "{:#?}", r.errors);
    assert_eq!(kinds(ScanErrorKind::TooLarge), 1, "{:#?}", r.errors);
    assert_eq!(kinds(ScanErrorKind::SymlinkLoop), 1, "{:#?}", r.errors);
    assert_eq!(kinds(ScanErrorKind::InvalidUtf8), 1, "{:#?}", r.errors);
    if !can_read_anyway {
        assert_eq!(kinds(ScanErrorKind::Unreadable), 1, "{:#?}", r.errors);
    }
    let algos: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| !f.path.contains("locked"))
        .map(|f| f.algorithm.as_str())
        .collect();
    assert_eq!(algos, vec!["MD5", "SHA-1"]);
}

#[test]
fn huge_single_line_is_scanned_in_windows() {
    let mut big = vec![b'x'; 5_000_000];
    big.extend_from_slice(b" hashlib.md5(data) ");
    big.extend(vec![b'y'; 5_000_000]);
    let f = ward_crypto::scan_bytes(std::path::Path::new("min.py"), &big);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].algorithm, "MD5");
    assert!(f[0].snippet.len() < 400);
}

#[test]
fn gitignore_hidden_and_exclude_are_respected() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
    for d in ["ignored", ".hidden", "vendor", "src"] {
        std::fs::create_dir(root.join(d)).unwrap();
        std::fs::write(root.join(d).join("a.go"), "x := md5.Sum(b)\n").unwrap();
    }
    let mut o = opts(root.to_owned());
    o.excludes = vec!["vendor/**".to_owned()];
    let r = scan_tree(&o, &Cache::disabled());
    let paths: Vec<&str> = r.findings.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("src/a.go"));
    o.no_ignore = true;
    o.hidden = true;
    o.excludes.clear();
    assert_eq!(scan_tree(&o, &Cache::disabled()).findings.len(), 4);
}

#[test]
fn unchanged_rescan_reads_only_metadata_and_a_change_is_rescanned_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("t");
    std::fs::create_dir(&root).unwrap();
    for i in 0..20 {
        std::fs::write(
            root.join(format!("f{i}.py")),
            format!("h{i} = hashlib.sha1(b'')\n"),
        )
        .unwrap();
    }
    // Past the timestamp tick: files written in the scan's own tick are always re-read.
    std::thread::sleep(std::time::Duration::from_millis(150));
    let cache_path = dir.path().join("cache.bin");
    let first = scan_tree(
        &opts(root.clone()),
        &Cache::load(&cache_path, ward_crypto::RULESET_VERSION),
    );
    // The caller saves; emulate the CLI.
    let c = Cache::load(&cache_path, ward_crypto::RULESET_VERSION);
    let _ = scan_tree(&opts(root.clone()), &c);
    c.save(ward_crypto::RULESET_VERSION).unwrap();
    let c = Cache::load(&cache_path, ward_crypto::RULESET_VERSION);
    let second = scan_tree(&opts(root.clone()), &c);
    c.save(ward_crypto::RULESET_VERSION).unwrap();
    assert_eq!(second.stats.files_read, 0);
    assert_eq!(second.stats.cache_hits, 20);
    assert_eq!(second.findings, first.findings);
    std::fs::write(root.join("f3.py"), "h = hashlib.md5(b'')\n").unwrap();
    let c = Cache::load(&cache_path, ward_crypto::RULESET_VERSION);
    let third = scan_tree(&opts(root.clone()), &c);
    assert_eq!(third.stats.files_read, 1);
    assert!(third.findings.iter().any(|f| f.algorithm == "MD5"));
    // Another rule set invalidates everything.
    let other = Cache::load(&cache_path, "other-rules");
    assert_eq!(scan_tree(&opts(root), &other).stats.cache_hits, 0);
}

#[test]
fn baseline_keeps_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.py"), "hashlib.md5(b'')\n").unwrap();
    let r1 = scan_tree(&opts(dir.path().to_owned()), &Cache::disabled());
    let json = serde_json::to_vec(&r1).unwrap();
    std::fs::write(
        dir.path().join("a.py"),
        "\n\nhashlib.md5(b'')\nhashlib.sha1(b'')\n",
    )
    .unwrap();
    let mut r2 = scan_tree(&opts(dir.path().to_owned()), &Cache::disabled());
    ward_crypto::baseline_filter(&mut r2, &ward_crypto::load_baseline(&json).unwrap());
    let algos: Vec<&str> = r2.findings.iter().map(|f| f.algorithm.as_str()).collect();
    assert_eq!(algos, vec!["SHA-1"]);
}
