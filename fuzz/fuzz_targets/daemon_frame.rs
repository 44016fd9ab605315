//! Any bytes on the daemon's socket: the frame reader and the request
//! decoder return typed errors, never panic, never allocate past the limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ward_daemon::proto::{self, Request};

fuzz_target!(|data: &[u8]| {
    let mut r = data;
    while let Ok(body) = proto::read_frame_blocking(&mut r) {
        assert!(body.len() <= proto::MAX_FRAME);
        let _ = proto::decode::<Request>(&body);
    }
});
