//! The record types and the canonical encoding the hash chain covers.

use serde::{Deserialize, Serialize};

/// Length of a chain hash in bytes (blake3).
pub const HASH_LEN: usize = 32;

/// A chain hash.
pub type Hash = [u8; HASH_LEN];

/// The `prev_hash` of the first event of a fresh store.
pub const GENESIS: Hash = [0; HASH_LEN];

/// What a front end asks the store to record; the store adds id and hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewEvent {
    /// Nanoseconds since the Unix epoch (UTC); `None` lets `append` stamp it.
    /// Not serialised: a stored [`Event`] carries the stamped time itself and
    /// flattens this record into the same object, where it would appear twice.
    #[serde(skip_serializing)]
    pub time_ns: Option<i64>,
    /// `human`, `agent:NAME` or `unknown`.
    pub actor: String,
    /// The front end: `exec`, `hook`, `check`, `do`, …
    pub source: String,
    /// The action kind: `command`, `file-write`, …
    pub kind: String,
    /// The raw input as the front end received it.
    pub raw: String,
    /// The normalised simple commands.
    pub commands: Vec<String>,
    /// `allow`, `ask` or `deny`.
    pub decision: String,
    /// Ids of the rules that matched.
    pub rules: Vec<String>,
    /// Why the decision was taken.
    pub reason: String,
    /// Working directory of the action.
    pub cwd: String,
    /// Process id of the actor.
    pub pid: u32,
    /// Parent process id of the actor.
    pub ppid: u32,
    /// User id of the actor.
    pub uid: u32,
    /// Session id (terminal, agent conversation, …).
    pub session: String,
    /// `in-process`, `daemon` or `human:…` (an approval).
    pub decided_by: String,
    /// Free-form JSON for anything else (overrides, trust score); empty when none.
    pub extra: String,
}

/// A stored event: the record plus its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Position in the chain, from 1, without gaps.
    pub id: i64,
    /// Nanoseconds since the Unix epoch (UTC).
    pub time_ns: i64,
    /// The recorded fields (its `time_ns` is always `Some`).
    #[serde(flatten)]
    pub body: NewEvent,
    /// Hash of the previous event (or of the prune checkpoint; zeros for the first).
    #[serde(serialize_with = "hex_ser")]
    pub prev_hash: Hash,
    /// Hash of this event's canonical encoding and `prev_hash`.
    #[serde(serialize_with = "hex_ser")]
    pub hash: Hash,
}

fn hex_ser<S: serde::Serializer>(h: &Hash, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex(h))
}

/// Lowercase hex of a hash.
pub fn hex(h: &Hash) -> String {
    use std::fmt::Write;
    h.iter()
        .fold(String::with_capacity(HASH_LEN * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Parses lowercase or uppercase hex into a hash.
pub fn unhex(s: &str) -> Option<Hash> {
    let b = s.as_bytes();
    if b.len() != HASH_LEN * 2 {
        return None;
    }
    let mut out = GENESIS;
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        let [hi, lo] = pair else { return None };
        *o = (nibble(*hi)? << 4) | nibble(*lo)?;
    }
    Some(out)
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// The chain hash of an event: blake3 over a domain tag, the id, every field
/// length-prefixed in a fixed order, and the previous hash.
///
/// INVARIANT: this encoding never changes for schema version 1; a new field
/// means a new tag and a migration.
pub fn chain_hash(id: i64, time_ns: i64, e: &NewEvent, prev: &Hash) -> Hash {
    let mut h = blake3::Hasher::new();
    h.update(b"ward-audit-v1\0");
    h.update(&id.to_le_bytes());
    h.update(&time_ns.to_le_bytes());
    for s in [&e.actor, &e.source, &e.kind, &e.raw] {
        put_str(&mut h, s);
    }
    put_list(&mut h, &e.commands);
    put_str(&mut h, &e.decision);
    put_list(&mut h, &e.rules);
    for s in [&e.reason, &e.cwd] {
        put_str(&mut h, s);
    }
    for n in [e.pid, e.ppid, e.uid] {
        h.update(&n.to_le_bytes());
    }
    for s in [&e.session, &e.decided_by, &e.extra] {
        put_str(&mut h, s);
    }
    h.update(prev);
    *h.finalize().as_bytes()
}

fn put_str(h: &mut blake3::Hasher, s: &str) {
    h.update(&(s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

fn put_list(h: &mut blake3::Hasher, l: &[String]) {
    h.update(&(l.len() as u64).to_le_bytes());
    for s in l {
        put_str(h, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> NewEvent {
        NewEvent {
            actor: "human".into(),
            source: "exec".into(),
            decision: "allow".into(),
            commands: vec!["ls -l".into()],
            ..NewEvent::default()
        }
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = chain_hash(1, 5, &sample(), &GENESIS);
        let mut e = sample();
        e.decision = "deny".into();
        assert_ne!(chain_hash(1, 5, &e, &GENESIS), base);
        assert_ne!(chain_hash(2, 5, &sample(), &GENESIS), base);
        assert_ne!(chain_hash(1, 6, &sample(), &GENESIS), base);
        assert_ne!(chain_hash(1, 5, &sample(), &[1; HASH_LEN]), base);
        let mut e = sample();
        e.uid = 1;
        assert_ne!(chain_hash(1, 5, &e, &GENESIS), base);
    }

    #[test]
    fn time_ns_appears_once_in_event_json() {
        let ev = Event {
            id: 1,
            time_ns: 42,
            body: NewEvent {
                time_ns: Some(42),
                ..sample()
            },
            prev_hash: GENESIS,
            hash: GENESIS,
        };
        let json = serde_json::to_string(&ev).unwrap();
        assert_eq!(json.matches("\"time_ns\"").count(), 1, "{json}");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["time_ns"], 42);
    }

    #[test]
    fn list_boundaries_are_unambiguous() {
        let mut a = sample();
        a.commands = vec!["ab".into(), "c".into()];
        let mut b = sample();
        b.commands = vec!["a".into(), "bc".into()];
        assert_ne!(
            chain_hash(1, 0, &a, &GENESIS),
            chain_hash(1, 0, &b, &GENESIS)
        );
    }

    proptest! {
        #[test]
        fn hex_round_trips(bytes in proptest::array::uniform32(any::<u8>())) {
            prop_assert_eq!(unhex(&hex(&bytes)), Some(bytes));
        }

        #[test]
        fn unhex_never_panics(s in ".{0,80}") {
            let _ = unhex(&s);
        }
    }
}
