//! `--metrics`: the counters of `ward stats` in Prometheus text format, served
//! by a tiny HTTP/1.1 responder on a loopback TCP port. Off by default.
//!
//! Only `GET /metrics` is answered (200); any other path is 404, any other
//! method 405, a request head over [`MAX_REQUEST`] bytes 431, and a client
//! that does not finish its head within [`READ_TIMEOUT`] is dropped. Every
//! response closes the connection.

use crate::daemon::Daemon;
use crate::stats::StatsReport;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The largest request head read, in bytes.
pub const MAX_REQUEST: usize = 8 * 1024;
/// How long a client has to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(2);

/// A `--metrics` address ward will not serve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetricsAddrError {
    /// Not `IP:PORT`.
    #[error("`{0}` is not an address (expected IP:PORT, for example 127.0.0.1:9464)")]
    Invalid(String),
    /// Reachable from other machines.
    #[error("`{0}` is not a loopback address; metrics are served on 127.0.0.1 or ::1 only")]
    NotLoopback(String),
}

/// Parses `--metrics`: an `IP:PORT` on a loopback interface.
pub fn parse_addr(s: &str) -> Result<SocketAddr, MetricsAddrError> {
    let addr: SocketAddr = s
        .trim()
        .parse()
        .map_err(|_| MetricsAddrError::Invalid(s.to_owned()))?;
    if addr.ip().is_loopback() {
        Ok(addr)
    } else {
        Err(MetricsAddrError::NotLoopback(s.to_owned()))
    }
}

/// Serves scrapes on `listener` until `stop` turns true.
pub async fn serve_metrics(
    listener: TcpListener,
    daemon: Arc<Daemon>,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let d = daemon.clone();
                tokio::spawn(async move { answer(stream, &d).await });
            }
            _ = stop.changed() => return,
        }
    }
}

/// Reads one request head and answers it.
async fn answer(mut stream: TcpStream, daemon: &Daemon) {
    let head = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Ok(Ok(h)) => h,
        Ok(Err(Head::TooLarge)) => {
            let _ = respond(&mut stream, "431 Request Header Fields Too Large", "").await;
            return;
        }
        Ok(Err(Head::Closed)) | Err(_) => return,
    };
    let (status, body) = route(&head, || daemon.stats_report());
    let _ = respond(&mut stream, status, &body).await;
}

/// The status and body for a request head; `report` is called only for a scrape.
pub fn route(head: &[u8], report: impl FnOnce() -> StatsReport) -> (&'static str, String) {
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut words = line.split_whitespace();
    let (method, target, version) = (words.next(), words.next(), words.next());
    if !version.is_some_and(|v| v.starts_with("HTTP/1.")) {
        return ("400 Bad Request", String::new());
    }
    let path = target
        .unwrap_or_default()
        .split('?')
        .next()
        .unwrap_or_default();
    match (method, path) {
        (Some("GET"), "/metrics") => ("200 OK", render(&report())),
        (Some("GET"), _) => ("404 Not Found", String::new()),
        _ => ("405 Method Not Allowed", String::new()),
    }
}

enum Head {
    TooLarge,
    Closed,
}

