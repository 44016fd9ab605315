//! The algorithm catalogue: what a recogniser saw ([`Algo`]) becomes a named, classified finding.

use crate::finding::{Primitive, QuantumStatus, Severity};

/// A recognised algorithm family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Family {
    Rsa,
    Dsa,
    Dh,
    Ecdh,
    Ecdsa,
    Ed25519,
    Ed448,
    X25519,
    X448,
    Md4,
    Md5,
    Sha1,
    Sha2,
    Sha3,
    Des,
    TripleDes,
    Rc4,
    Rc2,
    Blowfish,
    Aes,
    ChaCha20,
    MlKem,
    MlDsa,
    SlhDsa,
    HybridKem,
}

/// The security profile findings are judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// NIST's post-quantum guidance.
    #[default]
    Default,
    /// NSA CNSA 2.0: ML-KEM-1024, ML-DSA-87, AES-256, SHA-384+.
    Cnsa2,
}

/// What a recogniser saw: a family plus whatever parameters the code shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Algo {
    /// The family.
    pub family: Family,
    /// Key size in bits (or the hash/parameter size for SHA-2/3, ML-KEM, ML-DSA).
    pub size: Option<u32>,
    /// Normalised curve name: `P256`, `P384`, `P521`, `secp256k1`, `brainpoolP256r1`.
    pub curve: Option<String>,
    /// Lowercase mode.
    pub mode: Option<String>,
    /// Lowercase padding.
    pub padding: Option<String>,
    /// Overrides the family's default primitive (e.g. RSA used for encryption).
    pub primitive: Option<Primitive>,
}

impl Algo {
    /// A bare family.
    pub fn new(family: Family) -> Self {
        Self {
            family,
            size: None,
            curve: None,
            mode: None,
            padding: None,
            primitive: None,
        }
    }
    /// With a key size.
    pub fn size(mut self, size: Option<u32>) -> Self {
        self.size = size;
        self
    }
    /// With a curve (normalised).
    pub fn curve(mut self, curve: Option<&str>) -> Self {
        self.curve = curve.and_then(normalize_curve);
        self
    }
    /// With a mode.
    pub fn mode(mut self, mode: Option<&str>) -> Self {
        self.mode = mode.map(str::to_ascii_lowercase);
        self
    }
    /// With a padding.
    pub fn padding(mut self, padding: &str) -> Self {
        self.padding = Some(padding.to_owned());
        self
    }
    /// With a primitive.
    pub fn primitive(mut self, p: Primitive) -> Self {
        self.primitive = Some(p);
        self
    }

