//! TLS: the server answers over rustls with the given certificate and key.

use crate::harness::Dirs;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio_rustls::rustls;

fn self_signed(dir: &Path) -> bool {
    Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "extendedKeyUsage=serverAuth",
        ])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn tls_serves_with_the_given_certificate() {
    let dirs = Dirs::new();
    let certs = dirs.tmp.path();
    if !self_signed(certs) {
        eprintln!("SKIP tls: `openssl` could not make a test certificate");
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI images have openssl"
        );
        return;
    }
    let files = ward_serve::TlsFiles {
        cert: certs.join("cert.pem"),
        key: certs.join("key.pem"),
    };
    let bad = ward_serve::TlsFiles {
        cert: certs.join("key.pem"),
        key: certs.join("key.pem"),
    };
    let cfg = dirs.config();
    let (_, token) = cfg.tokens().create("tls").unwrap();
    let state = ward_serve::AppState::open(&cfg).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async move {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        assert!(ward_serve::serve_tls(l, bad, Arc::clone(&state), cfg.poll, std::future::pending()).await.is_err());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(ward_serve::serve_tls(listener, files.clone(), state, cfg.poll, std::future::pending()));

        let mut roots = rustls::RootCertStore::empty();
        let pem = std::fs::read(&files.cert).unwrap();
        use rustls::pki_types::pem::PemObject as _;
        for c in rustls::pki_types::CertificateDer::pem_slice_iter(&pem) {
            roots.add(c.unwrap()).unwrap();
        }
        #[expect(deprecated, reason = "the server uses ring too")]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let client = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
        let mut tls = connector.connect(name, tcp).await.unwrap();
        let req = format!(
            "GET /v1/events/verify HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        );
        tls.write_all(req.as_bytes()).await.unwrap();
        let mut answer = String::new();
        tls.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains("\"ok\":true"), "{answer}");

        // Plain HTTP on the TLS port gets no HTTP answer.
        let mut plain = tokio::net::TcpStream::connect(addr).await.unwrap();
        plain.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
        let mut got = Vec::new();
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), plain.read_to_end(&mut got)).await;
        assert!(!String::from_utf8_lossy(&got).contains("HTTP/1.1 200"));
    });
}
