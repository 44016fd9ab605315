//! The incremental cache: an unchanged tree is answered without a walk; every kind of change
//! (content with the same size and mtime, touch, rename, delete, new file, ignore rules) is seen;
//! damaged, foreign and other-options caches are ignored.

use rstest::rstest;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use ward_crypto::{Cache, Profile, Report, ScanOptions, scan_tree};

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    cache: PathBuf,
    walked: Arc<AtomicU64>,
}

impl Fixture {
    /// A small tree, old enough that its stamps are trusted (see `settle`).
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("t");
        std::fs::create_dir_all(root.join("sub/deep")).unwrap();
        for i in 0..10 {
            std::fs::write(
                root.join(format!("f{i}.py")),
                format!("h = hashlib.sha1(b'{i}')\n"),
            )
            .unwrap();
        }
        std::fs::write(root.join("sub/a.go"), "h := md5.New()\n").unwrap();
        std::fs::write(root.join("sub/deep/b.js"), "crypto.createHash('md5')\n").unwrap();
        std::fs::write(root.join("sub/plain.txt"), "nothing here\n").unwrap();
        let cache = dir.path().join("cache.bin");
        let f = Self {
            _dir: dir,
            root,
            cache,
            walked: Arc::default(),
        };
        settle();
        f
    }

    fn opts(&self) -> ScanOptions {
        let walked = self.walked.clone();
        ScanOptions {
            roots: vec![self.root.clone()],
            threads: 2,
            progress: Some(Arc::new(move || {
                walked.fetch_add(1, Ordering::Relaxed);
            })),
            ..ScanOptions::default()
        }
    }

    /// Load, scan, save — what `ward scan` does. Returns the report and whether it walked.
    fn scan_with(&self, opts: &ScanOptions) -> (Report, bool) {
        self.walked.store(0, Ordering::Relaxed);
        let c = Cache::load(&self.cache, ward_crypto::RULESET_VERSION);
        assert_eq!(c.warning(), None);
        let r = scan_tree(opts, &c);
        c.save(ward_crypto::RULESET_VERSION).unwrap();
        (r, self.walked.load(Ordering::Relaxed) > 0)
    }

    fn scan(&self) -> (Report, bool) {
        self.scan_with(&self.opts())
    }

    fn cold(&self, opts: &ScanOptions) -> Report {
        scan_tree(opts, &Cache::disabled())
    }
}

/// Timestamps tick coarsely, so a file written in the same tick as a scan is re-read by the next
/// one; tests wait past that window before the scan whose cache they rely on.
fn settle() {
    std::thread::sleep(Duration::from_millis(150));
}

fn same(a: &Report, b: &Report) {
    assert_eq!(a.findings, b.findings);
    assert_eq!(a.errors, b.errors);
    assert_eq!(a.summary, b.summary);
    assert_eq!(a.stats.files, b.stats.files);
}

#[test]
fn an_unchanged_tree_is_answered_without_a_walk() {
    let f = Fixture::new();
    let (first, walked) = f.scan();
    assert!(walked);
    assert_eq!(first.stats.files_read, 13);
    let (second, walked) = f.scan();
    assert!(!walked, "no directory listed, no file opened");
    assert_eq!(second.stats.files_read, 0);
    assert_eq!(second.stats.cache_hits, 13);
    same(&second, &first);
    same(&second, &f.cold(&f.opts()));
}

fn write_same_size_keep_mtime(p: &Path) {
    let before = std::fs::metadata(p).unwrap();
    let old = std::fs::read(p).unwrap();
    let new = b"h = hashlib.md5(b'12')\n";
    assert_eq!(old.len(), new.len(), "the edit keeps the size");
    std::fs::write(p, new).unwrap();
    // Put the mtime back, as `touch -r` or an archive tool would: only ctime tells.
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(before.modified().unwrap()).unwrap();
}