    /// The family's display name.
    pub fn family_name(&self) -> &'static str {
        match self.family {
            Family::Rsa => "RSA",
            Family::Dsa => "DSA",
            Family::Dh => "DH",
            Family::Ecdh => "ECDH",
            Family::Ecdsa => "ECDSA",
            Family::Ed25519 => "Ed25519",
            Family::Ed448 => "Ed448",
            Family::X25519 => "X25519",
            Family::X448 => "X448",
            Family::Md4 => "MD4",
            Family::Md5 => "MD5",
            Family::Sha1 => "SHA-1",
            Family::Sha2 => "SHA-2",
            Family::Sha3 => "SHA-3",
            Family::Des => "DES",
            Family::TripleDes => "3DES",
            Family::Rc4 => "RC4",
            Family::Rc2 => "RC2",
            Family::Blowfish => "Blowfish",
            Family::Aes => "AES",
            Family::ChaCha20 => "ChaCha20",
            Family::MlKem => "ML-KEM",
            Family::MlDsa => "ML-DSA",
            Family::SlhDsa => "SLH-DSA",
            Family::HybridKem => "X25519MLKEM768",
        }
    }

    /// The CycloneDX-style name with size or curve: `RSA-2048`, `ECDSA-P256`, `SHA-256`, `AES-128`.
    pub fn name(&self) -> String {
        let fam = self.family_name();
        match (self.family, self.size, &self.curve) {
            (Family::Sha2, Some(n), _) => format!("SHA-{n}"),
            (Family::Sha2, None, _) => "SHA-2".to_owned(),
            (Family::Sha3, Some(n), _) => format!("SHA3-{n}"),
            (Family::Ecdsa | Family::Ecdh, _, Some(c)) => format!("{fam}-{c}"),
            (
                Family::Rsa
                | Family::Dsa
                | Family::Dh
                | Family::Aes
                | Family::MlKem
                | Family::MlDsa,
                Some(n),
                _,
            ) => {
                format!("{fam}-{n}")
            }
            _ => fam.to_owned(),
        }
    }

    /// The name including mode, used for CBOM components: `AES-128-GCM`.
    pub fn full_name(&self) -> String {
        match &self.mode {
            Some(m) => format!("{}-{}", self.name(), m.to_ascii_uppercase()),
            None => self.name(),
        }
    }

    /// The primitive.
    pub fn primitive_kind(&self) -> Primitive {
        if let Some(p) = self.primitive {
            return p;
        }
        match self.family {
            Family::Rsa
            | Family::Dsa
            | Family::Ecdsa
            | Family::Ed25519
            | Family::Ed448
            | Family::MlDsa
            | Family::SlhDsa => Primitive::Signature,
            Family::Dh | Family::Ecdh | Family::X25519 | Family::X448 => Primitive::KeyAgree,
            Family::Md4 | Family::Md5 | Family::Sha1 | Family::Sha2 | Family::Sha3 => {
                Primitive::Hash
            }
            Family::Des | Family::TripleDes | Family::Rc2 | Family::Blowfish => {
                Primitive::BlockCipher
            }
            Family::Aes => match self.mode.as_deref() {
                Some("gcm" | "ccm") => Primitive::Ae,
                _ => Primitive::BlockCipher,
            },
            Family::Rc4 => Primitive::StreamCipher,
            Family::ChaCha20 => Primitive::Ae,
            Family::MlKem | Family::HybridKem => Primitive::Kem,
        }
    }

    /// Classical security in bits, where known.
    pub fn classical_bits(&self) -> Option<u32> {
        match self.family {
            Family::Rsa | Family::Dsa | Family::Dh => self.size.map(|n| match n {
                0..=1023 => 64,
                1024..=2047 => 80,
                2048..=3071 => 112,
                3072..=7679 => 128,
                7680..=15359 => 192,
                _ => 256,
            }),
            Family::Ecdsa | Family::Ecdh => match self.curve.as_deref() {
                Some("P256" | "secp256k1" | "brainpoolP256r1") => Some(128),
                Some("P384" | "brainpoolP384r1") => Some(192),
                Some("P521" | "brainpoolP512r1") => Some(256),
                Some("P224") => Some(112),
                _ => None,
            },
            Family::Ed25519 | Family::X25519 => Some(128),
            Family::Ed448 | Family::X448 => Some(224),
            Family::Md4 | Family::Md5 | Family::Sha1 => Some(0),
            Family::Sha2 | Family::Sha3 => self.size.map(|n| n / 2),
            Family::Des => Some(56),
            Family::TripleDes => Some(112),
            Family::Rc4 | Family::Rc2 | Family::Blowfish => Some(0),
            Family::Aes => self.size,
            Family::ChaCha20 => Some(256),
            Family::MlKem | Family::MlDsa | Family::SlhDsa | Family::HybridKem => None,
        }
    }

    /// NIST post-quantum security category (0 for Shor-broken algorithms).
    pub fn nist_quantum_level(&self) -> u32 {
        match self.family {
            Family::Aes => match self.size {
                Some(256) => 5,
                Some(192) => 3,
                Some(128) => 1,
                _ => 0,
            },
            Family::Sha2 | Family::Sha3 => match self.size {
                Some(384) => 4,
                Some(512) => 5,
                Some(256) => 2,
                _ => 0,
            },
            Family::ChaCha20 => 5,
            Family::MlKem => match self.size {
                Some(512) => 1,
                Some(768) => 3,
                Some(1024) => 5,
                _ => 1,
            },
            Family::MlDsa => match self.size {
                Some(44) => 2,
                Some(65) => 3,
                Some(87) => 5,
                _ => 2,
            },
            Family::SlhDsa => 1,
            Family::HybridKem => 3,
            _ => 0,
        }
    }

    /// Quantum status under a profile.
    pub fn status(&self, profile: Profile) -> QuantumStatus {
        if self.mode.as_deref() == Some("ecb") {
            return QuantumStatus::Broken;
        }
        let cnsa = profile == Profile::Cnsa2;
        match self.family {
            Family::Rsa | Family::Dsa | Family::Dh => match self.size {
                Some(n) if n < 2048 => QuantumStatus::Broken,
                _ => QuantumStatus::Vulnerable,
            },
            Family::Ecdh
            | Family::Ecdsa
            | Family::Ed25519
            | Family::Ed448
            | Family::X25519
            | Family::X448 => QuantumStatus::Vulnerable,
            Family::Md4
            | Family::Md5
            | Family::Sha1
            | Family::Des
            | Family::TripleDes
            | Family::Rc4
            | Family::Rc2 => QuantumStatus::Broken,
            Family::Blowfish => QuantumStatus::Broken,
            Family::Aes => match self.size {
                Some(256) => QuantumStatus::Safe,
                _ => QuantumStatus::Weakened,
            },
            Family::Sha2 | Family::Sha3 => match self.size {
                Some(n) if n >= 384 => QuantumStatus::Safe,
                _ => QuantumStatus::Weakened,
            },
            Family::ChaCha20 | Family::SlhDsa => QuantumStatus::Safe,
            Family::MlKem if cnsa && self.size != Some(1024) => QuantumStatus::Weakened,
            Family::MlDsa if cnsa && self.size != Some(87) => QuantumStatus::Weakened,
            Family::HybridKem if cnsa => QuantumStatus::Weakened,
            Family::MlKem | Family::MlDsa | Family::HybridKem => QuantumStatus::Safe,
        }
    }

    /// Severity follows status.
    pub fn severity(&self, profile: Profile) -> Severity {
        match self.status(profile) {
            QuantumStatus::Broken => Severity::Critical,
            QuantumStatus::Vulnerable => Severity::High,
            QuantumStatus::Weakened => Severity::Medium,
            QuantumStatus::Safe => Severity::Info,
        }
    }

    /// What to migrate to.
    pub fn advice(&self, profile: Profile) -> String {
        let cnsa = profile == Profile::Cnsa2;
        let kem = if cnsa {
            "ML-KEM-1024"
        } else {
            "ML-KEM-768 (or hybrid X25519MLKEM768)"
        };
        let sig = if cnsa {
            "ML-DSA-87"
        } else {
            "ML-DSA-65 or SLH-DSA"
        };
        if self.mode.as_deref() == Some("ecb") {
            return "ecb leaks plaintext patterns: use AES-256-GCM".to_owned();
        }
        match self.primitive_kind() {
            Primitive::Signature if self.status(profile) == QuantumStatus::Safe => {
                "already post-quantum".to_owned()
            }
            Primitive::Signature => format!("migrate signatures to {sig}"),
            Primitive::KeyAgree | Primitive::Pke => format!("migrate key establishment to {kem}"),
            Primitive::Kem if self.status(profile) == QuantumStatus::Safe => {
                "already post-quantum".to_owned()
            }
            Primitive::Kem => format!("use {kem}"),
            Primitive::Hash | Primitive::Mac | Primitive::Kdf => match self.status(profile) {
                QuantumStatus::Safe => "adequate".to_owned(),
                _ => "use SHA-384 or SHA-512 (SHA3-384 where required)".to_owned(),
            },
            Primitive::BlockCipher | Primitive::StreamCipher | Primitive::Ae => {
                match self.status(profile) {
                    QuantumStatus::Safe => "adequate".to_owned(),
                    _ => "use AES-256-GCM".to_owned(),
                }
            }
        }
    }
}

