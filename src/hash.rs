//! A fast hasher for the engine's lookup tables (employee ids, meeting ids, codes, days).
//!
//! The standard library's SipHash resists crafted collisions at a cost that shows when
//! millions of rows are looked up. These tables live for one run and only serve lookups, so
//! the worst a crafted input file can do with colliding keys is slow that run down, never
//! change a result. The function is FxHash's (rustc's own): a rotate, a xor and a multiply
//! per word, then MurmurHash3's finaliser, so that the low bits a table takes its slot from
//! depend on every byte.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The hasher.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ (rest.len() as u64) << 56);
        }
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
        // A multiply carries a byte's influence upwards only, so the low bits (which hash
        // tables use as the slot) would depend on the first bytes of each word alone: every
        // `wm-NNNNN` would land in one slot. MurmurHash3's finaliser mixes every bit into
        // every other.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_maps_work() {
        let mut m: FastMap<String, u32> = FastMap::default();
        for i in 0..10_000u32 {
            m.insert(format!("wm-{i}"), i);
        }
        assert_eq!(m.len(), 10_000);
        assert!((0..10_000u32).all(|i| m.get(format!("wm-{i}").as_str()) == Some(&i)));
        // Keys that differ only in their tail bytes or length do not collide systematically.
        let (mut a, mut b) = (FxHasher::default(), FxHasher::default());
        a.write(b"abcdefgh1");
        b.write(b"abcdefgh");
        assert_ne!(a.finish(), b.finish());
        // Ids that differ only in their last bytes spread over the low bits, where a table
        // takes its slot from.
        let slots: std::collections::HashSet<u64> = (10_000..20_000u32)
            .map(|i| {
                let mut h = FxHasher::default();
                h.write(format!("wm-{i}").as_bytes());
                h.finish() & 1023
            })
            .collect();
        assert!(slots.len() > 1000 * 9 / 10, "{} of 1024 slots used", slots.len());
    }
}
