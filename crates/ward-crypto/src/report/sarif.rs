//! SARIF 2.1.0: one rule per finding kind (algorithm and status), one result per finding.

use super::Report;
use crate::finding::{QuantumStatus, Severity};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn rule_id(f: &crate::Finding) -> String {
    format!(
        "crypto/{}/{}",
        f.status.as_str(),
        f.algorithm.to_ascii_lowercase()
    )
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The report as a SARIF 2.1.0 log.
pub fn to_sarif(r: &Report) -> Value {
    let mut rules: BTreeMap<String, Value> = BTreeMap::new();
    for f in &r.findings {
        rules.entry(rule_id(f)).or_insert_with(|| {
            let what = match f.status {
                QuantumStatus::Broken => "broken cryptography",
                QuantumStatus::Vulnerable => "quantum-vulnerable cryptography",
                QuantumStatus::Weakened => "cryptography weakened by quantum search",
                QuantumStatus::Safe => "post-quantum-ready cryptography",
            };
            json!({
                "id": rule_id(f),
                "name": format!("{}{}", f.family.replace(['-', ' '], ""), f.status.as_str()),
                "shortDescription": { "text": format!("{} ({what})", f.algorithm) },
                "fullDescription": { "text": format!("{} {} use: {}", f.algorithm, f.primitive.as_str(), f.advice) },
                "help": { "text": f.advice },
                "defaultConfiguration": { "level": level(f.severity) },
                "properties": { "tags": ["cryptography", f.status.as_str(), f.primitive.as_str()] }
            })
        });
    }
    let index: BTreeMap<&String, usize> = rules.keys().enumerate().map(|(i, k)| (k, i)).collect();
    let results: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let id = rule_id(f);
            json!({
                "ruleId": id,
                "ruleIndex": index.get(&id).copied().unwrap_or(0),
                "level": level(f.severity),
                "message": { "text": format!("{} ({}, {}): {}", f.algorithm, f.status.as_str(), f.primitive.as_str(), f.advice) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.path.trim_start_matches("./") },
                        "region": { "startLine": f.line.max(1), "startColumn": f.column.max(1) }
                    }
                }],
                "partialFingerprints": { "wardFinding/v1": blake3::hash(f.fingerprint().as_bytes()).to_hex().to_string() },
                "properties": { "context": f.context, "rule": f.rule }
            })
        })
        .collect();
    let notifications: Vec<Value> = r
        .errors
        .iter()
        .map(|e| json!({ "level": "warning", "message": { "text": format!("{}: {}", e.path, e.message) } }))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ward",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/ward",
                "rules": rules.into_values().collect::<Vec<_>>()
            }},
            "invocations": [{ "executionSuccessful": true, "toolExecutionNotifications": notifications }],
            "results": results
        }]
    })
}