/// Normalises curve spellings from all ecosystems to one name.
pub fn normalize_curve(raw: &str) -> Option<String> {
    let l: String = raw
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let l = l.trim_start_matches("nid").trim_start_matches("ecgroup");
    let name = match l {
        "p256" | "secp256r1" | "prime256v1" | "x962prime256v1" | "nistp256"
        | "ecdsasha2nistp256" => "P256",
        "p384" | "secp384r1" | "nistp384" | "ecdsasha2nistp384" => "P384",
        "p521" | "secp521r1" | "nistp521" | "ecdsasha2nistp521" => "P521",
        "p224" | "secp224r1" | "nistp224" => "P224",
        "secp256k1" | "k256" => "secp256k1",
        "brainpoolp256r1" => "brainpoolP256r1",
        "brainpoolp384r1" => "brainpoolP384r1",
        "brainpoolp512r1" => "brainpoolP512r1",
        _ => return None,
    };
    Some(name.to_owned())
}

/// Parses an OpenSSL-style cipher name (`aes-128-cbc`, `des-ede3-cbc`, `rc4`, `bf-cbc`, `chacha20-poly1305`).
pub fn parse_cipher_name(raw: &str) -> Option<Algo> {
    let l = raw.to_ascii_lowercase().replace('_', "-");
    let parts: Vec<&str> = l.split('-').collect();
    let mode_of = |s: &str| {
        ["cbc", "ecb", "gcm", "ctr", "cfb", "ofb", "ccm"]
            .iter()
            .find(|m| s.contains(*m))
            .map(|m| (*m).to_owned())
    };
    let first = parts.first().copied().unwrap_or("");
    let algo = if first == "aes" || first.starts_with("aes") {
        let size = parts
            .iter()
            .find_map(|p| p.parse::<u32>().ok())
            .or_else(|| first.trim_start_matches("aes").parse().ok());
        let mut a = Algo::new(Family::Aes).size(size);
        a.mode = parts.iter().skip(1).find_map(|p| mode_of(p));
        a
    } else if l.starts_with("des-ede3")
        || l.starts_with("des3")
        || l.starts_with("3des")
        || l.starts_with("des-ede")
        || l.starts_with("desede")
        || l.starts_with("tripledes")
    {
        let mut a = Algo::new(Family::TripleDes);
        a.mode = parts.iter().skip(1).find_map(|p| mode_of(p));
        a
    } else if first == "des" {
        let mut a = Algo::new(Family::Des);
        a.mode = parts.iter().skip(1).find_map(|p| mode_of(p));
        a
    } else if first.starts_with("rc4") || first == "arcfour" || first == "arc4" {
        Algo::new(Family::Rc4)
    } else if first.starts_with("rc2") {
        Algo::new(Family::Rc2)
    } else if first == "bf" || first == "blowfish" {
        Algo::new(Family::Blowfish)
    } else if first.starts_with("chacha20") {
        Algo::new(Family::ChaCha20)
    } else {
        return None;
    };
    Some(algo)
}

