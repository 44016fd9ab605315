//! One file's bytes to findings: the aho-corasick prefilter, then the per-language rules on the
//! lines the prefilter picked.

use crate::algo::{Algo, Profile};
use crate::finding::{CodeContext, Finding};
use crate::keys;
use crate::lang::{Lang, comment_spans, in_spans, is_doc_path, is_test_path};
use crate::rules::{self, Hit, Rule};
use crate::syntax;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use std::borrow::Cow;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

/// The rule set's version: bump when rules change so caches are invalidated.
pub const RULESET_VERSION: &str = concat!("ward-crypto-rules-2/", env!("CARGO_PKG_VERSION"));

/// Lines longer than this are matched in a window around the anchor, so a 100 MB single-line
/// file costs linear time.
const WINDOW: usize = 2048;

struct Compiled {
    rules: Vec<Rule>,
    /// Each rule's regex, compiled on the rule's first candidate line: a daemon judging a few
    /// writes builds the few rules they touch, not all of them.
    regexes: Vec<OnceLock<Option<Regex>>>,
    /// The anchors' overlapping search, built on the first candidate file: writes without crypto
    /// (most of what a daemon judges) never pay for its 0.7 MB.
    ac: OnceLock<Option<AhoCorasick>>,
    /// Pattern id → rule index.
    owner: Vec<usize>,
    patterns: Vec<&'static str>,
    /// The candidate gate: the distinct anchors split over SIMD (Teddy) searchers of at most
    /// 64 patterns each, several times faster than the DFA on files with no hit.
    gate: Vec<aho_corasick::packed::Searcher>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let rules = rules::all();
    let regexes = rules.iter().map(|_| OnceLock::new()).collect();
    let mut owner = Vec::new();
    let mut patterns = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        for a in r.anchors {
            owner.push(i);
            patterns.push(*a);
        }
    }
    // Anchors only the syntax layer needs (an import, a class name): they select a file for
    // parsing but run no line rule.
    for a in crate::syntax::ANCHORS {
        owner.push(usize::MAX);
        patterns.push(*a);
    }
    let mut distinct = patterns.clone();
    distinct.sort_unstable();
    distinct.dedup();
    // The few 3-byte anchors (`MD5`, `DH_`) in a searcher of their own, checked first: they are
    // the commonest, and alone they keep the other searchers on 4-byte fingerprints. The rest
    // in searchers of at most 64. On the workload (`scripts/crypto-bench-workload.sh`), this
    // gate read the text files in 0.30 s against 0.44 s for two alphabetical halves.
    let (short, long): (Vec<&str>, Vec<&str>) = distinct.iter().partition(|p| p.len() < 4);
    let per = long.len().div_ceil(long.len().div_ceil(64).max(1)).max(1);
    let chunks: Vec<&[&str]> = std::iter::once(short.as_slice())
        .filter(|s| !s.is_empty())
        .chain(long.chunks(per))
        .collect();
    let groups = chunks.len();
    let gate = chunks
        .into_iter()
        .filter_map(|chunk| {
            let mut b = aho_corasick::packed::Config::new()
                .heuristic_pattern_limits(false)
                .builder();
            b.extend(chunk.iter());
            b.build()
        })
        .collect::<Vec<_>>();
    // Without SIMD (or if a group cannot be packed) the gate falls back to the DFA.
    let gate = if gate.len() == groups {
        gate
    } else {
        Vec::new()
    };
    Compiled {
        rules,
        regexes,
        ac: OnceLock::new(),
        owner,
        patterns,
        gate,
    }
});

impl Compiled {
    /// The anchors' overlapping search. A full DFA: more than 64 patterns rule out the packed
    /// (Teddy) searcher, and the DFA is the fastest of the rest (a contiguous NFA, 0.7 MB smaller,
    /// made the workload scan 1.5× slower).
    fn ac(&self) -> Option<&AhoCorasick> {
        self.ac
            .get_or_init(|| {
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&self.patterns)
                    .ok()
            })
            .as_ref()
    }
}

/// The prefilter's literal patterns (for comparing with `rg -F -f`).
pub fn prefilter_patterns() -> Vec<&'static str> {
    let mut p = COMPILED.patterns.clone();
    p.sort_unstable();
    p.dedup();
    p
}