#[rstest]
#[case::content_same_size_same_mtime(1, |r: &Path| write_same_size_keep_mtime(&r.join("f3.py")))]
#[case::touch(1, |r: &Path| {
    let f = std::fs::File::options().write(true).open(r.join("f4.py")).unwrap();
    f.set_modified(std::time::SystemTime::now()).unwrap();
})]
#[case::rename(1, |r: &Path| std::fs::rename(r.join("f5.py"), r.join("renamed.py")).unwrap())]
#[case::rename_into_subdir(1, |r: &Path| std::fs::rename(r.join("f5.py"), r.join("sub/deep/f5.py")).unwrap())]
#[case::delete(0, |r: &Path| std::fs::remove_file(r.join("sub/deep/b.js")).unwrap())]
#[case::new_file(1, |r: &Path| std::fs::write(r.join("new.py"), "x = hashlib.md5()\n").unwrap())]
#[case::new_file_deep(1, |r: &Path| std::fs::write(r.join("sub/deep/new.rb"), "OpenSSL::PKey::RSA.new(1024)\n").unwrap())]
#[case::append(1, |r: &Path| {
    use std::io::Write as _;
    let mut f = std::fs::File::options().append(true).open(r.join("sub/a.go")).unwrap();
    f.write_all(b"k, _ := rsa.GenerateKey(rand.Reader, 1024)\n").unwrap();
})]
#[case::new_gitignore(0, |r: &Path| std::fs::write(r.join("sub/.gitignore"), "a.go\n").unwrap())]
#[case::gitignore_edited_in_place(1, |r: &Path| {
    std::fs::write(r.join(".gitignore"), "nothing\n").unwrap();
})]
#[case::symlink_swapped_in(1, |r: &Path| {
    std::fs::remove_file(r.join("f6.py")).unwrap();
    std::os::unix::fs::symlink(r.join("f7.py"), r.join("f6.py")).unwrap();
})]
fn every_change_is_seen(#[case] reads: u64, #[case] change: fn(&Path)) {
    let f = Fixture::new();
    // An ignore file that exists before the first scan, for the in-place edit case.
    std::fs::write(f.root.join(".gitignore"), "f9.py\n").unwrap();
    settle();
    f.scan();
    change(&f.root);
    // (Past the tick, so the count below is only what changed, not what is merely recent.)
    settle();
    let (r, walked) = f.scan();
    assert!(walked);
    assert_eq!(r.stats.files_read, reads, "only what changed is read");
    same(&r, &f.cold(&f.opts()));
    // And the saved cache stands for the new tree.
    let (again, walked) = f.scan();
    assert!(!walked);
    same(&again, &r);
}

#[test]
fn files_written_just_before_a_scan_are_read_again() {
    let f = Fixture::new();
    std::fs::write(f.root.join("f1.py"), "h = hashlib.md5(b'1')\n").unwrap();
    // No settle: f1's stamp is as new as the scan, so a same-tick edit could hide behind it.
    f.scan();
    let (r, walked) = f.scan();
    assert!(walked);
    assert!(r.stats.files_read >= 1);
    same(&r, &f.cold(&f.opts()));
}

#[test]
fn errors_are_replayed_and_a_walk_error_disables_the_shortcut() {
    let f = Fixture::new();
    std::fs::write(f.root.join("latin1.py"), b"x = hashlib.sha1(b'\xff')\n").unwrap();
    std::fs::write(f.root.join("big.js"), vec![b'a'; 5000]).unwrap();
    settle();
    let opts = ScanOptions {
        max_filesize: 4096,
        ..f.opts()
    };
    let (first, _) = f.scan_with(&opts);
    assert_eq!(first.errors.len(), 2, "{:?}", first.errors);
    let (second, walked) = f.scan_with(&opts);
    assert!(!walked);
    same(&second, &first);
    // Shrinking the too-large file brings it back.
    std::fs::write(f.root.join("big.js"), "crypto.createHash('sha1')\n").unwrap();
    let (third, _) = f.scan_with(&opts);
    same(&third, &f.cold(&opts));
    assert_eq!(third.errors.len(), 1);

    // A symlink loop is a walk error: the walk runs every time, and answers from the cache.
    std::os::unix::fs::symlink(&f.root, f.root.join("sub/loop")).unwrap();
    settle();
    f.scan_with(&opts);
    let (r, walked) = f.scan_with(&opts);
    assert!(walked);
    assert_eq!(r.stats.files_read, 0);
    same(&r, &f.cold(&opts));
}

#[rstest]
#[case::garbage(b"not a cache at all".to_vec())]
#[case::empty(Vec::new())]
#[case::truncated_magic(b"WARDSC".to_vec())]
fn a_damaged_cache_is_ignored_with_a_warning(#[case] bytes: Vec<u8>) {
    let f = Fixture::new();
    std::fs::write(&f.cache, bytes).unwrap();
    let c = Cache::load(&f.cache, ward_crypto::RULESET_VERSION);
    assert!(c.warning().unwrap().contains("damaged"));
    let r = scan_tree(&f.opts(), &c);
    same(&r, &f.cold(&f.opts()));
    c.save(ward_crypto::RULESET_VERSION).unwrap();
    // Rebuilt: the next load is clean and answers without a walk.
    let (_, walked) = f.scan();
    assert!(!walked);
}

