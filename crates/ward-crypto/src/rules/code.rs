//! Recognisers for Python, Java/Kotlin, Go and C/C++.

use super::{Build, Hit, Lazy, Rule, g};
use crate::algo::{Algo, Family, normalize_curve, parse_cipher_name, parse_hash_name};
use crate::finding::Primitive;
use crate::lang::Lang;
use std::sync::LazyLock;

pub(super) fn r(
    id: &'static str,
    langs: &'static [Lang],
    anchors: &'static [&'static str],
    re: &'static str,
    build: Build,
) -> Rule {
    Rule {
        id,
        langs,
        anchors,
        re,
        build,
    }
}

static KEY_SIZE: Lazy = LazyLock::new(|| super::compile(r"key_size\s*=\s*([\w.]+)"));
static INITIALIZE: Lazy = LazyLock::new(|| super::compile(r"\.(?:initialize|init)\(\s*([\w.]+)"));
static EC_SPEC: Lazy = LazyLock::new(|| super::compile(r#"ECGenParameterSpec\(\s*"([\w-]+)""#));

const PY: &[Lang] = &[Lang::Python];
const JAVA: &[Lang] = &[Lang::Java];
const GO: &[Lang] = &[Lang::Go];
const C: &[Lang] = &[Lang::C];

fn one(a: Algo) -> Vec<Algo> {
    vec![a]
}

fn hash(name: &str) -> Vec<Algo> {
    parse_hash_name(name).into_iter().collect()
}

fn cipher(name: &str) -> Vec<Algo> {
    parse_cipher_name(name).into_iter().collect()
}

/// Maps a JCA/JCE algorithm string to algorithms; `sized` is a size read nearby.
pub(crate) fn jca(kind: &str, name: &str, h: &Hit<'_>) -> Vec<Algo> {
    let upper = name.to_ascii_uppercase();
    let mut parts = upper.split('/');
    let base = parts.next().unwrap_or("");
    let mode = parts.next();
    let padding = parts.next().unwrap_or("");
    let size = || h.look_int(&INITIALIZE);
    let mut out = Vec::new();
    if let Some((digest, alg)) = base.split_once("WITH") {
        let fam = match alg {
            a if a.starts_with("RSA") => Some(Family::Rsa),
            a if a.starts_with("ECDSA") => Some(Family::Ecdsa),
            "DSA" => Some(Family::Dsa),
            _ => None,
        };
        out.extend(fam.map(Algo::new));
        if let Some(hh) = parse_hash_name(digest)
            .filter(|a| matches!(a.family, Family::Md5 | Family::Sha1 | Family::Md4))
        {
            out.push(hh);
        }
        return out;
    }
    let keygen = kind == "KeyPairGenerator" || kind == "KeyGenerator";
    let a = match base {
        "RSA" => {
            let mut a = Algo::new(Family::Rsa).size(if keygen { size() } else { None });
            if kind == "Cipher" {
                a = a.primitive(Primitive::Pke);
                if padding.contains("OAEP") {
                    a = a.padding("oaep");
                } else if padding.contains("PKCS1") {
                    a = a.padding("pkcs1v15");
                }
            }
            a
        }
        "EC" | "ECDSA" => Algo::new(if kind == "KeyAgreement" {
            Family::Ecdh
        } else {
            Family::Ecdsa
        })
        .curve(h.look_cap(&EC_SPEC)),
        "ECDH" => Algo::new(Family::Ecdh).curve(h.look_cap(&EC_SPEC)),
        "DSA" => Algo::new(Family::Dsa).size(if keygen { size() } else { None }),
        "DH" | "DIFFIEHELLMAN" => Algo::new(Family::Dh).size(if keygen { size() } else { None }),
        "ED25519" | "EDDSA" => Algo::new(Family::Ed25519),
        "ED448" => Algo::new(Family::Ed448),
        "X25519" | "XDH" => Algo::new(Family::X25519),
        "X448" => Algo::new(Family::X448),
        "AES" | "AES_128" | "AES_256" | "AES_192" => {
            let s = base
                .strip_prefix("AES_")
                .and_then(|n| n.parse().ok())
                .or(if keygen { size() } else { None });
            let mut a = Algo::new(Family::Aes).size(s).mode(mode);
            if padding.contains("PKCS5") {
                a = a.padding("pkcs5");
            }
            a
        }
        "DES" => Algo::new(Family::Des).mode(mode),
        "DESEDE" | "TRIPLEDES" | "3DES" => Algo::new(Family::TripleDes).mode(mode),
        "RC4" | "ARCFOUR" => Algo::new(Family::Rc4),
        "RC2" => Algo::new(Family::Rc2),
        "BLOWFISH" => Algo::new(Family::Blowfish),
        "CHACHA20" | "CHACHA20-POLY1305" => Algo::new(Family::ChaCha20),
        "ML-KEM" | "ML-KEM-768" | "ML-KEM-1024" | "ML-KEM-512" => {
            Algo::new(Family::MlKem).size(base.rsplit('-').next().and_then(|n| n.parse().ok()))
        }
        "ML-DSA" | "ML-DSA-44" | "ML-DSA-65" | "ML-DSA-87" => {
            Algo::new(Family::MlDsa).size(base.rsplit('-').next().and_then(|n| n.parse().ok()))
        }
        other => match parse_hash_name(other) {
            Some(mut a) => {
                if kind == "Mac" {
                    a.primitive = Some(Primitive::Mac);
                }
                a
            }
            None => return out,
        },
    };
    out.push(a);
    out
}

fn nid_curve(nid: &str) -> Option<String> {
    normalize_curve(nid.trim_start_matches("NID_").trim_start_matches("X9_62_"))
}

pub(super) fn rules() -> Vec<Rule> {
    vec![
        // ---- Python: pyca/cryptography, PyCryptodome, hashlib, ssl, paramiko
        r(
            "python.rsa-keygen",
            PY,
            &["rsa.generate_private_key"],
            r"\brsa\.generate_private_key\(",
            |_, h| one(Algo::new(Family::Rsa).size(h.look_int(&KEY_SIZE))),
        ),
        r(
            "python.dsa-keygen",
            PY,
            &["dsa.generate_private_key", "dsa.generate_parameters"],
            r"\bdsa\.generate_(?:private_key|parameters)\(",
            |_, h| one(Algo::new(Family::Dsa).size(h.look_int(&KEY_SIZE))),
        ),
        r(
            "python.dh-params",
            PY,
            &["dh.generate_parameters"],
            r"\bdh\.generate_parameters\(",
            |_, h| one(Algo::new(Family::Dh).size(h.look_int(&KEY_SIZE))),
        ),
        r(
            "python.ec-keygen",
            PY,
            &["ec.generate_private_key", "ec.derive_private_key"],
            r"\bec\.(?:generate|derive)_private_key\([^)]*?ec\.(\w+)\(",
            |c, _| one(Algo::new(Family::Ecdsa).curve(Some(g(c, 1)))),
        ),
        r(
            "python.ecdh",
            PY,
            &["ec.ECDH()"],
            r"\bec\.ECDH\(\)",
            |_, _| one(Algo::new(Family::Ecdh)),
        ),
        r(
            "python.ed-x-keys",
            PY,
            &["PrivateKey.generate", "PrivateKey.from_private_bytes"],
            r"\b(Ed25519|Ed448|X25519|X448)PrivateKey\.(?:generate|from_private_bytes)\(",
            |c, _| {
                one(Algo::new(match g(c, 1) {
                    "Ed25519" => Family::Ed25519,
                    "Ed448" => Family::Ed448,
                    "X25519" => Family::X25519,
                    _ => Family::X448,
                }))
            },
        ),
        r(
            "python.pycryptodome-pk",
            PY,
            &[
                "RSA.generate",
                "DSA.generate",
                "RSA.import_key",
                "RSA.importKey",
            ],
            r"\b(RSA|DSA)\.(generate|import_key|importKey)\(\s*(?:bits\s*=\s*)?([\w.]+)?",
            |c, h| {
                let size = if g(c, 2) == "generate" {
                    h.int(g(c, 3))
                } else {
                    None
                };
                one(Algo::new(if g(c, 1) == "RSA" {
                    Family::Rsa
                } else {
                    Family::Dsa
                })
                .size(size))
            },
        ),
        r(
            "python.pycryptodome-ecc",
            PY,
            &["ECC.generate", "ECC.import_key"],
            r#"\bECC\.(?:generate|import_key)\((?:[^)]*curve\s*=\s*['"]([\w-]+)['"])?"#,
            |c, _| one(Algo::new(Family::Ecdsa).curve(c.get(1).map(|m| m.as_str()))),
        ),
        r(
            "python.pycryptodome-cipher",
            PY,
            &[".new("],
            r"\b(AES|DES3|DES|ARC4|ARC2|Blowfish|ChaCha20)\.new\(([^)]*)",
            |c, _| {
                let mode = g(c, 2).split("MODE_").nth(1).map(|m| {
                    m.chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .collect::<String>()
                });
                let fam = match g(c, 1) {
                    "AES" => Family::Aes,
                    "DES3" => Family::TripleDes,
                    "DES" => Family::Des,
                    "ARC4" => Family::Rc4,
                    "ARC2" => Family::Rc2,
                    "Blowfish" => Family::Blowfish,
                    _ => Family::ChaCha20,
                };
                one(Algo::new(fam).mode(mode.as_deref()))
            },
        ),
        r(
            "python.pycryptodome-hash",
            PY,
            &[".new("],
            r"\b(MD5|MD4|SHA1|SHA224|SHA256|SHA384|SHA512)\.new\(",
            |c, _| hash(g(c, 1)),
        ),
        r(
            "python.pycryptodome-sig",
            PY,
            &[
                "pkcs1_15.new",
                "PKCS1_OAEP.new",
                "PKCS1_v1_5.new",
                "pss.new",
            ],
            r"\b(pkcs1_15|PKCS1_OAEP|PKCS1_v1_5|pss)\.new\(",
            |c, _| {
                let a = Algo::new(Family::Rsa);
                one(match g(c, 1) {
                    "PKCS1_OAEP" => a.primitive(Primitive::Pke).padding("oaep"),
                    "pss" => a,
                    _ => a.padding("pkcs1v15"),
                })
            },
        ),
        r(
            "python.hashlib",
            PY,
            &["hashlib."],
            r"\bhashlib\.(md5|sha1|sha224|sha256|sha384|sha512|sha3_256|sha3_384|sha3_512)\(",
            |c, _| hash(g(c, 1)),
        ),
        r(
            "python.hashlib-new",
            PY,
            &["hashlib.new"],
            r#"\bhashlib\.new\(\s*['"]([\w-]+)['"]"#,
            |c, _| hash(g(c, 1)),
        ),
        r(
            "python.pyca-hash",
            PY,
            &["hashes."],
            r"\bhashes\.(MD5|SHA1|SHA224|SHA256|SHA384|SHA512|SHA3_256|SHA3_384|SHA3_512)\(\)",
            |c, _| hash(g(c, 1)),
        ),
        r(
            "python.pyca-cipher",
            PY,
            &["algorithms."],
            r"\balgorithms\.(AES|AES128|AES256|TripleDES|ARC4|Blowfish|CAST5|ChaCha20|IDEA|SEED|Camellia)\((.*)",
            |c, _| {
                let mode = g(c, 2).split("modes.").nth(1).map(|m| {
                    m.chars()
                        .take_while(char::is_ascii_alphanumeric)
                        .collect::<String>()
                });
                let a = match g(c, 1) {
                    "AES" => Algo::new(Family::Aes),
                    "AES128" => Algo::new(Family::Aes).size(Some(128)),
                    "AES256" => Algo::new(Family::Aes).size(Some(256)),
                    "TripleDES" => Algo::new(Family::TripleDes),
                    "ARC4" => Algo::new(Family::Rc4),
                    "ChaCha20" => Algo::new(Family::ChaCha20),
                    _ => Algo::new(Family::Blowfish),
                };
                one(a.mode(mode.as_deref()))
            },
        ),
        r(
            "python.ssl-ciphers",
            PY,
            &["set_ciphers"],
            r#"set_ciphers\(\s*['"]([^'"]+)['"]"#,
            |c, _| super::config::cipher_list(g(c, 1)),
        ),
        r(
            "python.paramiko",
            PY,
            &["paramiko."],
            r"\bparamiko\.(RSAKey|DSSKey|ECDSAKey|Ed25519Key)\.generate\(\s*(?:bits\s*=\s*)?([\w.]+)?",
            |c, h| {
                one(match g(c, 1) {
                    "RSAKey" => Algo::new(Family::Rsa).size(h.int(g(c, 2))),
                    "DSSKey" => Algo::new(Family::Dsa).size(h.int(g(c, 2)).or(Some(1024))),
                    "ECDSAKey" => Algo::new(Family::Ecdsa),
                    _ => Algo::new(Family::Ed25519),
                })
            },
        ),
        // ---- Java / Kotlin: JCA/JCE and BouncyCastle
        r(
            "java.jca-getinstance",
            JAVA,
            &["getInstance("],
            r#"\b(KeyPairGenerator|KeyFactory|KeyAgreement|Signature|Cipher|MessageDigest|Mac|KeyGenerator|SecretKeyFactory)\.getInstance\(\s*"([^"]+)""#,
            |c, h| jca(g(c, 1), g(c, 2), h),
        ),
        r(
            "java.bouncycastle",
            JAVA,
            &[
                "Engine(",
                "Digest(",
                "Signer(",
                "Agreement(",
                "KeyPairGenerator(",
            ],
            r"\bnew\s+(RSAEngine|RSAKeyPairGenerator|DESEngine|DESedeEngine|RC4Engine|BlowfishEngine|AESEngine|MD5Digest|SHA1Digest|SHA256Digest|ECDSASigner|DSASigner|Ed25519Signer|X25519Agreement|ECDHBasicAgreement|DHBasicAgreement)\(",
            |c, h| {
                one(match g(c, 1) {
                    "RSAEngine" => Algo::new(Family::Rsa).primitive(Primitive::Pke),
                    "RSAKeyPairGenerator" => {
                        Algo::new(Family::Rsa).size(h.look_cap(&BC_RSA).and_then(|t| h.int(t)))
                    }
                    "DESEngine" => Algo::new(Family::Des),
                    "DESedeEngine" => Algo::new(Family::TripleDes),
                    "RC4Engine" => Algo::new(Family::Rc4),
                    "BlowfishEngine" => Algo::new(Family::Blowfish),
                    "AESEngine" => Algo::new(Family::Aes),
                    "MD5Digest" => Algo::new(Family::Md5),
                    "SHA1Digest" => Algo::new(Family::Sha1),
                    "SHA256Digest" => Algo::new(Family::Sha2).size(Some(256)),
                    "ECDSASigner" => Algo::new(Family::Ecdsa),
                    "DSASigner" => Algo::new(Family::Dsa),
                    "Ed25519Signer" => Algo::new(Family::Ed25519),
                    "X25519Agreement" => Algo::new(Family::X25519),
                    "ECDHBasicAgreement" => Algo::new(Family::Ecdh),
                    _ => Algo::new(Family::Dh),
                })
            },
        ),
        // ---- Go: crypto/* and x/crypto
        r(
            "go.rsa",
            GO,
            &["rsa."],
            r"\brsa\.(GenerateKey|GenerateMultiPrimeKey|SignPKCS1v15|SignPSS|EncryptOAEP|EncryptPKCS1v15|DecryptOAEP|DecryptPKCS1v15|VerifyPKCS1v15|VerifyPSS)\(([^,]*,\s*)?([\w.]+)?",
            |c, h| {
                let f = g(c, 1);
                let a = Algo::new(Family::Rsa);
                one(match f {
                    "GenerateKey" => a.size(h.int(g(c, 3))),
                    "EncryptOAEP" | "DecryptOAEP" => a.primitive(Primitive::Pke).padding("oaep"),
                    "EncryptPKCS1v15" | "DecryptPKCS1v15" => {
                        a.primitive(Primitive::Pke).padding("pkcs1v15")
                    }
                    "SignPKCS1v15" | "VerifyPKCS1v15" => a.padding("pkcs1v15"),
                    _ => a,
                })
            },
        ),
        r(
            "go.ecdsa",
            GO,
            &["ecdsa."],
            r"\becdsa\.(GenerateKey|Sign|Verify|SignASN1|VerifyASN1)\(\s*(?:elliptic\.(P224|P256|P384|P521)\(\))?",
            |c, _| one(Algo::new(Family::Ecdsa).curve(c.get(2).map(|m| m.as_str()))),
        ),
        r(
            "go.ecdh",
            GO,
            &["ecdh."],
            r"\becdh\.(P256|P384|P521|X25519)\(\)",
            |c, _| {
                one(match g(c, 1) {
                    "X25519" => Algo::new(Family::X25519),
                    cv => Algo::new(Family::Ecdh).curve(Some(cv)),
                })
            },
        ),
        r(
            "go.ed25519",
            GO,
            &["ed25519."],
            r"\bed25519\.(GenerateKey|Sign|Verify|NewKeyFromSeed)\(",
            |_, _| one(Algo::new(Family::Ed25519)),
        ),
        r(
            "go.curve25519",
            GO,
            &["curve25519."],
            r"\bcurve25519\.(X25519|ScalarMult|ScalarBaseMult)\(",
            |_, _| one(Algo::new(Family::X25519)),
        ),
        r(
            "go.dsa",
            GO,
            &["dsa."],
            r"\bdsa\.(GenerateParameters|GenerateKey|Sign|Verify)\((?:.*dsa\.L(\d+)N\d+)?",
            |c, h| one(Algo::new(Family::Dsa).size(h.int(g(c, 2)))),
        ),
        r(
            "go.hash",
            GO,
            &["md5.", "sha1.", "sha256.", "sha512.", "md4."],
            r"\b(md5|sha1|md4|sha256|sha512)\.(New|Sum|New224|Sum224|Sum256|New384|Sum384|Sum512)\(",
            |c, _| {
                let name = match (g(c, 1), g(c, 2)) {
                    ("sha256", "New224" | "Sum224") => "sha224",
                    ("sha512", "New384" | "Sum384") => "sha384",
                    (n, _) => n,
                };
                hash(name)
            },
        ),
        r(
            "go.cipher",
            GO,
            &["des.", "rc4.", "aes.", "chacha20poly1305."],
            r"\b(des\.NewCipher|des\.NewTripleDESCipher|rc4\.NewCipher|aes\.NewCipher|chacha20poly1305\.NewX?)\(",
            |c, _| {
                one(Algo::new(match g(c, 1) {
                    "des.NewCipher" => Family::Des,
                    "des.NewTripleDESCipher" => Family::TripleDes,
                    "rc4.NewCipher" => Family::Rc4,
                    "aes.NewCipher" => Family::Aes,
                    _ => Family::ChaCha20,
                }))
            },
        ),
        r(
            "go.mlkem",
            GO,
            &["mlkem.", "X25519MLKEM768"],
            r"\b(?:mlkem\.(?:GenerateKey|NewEncapsulationKey|NewDecapsulationKey)(768|1024)|(X25519MLKEM768))",
            |c, _| {
                one(if c.get(2).is_some() {
                    Algo::new(Family::HybridKem)
                } else {
                    Algo::new(Family::MlKem).size(g(c, 1).parse().ok())
                })
            },
        ),
        // ---- C / C++: OpenSSL, libsodium, liboqs
        r(
            "c.openssl-rsa",
            C,
            &["RSA_"],
            r"\b(RSA_generate_key_ex|RSA_generate_key|RSA_new|RSA_public_encrypt|RSA_private_decrypt|RSA_private_encrypt|RSA_public_decrypt|RSA_sign|RSA_verify)\s*\(\s*([\w.]+)?\s*(?:,\s*([\w.]+))?",
            |c, h| {
                let a = Algo::new(Family::Rsa);
                one(match g(c, 1) {
                    "RSA_generate_key_ex" => a.size(h.int(g(c, 3))),
                    "RSA_generate_key" => a.size(h.int(g(c, 2))),
                    "RSA_public_encrypt" | "RSA_private_decrypt" => a.primitive(Primitive::Pke),
                    _ => a,
                })
            },
        ),
        r(
            "c.openssl-evp-rsa-bits",
            C,
            &["rsa_keygen_bits", "EVP_RSA_gen"],
            r"\b(?:EVP_PKEY_CTX_set_rsa_keygen_bits\s*\(\s*\w+\s*,\s*([\w.]+)|EVP_RSA_gen\s*\(\s*([\w.]+))",
            |c, h| {
                one(Algo::new(Family::Rsa).size(h.int(if c.get(1).is_some() {
                    g(c, 1)
                } else {
                    g(c, 2)
                })))
            },
        ),
        r(
            "c.openssl-evp-pkey",
            C,
            &["EVP_PKEY_"],
            r"\bEVP_PKEY_(RSA|RSA_PSS|EC|DH|DSA|ED25519|X25519|ED448|X448)\b",
            |c, _| {
                one(Algo::new(match g(c, 1) {
                    "RSA" | "RSA_PSS" => Family::Rsa,
                    "EC" => Family::Ecdsa,
                    "DH" => Family::Dh,
                    "DSA" => Family::Dsa,
                    "ED25519" => Family::Ed25519,
                    "X25519" => Family::X25519,
                    "ED448" => Family::Ed448,
                    _ => Family::X448,
                }))
            },
        ),
        r(
            "c.openssl-ec-curve",
            C,
            &["curve_name", "curve_nid"],
            r"\b(?:EC_KEY_new_by_curve_name|EC_GROUP_new_by_curve_name|EVP_PKEY_CTX_set_ec_paramgen_curve_nid)\s*\(\s*(?:\w+\s*,\s*)?(NID_\w+)",
            |c, _| {
                let mut a = Algo::new(Family::Ecdsa);
                a.curve = nid_curve(g(c, 1));
                one(a)
            },
        ),
        r(
            "c.openssl-ecdsa-ecdh",
            C,
            &["ECDSA_", "ECDH_"],
            r"\b(ECDSA_sign|ECDSA_verify|ECDSA_do_sign|ECDSA_do_verify|ECDH_compute_key)\s*\(",
            |c, _| {
                one(Algo::new(if g(c, 1).starts_with("ECDH") {
                    Family::Ecdh
                } else {
                    Family::Ecdsa
                }))
            },
        ),
        r(
            "c.openssl-dh-dsa",
            C,
            &["DH_", "DSA_"],
            r"\b(DH|DSA)_(new|generate_key|generate_parameters_ex|compute_key|sign|verify|do_sign)\s*\(\s*(?:\w+\s*,\s*([\w.]+))?",
            |c, h| {
                let size = if g(c, 2) == "generate_parameters_ex" {
                    h.int(g(c, 3))
                } else {
                    None
                };
                one(Algo::new(if g(c, 1) == "DH" {
                    Family::Dh
                } else {
                    Family::Dsa
                })
                .size(size))
            },
        ),
        r(
            "c.openssl-digest",
            C,
            &["MD5", "SHA1", "MD4"],
            r"\b(MD5|SHA1|MD4)(?:_Init|_Update|_Final)?\s*\(",
            |c, _| hash(g(c, 1)),
        ),
        r(
            "c.openssl-evp-md",
            C,
            &["EVP_md", "EVP_sha"],
            r"\bEVP_(md5|md4|sha1|sha224|sha256|sha384|sha512|sha3_256|sha3_384|sha3_512)\s*\(\)",
            |c, _| hash(g(c, 1)),
        ),
        r(
            "c.openssl-evp-cipher",
            C,
            &[
                "EVP_des",
                "EVP_rc4",
                "EVP_bf",
                "EVP_aes",
                "EVP_rc2",
                "EVP_chacha20",
            ],
            r"\bEVP_(des_ede3_\w+|des_ede3|des_\w+|rc4|rc2_\w+|bf_\w+|aes_\d+_\w+|chacha20_poly1305|chacha20)\s*\(\)",
            |c, _| cipher(&g(c, 1).replace('_', "-")),
        ),
        r(
            "c.libsodium",
            C,
            &[
                "crypto_box",
                "crypto_sign",
                "crypto_kx",
                "crypto_scalarmult",
                "crypto_aead_aes256gcm",
            ],
            r"\b(crypto_box_keypair|crypto_box_easy|crypto_box_seal|crypto_kx_keypair|crypto_scalarmult|crypto_sign_keypair|crypto_sign_detached|crypto_sign_verify_detached|crypto_sign|crypto_aead_aes256gcm_encrypt)\s*\(",
            |c, _| {
                let f = g(c, 1);
                one(if f.starts_with("crypto_sign") {
                    Algo::new(Family::Ed25519)
                } else if f.starts_with("crypto_aead") {
                    Algo::new(Family::Aes).size(Some(256)).mode(Some("gcm"))
                } else {
                    Algo::new(Family::X25519)
                })
            },
        ),
        r(
            "c.liboqs",
            C,
            &["OQS_"],
            r"\bOQS_(?:KEM|SIG)_alg_(ml_kem|ml_dsa)_(\d+)",
            |c, _| {
                one(Algo::new(if g(c, 1) == "ml_kem" {
                    Family::MlKem
                } else {
                    Family::MlDsa
                })
                .size(g(c, 2).parse().ok()))
            },
        ),
    ]
}

static BC_RSA: Lazy =
    LazyLock::new(|| super::compile(r"RSAKeyGenerationParameters\([^,]+,[^,]+,\s*([\w.]+)"));
