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
            let mut result = json!({
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
            });
            if !f.trail.is_empty()
                && let Some(obj) = result.as_object_mut()
            {
                let (related, flow) = trail(f);
                obj.insert("relatedLocations".to_owned(), related);
                obj.insert("codeFlows".to_owned(), flow);
            }
            result
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

/// A finding's resolution trail as SARIF related locations and one code flow that ends at the
/// use: where each value it depends on came from.
fn trail(f: &crate::Finding) -> (Value, Value) {
    let loc = |path: &str, line: u32, text: &str| {
        json!({
            "physicalLocation": {
                "artifactLocation": { "uri": path.trim_start_matches("./") },
                "region": { "startLine": line.max(1) }
            },
            "message": { "text": text }
        })
    };
    let related: Vec<Value> = f
        .trail
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut l = loc(&s.path, s.line, &format!("value from: {}", s.code));
            if let Some(o) = l.as_object_mut() {
                o.insert("id".to_owned(), json!(i + 1));
            }
            l
        })
        .collect();
    let mut steps: Vec<Value> = f
        .trail
        .iter()
        .map(|s| json!({ "location": loc(&s.path, s.line, &s.code) }))
        .collect();
    steps.push(json!({ "location": loc(&f.path, f.line, &format!("{} used here", f.algorithm)) }));
    (
        Value::Array(related),
        json!([{ "threadFlows": [{ "locations": steps }] }]),
    )
}