#[test]
fn every_damaged_byte_and_truncation_is_caught() {
    let f = Fixture::new();
    f.scan();
    let good = std::fs::read(&f.cache).unwrap();
    let step = (good.len() / 97).max(1);
    for i in (0..good.len()).step_by(step) {
        let mut bad = good.clone();
        bad[i] ^= 0x5a;
        std::fs::write(&f.cache, &bad).unwrap();
        let c = Cache::load(&f.cache, ward_crypto::RULESET_VERSION);
        // The format version's bytes read as another version: ignored quietly.
        assert_eq!(c.warning().is_some(), !(8..12).contains(&i), "byte {i}");
        same(&scan_tree(&f.opts(), &c), &f.cold(&f.opts()));
        std::fs::write(&f.cache, &good[..i]).unwrap();
        let c = Cache::load(&f.cache, ward_crypto::RULESET_VERSION);
        assert!(c.warning().is_some(), "truncated at {i}");
        same(&scan_tree(&f.opts(), &c), &f.cold(&f.opts()));
    }
}

#[test]
fn a_cache_from_another_version_or_with_other_options_is_not_used() {
    let f = Fixture::new();
    f.scan();
    // Another rule set.
    let c = Cache::load(&f.cache, "other-rules");
    assert_eq!(c.warning(), None);
    assert_eq!(scan_tree(&f.opts(), &c).stats.cache_hits, 0);
    // Another format version, or the JSON cache of an older ward: quietly ignored.
    for bytes in [
        b"WARDSCN\0\x63\0\0\0rest".to_vec(),
        b"{\"ruleset\":\"x\"}".to_vec(),
    ] {
        let tmp = f.cache.with_extension("other");
        std::fs::write(&tmp, bytes).unwrap();
        let c = Cache::load(&tmp, ward_crypto::RULESET_VERSION);
        assert_eq!(c.warning(), None);
        assert_eq!(scan_tree(&f.opts(), &c).stats.cache_hits, 0);
    }
    // Another profile: statuses differ, so nothing cached is reused.
    f.scan();
    let cnsa = ScanOptions {
        profile: Profile::Cnsa2,
        ..f.opts()
    };
    let (r, walked) = f.scan_with(&cnsa);
    assert!(walked);
    assert_eq!(r.stats.cache_hits, 0);
    same(&r, &f.cold(&cnsa));
    // Another exclude set.
    let excl = ScanOptions {
        excludes: vec!["sub".to_owned()],
        ..f.opts()
    };
    let (r, walked) = f.scan_with(&excl);
    assert!(walked);
    same(&r, &f.cold(&excl));
}

#[test]
fn a_worktree_git_file_is_followed_to_its_exclude_file() {
    let f = Fixture::new();
    // `.git` as a linked worktree has it: a file naming the git dir, whose `commondir` names
    // the directory with `info/exclude`.
    let git = f.root.parent().unwrap().join("gitdirs");
    std::fs::create_dir_all(git.join("wt")).unwrap();
    std::fs::create_dir_all(git.join("common/info")).unwrap();
    std::fs::write(git.join("wt/commondir"), "../common\n").unwrap();
    std::fs::write(git.join("common/info/exclude"), "f1.py\n").unwrap();
    std::fs::write(
        f.root.join(".git"),
        format!("gitdir: {}\n", git.join("wt").display()),
    )
    .unwrap();
    settle();
    let (first, _) = f.scan();
    assert!(!first.findings.iter().any(|x| x.path.ends_with("f1.py")));
    let (second, walked) = f.scan();
    assert!(!walked, "a worktree still gets the shortcut");
    same(&second, &first);
    // Editing the shared exclude file in place is seen.
    std::fs::write(git.join("common/info/exclude"), "f2.py\n").unwrap();
    let (third, walked) = f.scan();
    assert!(walked);
    same(&third, &f.cold(&f.opts()));
    assert!(third.findings.iter().any(|x| x.path.ends_with("f1.py")));
    assert!(!third.findings.iter().any(|x| x.path.ends_with("f2.py")));
}