/// Reads until the blank line that ends the head, at most [`MAX_REQUEST`] bytes.
async fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, Head> {
    let mut buf = Vec::with_capacity(512);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk).await.map_err(|_| Head::Closed)?;
        if n == 0 {
            return Err(Head::Closed);
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if buf.windows(4).any(|w| w == b"\r\n\r\n") || buf.windows(2).any(|w| w == b"\n\n") {
            return Ok(buf);
        }
        if buf.len() > MAX_REQUEST {
            return Err(Head::TooLarge);
        }
    }
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    let ctype = if body.is_empty() {
        "text/plain"
    } else {
        "text/plain; version=0.0.4; charset=utf-8"
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// The report in Prometheus text exposition format (version 0.0.4).
pub fn render(r: &StatsReport) -> String {
    let mut out = String::with_capacity(1024 + 64 * r.by_rule.len());
    let mut family = |name: &str, kind: &str, help: &str, rows: &[(String, String)]| {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        for (labels, value) in rows {
            let _ = writeln!(out, "{name}{labels} {value}");
        }
    };
    let one = |v: String| vec![(String::new(), v)];
    let labelled =
        |key: &str, map: &std::collections::BTreeMap<String, u64>| -> Vec<(String, String)> {
            map.iter()
                .map(|(k, v)| (format!("{{{key}=\"{}\"}}", escape(k)), v.to_string()))
                .collect()
        };
    family(
        "ward_evaluations_total",
        "counter",
        "Evaluations answered by the daemon.",
        &one(r.evaluations.to_string()),
    );
    family(
        "ward_decisions_total",
        "counter",
        "Evaluations by decision.",
        &labelled("decision", &r.by_decision),
    );
    family(
        "ward_actor_evaluations_total",
        "counter",
        "Evaluations by actor.",
        &labelled("actor", &r.by_actor),
    );
    family(
        "ward_rule_matches_total",
        "counter",
        "Rule matches by rule id.",
        &labelled("rule", &r.by_rule),
    );
    let [p50, p90, p99, max] = r.latency_us;
    family(
        "ward_evaluation_latency_microseconds",
        "gauge",
        "Evaluation latency over the last 4096 evaluations, by quantile (1 is the maximum).",
        &[
            ("{quantile=\"0.5\"}".into(), p50.to_string()),
            ("{quantile=\"0.9\"}".into(), p90.to_string()),
            ("{quantile=\"0.99\"}".into(), p99.to_string()),
            ("{quantile=\"1\"}".into(), max.to_string()),
        ],
    );
    family(
        "ward_queue_depth",
        "gauge",
        "Pending approvals.",
        &one(r.queue_depth.to_string()),
    );
    family(
        "ward_appended_events_total",
        "counter",
        "Events appended to the audit store.",
        &one(r.appended.to_string()),
    );
    family(
        "ward_append_rate",
        "gauge",
        "Events appended per second since start.",
        &one(r.append_rate.to_string()),
    );
    family(
        "ward_refused_peers_total",
        "counter",
        "Connections refused for their peer uid.",
        &one(r.refused_peers.to_string()),
    );
    family(
        "ward_uptime_seconds",
        "gauge",
        "Seconds since the daemon started.",
        &one(r.uptime_s.to_string()),
    );
    family(
        "ward_policy_info",
        "gauge",
        "The loaded policy, by content hash.",
        &[(format!("{{hash=\"{:016x}\"}}", r.policy_hash), "1".into())],
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("127.0.0.1:9464", true)]
    #[case("127.1.2.3:0", true)]
    #[case("[::1]:9464", true)]
    #[case("0.0.0.0:9464", false)]
    #[case("[::]:9464", false)]
    #[case("192.168.1.10:9464", false)]
    #[case("10.0.0.1:80", false)]
    fn only_loopback_is_served(#[case] addr: &str, #[case] ok: bool) {
        assert_eq!(parse_addr(addr).is_ok(), ok, "{addr}");
        if !ok {
            assert_eq!(
                parse_addr(addr),
                Err(MetricsAddrError::NotLoopback(addr.into()))
            );
        }
    }

    #[rstest]
    #[case("localhost:9464")]
    #[case("127.0.0.1")]
    #[case("")]
    #[case("127.0.0.1:99999")]
    fn bad_addresses_are_invalid(#[case] addr: &str) {
        assert_eq!(
            parse_addr(addr),
            Err(MetricsAddrError::Invalid(addr.into()))
        );
    }

    #[rstest]
    #[case("GET /metrics HTTP/1.1\r\n\r\n", "200 OK")]
    #[case("GET /metrics?x=1 HTTP/1.0\r\n\r\n", "200 OK")]
    #[case("GET / HTTP/1.1\r\n\r\n", "404 Not Found")]
    #[case("GET /metricsx HTTP/1.1\r\n\r\n", "404 Not Found")]
    #[case("POST /metrics HTTP/1.1\r\n\r\n", "405 Method Not Allowed")]
    #[case("GET /metrics\r\n\r\n", "400 Bad Request")]
    #[case("\u{0}\u{1}garbage\r\n\r\n", "400 Bad Request")]
    fn routes(#[case] head: &str, #[case] status: &str) {
        assert_eq!(route(head.as_bytes(), StatsReport::default).0, status);
    }

    proptest::proptest! {
        /// Any request head gets one of the five answers, and only a GET of
        /// /metrics over HTTP/1.x gets the page.
        #[test]
        fn any_head_gets_a_known_status(head in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let (status, body) = route(&head, StatsReport::default);
            proptest::prop_assert!([
                "200 OK", "400 Bad Request", "404 Not Found", "405 Method Not Allowed"
            ].contains(&status));
            proptest::prop_assert_eq!(status == "200 OK", !body.is_empty());
        }
    }

    #[test]
    fn label_values_are_escaped() {
        let mut r = StatsReport::default();
        r.by_actor.insert("agent:\"x\"\\\n".into(), 2);
        let text = render(&r);
        assert!(
            text.contains(r#"ward_actor_evaluations_total{actor="agent:\"x\"\\\n"} 2"#),
            "{text}"
        );
    }
}
