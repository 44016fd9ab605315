//! A cheap hasher for the line's small maps (file names, variables,
//! descriptors): a few multiplications per key where SipHash costs about a
//! hundred instructions for a short name. The maps live for one parse of
//! one line, so resistance to chosen collisions buys nothing worth that.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by the line's own names.
pub(crate) type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// The multiply-rotate hash of rustc's `FxHasher`.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some((w, tail)) = rest.split_first_chunk::<8>() {
            self.add(u64::from_le_bytes(*w));
            rest = tail;
        }
        // The last bytes in two loads that may overlap (together they give
        // every byte), not a loop over them: most names are short.
        let last = if let (Some(h), Some(t)) = (rest.first_chunk::<4>(), rest.last_chunk::<4>()) {
            u64::from(u32::from_le_bytes(*h)) | u64::from(u32::from_le_bytes(*t)) << 32
        } else if let (Some(h), Some(t)) = (rest.first_chunk::<2>(), rest.last_chunk::<2>()) {
            u64::from(u16::from_le_bytes(*h)) | u64::from(u16::from_le_bytes(*t)) << 16
        } else {
            rest.first().map_or(0, |&b| u64::from(b))
        };
        self.add(last);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    fn hash(s: &str) -> u64 {
        BuildHasherDefault::<Fx>::default().hash_one(s)
    }

    #[test]
    fn names_that_differ_hash_apart() {
        let names = [
            "a",
            "b",
            "a.sh",
            "b.sh",
            "12345678",
            "123456789",
            "",
            "/tmp/c.sh",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in names.iter().skip(i + 1) {
                assert_ne!(hash(a), hash(b), "`{a}` and `{b}`");
            }
        }
    }

    #[test]
    fn a_map_finds_what_it_holds() {
        let mut m: Map<String, usize> = Map::default();
        for i in 0..500 {
            m.insert(format!("f{i}.sh"), i);
        }
        for i in 0..500 {
            assert_eq!(m.get(format!("f{i}.sh").as_str()), Some(&i));
        }
        assert_eq!(m.get("f500.sh"), None);
    }
}
