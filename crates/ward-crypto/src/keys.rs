//! Key material: PEM/DER keys and certificates and OpenSSH keys, read down to the key type and size.

use crate::algo::{Algo, Family};
use base64::Engine as _;

/// Decodes base64 that may be split over lines.
pub fn b64(text: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(clean).ok()
}

/// Reads one DER TLV: (tag, content, rest).
fn tlv(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, d) = d.split_first()?;
    let (&l0, d) = d.split_first()?;
    let (len, d) = if l0 < 0x80 {
        (usize::from(l0), d)
    } else {
        let n = usize::from(l0 & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let (lb, d) = d.split_at_checked(n)?;
        (lb.iter().fold(0usize, |a, b| (a << 8) | usize::from(*b)), d)
    };
    let (content, rest) = d.split_at_checked(len)?;
    Some((tag, content, rest))
}

/// Bit length of an unsigned big-endian integer.
fn bits(int: &[u8]) -> u32 {
    let mut s = int;
    while let [0, rest @ ..] = s {
        s = rest;
    }
    match s.first() {
        Some(&f) => {
            u32::try_from(s.len().saturating_sub(1) * 8).unwrap_or(u32::MAX)
                + (8 - f.leading_zeros())
        }
        None => 0,
    }
}

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_RSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
const OID_DH: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01];
const OID_X942_DH: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3e, 0x02, 0x01];

fn curve_oid(oid: &[u8]) -> Option<&'static str> {
    Some(match oid {
        [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07] => "P256",
        [0x2b, 0x81, 0x04, 0x00, 0x22] => "P384",
        [0x2b, 0x81, 0x04, 0x00, 0x23] => "P521",
        [0x2b, 0x81, 0x04, 0x00, 0x21] => "P224",
        [0x2b, 0x81, 0x04, 0x00, 0x0a] => "secp256k1",
        _ => return None,
    })
}

/// Algorithm from an AlgorithmIdentifier's OID and parameters (and the key bytes for RSA).
fn from_alg_id(alg: &[u8], key: Option<&[u8]>) -> Option<Algo> {
    let (_, oid, params) = tlv(alg)?;
    match oid {
        OID_RSA | OID_RSA_PSS => {
            let size = key.and_then(rsa_modulus_bits);
            Some(Algo::new(Family::Rsa).size(size))
        }
        OID_EC => {
            let curve = tlv(params).and_then(|(_, c, _)| curve_oid(c));
            Some(Algo::new(Family::Ecdsa).curve(curve))
        }
        OID_DSA | OID_DH | OID_X942_DH => {
            let fam = if oid == OID_DSA {
                Family::Dsa
            } else {
                Family::Dh
            };
            let size = tlv(params)
                .and_then(|(_, seq, _)| tlv(seq))
                .map(|(_, p, _)| bits(p));
            Some(Algo::new(fam).size(size))
        }
        [0x2b, 0x65, 0x70] => Some(Algo::new(Family::Ed25519)),
        [0x2b, 0x65, 0x71] => Some(Algo::new(Family::Ed448)),
        [0x2b, 0x65, 0x6e] => Some(Algo::new(Family::X25519)),
        [0x2b, 0x65, 0x6f] => Some(Algo::new(Family::X448)),
        [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, n] => Some(
            Algo::new(Family::MlKem).size(Some(
                [512, 768, 1024]
                    .get(usize::from(n.saturating_sub(1)))
                    .copied()
                    .unwrap_or(768),
            )),
        ),
        [
            0x60,
            0x86,
            0x48,
            0x01,
            0x65,
            0x03,
            0x04,
            0x03,
            n @ 0x11..=0x13,
        ] => Some(
            Algo::new(Family::MlDsa).size(Some(
                [44, 65, 87]
                    .get(usize::from(n - 0x11))
                    .copied()
                    .unwrap_or(65),
            )),
        ),
        [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x14..=0x1f] => {
            Some(Algo::new(Family::SlhDsa))
        }
        _ => None,
    }
}

/// Modulus size from an RSAPublicKey or RSAPrivateKey (PKCS#1) structure.
fn rsa_modulus_bits(der: &[u8]) -> Option<u32> {
    let (_, seq, _) = tlv(der)?;
    let (_, first, rest) = tlv(seq)?;
    // A private key starts with a small version integer; a public key with the modulus.
    if first.len() <= 1 {
        tlv(rest).map(|(_, n, _)| bits(n))
    } else {
        Some(bits(first))
    }
}

/// SubjectPublicKeyInfo.
fn spki(der: &[u8]) -> Option<Algo> {
    let (_, seq, _) = tlv(der)?;
    let (_, alg, rest) = tlv(seq)?;
    let (_, key, _) = tlv(rest)?;
    from_alg_id(alg, key.get(1..))
}

/// PKCS#8 PrivateKeyInfo.
fn pkcs8(der: &[u8]) -> Option<Algo> {
    let (_, seq, _) = tlv(der)?;
    let (_, _ver, rest) = tlv(seq)?;
    let (_, alg, rest) = tlv(rest)?;
    let key = tlv(rest).map(|(_, k, _)| k);
    from_alg_id(alg, key)
}

/// The SubjectPublicKeyInfo inside an X.509 certificate.
fn certificate(der: &[u8]) -> Option<Algo> {
    let (_, cert, _) = tlv(der)?;
    let (_, tbs, _) = tlv(cert)?;
    let mut rest = tbs;
    if rest.first() == Some(&0xa0) {
        rest = tlv(rest)?.2;
    }
    for _ in 0..5 {
        rest = tlv(rest)?.2; // serial, signature, issuer, validity, subject
    }
    spki(rest)
}

