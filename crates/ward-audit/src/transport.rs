//! How one frame reaches a collector and is acknowledged: plain TCP, or TLS
//! (rustls, feature `tls`) with the collector's certificate checked against
//! a CA file and the target's host name.
//!
//! Either way: connect, write the frame, half-close the TCP connection, read
//! to an orderly end-of-file. Over TLS no `close_notify` is sent after the
//! frame: it would be data the collector might leave unread when it stops,
//! and the unread-data reset is what tells an unacknowledged frame apart.
//! For the same reason the collector's end may come without `close_notify`
//! (a TCP FIN): it still means the collector read everything.

use crate::error::Result;
use crate::ship::Target;
use std::io::{ErrorKind, Read};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs as _};
use std::path::Path;
use std::time::Duration;

/// Why a frame was not acknowledged.
#[derive(Debug)]
pub(crate) enum SendError {
    /// The collector is away or restarting: send again.
    Retry(std::io::Error),
    /// Sending again cannot help (a certificate that does not verify).
    #[cfg_attr(
        not(feature = "tls"),
        expect(dead_code, reason = "only TLS failures are fatal")
    )]
    Fatal(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Retry(e) => write!(f, "{e}"),
            Self::Fatal(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for SendError {
    fn from(e: std::io::Error) -> Self {
        #[cfg(feature = "tls")]
        if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return Self::Fatal(format!("tls: {tls}"));
        }
        Self::Retry(e)
    }
}

/// A way to the collector, set up once per shipping run.
pub(crate) enum Link {
    Tcp,
    #[cfg(feature = "tls")]
    Tls(std::sync::Arc<rustls::ClientConfig>),
}

impl Link {
    /// The link `target` asks for; `ca`: the CA certificates (PEM) that
    /// vouch for a TLS collector (default: the system's bundle).
    pub(crate) fn new(target: &Target, ca: Option<&Path>) -> Result<Self> {
        if !target.tls {
            return Ok(Self::Tcp);
        }
        #[cfg(feature = "tls")]
        return Ok(Self::Tls(tls::client_config(ca)?));
        #[cfg(not(feature = "tls"))]
        {
            let _ = ca;
            Err(crate::error::Error::Ship(format!(
                "`{target}`: this ward was built without TLS shipping (feature `tls` of ward-audit)"
            )))
        }
    }

    /// One connection carrying `frame`; `Ok` once the collector closed in order.
    pub(crate) fn send(
        &self,
        target: &Target,
        frame: &[u8],
        timeout: Duration,
    ) -> std::result::Result<(), SendError> {
        let tcp = connect(target, timeout)?;
        tcp.set_write_timeout(Some(timeout))?;
        tcp.set_read_timeout(Some(timeout))?;
        match self {
            Self::Tcp => exchange(tcp, frame, |s| s),
            #[cfg(feature = "tls")]
            Self::Tls(cfg) => tls::exchange(cfg, target, tcp, frame),
        }
    }
}

/// Connects to the first of the host's addresses that answers.
fn connect(target: &Target, timeout: Duration) -> std::io::Result<TcpStream> {
    let addrs: Vec<SocketAddr> = (target.host.as_str(), target.port)
        .to_socket_addrs()?
        .collect();
    let mut last = std::io::Error::new(ErrorKind::NotFound, "no address");
    for a in addrs {
        match TcpStream::connect_timeout(&a, timeout) {
            Ok(s) => return Ok(s),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Writes `frame` on `stream`, half-closes the TCP connection, and reads to
/// the end; `tcp` finds the TCP stream inside `stream`.
fn exchange<S: Read + std::io::Write>(
    mut stream: S,
    frame: &[u8],
    tcp: impl Fn(&mut S) -> &mut TcpStream,
) -> std::result::Result<(), SendError> {
    stream.write_all(frame)?;
    stream.flush()?;
    tcp(&mut stream).shutdown(Shutdown::Write)?;
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => continue, // syslog collectors do not answer; ignore anything
            // A TLS peer's FIN without close_notify: an orderly end all the same.
            Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(feature = "tls")]
mod tls {
    use super::SendError;
    use crate::error::{Error, Result};
    use crate::ship::Target;
    use rustls::pki_types::pem::PemObject as _;
    use rustls::pki_types::{CertificateDer, ServerName};
    use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
    use std::net::TcpStream;
    use std::path::Path;
    use std::sync::Arc;

    /// Debian's (and Ubuntu's) bundle of the system's trusted CAs.
    const SYSTEM_CAS: &str = "/etc/ssl/certs/ca-certificates.crt";

    pub(super) fn client_config(ca: Option<&Path>) -> Result<Arc<ClientConfig>> {
        let file = ca.unwrap_or(Path::new(SYSTEM_CAS));
        let bad = |e: String| Error::Ship(format!("CA file `{}`: {e}", file.display()));
        let mut roots = RootCertStore::empty();
        for cert in CertificateDer::pem_file_iter(file).map_err(|e| bad(e.to_string()))? {
            roots
                .add(cert.map_err(|e| bad(e.to_string()))?)
                .map_err(|e| bad(e.to_string()))?;
        }
        if roots.is_empty() {
            return Err(bad("no CA certificate in it".into()));
        }
        #[expect(
            deprecated,
            reason = "ring lacks the hybrid post-quantum key exchange; aws-lc-rs has it but needs cmake and doubles the build"
        )]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let cfg = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Ship(format!("tls: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Arc::new(cfg))
    }

    pub(super) fn exchange(
        cfg: &Arc<ClientConfig>,
        target: &Target,
        tcp: TcpStream,
        frame: &[u8],
    ) -> std::result::Result<(), SendError> {
        // The certificate must name the host as the target spells it.
        let name = ServerName::try_from(target.host.clone())
            .map_err(|e| SendError::Fatal(format!("`{}`: {e}", target.host)))?;
        let conn = ClientConnection::new(Arc::clone(cfg), name)
            .map_err(|e| SendError::Fatal(format!("tls: {e}")))?;
        super::exchange(StreamOwned::new(conn, tcp), frame, |s| &mut s.sock)
    }
}
