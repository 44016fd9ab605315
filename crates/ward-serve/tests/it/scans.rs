//! Scans: results, paging, reports, deletion, confinement, concurrency, the
//! queue limit, and history across a restart.

use crate::harness::{Dirs, Server, write_rsa};
use std::collections::BTreeSet;

#[test]
fn a_scan_pages_filters_reports_and_deletes() {
    let dirs = Dirs::new();
    let root = dirs.root();
    write_rsa(&root.join("app"), "keys.py", 25);
    std::fs::write(
        root.join("app/hash.py"),
        "import hashlib\nh = hashlib.md5(b'x')\n",
    )
    .unwrap();
    let server = Server::start(dirs.config());
    let id = server.scan("app");
    let row = server.wait(id);
    assert_eq!(row["state"], "done", "{row}");
    assert_eq!(row["findings"], 26);
    assert_eq!(
        (row["files_done"].as_u64(), row["files_total"].as_u64()),
        (Some(2), Some(2))
    );

    let (s, v) = server.get_json(&format!("/v1/scans/{id}/findings?size=10&page=3"));
    assert_eq!(s, 200);
    assert_eq!(
        (v["total"].as_u64(), v["findings"].as_array().unwrap().len()),
        (Some(26), 6),
        "last page"
    );
    let (_, v) = server.get_json(&format!("/v1/scans/{id}/findings?size=10&page=4"));
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "past the end");
    let (_, v) = server.get_json(&format!("/v1/scans/{id}/findings?size=100000"));
    assert_eq!(
        (v["size"].as_u64(), v["findings"].as_array().unwrap().len()),
        (Some(1000), 26)
    );
    assert_eq!(
        server
            .get_json(&format!("/v1/scans/{id}/findings?size=0"))
            .0,
        400
    );
    assert_eq!(
        server
            .get_json(&format!("/v1/scans/{id}/findings?severity=huge"))
            .0,
        400
    );
    // Stable order: two pages of 13 concatenate to the whole list.
    let all: Vec<serde_json::Value> = server
        .get_json(&format!("/v1/scans/{id}/findings?size=26"))
        .1["findings"]
        .as_array()
        .unwrap()
        .clone();
    let p1 = server
        .get_json(&format!("/v1/scans/{id}/findings?size=13&page=1"))
        .1;
    let p2 = server
        .get_json(&format!("/v1/scans/{id}/findings?size=13&page=2"))
        .1;
    let joined: Vec<serde_json::Value> = [p1, p2]
        .iter()
        .flat_map(|p| p["findings"].as_array().unwrap().clone())
        .collect();
    assert_eq!(joined, all);
    // Pages are cached by their normalised query: the same page however asked.
    let again = server.get(&format!("/v1/scans/{id}/findings?page=2&size=13"));
    assert_eq!(
        again,
        server.get(&format!("/v1/scans/{id}/findings?size=13&page=2"))
    );
    assert_eq!(
        server
            .get_json(&format!("/v1/scans/{id}/findings?page=1"))
            .1,
        server
            .get_json(&format!("/v1/scans/{id}/findings?size=100"))
            .1
    );

    // gzip when asked for, the same JSON underneath; identity otherwise.
    let page = format!("/v1/scans/{id}/findings?size=26");
    let (s, ce, vary, plain) = server.get_encoded(&page, "identity");
    assert_eq!(
        (s, ce.as_str(), vary.as_str()),
        (200, "", "accept-encoding")
    );
    let (s, ce, vary, zipped) = server.get_encoded(&page, "br, gzip");
    assert_eq!(
        (s, ce.as_str(), vary.as_str()),
        (200, "gzip", "accept-encoding")
    );
    assert!(
        zipped.len() * 4 < plain.len(),
        "{} vs {}",
        zipped.len(),
        plain.len()
    );
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&zipped[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, plain);
    assert_eq!(server.get_encoded(&page, "gzip;q=0").1, "", "refused gzip");

    let (_, v) = server.get_json(&format!("/v1/scans/{id}/findings?algorithm=md5"));
    assert_eq!(v["total"], 1);
    assert!(
        v["findings"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("hash.py")
    );
    let (_, v) = server.get_json(&format!(
        "/v1/scans/{id}/findings?path=keys.py&algorithm=RSA-1024"
    ));
    assert_eq!(v["total"], 25);
    let (_, lower) = server.get_json(&format!(
        "/v1/scans/{id}/findings?algorithm=rsa-1024&path=keys.py"
    ));
    assert_eq!(lower, v, "algorithm ignores case");
    let sev = all[0]["severity"].as_str().unwrap().to_owned();
    let (_, v) = server.get_json(&format!("/v1/scans/{id}/findings?severity={sev}"));
    let expect = all.iter().filter(|f| f["severity"] == sev.as_str()).count();
    assert_eq!(v["total"].as_u64().unwrap() as usize, expect);

    let (s, v) = server.get_json(&format!("/v1/scans/{id}/report"));
    assert_eq!(s, 200);
    assert_eq!(v["findings"].as_array().unwrap().len(), 26);
    let (_, v) = server.get_json(&format!("/v1/scans/{id}/report?format=sarif"));
    assert_eq!(v["version"], "2.1.0");
    let (_, v) = server.get_json(&format!("/v1/scans/{id}/report?format=cbom"));
    assert_eq!(v["bomFormat"], "CycloneDX");
    assert_eq!(
        server
            .get_json(&format!("/v1/scans/{id}/report?format=pdf"))
            .0,
        400
    );

    assert_eq!(server.delete(&format!("/v1/scans/{id}")), 204);
    assert_eq!(server.get_json(&format!("/v1/scans/{id}")).0, 404);
    assert_eq!(server.get_json(&format!("/v1/scans/{id}/findings")).0, 404);
    assert_eq!(server.delete(&format!("/v1/scans/{id}")), 404);
    // Ids are never reused, so a cached page can never answer for another scan.
    let next = server.scan("app");
    assert!(next > id);
    assert_eq!(server.wait(next)["findings"], 26);
    assert_eq!(
        server
            .get_json(&format!("/v1/scans/{next}/findings?size=10&page=3"))
            .1["findings"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
}

#[test]
fn paths_outside_the_roots_are_refused() {
    let dirs = Dirs::new();
    let root = dirs.root();
    let secret = dirs.tmp.path().join("secret");
    write_rsa(&secret, "s.py", 3);
    std::fs::create_dir_all(root.join("ok/inner")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("link")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("ok/inner/sneaky")).unwrap();
    let server = Server::start(dirs.config());
    let outside = secret.display().to_string();
    for p in [
        "..",
        "../secret",
        "ok/../../secret",
        "link",
        "/etc",
        outside.as_str(),
    ] {
        let body = serde_json::json!({ "path": p }).to_string();
        let (s, v, _) = server.post("/v1/scans", &body);
        assert_eq!(
            (s, v["error"]["code"].as_str()),
            (403, Some("outside_roots")),
            "{p}: {v}"
        );
    }
    let (s, v, _) = server.post("/v1/scans", r#"{"path": "missing"}"#);
    assert_eq!((s, v["error"]["code"].as_str()), (400, Some("bad_path")));
    // A link deeper in the tree would lead the walk out: the scan fails, naming it.
    let id = server.scan("ok");
    let row = server.wait(id);
    assert_eq!(row["state"], "failed", "{row}");
    assert!(row["error"].as_str().unwrap().contains("sneaky"), "{row}");
    assert_eq!(server.get_json(&format!("/v1/scans/{id}/findings")).0, 409);
}

#[test]
fn ten_scans_run_at_once_with_their_own_results() {
    let dirs = Dirs::new();
    for i in 1..=10 {
        write_rsa(&dirs.root().join(format!("p{i}")), "k.py", i * 3);
    }
    let mut cfg = dirs.config();
    cfg.max_running = 10;
    cfg.queue_limit = 0;
    let server = std::sync::Arc::new(Server::start(cfg));
    let handles: Vec<_> = (1..=10)
        .map(|i| {
            let s = std::sync::Arc::clone(&server);
            std::thread::spawn(move || (i, s.scan(&format!("p{i}"))))
        })
        .collect();
    let ids: Vec<(usize, i64)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(ids.iter().map(|x| x.1).collect::<BTreeSet<_>>().len(), 10);
    for (i, id) in ids {
        let row = server.wait(id);
        assert_eq!(row["state"], "done");
        assert_eq!(row["findings"].as_u64(), Some(i as u64 * 3), "scan of p{i}");
        assert!(row["path"].as_str().unwrap().ends_with(&format!("/p{i}")));
    }
}

#[test]
fn past_the_queue_limit_is_429_with_retry_after() {
    let dirs = Dirs::new();
    // Enough files that one scan outlasts a burst of requests.
    for d in 0..40 {
        for f in 0..50 {
            write_rsa(
                &dirs.root().join(format!("big/d{d}")),
                &format!("f{f}.py"),
                2,
            );
        }
    }
    let mut cfg = dirs.config();
    cfg.max_running = 1;
    cfg.queue_limit = 1;
    cfg.cache = false;
    let server = std::sync::Arc::new(Server::start(cfg));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let s = std::sync::Arc::clone(&server);
            std::thread::spawn(move || s.post("/v1/scans", r#"{"path": "big"}"#))
        })
        .collect();
    let answers: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let accepted: Vec<i64> = answers
        .iter()
        .filter(|a| a.0 == 202)
        .map(|a| a.1["id"].as_i64().unwrap())
        .collect();
    let refused: Vec<_> = answers.iter().filter(|a| a.0 == 429).collect();
    assert!(!refused.is_empty(), "{answers:?}");
    assert_eq!(accepted.len() + refused.len(), 8, "{answers:?}");
    for r in refused {
        assert_eq!(r.1["error"]["code"], "queue_full");
        assert_eq!(r.2.as_deref(), Some("1"));
    }
    for id in accepted {
        assert_eq!(server.wait(id)["findings"], 4000);
    }
    // Once drained, the queue takes work again.
    let (s, _) = server.get_json("/metrics");
    assert_eq!(s, 200);
    assert_eq!(server.post("/v1/scans", r#"{"path": "big/d0"}"#).0, 202);
}

#[test]
fn history_survives_a_restart() {
    let dirs = Dirs::new();
    write_rsa(&dirs.root().join("a"), "k.py", 7);
    let server = Server::start(dirs.config());
    let id = server.scan("a");
    assert_eq!(server.wait(id)["findings"], 7);
    let before = server.get_json(&format!("/v1/scans/{id}/findings")).1;
    drop(server);
    let server = Server::start(dirs.config());
    let row = server.get_json(&format!("/v1/scans/{id}")).1;
    assert_eq!(
        (row["state"].as_str(), row["findings"].as_u64()),
        (Some("done"), Some(7))
    );
    assert_eq!(
        server.get_json(&format!("/v1/scans/{id}/findings")).1,
        before
    );
    let next = server.scan("a");
    assert!(next > id, "ids keep counting");
    // The repeated scan of an unchanged tree is answered from the cache.
    assert_eq!(server.wait(next)["findings"], 7);
}

#[test]
fn metrics_are_prometheus_text() {
    let dirs = Dirs::new();
    write_rsa(&dirs.root().join("a"), "k.py", 2);
    let server = Server::start(dirs.config());
    server.wait(server.scan("a"));
    let (s, text) = server.get("/metrics");
    assert_eq!(s, 200);
    for needle in [
        "ward_serve_scans{state=\"done\"} 1",
        "ward_serve_scan_duration_seconds_count 1",
        "ward_serve_scan_duration_seconds_bucket{le=\"+Inf\"} 1",
        "ward_serve_scan_files_total 1",
        "ward_serve_queue_depth 0",
        "# TYPE ward_serve_findings_total counter",
        "# TYPE ward_serve_scan_files_per_second gauge",
        "# TYPE ward_audit_events gauge",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (_, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
    }
}
