//! A real rsyslog for the shipping tests: `rsyslogd -n` with its own config,
//! work directory and pid file, listening on a free loopback port and writing
//! each message's raw text as one line of a file.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `rsyslogd`, or `None` after saying why the test is skipped (a failure
/// under `CI=true`: CI must have it; scripts/test-deps.sh installs it).
pub fn rsyslogd(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/sbin")])
        .map(|d| d.join("rsyslogd"))
        .find(|p| p.is_file());
    if found.is_none() {
        eprintln!("SKIP {test}: rsyslogd not installed (scripts/test-deps.sh installs it)");
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have rsyslog: scripts/test-deps.sh installs it"
        );
    }
    found
}

/// The ids of the ward events in a collector's file, in file order.
pub fn shipped_ids(file: &Path) -> Vec<usize> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let at = l.find("[ward@32473 id=\"").unwrap() + 16;
            l[at..].split('"').next().unwrap().parse().unwrap()
        })
        .collect()
}

pub struct Collector {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
    child: Option<Child>,
}

/// The CA and server certificate a TLS collector presents.
pub struct Certs {
    /// The CA certificate (what the shipper trusts).
    pub ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

/// rsyslog's TLS driver (Debian's `rsyslog-gnutls`) is installed.
pub fn has_gtls() -> bool {
    [
        "/usr/lib/x86_64-linux-gnu/rsyslog",
        "/usr/lib/aarch64-linux-gnu/rsyslog",
        "/usr/lib/rsyslog",
    ]
    .iter()
    .any(|d| Path::new(d).join("lmnsd_gtls.so").is_file())
}

fn openssl(args: &[&str], dir: &Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (scripts/test-deps.sh installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Certs {
    /// A CA named `name` in `dir`, and a server certificate it signs for
    /// `localhost` only (so `127.0.0.1` fails the name check).
    pub fn make(dir: &Path, name: &str) -> Self {
        let dir = dir.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        let ca_subject = format!("/CN={name}");
        let mut a = vec!["req", "-x509", "-days", "2", "-subj", &ca_subject];
        a.extend(ec);
        a.extend([
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ]);
        openssl(&a, &dir);
        let mut a = vec![
            "req",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "srv.key",
            "-out",
            "srv.csr",
        ];
        a.extend(ec);
        openssl(&a, &dir);
        std::fs::write(
            dir.join("ext"),
            "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(
            &[
                "x509",
                "-req",
                "-in",
                "srv.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "ext",
                "-out",
                "srv.pem",
            ],
            &dir,
        );
        Self {
            ca: dir.join("ca.pem"),
            cert: dir.join("srv.pem"),
            key: dir.join("srv.key"),
        }
    }
}

impl Collector {
    /// A plain TCP collector.
    pub fn new(bin: PathBuf, dir: &Path) -> Self {
        Self::with(bin, dir, None)
    }

    /// A TLS collector (rsyslog's gtls driver) presenting `certs`' server certificate.
    pub fn tls(bin: PathBuf, dir: &Path, certs: &Certs) -> Self {
        Self::with(bin, dir, Some(certs))
    }

    fn with(bin: PathBuf, dir: &Path, certs: Option<&Certs>) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = dir.join("rsyslog");
        std::fs::create_dir_all(dir.join("work")).unwrap();
        let (global, imtcp) = match certs {
            None => (String::new(), String::new()),
            Some(c) => (
                format!(
                    r#" DefaultNetstreamDriver="gtls" DefaultNetstreamDriverCAFile="{}" DefaultNetstreamDriverCertFile="{}" DefaultNetstreamDriverKeyFile="{}""#,
                    c.ca.display(),
                    c.cert.display(),
                    c.key.display()
                ),
                r#" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon""#
                    .to_owned(),
            ),
        };
        let conf = format!(
            r#"global(workDirectory="{work}" maxMessageSize="64k"{global})
main_queue(queue.type="Direct")
module(load="imtcp"{imtcp})
template(name="raw" type="string" string="%rawmsg%\n")
input(type="imtcp" port="{port}" address="127.0.0.1")
action(type="omfile" file="{out}" template="raw")
"#,
            work = dir.join("work").display(),
            out = dir.join("out.log").display(),
        );
        std::fs::write(dir.join("rsyslog.conf"), conf).unwrap();
        Self {
            bin,
            dir,
            port,
            child: None,
        }
    }

    pub fn out(&self) -> PathBuf {
        self.dir.join("out.log")
    }

    pub fn start(&mut self) {
        let child = Command::new(&self.bin)
            .arg("-n")
            .arg("-f")
            .arg(self.dir.join("rsyslog.conf"))
            .arg("-i")
            .arg(self.dir.join("rsyslog.pid"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(self.dir.join("stderr.log"))
                    .unwrap(),
            ))
            .spawn()
            .unwrap();
        self.child = Some(child);
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "rsyslog did not listen: {}",
                std::fs::read_to_string(self.dir.join("stderr.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM, as a service manager restarting it would.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            Command::new("kill")
                .arg("-TERM")
                .arg(c.id().to_string())
                .status()
                .unwrap();
            c.wait().unwrap();
        }
    }

    /// Waits until the collector holds `n` lines, restarts it, and returns
    /// how many it held when it stopped.
    pub fn restart_at(&mut self, n: usize) -> usize {
        let start = Instant::now();
        while self.lines() < n {
            assert!(
                start.elapsed() < Duration::from_secs(300),
                "shipping stalled"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        self.stop();
        let at_stop = self.lines();
        std::thread::sleep(Duration::from_millis(300));
        self.start();
        at_stop
    }

    pub fn lines(&self) -> usize {
        std::fs::read_to_string(self.out())
            .map(|t| t.lines().count())
            .unwrap_or(0)
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}