/// Whether any prefilter pattern occurs in `content` (the fast path of a scan).
pub fn is_candidate(content: &[u8]) -> bool {
    let c = &*COMPILED;
    if c.gate.is_empty() {
        return c.ac().is_some_and(|ac| ac.is_match(content));
    }
    c.gate.iter().any(|s| s.find(content).is_some())
}

/// Scans one file's content with the default profile. Pure: no I/O.
pub fn scan_bytes(path: &Path, content: &[u8]) -> Vec<Finding> {
    scan_bytes_with(path, content, Profile::Default)
}

/// Scans one file's content under a profile. Pure: no I/O.
pub fn scan_bytes_with(path: &Path, content: &[u8], profile: Profile) -> Vec<Finding> {
    scan_file(path, content, profile).findings
}

/// One file's findings, with what the walk counts about it.
pub(crate) struct Scanned {
    pub findings: Vec<Finding>,
    /// Whether the prefilter picked the file.
    pub candidate: bool,
    /// Whether a candidate was not UTF-8 (and was scanned through a lossy copy).
    pub invalid_utf8: bool,
}

/// [`scan_bytes_with`], telling the walk whether the file was a candidate and valid UTF-8, so
/// the walk need not run the gate or the UTF-8 check a second time.
pub(crate) fn scan_file(path: &Path, content: &[u8], profile: Profile) -> Scanned {
    if !is_candidate(content) {
        return Scanned {
            findings: der_file(path, content, profile),
            candidate: false,
            invalid_utf8: false,
        };
    }
    let (text, invalid_utf8): (Cow<'_, str>, bool) = match std::str::from_utf8(content) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(content), true),
    };
    Scanned {
        findings: scan_text(path, &text, Lang::detect(path), profile),
        candidate: true,
        invalid_utf8,
    }
}

/// A binary DER key or certificate (`.der`, `.cer`, `.crt`) is read whole.
fn der_file(path: &Path, content: &[u8], profile: Profile) -> Vec<Finding> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !matches!(ext.as_str(), "der" | "cer" | "crt" | "key" | "pub")
        || content.first() != Some(&0x30)
    {
        return Vec::new();
    }
    keys::der_any(content)
        .map(|a| {
            let ctx = if is_test_path(path) {
                CodeContext::Test
            } else {
                CodeContext::Code
            };
            vec![make(
                path,
                1,
                1,
                &a,
                "key.der",
                "der",
                ctx,
                "(binary DER)",
                profile,
            )]
        })
        .unwrap_or_default()
}

#[expect(
    clippy::too_many_arguments,
    reason = "one plain constructor, called from two places"
)]
fn make(
    path: &Path,
    line: u32,
    column: u32,
    a: &Algo,
    rule: &str,
    lang: &str,
    context: CodeContext,
    snippet: &str,
    profile: Profile,
) -> Finding {
    let mut snip: String = snippet.trim().chars().take(160).collect();
    if snip.len() < snippet.trim().len() {
        snip.push('…');
    }
    Finding {
        path: path.to_string_lossy().into_owned(),
        line,
        column,
        algorithm: a.name(),
        family: a.family_name().to_owned(),
        primitive: a.primitive_kind(),
        key_size: match a.family {
            crate::algo::Family::Sha2 | crate::algo::Family::Sha3 => None,
            _ => a.size,
        },
        curve: a.curve.clone(),
        mode: a.mode.clone(),
        padding: a.padding.clone(),
        status: a.status(profile),
        severity: a.severity(profile),
        context,
        language: lang.to_owned(),
        rule: rule.to_owned(),
        snippet: snip,
        advice: a.advice(profile),
        trail: Vec::new(),
    }
}

