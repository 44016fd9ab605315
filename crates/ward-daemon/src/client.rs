//! The blocking client front ends use: connect, hello, one round trip.
//! Every failure is a [`ClientError`] so callers fall back to in-process
//! evaluation when the daemon is down or slow.

use crate::proto::{self, EvalRequest, PROTOCOL_VERSION, Request, Response};
use crate::queue::PendingItem;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a front end waits for the daemon before evaluating in-process.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(250);

/// Client failures.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No daemon answers on the socket.
    #[error("daemon unavailable: {0}")]
    Unavailable(#[from] std::io::Error),
    /// The exchange broke off or made no sense.
    #[error("daemon protocol: {0}")]
    Protocol(String),
    /// The daemon answered with a typed error.
    #[error("daemon: {message}")]
    Daemon {
        /// The kind.
        kind: proto::ErrorKind,
        /// Its message.
        message: String,
    },
}

impl From<proto::FrameError> for ClientError {
    fn from(e: proto::FrameError) -> Self {
        match e {
            proto::FrameError::Io(io) => ClientError::Unavailable(io),
            other => ClientError::Protocol(other.to_string()),
        }
    }
}

/// The socket: `$XDG_RUNTIME_DIR/ward/ward.sock`, else `STATE_DIR/ward.sock`.
pub fn socket_path(state_dir: &Path) -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR").filter(|x| !x.is_empty()) {
        Some(run) => PathBuf::from(run).join("ward/ward.sock"),
        None => state_dir.join("ward.sock"),
    }
}

/// One connection to the daemon.
#[derive(Debug)]
pub struct Client {
    stream: UnixStream,
    /// The daemon's policy hash from the hello.
    pub policy_hash: u64,
    /// The hello was sent and its answer not read yet.
    hello_pending: bool,
}

impl Client {
    /// Connects and says hello, each step bounded by `timeout`.
    pub fn connect(path: &Path, timeout: Duration) -> Result<Self, ClientError> {
        let mut c = Self::connect_pipelined(path, timeout)?;
        c.finish_hello()?;
        Ok(c)
    }

    /// Connects and sends the hello without waiting for its answer: the
    /// first request goes out right behind it, saving a round trip (what a
    /// one-shot front end wants). The hello's answer, or the daemon's
    /// refusal, is read before the first response.
    pub fn connect_pipelined(path: &Path, timeout: Duration) -> Result<Self, ClientError> {
        let mut stream = UnixStream::connect(path)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        proto::write_msg_blocking(
            &mut stream,
            &Request::Hello {
                version: PROTOCOL_VERSION,
            },
        )?;
        Ok(Self {
            stream,
            policy_hash: 0,
            hello_pending: true,
        })
    }

    fn finish_hello(&mut self) -> Result<(), ClientError> {
        if !self.hello_pending {
            return Ok(());
        }
        self.hello_pending = false;
        match self.read_one()? {
            Response::Hello { policy_hash, .. } => {
                self.policy_hash = policy_hash;
                Ok(())
            }
            other => Err(unexpected(&other)),
        }
    }

    /// Sends `req` and reads one response; typed errors become `Err`.
    pub fn call(&mut self, req: &Request) -> Result<Response, ClientError> {
        proto::write_msg_blocking(&mut self.stream, req)?;
        self.recv()
    }

    /// Reads the next response (a subscriber's notices arrive this way).
    pub fn recv(&mut self) -> Result<Response, ClientError> {
        self.finish_hello()?;
        self.read_one()
    }

    fn read_one(&mut self) -> Result<Response, ClientError> {
        let body = proto::read_frame_blocking(&mut self.stream)?;
        match proto::decode::<Response>(&body)? {
            Response::Error { kind, message } => Err(ClientError::Daemon { kind, message }),
            r => Ok(r),
        }
    }

    /// Changes the read timeout (`None`: wait forever).
    pub fn set_read_timeout(&mut self, t: Option<Duration>) -> Result<(), ClientError> {
        self.stream.set_read_timeout(t)?;
        Ok(())
    }

    /// Evaluates with the queue on; when the daemon queues the action,
    /// `on_pending` runs and the call waits up to `wait` for the decision.
    /// Returns a [`Response::Verdict`] or a [`Response::Decided`].
    pub fn evaluate_queued(
        &mut self,
        req: EvalRequest,
        wait: Duration,
        on_pending: impl FnOnce(&PendingItem),
    ) -> Result<Response, ClientError> {
        let req = EvalRequest { queue: true, ..req };
        match self.call(&Request::Evaluate(req))? {
            Response::Pending(item) => {
                on_pending(&item);
                self.set_read_timeout(Some(wait))?;
                self.recv()
            }
            other => Ok(other),
        }
    }
}

fn unexpected(r: &Response) -> ClientError {
    ClientError::Protocol(format!("unexpected answer {r:?}"))
}
