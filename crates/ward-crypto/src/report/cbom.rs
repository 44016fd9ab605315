//! CycloneDX 1.6 CBOM: one `cryptographic-asset` component per distinct algorithm, with every
//! location as an evidence occurrence.

use super::Report;
use crate::finding::{Finding, Primitive};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

fn functions(p: Primitive) -> &'static [&'static str] {
    match p {
        Primitive::Signature => &["keygen", "sign", "verify"],
        Primitive::Pke => &["keygen", "encrypt", "decrypt"],
        Primitive::Kem => &["keygen", "encapsulate", "decapsulate"],
        Primitive::KeyAgree => &["keygen", "keyderive"],
        Primitive::Hash => &["digest"],
        Primitive::Mac => &["tag"],
        Primitive::Kdf => &["keyderive"],
        Primitive::BlockCipher | Primitive::StreamCipher | Primitive::Ae => &["encrypt", "decrypt"],
    }
}

fn component_name(f: &Finding) -> String {
    match &f.mode {
        Some(m) => format!("{}-{}", f.algorithm, m.to_ascii_uppercase()),
        None => f.algorithm.clone(),
    }
}

/// The report as a CycloneDX 1.6 BOM.
pub fn to_cbom(r: &Report) -> Value {
    let mut groups: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in &r.findings {
        groups.entry(component_name(f)).or_default().push(f);
    }
    let components: Vec<Value> = groups
        .iter()
        .filter_map(|(name, fs)| {
            let f = fs.first()?;
            let mut props = Map::new();
            props.insert("primitive".into(), json!(f.primitive.as_str()));
            if let Some(n) = f.key_size {
                props.insert("parameterSetIdentifier".into(), json!(n.to_string()));
            }
            if let Some(c) = &f.curve {
                props.insert("curve".into(), json!(c));
            }
            if let Some(m) = &f.mode {
                let m = if ["cbc", "ecb", "ccm", "gcm", "cfb", "ofb", "ctr"].contains(&m.as_str()) { m.as_str() } else { "other" };
                props.insert("mode".into(), json!(m));
            }
            if let Some(p) = fs.iter().find_map(|f| f.padding.as_deref()) {
                let p = if ["pkcs5", "pkcs7", "pkcs1v15", "oaep", "raw"].contains(&p) { p } else { "other" };
                props.insert("padding".into(), json!(p));
            }
            props.insert("cryptoFunctions".into(), json!(functions(f.primitive)));
            if let Some(bits) = classical_bits(f) {
                props.insert("classicalSecurityLevel".into(), json!(bits));
            }
            props.insert("nistQuantumSecurityLevel".into(), json!(quantum_level(f)));
            let occurrences: Vec<Value> = fs
                .iter()
                .flat_map(|f| {
                    // The use, then where its values came from (the resolution trail).
                    std::iter::once(json!({ "location": f.path, "line": f.line, "offset": f.column, "additionalContext": f.snippet }))
                        .chain(f.trail.iter().map(move |s| json!({
                            "location": s.path,
                            "line": s.line,
                            "additionalContext": format!("value for {} at line {}: {}", f.algorithm, f.line, s.code)
                        })))
                })
                .collect();
            Some(json!({
                "type": "cryptographic-asset",
                "bom-ref": format!("crypto/algorithm/{}", name.to_ascii_lowercase()),
                "name": name,
                "cryptoProperties": { "assetType": "algorithm", "algorithmProperties": props },
                "evidence": { "occurrences": occurrences },
                "properties": [
                    { "name": "ward:quantumStatus", "value": f.status.as_str() },
                    { "name": "ward:advice", "value": f.advice }
                ]
            }))
        })
        .collect();
    let h = blake3::hash(
        serde_json::to_string(&components)
            .unwrap_or_default()
            .as_bytes(),
    )
    .to_hex();
    let hex = h.as_str();
    let uuid = format!(
        "{}-{}-4{}-8{}-{}",
        hex.get(0..8).unwrap_or(""),
        hex.get(8..12).unwrap_or(""),
        hex.get(13..16).unwrap_or(""),
        hex.get(17..20).unwrap_or(""),
        hex.get(20..32).unwrap_or("")
    );
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{uuid}"),
        "version": 1,
        "metadata": { "tools": { "components": [{ "type": "application", "name": "ward", "version": env!("CARGO_PKG_VERSION") }] } },
        "components": components
    })
}

/// Rebuilds the catalogue's view of a finding for the numeric levels.
fn algo_of(f: &Finding) -> Option<crate::algo::Algo> {
    let fam = match f.family.as_str() {
        "RSA" => crate::Family::Rsa,
        "DSA" => crate::Family::Dsa,
        "DH" => crate::Family::Dh,
        "ECDH" => crate::Family::Ecdh,
        "ECDSA" => crate::Family::Ecdsa,
        "Ed25519" => crate::Family::Ed25519,
        "Ed448" => crate::Family::Ed448,
        "X25519" => crate::Family::X25519,
        "X448" => crate::Family::X448,
        "AES" => crate::Family::Aes,
        "ML-KEM" => crate::Family::MlKem,
        "ML-DSA" => crate::Family::MlDsa,
        "SLH-DSA" => crate::Family::SlhDsa,
        "X25519MLKEM768" => crate::Family::HybridKem,
        "ChaCha20" => crate::Family::ChaCha20,
        "SHA-2" | "SHA-3" => {
            let mut a = crate::algo::parse_hash_name(&f.algorithm)?;
            a.curve = None;
            return Some(a);
        }
        "MD5" | "MD4" | "SHA-1" | "DES" | "3DES" | "RC4" | "RC2" | "Blowfish" => crate::Family::Md5,
        _ => return None,
    };
    let mut a = crate::algo::Algo::new(fam).size(f.key_size);
    a.curve = f.curve.clone();
    Some(a)
}

fn classical_bits(f: &Finding) -> Option<u32> {
    algo_of(f).and_then(|a| a.classical_bits())
}

fn quantum_level(f: &Finding) -> u32 {
    algo_of(f).map_or(0, |a| a.nist_quantum_level())
}
