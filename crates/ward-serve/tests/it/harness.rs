//! Starts a server in its own runtime on 127.0.0.1:0 and talks to it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ward_serve::{AppState, Config};

pub struct Server {
    pub base: String,
    pub token: String,
    pub cfg: Config,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// A state dir, an audit store and one root with files in it.
pub struct Dirs {
    pub tmp: tempfile::TempDir,
}

impl Dirs {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("root")).unwrap();
        Self { tmp }
    }
    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("root")
    }
    pub fn config(&self) -> Config {
        let mut c = Config::new(
            self.tmp.path().join("state"),
            self.tmp.path().join("state/audit.db"),
            vec![self.root()],
        );
        c.poll = Duration::from_millis(20);
        c
    }
}

impl Server {
    pub fn start(cfg: Config) -> Self {
        let token = match cfg
            .tokens()
            .list()
            .unwrap()
            .into_iter()
            .find(|t| !t.revoked)
        {
            // Tests that restart keep their first token in a file beside the state.
            Some(_) => std::fs::read_to_string(cfg.state_dir.join("test-token")).unwrap(),
            None => {
                let (_, secret) = cfg.tokens().create("test").unwrap();
                std::fs::write(cfg.state_dir.join("test-token"), &secret).unwrap();
                secret
            }
        };
        let state = AppState::open(&cfg).unwrap();
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let poll = cfg.poll;
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                tokio::select! {
                    r = ward_serve::serve(listener, state, poll, std::future::pending()) => r.unwrap(),
                    _ = rx => {}
                }
            });
            rt.shutdown_timeout(Duration::from_secs(2));
        });
        Self {
            base: format!("http://{addr}"),
            token,
            cfg,
            stop: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn auth(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// GET with the token: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut r = agent()
            .get(&self.url(path))
            .header("Authorization", &self.auth())
            .call()
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    }

    /// GET with the token and `Accept-Encoding: enc`: (status,
    /// content-encoding, vary, body bytes as sent).
    pub fn get_encoded(&self, path: &str, enc: &str) -> (u16, String, String, Vec<u8>) {
        let mut r = agent()
            .get(&self.url(path))
            .header("Authorization", &self.auth())
            .header("Accept-Encoding", enc)
            .call()
            .unwrap();
        let header = |name: &str| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let (ce, vary) = (header("content-encoding"), header("vary"));
        let body = r.body_mut().read_to_vec().unwrap();
        (r.status().as_u16(), ce, vary, body)
    }

    pub fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let (s, b) = self.get(path);
        (
            s,
            serde_json::from_str(&b).unwrap_or(serde_json::Value::String(b)),
        )
    }

    /// POST JSON text with the token.
    pub fn post(&self, path: &str, body: &str) -> (u16, serde_json::Value, Option<String>) {
        let mut r = agent()
            .post(&self.url(path))
            .header("Authorization", &self.auth())
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap();
        let retry = r
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = r.body_mut().read_to_string().unwrap();
        (
            r.status().as_u16(),
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
            retry,
        )
    }

    pub fn delete(&self, path: &str) -> u16 {
        agent()
            .delete(&self.url(path))
            .header("Authorization", &self.auth())
            .call()
            .unwrap()
            .status()
            .as_u16()
    }

    /// Starts a scan of `path`; its id.
    pub fn scan(&self, path: &str) -> i64 {
        let body = serde_json::json!({ "path": path }).to_string();
        let (s, v, _) = self.post("/v1/scans", &body);
        assert_eq!(s, 202, "{v}");
        v["id"].as_i64().unwrap()
    }

    /// Polls until scan `id` leaves queued/running; its final row.
    pub fn wait(&self, id: i64) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let (s, v) = self.get_json(&format!("/v1/scans/{id}"));
            assert_eq!(s, 200, "{v}");
            let state = v["state"].as_str().unwrap().to_owned();
            if state != "queued" && state != "running" {
                return v;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "scan {id} never ended"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Writes `n` lines that each hold one RSA-1024 key generation.
pub fn write_rsa(dir: &Path, name: &str, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let line = "k = rsa.generate_private_key(65537, key_size=1024)\n";
    std::fs::write(
        dir.join(name),
        format!(
            "from cryptography.hazmat.primitives.asymmetric import rsa\n{}",
            line.repeat(n)
        ),
    )
    .unwrap();
}