/// Parses a hash name from any ecosystem (`sha256`, `SHA-1`, `sha3_256`, `md5`).
pub fn parse_hash_name(raw: &str) -> Option<Algo> {
    let l: String = raw
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let l = l.trim_start_matches("hmac");
    Some(match l {
        "md5" => Algo::new(Family::Md5),
        "md4" => Algo::new(Family::Md4),
        "sha1" | "sha" => Algo::new(Family::Sha1),
        "sha224" => Algo::new(Family::Sha2).size(Some(224)),
        "sha256" => Algo::new(Family::Sha2).size(Some(256)),
        "sha384" => Algo::new(Family::Sha2).size(Some(384)),
        "sha512" => Algo::new(Family::Sha2).size(Some(512)),
        "sha3224" => Algo::new(Family::Sha3).size(Some(224)),
        "sha3256" => Algo::new(Family::Sha3).size(Some(256)),
        "sha3384" => Algo::new(Family::Sha3).size(Some(384)),
        "sha3512" => Algo::new(Family::Sha3).size(Some(512)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("aes-128-cbc", "AES-128", Some("cbc"))]
    #[case("aes-256-gcm", "AES-256", Some("gcm"))]
    #[case("des-ede3-cbc", "3DES", Some("cbc"))]
    #[case("rc4", "RC4", None)]
    #[case("AES_128_ECB", "AES-128", Some("ecb"))]
    #[case("bf-cbc", "Blowfish", None)]
    fn cipher_names(#[case] raw: &str, #[case] name: &str, #[case] mode: Option<&str>) {
        let a = parse_cipher_name(raw).unwrap();
        assert_eq!(a.name(), name);
        if a.family == Family::Aes || a.family == Family::TripleDes {
            assert_eq!(a.mode.as_deref(), mode);
        }
    }

    #[rstest]
    #[case(Algo::new(Family::Rsa).size(Some(1024)), QuantumStatus::Broken)]
    #[case(Algo::new(Family::Rsa).size(Some(4096)), QuantumStatus::Vulnerable)]
    #[case(Algo::new(Family::Aes).size(Some(128)), QuantumStatus::Weakened)]
    #[case(Algo::new(Family::Aes).size(Some(256)), QuantumStatus::Safe)]
    #[case(Algo::new(Family::Aes).size(Some(256)).mode(Some("ecb")), QuantumStatus::Broken)]
    #[case(Algo::new(Family::Md5), QuantumStatus::Broken)]
    #[case(Algo::new(Family::MlKem).size(Some(768)), QuantumStatus::Safe)]
    fn statuses(#[case] a: Algo, #[case] want: QuantumStatus) {
        assert_eq!(a.status(Profile::Default), want);
    }

    #[test]
    fn cnsa2_demands_level_five() {
        let kem = Algo::new(Family::MlKem).size(Some(768));
        assert_eq!(kem.status(Profile::Cnsa2), QuantumStatus::Weakened);
        assert!(kem.advice(Profile::Cnsa2).contains("ML-KEM-1024"));
        assert_eq!(
            Algo::new(Family::MlDsa)
                .size(Some(87))
                .status(Profile::Cnsa2),
            QuantumStatus::Safe
        );
    }
}
