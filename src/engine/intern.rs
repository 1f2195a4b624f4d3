//! Interning: strings that repeat across millions of rows (meeting ids, attendance codes)
//! become small integers.
//!
//! An [`Interner`] keeps every distinct string once, end to end in one buffer, and finds them
//! through an open-addressing table of indices: interning a string seen before allocates
//! nothing, and a new one costs a copy into the buffer. (A `HashMap<Box<str>, u32>` would
//! allocate a key per string and keep a second copy for the reverse lookup: 700,000 meetings
//! are 1.4 million allocations.) Indices are given in order of first appearance.

use std::hash::Hasher;

use crate::hash::FxHasher;

/// Distinct strings, numbered in order of first appearance.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    text: String,
    /// Where each string ends in `text`; it starts where the previous one ends.
    ends: Vec<usize>,
    /// Open addressing with linear probing, `EMPTY` or a string's hash tag (the top 32 bits of
    /// its hash) above its index. The tag spares reading the text of a string that only shares
    /// a slot, and growing without hashing again. The length is a power of two at least twice
    /// the number of strings; a string's first slot is the top bits of its hash.
    slots: Vec<u64>,
    /// log2 of the number of slots.
    bits: u32,
}

const EMPTY: u64 = u64::MAX;

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

impl Interner {
    /// An interner with room for about `n` strings before it grows.
    pub fn with_capacity(n: usize) -> Self {
        let mut me = Interner::default();
        me.resize((2 * n).next_power_of_two().clamp(64, 1 << 31));
        me
    }

    /// The number of distinct strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The string with index `i` (`""` for an index never given).
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let Some(&end) = self.ends.get(i) else { return "" };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }

    /// The strings in index order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|i| self.get(i))
    }

    /// The index of `s`, adding it if new. Past `u32::MAX - 1` strings the last index is
    /// reused (no input file can hold that many).
    pub fn intern(&mut self, s: &str) -> u32 {
        if self.slots.len() < 2 * (self.ends.len() + 1) {
            self.resize((self.slots.len() * 2).max(64));
        }
        let h = hash(s);
        let tag = h >> 32;
        let mask = self.slots.len() - 1;
        let mut at = self.first_slot(tag);
        loop {
            match self.slots[at] {
                EMPTY => break,
                slot if slot >> 32 == tag && self.get(slot as u32) == s => return slot as u32,
                _ => at = (at + 1) & mask,
            }
        }
        if self.ends.len() >= u32::MAX as usize - 1 {
            return u32::MAX - 1;
        }
        let i = self.ends.len() as u32;
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.slots[at] = tag << 32 | u64::from(i);
        i
    }

    fn first_slot(&self, tag: u64) -> usize {
        // The top `bits` bits of the tag (tables never exceed 2^31 slots).
        (tag >> (32 - self.bits.min(32))) as usize & (self.slots.len() - 1)
    }

    fn resize(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; size]);
        self.bits = size.trailing_zeros();
        let mask = size - 1;
        for slot in old.into_iter().filter(|&s| s != EMPTY) {
            let mut at = self.first_slot(slot >> 32);
            while self.slots[at] != EMPTY {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_appearance_order_and_no_duplicates() {
        let mut n = Interner::default();
        let words: Vec<String> = (0..1000).map(|i| format!("m{}", i % 300)).collect();
        let ids: Vec<u32> = words.iter().map(|w| n.intern(w)).collect();
        assert_eq!(n.len(), 300);
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(n.get(*id), w);
        }
        assert_eq!(ids[..3], [0, 1, 2]);
        assert_eq!(n.intern(""), 300);
        assert_eq!(n.get(300), "");
        assert_eq!(n.get(9999), "");
        assert_eq!(n.iter().take(2).collect::<Vec<_>>(), ["m0", "m1"]);
        // Growing keeps every index; a presized interner gives the same ones.
        let mut big = Interner::with_capacity(10);
        let mut small = Interner::default();
        for i in 0..50_000 {
            let w = format!("wm-{}", i * 7 % 20_000);
            assert_eq!(big.intern(&w), small.intern(&w));
        }
        assert_eq!(big.len(), 20_000);
        // The i-th first appearance got index i.
        assert!((0..20_000u32).all(|i| big.get(i) == format!("wm-{}", i * 7 % 20_000)));
        let i = big.intern("wm-13");
        assert_eq!(big.get(i), "wm-13");
    }
}
