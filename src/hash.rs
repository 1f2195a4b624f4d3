//! The hasher of the engine's lookup tables (employee ids, addresses, meeting ids, days):
//! `rustc-hash`'s FxHash, the compiler's own.
//!
//! The standard library's SipHash resists crafted collisions at a cost that shows when
//! millions of rows are looked up. These tables live for one run and only serve lookups, so
//! the worst a crafted input file can do with colliding keys is slow that run down, never
//! change a result. The hasher has no seed, so a run's tables are the same in every run.
//!
//! Why this crate: version 2 hashes a string's bytes with a multiply-and-fold over 128 bits
//! and rotates its result, so that the low bits (where `HashMap` takes a key's slot) and the
//! high bits (where [`crate::input`]'s interner does) depend on every byte. The home-made
//! FxHash it replaced needed a finaliser of its own for that: without one, ids that differ
//! only in their last bytes (`wm-10000`, `wm-10001`) shared slots. `foldhash` spread the
//! same keys as well and ran the month no faster (measured on a month of 25,000 employees,
//! 1.8 million attendance rows and 128 MB of Teams sessions).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

use rustc_hash::FxBuildHasher;

/// A `HashMap` with FxHash.
pub type FastMap<K, V> = HashMap<K, V, FxBuildHasher>;

/// The hash of one value, as a [`FastMap`] takes it (the interner and the meeting keys of
/// [`crate::input`] key on it).
pub fn of<T: Hash + ?Sized>(value: &T) -> u64 {
    FxBuildHasher.hash_one(value)
}

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
        assert_eq!(of("wm-1"), of(&"wm-1".to_string()));
        // Keys that differ only in their tail bytes or length do not collide systematically.
        assert_ne!(of("abcdefgh1"), of("abcdefgh"));
        assert_ne!(of("ab"), of("ab\0"));
    }

    #[test]
    fn ids_differing_in_their_last_bytes_spread_over_low_and_high_bits() {
        // The low bits are a `HashMap`'s slot, the high bits the interner's: ids that differ
        // only in their last bytes must use nearly every one of 1024 slots either way.
        let ids: Vec<String> =
            (10_000..20_000u32).map(|i| format!("wm-{i}")).chain((0..10_000u32).map(|i| format!("{i:06}"))).collect();
        for keys in ids.chunks(10_000) {
            let low: std::collections::HashSet<u64> = keys.iter().map(|k| of(k.as_str()) & 1023).collect();
            let high: std::collections::HashSet<u64> = keys.iter().map(|k| of(k.as_str()) >> 54).collect();
            assert!(low.len() > 1000 * 9 / 10, "{} of 1024 low slots used by {}…", low.len(), keys[0]);
            assert!(high.len() > 1000 * 9 / 10, "{} of 1024 high slots used by {}…", high.len(), keys[0]);
        }
        // Days, the other key: a month's days in the 64 slots a table of them has use as many
        // as random keys would (25), a year's in 512 nearly so (random: 261).
        let slots = |first: i32, n: i32, mask: u64| {
            let days = (first..first + n).filter_map(chrono::NaiveDate::from_num_days_from_ce_opt);
            days.map(|d| of(&d) & mask).collect::<std::collections::HashSet<u64>>().len()
        };
        for first in [739_160, 739_190, 739_525] {
            assert!(slots(first, 31, 63) >= 25, "{} of 64 slots used by a month", slots(first, 31, 63));
        }
        assert!(slots(739_160, 365, 511) > 200, "{} of 512 slots used by a year", slots(739_160, 365, 511));
    }
}
