//! `ward serve` end to end: the `ward` binary runs the sibling `ward-serve`,
//! and a decision made by `ward exec` reaches the event stream.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn ward(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ward"));
    c.env("WARD_HOME", home).env("WARD_NO_DAEMON", "1");
    c
}

struct Kill(std::process::Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_decision_by_ward_exec_reaches_the_stream() {
    let home = tempfile::tempdir().unwrap();
    let out = ward(home.path())
        .args(["serve", "token", "new", "--name", "test"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("ward_"), "{token}");
    let list = ward(home.path())
        .args(["serve", "token", "list"])
        .output()
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(
        list.contains("live") && list.contains("test") && !list.contains(&token),
        "{list}"
    );

    let mut server = Kill(
        ward(home.path())
            .args(["serve", "--listen", "127.0.0.1:0", "--root"])
            .arg(home.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let mut first = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .strip_prefix("ward serve: listening on http://")
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();

    let mut sock = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        sock,
        "GET /v1/events/stream HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n"
    )
    .unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut lines = BufReader::new(sock).lines();
    assert!(lines.next().unwrap().unwrap().starts_with("HTTP/1.1 200"));
    // Let the server's follower settle on the current tail.
    std::thread::sleep(Duration::from_millis(300));

    let o = ward(home.path())
        .args(["exec", "--", "echo", "streamed-by-exec"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let start = Instant::now();
    for line in lines {
        let line = line.unwrap();
        if let Some(data) = line.strip_prefix("data: ") {
            let v: serde_json::Value = serde_json::from_str(data).unwrap();
            assert_eq!(v["source"], "exec");
            assert_eq!(v["decision"], "allow");
            assert!(
                v["raw"].as_str().unwrap().contains("streamed-by-exec"),
                "{v}"
            );
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(20));
    }
    panic!("the stream ended without the decision");
}

#[test]
fn serve_refuses_a_remote_address_without_tls() {
    let home = tempfile::tempdir().unwrap();
    let o = ward(home.path())
        .args(["serve", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("not a loopback address") && err.contains("--allow-remote"),
        "{err}"
    );
    let o = ward(home.path())
        .args(["serve", "--listen", "0.0.0.0:0", "--allow-remote"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs TLS"));
}