fn scan_text(path: &Path, text: &str, lang: Lang, profile: Profile) -> Vec<Finding> {
    let c = &*COMPILED;
    let Some(ac) = c.ac() else {
        return Vec::new();
    };
    let bytes = text.as_bytes();
    let test = is_test_path(path);
    let doc = lang == Lang::Doc || is_doc_path(path);
    let mut spans: Option<Vec<(usize, usize)>> = None;
    let mut out: Vec<Finding> = Vec::new();
    // (rule, window start) pairs already run, so several anchors on one line run a rule once.
    let mut done: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    let mut line_no = 1u32;
    let mut counted_to = 0usize;
    for m in ac.find_overlapping_iter(bytes) {
        let Some(&ri) = c.owner.get(m.pattern().as_usize()) else {
            continue;
        };
        let Some(rule) = c.rules.get(ri) else {
            continue;
        };
        if !rule.applies(lang) {
            continue;
        }
        let pos = m.start();
        let line_start =
            memchr::memrchr(b'\n', bytes.get(..pos).unwrap_or(&[])).map_or(0, |i| i + 1);
        let line_end =
            memchr::memchr(b'\n', bytes.get(pos..).unwrap_or(&[])).map_or(bytes.len(), |i| pos + i);
        if line_start >= counted_to {
            line_no += u32::try_from(
                memchr::memchr_iter(b'\n', bytes.get(counted_to..line_start).unwrap_or(&[]))
                    .count(),
            )
            .unwrap_or(0);
            counted_to = line_start;
        }
        let (ws, we) = if line_end - line_start > 4 * WINDOW {
            (
                floor(text, pos.saturating_sub(WINDOW).max(line_start)),
                ceil(text, (pos + WINDOW).min(line_end)),
            )
        } else {
            (line_start, line_end)
        };
        if !done.insert((ri, ws)) {
            continue;
        }
        // ASCII classes and word boundaries (`rules::compile`) keep every rule on regex's lazy
        // DFA and small; a Unicode `\b` would send non-ASCII lines to the slower engines.
        let Some(Some(re)) = c
            .regexes
            .get(ri)
            .map(|r| r.get_or_init(|| rules::compile(rule.re)))
        else {
            continue;
        };
        let Some(window) = text.get(ws..we) else {
            continue;
        };
        for caps in re.captures_iter(window) {
            let Some(m0) = caps.get(0) else { continue };
            let hit = Hit {
                text,
                line_start: ws,
            };
            let algos = (rule.build)(&caps, &hit);
            if algos.is_empty() {
                continue;
            }
            let at = ws + m0.start();
            let sp = spans.get_or_insert_with(|| comment_spans(lang, text));
            let context = if in_spans(sp, at) {
                CodeContext::Comment
            } else if doc {
                CodeContext::Doc
            } else if test {
                CodeContext::Test
            } else {
                CodeContext::Code
            };
            let col = u32::try_from(at - line_start + 1).unwrap_or(u32::MAX);
            let snippet = text.get(ws..we).unwrap_or("");
            for a in algos {
                out.push(make(
                    path,
                    line_no,
                    col,
                    &a,
                    rule.id,
                    lang.as_str(),
                    context,
                    snippet,
                    profile,
                ));
            }
        }
    }
    if syntax::supported(path, lang)
        && let Some(found) = syntax::scan(text, lang)
    {
        merge(path, text, lang, test, profile, found, &mut out);
    }
    dedup(out)
}

