//! Linux evdev devices (`/dev/input/event*`), read with std: each record is a
//! 24-byte `struct input_event` (64-bit `timeval`, `u16` type, `u16` code,
//! `i32` value) parsed from bytes, no unsafe code.

use crate::error::Error;
use crate::event::{Button, InputEvent, MouseKind, Press};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Size of one `struct input_event` on 64-bit Linux.
pub const RECORD: usize = 24;
const EV_SYN: u16 = 0;
const EV_KEY: u16 = 1;
const EV_REL: u16 = 2;
const REL_X: u16 = 0;
const REL_Y: u16 = 1;
const REL_WHEEL: u16 = 8;
const BTN_LEFT: u16 = 0x110;
const BTN_RIGHT: u16 = 0x111;
const BTN_MIDDLE: u16 = 0x112;
const BTN_TASK: u16 = 0x117;

/// One raw record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawEvent {
    /// Timestamp, microseconds.
    pub ts: u64,
    /// Event type.
    pub kind: u16,
    /// Event code.
    pub code: u16,
    /// Event value.
    pub value: i32,
}

/// Parses one 24-byte record (native little-endian layout).
pub fn parse_record(b: &[u8; RECORD]) -> RawEvent {
    let [
        s0,
        s1,
        s2,
        s3,
        s4,
        s5,
        s6,
        s7,
        u0,
        u1,
        u2,
        u3,
        u4,
        u5,
        u6,
        u7,
        t0,
        t1,
        c0,
        c1,
        v0,
        v1,
        v2,
        v3,
    ] = *b;
    let sec = i64::from_le_bytes([s0, s1, s2, s3, s4, s5, s6, s7]);
    let usec = i64::from_le_bytes([u0, u1, u2, u3, u4, u5, u6, u7]);
    let ts = u64::try_from(sec)
        .unwrap_or(0)
        .saturating_mul(1_000_000)
        .saturating_add(u64::try_from(usec).unwrap_or(0));
    RawEvent {
        ts,
        kind: u16::from_le_bytes([t0, t1]),
        code: u16::from_le_bytes([c0, c1]),
        value: i32::from_le_bytes([v0, v1, v2, v3]),
    }
}

/// Turns raw records into [`InputEvent`]s: keys directly, relative mouse
/// motion accumulated into a position and emitted at each `SYN_REPORT`.
#[derive(Debug, Default, Clone)]
pub struct Decoder {
    x: f64,
    y: f64,
    moved: bool,
}

impl Decoder {
    /// Feeds one record; returns the events it completes (usually zero or one).
    pub fn push(&mut self, r: RawEvent, out: &mut Vec<InputEvent>) {
        match (r.kind, r.code) {
            (EV_KEY, BTN_LEFT..=BTN_TASK) => {
                let b = match r.code {
                    BTN_LEFT => Button::Left,
                    BTN_RIGHT => Button::Right,
                    BTN_MIDDLE => Button::Middle,
                    _ => Button::Other,
                };
                let kind = if r.value == 0 {
                    MouseKind::Release(b)
                } else {
                    MouseKind::Press(b)
                };
                out.push(InputEvent::Mouse {
                    ts: r.ts,
                    x: self.x,
                    y: self.y,
                    kind,
                });
            }
            // Value 2 is auto-repeat: not a new press.
            (EV_KEY, code) if r.value != 2 => {
                let press = if r.value == 0 {
                    Press::Release
                } else {
                    Press::Press
                };
                out.push(InputEvent::Key {
                    ts: r.ts,
                    code: u32::from(code),
                    press,
                });
            }
            (EV_REL, REL_X) => {
                self.x += f64::from(r.value);
                self.moved = true;
            }
            (EV_REL, REL_Y) => {
                self.y += f64::from(r.value);
                self.moved = true;
            }
            (EV_REL, REL_WHEEL) => out.push(InputEvent::Mouse {
                ts: r.ts,
                x: self.x,
                y: self.y,
                kind: MouseKind::Scroll(r.value),
            }),
            (EV_SYN, 0) if self.moved => {
                self.moved = false;
                out.push(InputEvent::Mouse {
                    ts: r.ts,
                    x: self.x,
                    y: self.y,
                    kind: MouseKind::Move,
                });
            }
            _ => {}
        }
    }
}

