//! The OpenAPI document against the router: the same routes both ways, and
//! every documented operation answers as documented.

use crate::harness::{Dirs, Server};
use std::collections::BTreeSet;

fn documented() -> BTreeSet<(String, String)> {
    let doc: serde_json::Value = serde_json::from_str(ward_serve::OPENAPI).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut out = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            out.insert((method.clone(), path.clone()));
        }
    }
    out
}

#[test]
fn the_document_names_exactly_the_routes() {
    let routes: BTreeSet<(String, String)> = ward_serve::ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(documented(), routes);
}

#[test]
fn every_documented_operation_is_routed() {
    let dirs = Dirs::new();
    let server = Server::start(dirs.config());
    let (s, served) = server.get_json("/v1/openapi.json");
    assert_eq!(s, 200);
    assert_eq!(
        served,
        serde_json::from_str::<serde_json::Value>(ward_serve::OPENAPI).unwrap()
    );
    for (method, path) in documented() {
        if path.ends_with("/stream") {
            continue; // endless; covered by its own test
        }
        let url = server.url(&path.replace("{id}", "999"));
        let auth = format!("Bearer {}", server.token);
        let a = crate::harness::agent();
        let mut r = match method.as_str() {
            "get" => a.get(&url).header("Authorization", &auth).call(),
            "delete" => a.delete(&url).header("Authorization", &auth).call(),
            "post" => a
                .post(&url)
                .header("Authorization", &auth)
                .header("Content-Type", "application/json")
                .send("{}"),
            m => panic!("undocumented method {m}"),
        }
        .unwrap();
        let status = r.status().as_u16().to_string();
        let body = r.body_mut().read_to_string().unwrap();
        assert!(
            !body.contains("no_route") && !body.contains("method_not_allowed"),
            "{method} {path}: {body}"
        );
        let doc: serde_json::Value = serde_json::from_str(ward_serve::OPENAPI).unwrap();
        assert!(
            doc["paths"][&path][&method]["responses"]
                .get(&status)
                .is_some(),
            "{method} {path} answered {status}, which the document does not list"
        );
    }
}