/// Adds the syntax layer's findings. Where both layers saw the same family on a line, the
/// syntax tree's reading wins: it resolved the values the line rule could only guess nearby.
fn merge(
    path: &Path,
    text: &str,
    lang: Lang,
    test: bool,
    profile: Profile,
    found: Vec<syntax::SynFinding>,
    out: &mut Vec<Finding>,
) {
    let covered: std::collections::HashSet<(u32, &'static str)> = found
        .iter()
        .map(|s| (s.line, s.algo.family_name()))
        .collect();
    out.retain(|f| {
        f.context == CodeContext::Comment || !covered.contains(&(f.line, f.family.as_str()))
    });
    let lines: Vec<&str> = text.lines().collect();
    let line_text = |n: u32| -> &str {
        lines
            .get(usize::try_from(n).unwrap_or(usize::MAX).wrapping_sub(1))
            .copied()
            .unwrap_or("")
    };
    let ctx = if test {
        CodeContext::Test
    } else {
        CodeContext::Code
    };
    let shown = path.to_string_lossy();
    for s in found {
        let mut f = make(
            path,
            s.line,
            s.col,
            &s.algo,
            s.rule,
            lang.as_str(),
            ctx,
            line_text(s.line),
            profile,
        );
        f.trail = s
            .trail
            .iter()
            .map(|l| crate::finding::TrailStep {
                path: shown.clone().into_owned(),
                line: *l,
                code: line_text(*l).trim().chars().take(160).collect(),
            })
            .collect();
        out.push(f);
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// One finding per line and algorithm; a bare family name (`RSA`) is dropped when the same line
/// has a parameterised one (`RSA-2048`).
fn dedup(mut v: Vec<Finding>) -> Vec<Finding> {
    let generic = |f: &Finding| f.algorithm == f.family;
    v.sort_by(|a, b| {
        (a.line, &a.family, generic(a), &a.algorithm, a.column).cmp(&(
            b.line,
            &b.family,
            generic(b),
            &b.algorithm,
            b.column,
        ))
    });
    let mut out: Vec<Finding> = Vec::with_capacity(v.len());
    for f in v {
        if let Some(last) = out.last()
            && last.line == f.line
            && last.family == f.family
            && (last.algorithm == f.algorithm || generic(&f))
        {
            continue;
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case(
        "a.py",
        "k = rsa.generate_private_key(public_exponent=65537, key_size=4096)",
        "RSA-4096"
    )]
    #[case("a.go", "k, _ := rsa.GenerateKey(rand.Reader, 1024)", "RSA-1024")]
    #[case(
        "A.java",
        "Cipher c = Cipher.getInstance(\"AES/ECB/PKCS5Padding\");",
        "AES"
    )]
    #[case("a.c", "RSA_generate_key_ex(r, 2048, e, NULL);", "RSA-2048")]
    #[case("a.ts", "const h = createHash('md5');", "MD5")]
    #[case("a.rs", "let k = Rsa::generate(3072)?;", "RSA-3072")]
    #[case("a.cs", "var r = RSA.Create(2048);", "RSA-2048")]
    #[case("a.php", "$h = md5($x);", "MD5")]
    #[case("a.rb", "k = OpenSSL::PKey::RSA.new(1024)", "RSA-1024")]
    #[case("nginx.conf", "ssl_ciphers RC4-MD5;", "RC4")]
    fn one_line_per_language(#[case] path: &str, #[case] line: &str, #[case] want: &str) {
        let f = scan_bytes(Path::new(path), line.as_bytes());
        assert!(f.iter().any(|f| f.algorithm == want), "{f:#?}");
    }

    #[test]
    fn ecb_is_broken_and_carries_mode() {
        let f = scan_bytes(
            Path::new("A.java"),
            b"Cipher.getInstance(\"AES/ECB/PKCS5Padding\")",
        );
        assert_eq!(f[0].mode.as_deref(), Some("ecb"));
        assert_eq!(f[0].status, crate::QuantumStatus::Broken);
    }

    /// Every group of the gate builds (a group over Teddy's limits would silently send every
    /// file to the slower DFA).
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn gate_is_simd() {
        assert!(!COMPILED.gate.is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The SIMD gate picks exactly the files the anchors' DFA would.
        #[test]
        fn gate_agrees_with_the_dfa(
            parts in proptest::collection::vec(
                (0..COMPILED.patterns.len() + 8, "[a-zA-Z_ .()=\n]{0,12}"), 0..6),
        ) {
            let text: String = parts
                .iter()
                .map(|(i, filler)| {
                    let p = COMPILED.patterns.get(*i).copied().unwrap_or("");
                    format!("{filler}{}", p.get(1..).unwrap_or(""))
                        + if i % 2 == 0 { p } else { "" }
                })
                .collect();
            let dfa = COMPILED.ac().unwrap().is_match(text.as_bytes());
            prop_assert_eq!(is_candidate(text.as_bytes()), dfa);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = scan_bytes(Path::new("x.py"), &bytes);
            let _ = scan_bytes(Path::new("x.der"), &bytes);
        }

        #[test]
        fn api_fragments_never_panic(s in "(rsa\\.generate_private_key\\(|key_size=|-----BEGIN |RSA_generate_key_ex\\(|getInstance\\(\"|[a-z0-9 ,()'\"\n]){0,40}") {
            for p in ["x.py", "x.c", "X.java", "x.js", "x.conf", "x.md"] {
                let _ = scan_bytes(Path::new(p), s.as_bytes());
            }
        }
    }
}