/// A certificate signing request's key.
fn csr(der: &[u8]) -> Option<Algo> {
    let (_, req, _) = tlv(der)?;
    let (_, info, _) = tlv(req)?;
    let rest = tlv(info)?.2; // version
    let rest = tlv(rest)?.2; // subject
    spki(rest)
}

/// Reads a PEM block of the given label; `None` when the label is not key material.
pub fn pem_block(label: &str, body: &str) -> Option<Algo> {
    let der = b64(body);
    let der = der.as_deref();
    match label {
        "RSA PRIVATE KEY" | "RSA PUBLIC KEY" => {
            Some(Algo::new(Family::Rsa).size(der.and_then(rsa_modulus_bits)))
        }
        "DSA PRIVATE KEY" => {
            let size = der
                .and_then(|d| tlv(d))
                .and_then(|(_, s, _)| tlv(s))
                .and_then(|(_, _, r)| tlv(r))
                .map(|(_, p, _)| bits(p));
            Some(Algo::new(Family::Dsa).size(size))
        }
        "EC PRIVATE KEY" => {
            let curve = der.and_then(|d| {
                let (_, seq, _) = tlv(d)?;
                let rest = tlv(seq)?.2;
                let rest = tlv(rest)?.2;
                let (tag, params, _) = tlv(rest)?;
                if tag != 0xa0 {
                    return None;
                }
                tlv(params).and_then(|(_, oid, _)| curve_oid(oid))
            });
            Some(Algo::new(Family::Ecdsa).curve(curve))
        }
        "DH PARAMETERS" => {
            let size = der
                .and_then(|d| tlv(d))
                .and_then(|(_, s, _)| tlv(s))
                .map(|(_, p, _)| bits(p));
            Some(Algo::new(Family::Dh).size(size))
        }
        "DSA PARAMETERS" => Some(Algo::new(Family::Dsa)),
        "PUBLIC KEY" => der.and_then(spki),
        "PRIVATE KEY" => der.and_then(pkcs8),
        "CERTIFICATE" | "TRUSTED CERTIFICATE" => der.and_then(certificate),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => der.and_then(csr),
        "OPENSSH PRIVATE KEY" => der.and_then(openssh_private),
        _ => None,
    }
}

/// Reads DER bytes of unknown kind: certificate, SPKI or PKCS#8.
pub fn der_any(der: &[u8]) -> Option<Algo> {
    certificate(der)
        .or_else(|| spki(der))
        .or_else(|| pkcs8(der))
}

fn ssh_string(d: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = d.split_at_checked(4)?;
    let n = usize::try_from(u32::from_be_bytes(len.try_into().ok()?)).ok()?;
    rest.split_at_checked(n)
}

/// An OpenSSH public-key blob: key type and size.
pub fn ssh_blob(blob: &[u8]) -> Option<Algo> {
    let (kind, rest) = ssh_string(blob)?;
    match kind {
        b"ssh-rsa" => {
            let (_e, rest) = ssh_string(rest)?;
            let (n, _) = ssh_string(rest)?;
            Some(Algo::new(Family::Rsa).size(Some(bits(n))))
        }
        b"ssh-dss" => {
            let (p, _) = ssh_string(rest)?;
            Some(Algo::new(Family::Dsa).size(Some(bits(p))))
        }
        b"ssh-ed25519" | b"sk-ssh-ed25519@openssh.com" => Some(Algo::new(Family::Ed25519)),
        b"ssh-ed448" => Some(Algo::new(Family::Ed448)),
        k if k.starts_with(b"ecdsa-sha2-") || k.starts_with(b"sk-ecdsa-sha2-") => {
            let name = std::str::from_utf8(k).ok()?;
            let curve = name
                .rsplit('-')
                .next()
                .map(|c| c.trim_end_matches("@openssh.com"));
            Some(Algo::new(Family::Ecdsa).curve(curve))
        }
        _ => None,
    }
}

/// The first public key of an `openssh-key-v1` private key.
fn openssh_private(d: &[u8]) -> Option<Algo> {
    let rest = d.strip_prefix(b"openssh-key-v1\0")?;
    let (_cipher, rest) = ssh_string(rest)?;
    let (_kdf, rest) = ssh_string(rest)?;
    let (_opts, rest) = ssh_string(rest)?;
    let (_n, rest) = rest.split_at_checked(4)?;
    let (blob, _) = ssh_string(rest)?;
    ssh_blob(blob)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_lengths() {
        assert_eq!(bits(&[0x00, 0x80, 0, 0]), 24);
        assert_eq!(bits(&[0x01]), 1);
        assert_eq!(bits(&[]), 0);
    }

    #[test]
    fn garbage_is_not_a_key() {
        assert_eq!(pem_block("PUBLIC KEY", "!!!"), None);
        assert_eq!(der_any(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), None);
        assert_eq!(ssh_blob(&[0, 0, 0, 200, 1]), None);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn der_and_ssh_parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = der_any(&bytes);
            let _ = ssh_blob(&bytes);
            let _ = openssh_private(&bytes);
        }

        #[test]
        fn pem_bodies_never_panic(body in "[A-Za-z0-9+/=\n]{0,400}") {
            for label in ["PUBLIC KEY", "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "CERTIFICATE", "OPENSSH PRIVATE KEY"] {
                let _ = pem_block(label, &body);
            }
        }
    }
}
