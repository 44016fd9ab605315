//! File kinds: which recognisers apply, how comments look, and whether a path is a test or doc.

use std::path::Path;

/// The language or file kind of a scanned file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Python.
    Python,
    /// Java or Kotlin.
    Java,
    /// Go.
    Go,
    /// C or C++.
    C,
    /// JavaScript or TypeScript.
    Js,
    /// Rust.
    Rust,
    /// C#.
    CSharp,
    /// PHP.
    Php,
    /// Ruby.
    Ruby,
    /// Configuration: openssl.cnf, nginx/apache/haproxy, YAML/TOML/INI/properties.
    Config,
    /// Documentation: every language's recognisers apply, findings marked `doc`.
    Doc,
    /// Anything else: only key material is looked for.
    Other,
}

impl Lang {
    /// Detects the kind from the file name.
    pub fn detect(path: &Path) -> Self {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "py" | "pyi" | "pyx" => Self::Python,
            "java" | "kt" | "kts" | "scala" | "groovy" => Self::Java,
            "go" => Self::Go,
            "c" | "h" | "cc" | "cpp" | "cxx" | "hpp" | "hh" | "hxx" | "m" | "mm" => Self::C,
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx" | "mts" | "cts" => Self::Js,
            "rs" => Self::Rust,
            "cs" => Self::CSharp,
            "php" => Self::Php,
            "rb" => Self::Ruby,
            "cnf" | "conf" | "cfg" | "yaml" | "yml" | "toml" | "ini" | "properties" | "env"
            | "json" => Self::Config,
            "md" | "rst" | "adoc" | "txt" | "markdown" => Self::Doc,
            _ => match name {
                "Caddyfile" | "haproxy.cfg" | "openssl.cnf" | "sshd_config" | "ssh_config" => {
                    Self::Config
                }
                _ => Self::Other,
            },
        }
    }

    /// A short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Python => "python",
            Self::Java => "java",
            Self::Go => "go",
            Self::C => "c",
            Self::Js => "javascript",
            Self::Rust => "rust",
            Self::CSharp => "csharp",
            Self::Php => "php",
            Self::Ruby => "ruby",
            Self::Config => "config",
            Self::Doc => "doc",
            Self::Other => "other",
        }
    }
}

/// Whether the path looks like test code.
pub fn is_test_path(path: &Path) -> bool {
    let s = path.to_string_lossy();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    s.split(['/', '\\']).any(|c| {
        matches!(
            c,
            "test" | "tests" | "testing" | "__tests__" | "testdata" | "spec"
        )
    }) || name.starts_with("test_")
        || name.contains("_test.")
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.ends_with("Test.java")
        || name.ends_with("Tests.cs")
        || name.ends_with("_spec.rb")
}

/// Whether the path looks like documentation.
pub fn is_doc_path(path: &Path) -> bool {
    path.components()
        .any(|c| matches!(c.as_os_str().to_str(), Some("doc" | "docs")))
}

/// Byte ranges of comments in `text`, sorted, for the given language.
pub fn comment_spans(lang: Lang, text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let (slash, hash) = match lang {
        Lang::C | Lang::Java | Lang::Go | Lang::Js | Lang::Rust | Lang::CSharp => (true, false),
        Lang::Php => (true, true),
        Lang::Python | Lang::Ruby | Lang::Config => (false, true),
        Lang::Doc | Lang::Other => return Vec::new(),
    };
    let strings = lang != Lang::Config;
    let mut spans = Vec::new();
    let mut i = 0;
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    while i < b.len() {
        let c = at(i);
        if slash && c == b'/' && at(i + 1) == b'/' || hash && c == b'#' {
            let end = memchr::memchr(b'\n', b.get(i..).unwrap_or(&[])).map_or(b.len(), |e| i + e);
            spans.push((i, end));
            i = end;
        } else if slash && c == b'/' && at(i + 1) == b'*' {
            let end = memchr::memmem::find(b.get(i + 2..).unwrap_or(&[]), b"*/")
                .map_or(b.len(), |e| i + 2 + e + 2);
            spans.push((i, end));
            i = end;
        } else if strings && (c == b'"' || c == b'\'' || c == b'`') {
            if lang == Lang::Rust && c == b'\'' {
                // Rust lifetimes and chars: skip a char literal only when it closes soon.
                i += 1;
                continue;
            }
            i += 1;
            while i < b.len() {
                let d = at(i);
                if d == b'\\' {
                    i += 2;
                    continue;
                }
                if d == c || (d == b'\n' && c != b'`' && lang != Lang::Python) {
                    break;
                }
                i += 1;
            }
            i += 1;
        } else {
            i += 1;
            // Most bytes open nothing: skip to the next that can open a comment or a string.
            while b.get(i).is_some_and(|c| !opens(*c)) {
                i += 1;
            }
        }
    }
    spans
}

/// Whether `c` can open a comment or a string in some language (`comment_spans`).
fn opens(c: u8) -> bool {
    matches!(c, b'/' | b'#' | b'"' | b'\'' | b'`')
}

/// Whether `offset` falls in one of the sorted `spans`.
pub fn in_spans(spans: &[(usize, usize)], offset: usize) -> bool {
    let idx = spans.partition_point(|(s, _)| *s <= offset);
    idx > 0 && spans.get(idx - 1).is_some_and(|(_, e)| offset < *e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_skip_strings() {
        let t = "x = \"// not\" // yes\n/* a\nb */ y";
        let s = comment_spans(Lang::C, t);
        assert_eq!(s.len(), 2);
        assert!(!in_spans(&s, 6));
        assert!(in_spans(&s, 15));
        assert!(in_spans(&s, 22));
        assert!(!in_spans(&s, t.len() - 1));
    }

    #[test]
    fn test_paths() {
        assert!(is_test_path(Path::new("src/tests/a.py")));
        assert!(is_test_path(Path::new("a/test_rsa.py")));
        assert!(is_test_path(Path::new("x/key_test.go")));
        assert!(!is_test_path(Path::new("src/attest.py")));
    }
}
