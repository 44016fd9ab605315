//! What a scan reports: one [`Finding`] per use of an algorithm, and the problems met on the way.

use serde::{Deserialize, Serialize};

/// Where a finding sits: real code, or text that only mentions the algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum CodeContext {
    /// Production code or configuration.
    Code,
    /// Inside a comment.
    Comment,
    /// In a test file or test directory.
    Test,
    /// In documentation.
    Doc,
}

/// How a quantum computer (or today's attacker) affects the algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum QuantumStatus {
    /// Already migrated: AES-256, SHA-384+, ML-KEM, ML-DSA, SLH-DSA, hybrids.
    Safe,
    /// Weakened by Grover's search: 128-bit symmetric, SHA-256.
    Weakened,
    /// Broken by Shor's algorithm: RSA, DSA, DH, ECDH, ECDSA, EdDSA, X25519.
    Vulnerable,
    /// Broken classically today: MD5, SHA-1, DES, 3DES, RC4, ECB, RSA < 2048.
    Broken,
}

impl QuantumStatus {
    /// The lowercase name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Weakened => "weakened",
            Self::Vulnerable => "vulnerable",
            Self::Broken => "broken",
        }
    }
}

/// How urgently a finding needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing to do.
    Info,
    /// Plan a migration.
    Low,
    /// Migrate before quantum computers arrive.
    Medium,
    /// Migrate now.
    High,
    /// Exploitable today.
    Critical,
}

/// The kind of cryptographic primitive, named as in CycloneDX.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Primitive {
    /// Digital signature.
    Signature,
    /// Public-key encryption.
    Pke,
    /// Key encapsulation.
    Kem,
    /// Key agreement.
    KeyAgree,
    /// Hash function.
    Hash,
    /// Block cipher.
    BlockCipher,
    /// Stream cipher.
    StreamCipher,
    /// Authenticated encryption.
    Ae,
    /// Message authentication code.
    Mac,
    /// Key derivation.
    Kdf,
}

impl Primitive {
    /// The CycloneDX enum value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signature => "signature",
            Self::Pke => "pke",
            Self::Kem => "kem",
            Self::KeyAgree => "key-agree",
            Self::Hash => "hash",
            Self::BlockCipher => "block-cipher",
            Self::StreamCipher => "stream-cipher",
            Self::Ae => "ae",
            Self::Mac => "mac",
            Self::Kdf => "kdf",
        }
    }
}

/// One use of a cryptographic algorithm in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The file, as given to or found by the scanner.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based byte column.
    pub column: u32,
    /// CycloneDX-style name with key size or curve, e.g. `RSA-2048`, `ECDSA-P256`, `MD5`.
    pub algorithm: String,
    /// The algorithm family, e.g. `RSA`, `ECDSA`, `AES`.
    pub family: String,
    /// The primitive.
    pub primitive: Primitive,
    /// Key size in bits, when the code or key says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_size: Option<u32>,
    /// Named curve, when visible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
    /// Block-cipher mode, when visible (lowercase, e.g. `gcm`, `ecb`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Padding, when visible (e.g. `pkcs1v15`, `oaep`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub padding: Option<String>,
    /// Quantum status.
    pub status: QuantumStatus,
    /// Severity.
    pub severity: Severity,
    /// Code, comment, test or doc.
    pub context: CodeContext,
    /// The language or file kind that was recognised.
    pub language: String,
    /// The recogniser that matched, e.g. `python.rsa-keygen`.
    pub rule: String,
    /// The line's text, trimmed and capped.
    pub snippet: String,
    /// What to migrate to.
    pub advice: String,
    /// Where the algorithm, key size or curve came from when the use does not spell it (a
    /// variable, constant, return value, parameter, container element), outermost first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trail: Vec<TrailStep>,
}

/// One step of a finding's resolution trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailStep {
    /// The file the value came from.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// That line's text, trimmed and capped.
    pub code: String,
}

impl Finding {
    /// A stable identity that survives line moves: used by `--baseline`.
    pub fn fingerprint(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.path, self.rule, self.algorithm, self.snippet
        )
    }
}

/// The kind of problem met while scanning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScanErrorKind {
    /// A root path that does not exist.
    NotFound,
    /// A file or directory that could not be read.
    Unreadable,
    /// A file over the size cap, skipped.
    TooLarge,
    /// A symbolic-link loop.
    SymlinkLoop,
    /// Content that is not valid UTF-8; scanned as bytes.
    InvalidUtf8,
    /// Any other walk problem.
    Walk,
}

/// A problem met while scanning; the scan goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanError {
    /// The path concerned.
    pub path: String,
    /// What went wrong.
    pub kind: ScanErrorKind,
    /// A lowercase message.
    pub message: String,
}
