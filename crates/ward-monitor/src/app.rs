//! The terminal loop: feed thread from the daemon, keys, draw. The terminal
//! is restored on exit and on panic.

use crate::draw::draw;
use crate::keys::handle;
use crate::state::State;
use ratatui::crossterm::event::{self, Event as TermEvent};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use ward_daemon::{Client, Event, Notice, PendingItem, Request, Response};

/// How the monitor starts.
#[derive(Debug, Clone)]
pub struct Options {
    /// The daemon's socket.
    pub socket: PathBuf,
    /// Recent history from the store, oldest first.
    pub backfill: Vec<Event>,
    /// How many events to keep.
    pub capacity: usize,
}

/// Monitor failures.
#[derive(Debug, thiserror::Error)]
pub enum MonitorError {
    /// The terminal failed.
    #[error("terminal: {0}")]
    Terminal(#[from] std::io::Error),
}

/// What the feed thread tells the loop.
#[derive(Debug)]
enum Feed {
    Up(u64, Vec<PendingItem>),
    Notice(Box<Notice>),
    Down,
}

/// Restores the terminal when dropped (also while unwinding from a panic;
/// `ratatui::init` installs a panic hook that restores it first, too).
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

fn feed(socket: PathBuf, tx: mpsc::Sender<Feed>) {
    loop {
        let up = (|| -> Result<Client, ward_daemon::ClientError> {
            let mut sub = Client::connect(&socket, Duration::from_secs(1))?;
            sub.call(&Request::Subscribe)?;
            sub.set_read_timeout(None)?;
            let mut c = Client::connect(&socket, Duration::from_secs(1))?;
            let items = match c.call(&Request::ListPending)? {
                Response::PendingList { items } => items,
                _ => Vec::new(),
            };
            let _ = tx.send(Feed::Up(c.policy_hash, items));
            Ok(sub)
        })();
        if let Ok(mut sub) = up {
            while let Ok(r) = sub.recv() {
                if let Response::Notice(n) = r
                    && tx.send(Feed::Notice(Box::new(n))).is_err()
                {
                    return;
                }
            }
        }
        if tx.send(Feed::Down).is_err() {
            return;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Sends an approve/deny to the daemon; returns the status message.
fn send(socket: &std::path::Path, req: &Request) -> String {
    let what = match req {
        Request::Approve { id, .. } => format!("approved {id}"),
        Request::Deny { id, .. } => format!("denied {id}"),
        _ => String::new(),
    };
    match Client::connect(socket, Duration::from_secs(1)).and_then(|mut c| c.call(req)) {
        Ok(_) => what,
        Err(e) => e.to_string(),
    }
}

/// Applies what the feed thread sent.
fn absorb(state: &mut State, f: Feed) {
    match f {
        Feed::Up(hash, items) => {
            state.status.daemon_up = true;
            state.status.policy_hash = Some(hash);
            state.pending = items;
        }
        Feed::Notice(n) => match *n {
            Notice::PendingAdded(item) if state.pending.iter().any(|i| i.id == item.id) => {}
            n => state.notice(n),
        },
        Feed::Down => state.status.daemon_up = false,
    }
}

/// Runs the monitor until the user quits.
pub fn run(opts: Options) -> Result<(), MonitorError> {
    let mut state = State::new(opts.capacity);
    for ev in opts.backfill {
        state.push_event(ev);
    }
    let (tx, rx) = mpsc::channel();
    let socket = opts.socket.clone();
    std::thread::spawn(move || feed(socket, tx));
    // `try_init`: without a terminal this is an error to report, not a panic.
    let mut terminal = ratatui::try_init()?;
    let _guard = Guard;
    let mut last_tick = Instant::now();
    while !state.quit {
        while let Ok(f) = rx.try_recv() {
            absorb(&mut state, f);
        }
        terminal.draw(|f| draw(&state, f))?;
        if event::poll(Duration::from_millis(100))?
            && let TermEvent::Key(key) = event::read()?
            && let Some(req) = state.apply(handle(key, state.typing))
        {
            state.status.message = send(&opts.socket, &req);
        }
        let since = last_tick.elapsed();
        if since >= Duration::from_secs(1) {
            state.tick(since.as_secs_f64());
            last_tick = Instant::now();
        }
    }
    Ok(())
}
