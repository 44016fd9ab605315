//! Authentication, request errors, and the audit endpoints.

use crate::harness::{Dirs, Server, agent};
use std::io::BufRead as _;
use std::time::{Duration, Instant};
use ward_audit::{NewEvent, Store};

fn status_with(server: &Server, auth: Option<&str>) -> (u16, serde_json::Value) {
    let mut req = agent().get(&server.url("/v1/events"));
    if let Some(a) = auth {
        req = req.header("Authorization", a);
    }
    let mut r = req.call().unwrap();
    let text = r.body_mut().read_to_string().unwrap();
    (r.status().as_u16(), serde_json::from_str(&text).unwrap())
}

#[test]
fn tokens_missing_wrong_revoked_and_right() {
    let dirs = Dirs::new();
    let server = Server::start(dirs.config());
    let right = format!("Bearer {}", server.token);
    assert_eq!(status_with(&server, Some(&right)).0, 200);

    let (s, v) = status_with(&server, None);
    assert_eq!(s, 401);
    assert_eq!(v["error"]["code"], "unauthorized");
    assert_eq!(v["error"]["message"], "missing bearer token");
    let (s, v) = status_with(&server, Some("Bearer ward_0000"));
    assert_eq!(s, 401);
    assert_eq!(v["error"]["message"], "invalid or revoked token");
    assert_eq!(
        status_with(&server, Some(&server.token)).0,
        401,
        "no Bearer prefix"
    );

    let (info, second) = server.cfg.tokens().create("second").unwrap();
    let second = format!("Bearer {second}");
    assert_eq!(status_with(&server, Some(&second)).0, 200);
    server.cfg.tokens().revoke(info.id).unwrap();
    // The server looks at the token file again within `token_recheck` (1 s).
    let revoked_at = Instant::now();
    while status_with(&server, Some(&second)).0 != 401 {
        assert!(
            revoked_at.elapsed() < Duration::from_secs(30),
            "the revocation never took effect"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        status_with(&server, Some(&right)).0,
        200,
        "others still work"
    );

    // Each refusal is in the audit store.
    let store = Store::open_existing(&server.cfg.store).unwrap();
    let mut refusals = Vec::new();
    store
        .for_each(&ward_audit::Filter::default(), |e| {
            if e.body.source == "serve" {
                refusals.push((e.body.decision, e.body.raw, e.body.reason));
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(refusals.len(), 4, "{refusals:?}");
    assert!(
        refusals
            .iter()
            .all(|(d, raw, _)| d == "deny" && raw == "GET /v1/events")
    );
    assert_eq!(refusals[0].2, "missing bearer token");
    assert!(store.verify().unwrap().ok());
}

#[test]
fn bad_requests_answer_json_errors() {
    let dirs = Dirs::new();
    let server = Server::start(dirs.config());
    let (s, v, _) = server.post("/v1/scans", "{\"path\": ");
    assert_eq!((s, v["error"]["code"].as_str()), (400, Some("bad_request")));
    let (s, v, _) = server.post("/v1/scans", r#"{"path": ".", "colour": "red"}"#);
    assert_eq!(s, 400, "unknown field: {v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("colour"),
        "{v}"
    );
    let (s, _, _) = server.post("/v1/scans", r#"{"path": ".", "profile": "nsa"}"#);
    assert_eq!(s, 400);
    let big = format!(r#"{{"path": "{}"}}"#, "a".repeat(1 << 20));
    let (s, v, _) = server.post("/v1/scans", &big);
    assert_eq!(
        (s, v["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    let mut r = agent()
        .post(&server.url("/v1/scans"))
        .header("Authorization", &format!("Bearer {}", server.token))
        .header("Content-Type", "text/plain")
        .send("path=.")
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);
    let v: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(v["error"]["code"], "unsupported_media_type");
    let (s, v) = server.get_json("/v1/nothing");
    assert_eq!((s, v["error"]["code"].as_str()), (404, Some("no_route")));
    let (s, v) = server.get_json("/v1/scans/abc");
    assert_eq!((s, v["error"]["code"].as_str()), (400, Some("bad_request")));
    let (s, v) = server.get_json("/v1/events?colour=red");
    assert_eq!(s, 400, "{v}");
    let (s, _) = server.get_json("/v1/events?since=yesterdayish");
    assert_eq!(s, 400);
    let (s, _) = server.get_json("/v1/events?decision=maybe");
    assert_eq!(s, 400);
}

fn event(i: usize) -> NewEvent {
    NewEvent {
        actor: if i.is_multiple_of(2) {
            "human".into()
        } else {
            "agent:claude".into()
        },
        source: "test".into(),
        kind: "command".into(),
        raw: format!("cmd {i}"),
        decision: ["allow", "ask", "deny"][i % 3].into(),
        rules: if i.is_multiple_of(5) {
            vec!["five".into()]
        } else {
            vec![]
        },
        ..NewEvent::default()
    }
}

#[test]
fn events_filter_and_page() {
    let dirs = Dirs::new();
    let server = Server::start(dirs.config());
    let (s, v) = server.get_json("/v1/events");
    assert_eq!(s, 200);
    assert_eq!(
        (v["total"].as_u64(), v["events"].as_array().unwrap().len()),
        (Some(0), 0),
        "empty"
    );
    let mut store = Store::open(&server.cfg.store).unwrap();
    let batch: Vec<NewEvent> = (0..250).map(event).collect();
    store.append_batch(&batch).unwrap();

    let (_, v) = server.get_json("/v1/events?size=100&page=3");
    assert_eq!(v["total"], 250);
    let ids: Vec<i64> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        (201..=250).collect::<Vec<_>>(),
        "last page is partial and in order"
    );
    let (_, v) = server.get_json("/v1/events?size=100&page=4");
    assert_eq!(
        (v["total"].as_u64(), v["events"].as_array().unwrap().len()),
        (Some(250), 0),
        "past the end"
    );
    let (_, v) = server.get_json("/v1/events?size=5000");
    assert_eq!(v["size"], 1000, "size is capped");
    assert_eq!(v["events"].as_array().unwrap().len(), 250);
    let (s, _) = server.get_json("/v1/events?size=0");
    assert_eq!(s, 400);
    let (s, _) = server.get_json("/v1/events?page=0");
    assert_eq!(s, 400);

    let (_, v) = server.get_json("/v1/events?decision=deny&actor=agent&size=1000");
    let evs = v["events"].as_array().unwrap();
    assert_eq!(v["total"].as_u64().unwrap() as usize, evs.len());
    assert_eq!(
        evs.len(),
        (0..250).filter(|i| i % 3 == 2 && i % 2 == 1).count()
    );
    assert!(
        evs.iter()
            .all(|e| e["decision"] == "deny" && e["actor"] == "agent:claude")
    );
    let (_, v) = server.get_json("/v1/events?rule=five&size=1000");
    assert_eq!(v["total"], 50);
    let (_, v) = server.get_json("/v1/events?since=2000-01-01&until=1h");
    assert_eq!(v["total"], 0, "until an hour ago: nothing yet");
    let (_, v) = server.get_json("/v1/events?since=1h");
    assert_eq!(v["total"], 250);
    let e = &server.get_json("/v1/events?size=1").1["events"][0];
    assert_eq!(e["hash"].as_str().unwrap().len(), 64);
    assert_eq!(e["prev_hash"], "0".repeat(64));

    let (s, v) = server.get_json("/v1/events/verify");
    assert_eq!(s, 200);
    assert_eq!(
        (v["ok"].as_bool(), v["events"].as_u64(), v["tip"].as_str()),
        (Some(true), Some(250), Some("current"))
    );
    drop(store);
    // Edit one row behind the store's back: verify names it.
    assert!(rusqlite_edit(&server.cfg.store));
    let (_, v) = server.get_json("/v1/events/verify");
    assert_eq!(v["ok"], false);
    assert!(
        v["problem"]
            .as_str()
            .unwrap()
            .contains("event 17 was edited"),
        "{v}"
    );
}

/// Changes event 17's decision behind the store's back.
fn rusqlite_edit(path: &std::path::Path) -> bool {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute("UPDATE events SET decision = 'allow' WHERE id = 17", [])
        .unwrap()
        == 1
}

#[test]
fn the_stream_delivers_new_decisions() {
    let dirs = Dirs::new();
    let server = Server::start(dirs.config());
    let mut store = Store::open(&server.cfg.store).unwrap();
    store.append(&event(0)).unwrap();
    // Let the follower pass event 1 (it polls every 20 ms here).
    std::thread::sleep(Duration::from_millis(300));
    let r = agent()
        .get(&server.url("/v1/events/stream"))
        .header("Authorization", &format!("Bearer {}", server.token))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        r.headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut lines = std::io::BufReader::new(r.into_body().into_reader()).lines();
    // Appended after subscribing: this one must arrive, the earlier one not.
    std::thread::sleep(Duration::from_millis(100));
    let ev = NewEvent {
        raw: "rm -rf build".into(),
        decision: "deny".into(),
        ..event(1)
    };
    store.append(&ev).unwrap();
    let start = Instant::now();
    let mut got = Vec::new();
    while start.elapsed() < Duration::from_secs(20) {
        let line = lines.next().unwrap().unwrap();
        got.push(line.clone());
        if let Some(data) = line.strip_prefix("data: ") {
            let v: serde_json::Value = serde_json::from_str(data).unwrap();
            assert_eq!(
                (v["id"].as_i64(), v["raw"].as_str()),
                (Some(2), Some("rm -rf build")),
                "{got:?}"
            );
            assert!(got.iter().any(|l| l == "event: decision"), "{got:?}");
            assert!(got.iter().any(|l| l == "id: 2"), "{got:?}");
            return;
        }
    }
    panic!("no decision arrived: {got:?}");
}