/// An input device found under `/dev/input`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// `/dev/input/eventN`.
    pub path: PathBuf,
    /// The kernel's name for it.
    pub name: String,
    /// Whether it is a virtual (uinput) device: events from it are automated.
    pub is_virtual: bool,
}

/// Lists `/dev/input/event*` with their names and whether they are virtual.
pub fn devices() -> Result<Vec<Device>, Error> {
    let dir = Path::new("/dev/input");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with("event") {
            continue;
        }
        let sys = Path::new("/sys/class/input").join(&name);
        let kname = std::fs::read_to_string(sys.join("device/name"))
            .unwrap_or_default()
            .trim()
            .to_owned();
        let real = std::fs::canonicalize(&sys).unwrap_or_default();
        let is_virtual = real.to_string_lossy().contains("/devices/virtual/")
            || kname.to_ascii_lowercase().contains("uinput");
        out.push(Device {
            path: e.path(),
            name: kname,
            is_virtual,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Reads a device (or a recorded dump of records) until it ends or `f` returns false.
pub fn read_device(path: &Path, mut f: impl FnMut(InputEvent) -> bool) -> Result<(), Error> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut buf = [0u8; RECORD * 64];
    let mut have = 0usize;
    let mut dec = Decoder::default();
    let mut out = Vec::new();
    loop {
        let n = file
            .read(buf.get_mut(have..).unwrap_or_default())
            .map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Ok(());
        }
        have += n;
        let whole = have / RECORD * RECORD;
        for chunk in buf.get(..whole).unwrap_or_default().chunks_exact(RECORD) {
            if let Ok(rec) = <&[u8; RECORD]>::try_from(chunk) {
                dec.push(parse_record(rec), &mut out);
            }
        }
        buf.copy_within(whole..have, 0);
        have -= whole;
        for ev in out.drain(..) {
            if !f(ev) {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(sec: i64, usec: i64, kind: u16, code: u16, value: i32) -> [u8; RECORD] {
        let mut b = [0u8; RECORD];
        b[..8].copy_from_slice(&sec.to_le_bytes());
        b[8..16].copy_from_slice(&usec.to_le_bytes());
        b[16..18].copy_from_slice(&kind.to_le_bytes());
        b[18..20].copy_from_slice(&code.to_le_bytes());
        b[20..24].copy_from_slice(&value.to_le_bytes());
        b
    }

    #[test]
    fn parses_a_record() {
        assert_eq!(
            parse_record(&rec(2, 500, EV_KEY, 30, 1)),
            RawEvent {
                ts: 2_000_500,
                kind: EV_KEY,
                code: 30,
                value: 1
            }
        );
    }

    #[test]
    fn decodes_keys_motion_and_buttons() {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for r in [
            rec(0, 1, EV_KEY, 30, 1),
            rec(0, 2, EV_KEY, 30, 2),
            rec(0, 3, EV_KEY, 30, 0),
            rec(0, 4, EV_REL, REL_X, 5),
            rec(0, 4, EV_REL, REL_Y, -3),
            rec(0, 4, EV_SYN, 0, 0),
            rec(0, 5, EV_KEY, BTN_LEFT, 1),
            rec(0, 5, EV_SYN, 0, 0),
        ] {
            d.push(parse_record(&r), &mut out);
        }
        assert_eq!(
            out,
            vec![
                InputEvent::Key {
                    ts: 1,
                    code: 30,
                    press: Press::Press
                },
                InputEvent::Key {
                    ts: 3,
                    code: 30,
                    press: Press::Release
                },
                InputEvent::Mouse {
                    ts: 4,
                    x: 5.0,
                    y: -3.0,
                    kind: MouseKind::Move
                },
                InputEvent::Mouse {
                    ts: 5,
                    x: 5.0,
                    y: -3.0,
                    kind: MouseKind::Press(Button::Left)
                },
            ]
        );
    }

    #[test]
    fn reads_a_recorded_dump_with_a_partial_tail() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("dump");
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&rec(1, 0, EV_KEY, 30, 1));
        bytes.extend_from_slice(&rec(1, 90_000, EV_KEY, 30, 0));
        bytes.extend_from_slice(&[1, 2, 3]);
        std::fs::write(&p, bytes).unwrap();
        let mut got = Vec::new();
        read_device(&p, |e| {
            got.push(e);
            true
        })
        .unwrap();
        assert_eq!(got.len(), 2);
    }
}
