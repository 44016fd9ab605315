//! Recognisers for key material (PEM, OpenSSH) and configuration (openssl.cnf, TLS cipher lists, JWT).

use super::code::r;
use super::more::jwt_alg;
use super::{Rule, g};
use crate::algo::{Algo, Family, parse_hash_name};
use crate::keys;
use crate::lang::Lang;

const CONF: &[Lang] = &[Lang::Config];

/// Algorithms named by an OpenSSL-style cipher list (`ECDHE-RSA-AES128-GCM-SHA256:!RC4:...`).
pub(crate) fn cipher_list(list: &str) -> Vec<Algo> {
    let mut out: Vec<Algo> = Vec::new();
    let mut push = |a: Algo| {
        if !out.contains(&a) {
            out.push(a);
        }
    };
    for tok in list.split([':', ' ', ',']) {
        let tok = tok.trim().trim_matches(['"', '\'', ';']);
        if tok.is_empty() || tok.starts_with(['!', '-', '@']) || tok.starts_with('+') {
            continue;
        }
        let up = tok.to_ascii_uppercase();
        if up.starts_with("TLS_") {
            // TLS 1.3 suites name only the AEAD.
            if up.contains("AES_128") {
                push(Algo::new(Family::Aes).size(Some(128)).mode(Some("gcm")));
            } else if up.contains("AES_256") {
                push(Algo::new(Family::Aes).size(Some(256)).mode(Some("gcm")));
            }
            continue;
        }
        let parts: Vec<&str> = up.split('-').collect();
        let has = |p: &str| parts.contains(&p);
        if has("ECDHE") || has("EECDH") {
            push(Algo::new(Family::Ecdh));
        } else if has("DHE") || has("EDH") {
            push(Algo::new(Family::Dh));
        }
        if has("ECDSA") {
            push(Algo::new(Family::Ecdsa));
        }
        if has("RSA")
            || (parts
                .first()
                .is_some_and(|p| p.starts_with("AES") || *p == "DES" || *p == "RC4")
                && parts.len() > 1)
        {
            push(Algo::new(Family::Rsa));
        }
        if up.contains("RC4") {
            push(Algo::new(Family::Rc4));
        }
        if up.contains("3DES") || up.contains("DES-CBC3") {
            push(Algo::new(Family::TripleDes));
        } else if has("DES") {
            push(Algo::new(Family::Des));
        }
        if parts.last().is_some_and(|p| *p == "MD5") || up == "MD5" {
            push(Algo::new(Family::Md5));
        }
        if let Some(aes) = parts.iter().find(|p| p.starts_with("AES") && p.len() > 3) {
            let size = aes.trim_start_matches("AES").parse().ok();
            let mode = if has("GCM") {
                Some("gcm")
            } else if has("CCM") {
                Some("ccm")
            } else {
                Some("cbc")
            };
            push(Algo::new(Family::Aes).size(size).mode(mode));
        }
    }
    out
}

pub(super) fn rules() -> Vec<Rule> {
    vec![
        r(
            "key.pem",
            &[],
            &["-----BEGIN "],
            r"-----BEGIN ([A-Z0-9 ]+)-----",
            |c, h| {
                let label = g(c, 1);
                let start = c.get(0).map_or(0, |m| m.end()) + h.line_start;
                let rest = h.text.get(start..).unwrap_or("");
                let end_marker = format!("-----END {label}-----");
                let Some(end) = rest.find(&end_marker) else {
                    return Vec::new();
                };
                let body = rest.get(..end).unwrap_or("");
                // Encrypted PKCS#1 keys carry headers before the base64.
                let body = body.rsplit_once("\n\n").map_or(body, |(_, b)| b);
                keys::pem_block(label, body).into_iter().collect()
            },
        ),
        r(
            "key.openssh-public",
            &[],
            &[
                "ssh-rsa ",
                "ssh-dss ",
                "ssh-ed25519 ",
                "ecdsa-sha2-nistp",
                "ssh-ed448 ",
            ],
            r"\b(?:ssh-rsa|ssh-dss|ssh-ed25519|ssh-ed448|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com) (AAAA[A-Za-z0-9+/]+=*)",
            |c, _| {
                keys::b64(g(c, 1))
                    .and_then(|b| keys::ssh_blob(&b))
                    .into_iter()
                    .collect()
            },
        ),
        r(
            "config.openssl-cnf",
            CONF,
            &["default_bits", "default_md", "CipherString", "Ciphersuites"],
            r"^\s*(default_bits|default_md|CipherString|Ciphersuites)\s*=\s*([^\s#]+)",
            |c, _| match g(c, 1) {
                "default_bits" => vec![Algo::new(Family::Rsa).size(g(c, 2).parse().ok())],
                "default_md" => parse_hash_name(g(c, 2)).into_iter().collect(),
                _ => cipher_list(g(c, 2)),
            },
        ),
        r(
            "config.tls-ciphers",
            CONF,
            &[
                "ssl_ciphers",
                "SSLCipherSuite",
                "ssl-default-bind-ciphers",
                "ssl-default-server-ciphers",
                "ciphers ",
            ],
            r##"^\s*(?:ssl_ciphers|SSLCipherSuite|ProxyCipherSuite|ssl-default-bind-ciphers|ssl-default-server-ciphers|ciphers)\s+['"]?([^;'"#\n]+)"##,
            |c, _| cipher_list(g(c, 1)),
        ),
        r(
            "config.ssl-dhparam",
            CONF,
            &["ssl_ecdh_curve", "ssl-default-bind-curves"],
            r"^\s*(?:ssl_ecdh_curve|ssl-default-bind-curves)\s+([\w:-]+)",
            |c, _| {
                g(c, 1)
                    .split(':')
                    .filter_map(|cv| match cv {
                        "X25519" | "x25519" => Some(Algo::new(Family::X25519)),
                        "X25519MLKEM768" => Some(Algo::new(Family::HybridKem)),
                        other => crate::algo::normalize_curve(other)
                            .map(|n| Algo::new(Family::Ecdh).curve(Some(&n))),
                    })
                    .collect()
            },
        ),
        r(
            "config.jwt-alg",
            CONF,
            &["alg"],
            r#"(?i:\b[\w.-]*alg(?:orithm)?\w*)["']?\s*[:=]\s*["']?((?:RS|PS|ES)\d{3}K?|EdDSA)\b"#,
            |c, _| jwt_alg(g(c, 1)).into_iter().collect(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cipher_lists() {
        let names: Vec<String> = cipher_list("ECDHE-RSA-AES128-GCM-SHA256:!RC4:DES-CBC3-SHA")
            .iter()
            .map(Algo::name)
            .collect();
        assert_eq!(names, vec!["ECDH", "RSA", "AES-128", "3DES"]);
    }
}
