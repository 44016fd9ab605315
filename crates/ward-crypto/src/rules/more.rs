//! Recognisers for JavaScript/TypeScript, Rust, C#, PHP and Ruby.

use super::code::r;
use super::{Hit, Lazy, Rule, g};
use crate::algo::{Algo, Family, parse_cipher_name, parse_hash_name};
use crate::finding::Primitive;
use crate::lang::Lang;
use std::sync::LazyLock;

const JS: &[Lang] = &[Lang::Js];
const RS: &[Lang] = &[Lang::Rust];
const CS: &[Lang] = &[Lang::CSharp];
const PHP: &[Lang] = &[Lang::Php];
const RB: &[Lang] = &[Lang::Ruby];

static MODULUS: Lazy = LazyLock::new(|| super::compile(r"modulusLength\s*:\s*([\w.]+)"));
static NAMED_CURVE: Lazy = LazyLock::new(|| super::compile(r#"namedCurve\s*:\s*['"]([\w-]+)['"]"#));
static WEB_NAME: Lazy = LazyLock::new(|| {
    super::compile(
        r#"name\s*:\s*['"](RSA-OAEP|RSASSA-PKCS1-v1_5|RSA-PSS|ECDSA|ECDH|Ed25519|X25519|AES-GCM|AES-CBC|AES-CTR|AES-KW)['"]"#,
    )
});
static WEB_LEN: Lazy = LazyLock::new(|| super::compile(r"\blength\s*:\s*(\d+)"));
static PHP_BITS: Lazy =
    LazyLock::new(|| super::compile(r#"['"]private_key_bits['"]\s*=>\s*([\w.]+)"#));
static PHP_TYPE: Lazy = LazyLock::new(|| super::compile(r"OPENSSL_KEYTYPE_(RSA|EC|DSA|DH)"));
static PHP_CURVE: Lazy =
    LazyLock::new(|| super::compile(r#"['"]curve_name['"]\s*=>\s*['"]([\w-]+)['"]"#));
static CS_KEYSIZE: Lazy = LazyLock::new(|| super::compile(r"\.KeySize\s*=\s*([\w.]+)"));
static CS_MODE: Lazy = LazyLock::new(|| super::compile(r"\.Mode\s*=\s*CipherMode\.(\w+)"));

fn one(a: Algo) -> Vec<Algo> {
    vec![a]
}

/// A jsonwebtoken / JOSE algorithm name.
pub(crate) fn jwt_alg(name: &str) -> Option<Algo> {
    Some(match name {
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => Algo::new(Family::Rsa),
        "ES256" => Algo::new(Family::Ecdsa).curve(Some("P256")),
        "ES384" => Algo::new(Family::Ecdsa).curve(Some("P384")),
        "ES512" => Algo::new(Family::Ecdsa).curve(Some("P521")),
        "ES256K" => Algo::new(Family::Ecdsa).curve(Some("secp256k1")),
        "EdDSA" | "Ed25519" => Algo::new(Family::Ed25519),
        "ML-DSA-44" | "ML-DSA-65" | "ML-DSA-87" => {
            Algo::new(Family::MlDsa).size(name.rsplit('-').next().and_then(|n| n.parse().ok()))
        }
        _ => return None,
    })
}

fn node_keytype(kind: &str, h: &Hit<'_>) -> Option<Algo> {
    Some(match kind {
        "rsa" | "rsa-pss" => Algo::new(Family::Rsa).size(h.look_int(&MODULUS)),
        "dsa" => Algo::new(Family::Dsa).size(h.look_int(&MODULUS)),
        "ec" => Algo::new(Family::Ecdsa).curve(h.look_cap(&NAMED_CURVE)),
        "ed25519" => Algo::new(Family::Ed25519),
        "ed448" => Algo::new(Family::Ed448),
        "x25519" => Algo::new(Family::X25519),
        "x448" => Algo::new(Family::X448),
        "dh" => Algo::new(Family::Dh),
        _ => return None,
    })
}

pub(super) fn rules() -> Vec<Rule> {
    vec![
        // ---- JavaScript / TypeScript: node crypto, WebCrypto, node-forge, jsonwebtoken
        r(
            "js.node-keypair",
            JS,
            &["generateKeyPair"],
            r#"\bgenerateKeyPair(?:Sync)?\(\s*['"]([\w-]+)['"]"#,
            |c, h| node_keytype(g(c, 1), h).into_iter().collect(),
        ),
        r(
            "js.node-hash",
            JS,
            &["createHash", "createHmac"],
            r#"\bcreate(Hash|Hmac)\(\s*['"]([\w-]+)['"]"#,
            |c, _| {
                parse_hash_name(g(c, 2))
                    .map(|mut a| {
                        if g(c, 1) == "Hmac" {
                            a.primitive = Some(Primitive::Mac);
                        }
                        a
                    })
                    .into_iter()
                    .collect()
            },
        ),
        r(
            "js.node-cipher",
            JS,
            &["createCipher", "createDecipher"],
            r#"\bcreate(?:De)?[cC]ipher(?:iv)?\(\s*['"]([\w-]+)['"]"#,
            |c, _| parse_cipher_name(g(c, 1)).into_iter().collect(),
        ),
        r(
            "js.node-dh",
            JS,
            &["createECDH", "createDiffieHellman", "getDiffieHellman"],
            r#"\b(createECDH|createDiffieHellman|getDiffieHellman)\(\s*['"]?([\w-]+)"#,
            |c, h| {
                one(match g(c, 1) {
                    "createECDH" => Algo::new(Family::Ecdh).curve(Some(g(c, 2))),
                    "getDiffieHellman" => Algo::new(Family::Dh).size(match g(c, 2) {
                        "modp1" => Some(768),
                        "modp2" => Some(1024),
                        "modp5" => Some(1536),
                        "modp14" => Some(2048),
                        "modp15" => Some(3072),
                        "modp16" => Some(4096),
                        "modp17" => Some(6144),
                        "modp18" => Some(8192),
                        _ => None,
                    }),
                    _ => Algo::new(Family::Dh).size(h.int(g(c, 2))),
                })
            },
        ),
        r(
            "js.node-sign",
            JS,
            &["createSign", "createVerify"],
            r#"\bcreate(?:Sign|Verify)\(\s*['"]([\w-]+)['"]"#,
            |c, _| {
                let n = g(c, 1).to_ascii_lowercase();
                let mut v = Vec::new();
                if n.starts_with("rsa-") {
                    v.push(Algo::new(Family::Rsa));
                }
                v.extend(
                    parse_hash_name(n.trim_start_matches("rsa-"))
                        .filter(|a| matches!(a.family, Family::Md5 | Family::Sha1)),
                );
                v
            },
        ),
        r(
            "js.webcrypto",
            JS,
            &["subtle."],
            r"\bsubtle\.(generateKey|importKey|sign|verify|encrypt|decrypt|deriveKey|deriveBits|wrapKey|unwrapKey)\(",
            |_, h| {
                let Some(name) = h.look_cap(&WEB_NAME) else {
                    return Vec::new();
                };
                one(match name {
                    "RSA-OAEP" => Algo::new(Family::Rsa)
                        .size(h.look_int(&MODULUS))
                        .primitive(Primitive::Pke)
                        .padding("oaep"),
                    "RSASSA-PKCS1-v1_5" => Algo::new(Family::Rsa)
                        .size(h.look_int(&MODULUS))
                        .padding("pkcs1v15"),
                    "RSA-PSS" => Algo::new(Family::Rsa).size(h.look_int(&MODULUS)),
                    "ECDSA" => Algo::new(Family::Ecdsa).curve(h.look_cap(&NAMED_CURVE)),
                    "ECDH" => Algo::new(Family::Ecdh).curve(h.look_cap(&NAMED_CURVE)),
                    "Ed25519" => Algo::new(Family::Ed25519),
                    "X25519" => Algo::new(Family::X25519),
                    other => Algo::new(Family::Aes)
                        .size(h.look_int(&WEB_LEN))
                        .mode(other.strip_prefix("AES-").filter(|m| *m != "KW")),
                })
            },
        ),
        r(
            "js.webcrypto-digest",
            JS,
            &["subtle.digest"],
            r#"\bsubtle\.digest\(\s*['"]([\w-]+)['"]"#,
            |c, _| parse_hash_name(g(c, 1)).into_iter().collect(),
        ),
        r(
            "js.forge",
            JS,
            &["forge."],
            r#"\bforge\.(?:pki\.rsa\.generateKeyPair\(\s*(?:\{\s*bits\s*:\s*)?([\w.]+)|md\.(md5|sha1|sha256|sha384|sha512)\.create\(|cipher\.create(?:De)?cipher\(\s*['"]([\w-]+)['"]|pki\.(ed25519))"#,
            |c, h| {
                if c.get(1).is_some() {
                    one(Algo::new(Family::Rsa).size(h.int(g(c, 1))))
                } else if c.get(2).is_some() {
                    parse_hash_name(g(c, 2)).into_iter().collect()
                } else if c.get(3).is_some() {
                    let n = g(c, 3).to_ascii_lowercase();
                    let n = n.replace("3des", "des-ede3");
                    let (alg, mode) = n.split_once('-').unwrap_or((&n, ""));
                    let mut a = parse_cipher_name(alg).or_else(|| parse_cipher_name(&n));
                    if let Some(a) = a.as_mut() {
                        a.mode =
                            Some(mode.to_owned()).filter(|m| !m.is_empty() && !m.contains("ede"));
                    }
                    a.into_iter().collect()
                } else {
                    one(Algo::new(Family::Ed25519))
                }
            },
        ),
        r(
            "js.jsonwebtoken",
            JS,
            &["algorithm"],
            r#"\balgorithms?\s*:\s*\[?\s*['"]((?:RS|PS|ES)\d{3}K?|EdDSA)['"]"#,
            |c, _| jwt_alg(g(c, 1)).into_iter().collect(),
        ),
        // ---- Rust: rsa, p256/k256/p384, ring, openssl, dalek, ml-kem
        r(
            "rust.rsa",
            RS,
            &["RsaPrivateKey::new", "Pkcs1v15", "Oaep::new"],
            r"\b(RsaPrivateKey::new\(\s*&mut\s+[^,]+,\s*([\w.]+)|Pkcs1v15Encrypt|Pkcs1v15Sign|Oaep::new)",
            |c, h| {
                let a = Algo::new(Family::Rsa);
                one(match g(c, 1) {
                    "Pkcs1v15Encrypt" => a.primitive(Primitive::Pke).padding("pkcs1v15"),
                    "Pkcs1v15Sign" => a.padding("pkcs1v15"),
                    f if f.starts_with("Oaep") => a.primitive(Primitive::Pke).padding("oaep"),
                    _ => a.size(h.int(g(c, 2))),
                })
            },
        ),
        r(
            "rust.ecc-crates",
            RS,
            &["p256::", "p384::", "k256::", "p521::"],
            r"\b(p256|p384|p521|k256)::(ecdsa|ecdh)::(SigningKey|VerifyingKey|EphemeralSecret|Signature|diffie_hellman)",
            |c, _| {
                let fam = if g(c, 2) == "ecdh" {
                    Family::Ecdh
                } else {
                    Family::Ecdsa
                };
                one(Algo::new(fam).curve(Some(g(c, 1))))
            },
        ),
        r(
            "rust.ring",
            RS,
            &["signature::", "agreement::", "digest::", "aead::"],
            r"\b(?:signature::(RSA_PKCS1_\w+|RSA_PSS_\w+|ECDSA_P256_\w+|ECDSA_P384_\w+|ED25519|Ed25519KeyPair|RsaKeyPair|EcdsaKeyPair)|agreement::(X25519|ECDH_P256|ECDH_P384)|digest::(SHA1_FOR_LEGACY_USE_ONLY|SHA256|SHA384|SHA512)|aead::(AES_128_GCM|AES_256_GCM|CHACHA20_POLY1305))\b",
            |c, _| {
                let a = if let Some(m) = c.get(1) {
                    let s = m.as_str();
                    if s.starts_with("RSA") || s == "RsaKeyPair" {
                        Algo::new(Family::Rsa)
                    } else if s.starts_with("ECDSA_P384") {
                        Algo::new(Family::Ecdsa).curve(Some("P384"))
                    } else if s.starts_with("ECDSA_P256") {
                        Algo::new(Family::Ecdsa).curve(Some("P256"))
                    } else if s == "EcdsaKeyPair" {
                        Algo::new(Family::Ecdsa)
                    } else {
                        Algo::new(Family::Ed25519)
                    }
                } else if let Some(m) = c.get(2) {
                    match m.as_str() {
                        "X25519" => Algo::new(Family::X25519),
                        "ECDH_P256" => Algo::new(Family::Ecdh).curve(Some("P256")),
                        _ => Algo::new(Family::Ecdh).curve(Some("P384")),
                    }
                } else if let Some(m) = c.get(3) {
                    match parse_hash_name(m.as_str().trim_end_matches("_FOR_LEGACY_USE_ONLY")) {
                        Some(a) => a,
                        None => return Vec::new(),
                    }
                } else {
                    match g(c, 4) {
                        "AES_128_GCM" => Algo::new(Family::Aes).size(Some(128)).mode(Some("gcm")),
                        "AES_256_GCM" => Algo::new(Family::Aes).size(Some(256)).mode(Some("gcm")),
                        _ => Algo::new(Family::ChaCha20),
                    }
                };
                one(a)
            },
        ),
        r(
            "rust.openssl",
            RS,
            &[
                "Rsa::generate",
                "Dsa::generate",
                "EcGroup::from_curve_name",
                "MessageDigest::",
                "Cipher::",
            ],
            r"\b(?:Rsa::generate\(\s*([\w.]+)|Dsa::generate\(\s*([\w.]+)|EcGroup::from_curve_name\(\s*[\w:]*?Nid::(\w+)|MessageDigest::(md5|sha1|sha256|sha384|sha512)\(\)|Cipher::(\w+)\(\))",
            |c, h| {
                if c.get(1).is_some() {
                    one(Algo::new(Family::Rsa).size(h.int(g(c, 1))))
                } else if c.get(2).is_some() {
                    one(Algo::new(Family::Dsa).size(h.int(g(c, 2))))
                } else if let Some(m) = c.get(3) {
                    one(Algo::new(Family::Ecdsa)
                        .curve(Some(m.as_str().trim_start_matches("X9_62_"))))
                } else if let Some(m) = c.get(4) {
                    parse_hash_name(m.as_str()).into_iter().collect()
                } else {
                    parse_cipher_name(&g(c, 5).replace('_', "-"))
                        .into_iter()
                        .collect()
                }
            },
        ),
        r(
            "rust.dalek",
            RS,
            &["ed25519_dalek::", "x25519_dalek::"],
            r"\b(ed25519_dalek|x25519_dalek)::(SigningKey|VerifyingKey|Keypair|EphemeralSecret|StaticSecret|PublicKey)",
            |c, _| {
                one(Algo::new(if g(c, 1) == "ed25519_dalek" {
                    Family::Ed25519
                } else {
                    Family::X25519
                }))
            },
        ),
        r(
            "rust.hash-crates",
            RS,
            &[
                "md5::compute",
                "Md5::new",
                "Sha1::new",
                "Md5::digest",
                "Sha1::digest",
            ],
            r"\b(md5::compute|Md5::new|Md5::digest|Sha1::new|Sha1::digest)\(",
            |c, _| {
                one(Algo::new(if g(c, 1).starts_with("Sha1") {
                    Family::Sha1
                } else {
                    Family::Md5
                }))
            },
        ),
        r(
            "rust.ml-kem",
            RS,
            &["MlKem", "MlDsa"],
            r"\b(MlKem|MlDsa)(512|768|1024|44|65|87)\b",
            |c, _| {
                one(Algo::new(if g(c, 1) == "MlKem" {
                    Family::MlKem
                } else {
                    Family::MlDsa
                })
                .size(g(c, 2).parse().ok()))
            },
        ),
        // ---- C#: System.Security.Cryptography
        r(
            "csharp.asymmetric",
            CS,
            &[
                "RSA.Create",
                "RSACryptoServiceProvider",
                "ECDsa.Create",
                "ECDiffieHellman.Create",
                "DSA.Create",
                "DSACryptoServiceProvider",
            ],
            r"\b(RSA\.Create|new\s+RSACryptoServiceProvider|ECDsa\.Create|ECDiffieHellman\.Create|DSA\.Create|new\s+DSACryptoServiceProvider)\(\s*(?:ECCurve\.NamedCurves\.)?([\w.]+)?",
            |c, h| {
                let f = g(c, 1);
                let arg = g(c, 2);
                one(if f.contains("RSA") {
                    Algo::new(Family::Rsa).size(h.int(arg).or_else(|| h.look_int(&CS_KEYSIZE)))
                } else if f.contains("ECDsa") {
                    Algo::new(Family::Ecdsa).curve(Some(arg))
                } else if f.contains("ECDiffieHellman") {
                    Algo::new(Family::Ecdh).curve(Some(arg))
                } else {
                    Algo::new(Family::Dsa).size(h.int(arg).or_else(|| h.look_int(&CS_KEYSIZE)))
                })
            },
        ),
        r(
            "csharp.hash",
            CS,
            &["MD5", "SHA1", "SHA256", "SHA384", "SHA512", "HMAC"],
            r"\b(?:(MD5|SHA1|SHA256|SHA384|SHA512)\.(?:Create|HashData)\(|new\s+(MD5CryptoServiceProvider|SHA1Managed|SHA1CryptoServiceProvider|HMACMD5|HMACSHA1)\()",
            |c, _| {
                let n = if c.get(1).is_some() { g(c, 1) } else { g(c, 2) };
                let n = n
                    .trim_end_matches("CryptoServiceProvider")
                    .trim_end_matches("Managed");
                parse_hash_name(n).into_iter().collect()
            },
        ),
        r(
            "csharp.symmetric",
            CS,
            &[
                "DES.Create",
                "TripleDES.Create",
                "RC2.Create",
                "Aes.Create",
                "DESCryptoServiceProvider",
                "RijndaelManaged",
            ],
            r"\b(DES\.Create|TripleDES\.Create|RC2\.Create|Aes\.Create|new\s+DESCryptoServiceProvider|new\s+TripleDESCryptoServiceProvider|new\s+RijndaelManaged)\(",
            |c, h| {
                let f = g(c, 1);
                let fam = if f.contains("TripleDES") {
                    Family::TripleDes
                } else if f.contains("DES") {
                    Family::Des
                } else if f.contains("RC2") {
                    Family::Rc2
                } else {
                    Family::Aes
                };
                let mut a = Algo::new(fam).mode(h.look_cap(&CS_MODE));
                if fam == Family::Aes {
                    a = a.size(h.look_int(&CS_KEYSIZE));
                }
                one(a)
            },
        ),
        // ---- PHP: openssl_*, hash
        r(
            "php.openssl-pkey",
            PHP,
            &["openssl_pkey_new"],
            r"\bopenssl_pkey_new\(",
            |_, h| {
                let a = match h.look_cap(&PHP_TYPE) {
                    Some("EC") => Algo::new(Family::Ecdsa).curve(h.look_cap(&PHP_CURVE)),
                    Some("DSA") => Algo::new(Family::Dsa).size(h.look_int(&PHP_BITS)),
                    Some("DH") => Algo::new(Family::Dh).size(h.look_int(&PHP_BITS)),
                    _ => Algo::new(Family::Rsa).size(h.look_int(&PHP_BITS)),
                };
                one(a)
            },
        ),
        r(
            "php.openssl-cipher",
            PHP,
            &["openssl_encrypt", "openssl_decrypt"],
            r#"\bopenssl_(?:en|de)crypt\(\s*[^,]+,\s*['"]([\w-]+)['"]"#,
            |c, _| parse_cipher_name(g(c, 1)).into_iter().collect(),
        ),
        r(
            "php.hash",
            PHP,
            &["md5(", "sha1(", "hash(", "hash_hmac(", "OPENSSL_ALGO_"],
            r#"(?:\b(md5|sha1)\(\s*\$|\bhash(?:_hmac)?\(\s*['"](\w+)['"]|OPENSSL_ALGO_(SHA1|MD5|SHA256|SHA384|SHA512))"#,
            |c, _| {
                let n = [1, 2, 3]
                    .into_iter()
                    .find_map(|i| c.get(i))
                    .map_or("", |m| m.as_str());
                parse_hash_name(n).into_iter().collect()
            },
        ),
        r(
            "php.openssl-sign",
            PHP,
            &["openssl_public_encrypt", "openssl_private_decrypt"],
            r"\bopenssl_(public_encrypt|private_decrypt)\(",
            |_, _| one(Algo::new(Family::Rsa).primitive(Primitive::Pke)),
        ),
        // ---- Ruby: OpenSSL::PKey, Digest, Cipher
        r(
            "ruby.pkey",
            RB,
            &["OpenSSL::PKey::"],
            r#"\bOpenSSL::PKey::(RSA|DSA|DH|EC)\.(?:new|generate)\(\s*['"]?([\w-]+)?"#,
            |c, h| {
                one(match g(c, 1) {
                    "RSA" => Algo::new(Family::Rsa).size(h.int(g(c, 2))),
                    "DSA" => Algo::new(Family::Dsa).size(h.int(g(c, 2))),
                    "DH" => Algo::new(Family::Dh).size(h.int(g(c, 2))),
                    _ => Algo::new(Family::Ecdsa).curve(Some(g(c, 2))),
                })
            },
        ),
        r(
            "ruby.digest",
            RB,
            &["Digest::", "Digest.new"],
            r#"\b(?:(?:OpenSSL::)?Digest::(MD5|SHA1|SHA256|SHA384|SHA512)\b|OpenSSL::Digest\.new\(\s*['"]([\w-]+)['"])"#,
            |c, _| {
                let n = if c.get(1).is_some() { g(c, 1) } else { g(c, 2) };
                parse_hash_name(n).into_iter().collect()
            },
        ),
        r(
            "ruby.cipher",
            RB,
            &["OpenSSL::Cipher"],
            r#"\bOpenSSL::Cipher(?:::Cipher)?\.new\(\s*['"]([\w-]+)['"]"#,
            |c, _| parse_cipher_name(g(c, 1)).into_iter().collect(),
        ),
    ]
}
