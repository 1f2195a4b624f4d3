//! Strings that repeat across millions of rows (meeting ids, attendance codes) kept once and
//! named by small integers.
//!
//! [`Strings`] keeps strings end to end in one buffer, numbered in the order they were added:
//! a session part keeps each meeting id there once per run of rows that share it, and a row
//! names its run. An [`Interner`] adds an open-addressing table of indices, so that a string
//! is kept only once however often it comes: interning a string seen before allocates nothing,
//! and a new one costs a copy into the buffer. (A `HashMap<Box<str>, u32>` would allocate a key
//! per string and keep a second copy for the reverse lookup.)

/// Strings end to end in one buffer, numbered from 0 in the order they were added.
#[derive(Clone, Debug, Default)]
pub(crate) struct Strings {
    text: String,
    /// Where each string ends in `text`; it starts where the previous one ends.
    ends: Vec<usize>,
}

impl Strings {
    /// The number of strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The string numbered `i` (`""` for a number never given).
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let Some(&end) = self.ends.get(i) else { return "" };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }

    /// The last string added.
    pub fn last(&self) -> Option<&str> {
        self.len().checked_sub(1).map(|i| self.get(i as u32))
    }

    /// The strings in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len() as u32).map(|i| self.get(i))
    }

    /// Adds `s` and gives its number. Past `u32::MAX - 1` strings the last number is reused
    /// (no input file can hold that many).
    pub fn push(&mut self, s: &str) -> u32 {
        if self.ends.len() >= u32::MAX as usize - 1 {
            return u32::MAX - 1;
        }
        self.text.push_str(s);
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    /// Adds `other`'s strings after these; gives the number `other`'s first one now has.
    pub fn append(&mut self, other: &Strings) -> u32 {
        let base = self.len() as u32;
        let shift = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + shift));
        base
    }
}

/// The hash of a string, as the interner and the meeting keys take it: the tables' own
/// ([`crate::hash`]), whose high bits depend on every byte.
pub(crate) fn hash(s: &str) -> u64 {
    crate::hash::of(s)
}

/// Distinct strings, numbered in order of first appearance.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    strings: Strings,
    /// Open addressing with linear probing, `EMPTY` or a string's hash tag (the top 32 bits of
    /// its hash) above its index. The tag spares reading the text of a string that only shares
    /// a slot, and growing without hashing again. The length is a power of two at least twice
    /// the number of strings; a string's first slot is the top bits of its hash.
    slots: Vec<u64>,
    /// log2 of the number of slots.
    bits: u32,
}

const EMPTY: u64 = u64::MAX;

impl Interner {
    /// The number of distinct strings.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// The string with index `i` (`""` for an index never given).
    pub fn get(&self, i: u32) -> &str {
        self.strings.get(i)
    }

    /// The strings in index order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.strings.iter()
    }

    /// The index of `s`, adding it if new. Past `u32::MAX - 1` strings the last index is
    /// reused (no input file can hold that many).
    pub fn intern(&mut self, s: &str) -> u32 {
        if self.slots.len() < 2 * (self.len() + 1) {
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
        let i = self.strings.push(s);
        if i < u32::MAX - 1 {
            self.slots[at] = tag << 32 | u64::from(i);
        }
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
        // Growing keeps every index.
        let mut big = Interner::default();
        for i in 0..50_000 {
            let w = format!("wm-{}", i * 7 % 20_000);
            let at = big.intern(&w);
            assert_eq!(big.get(at), w);
        }
        assert_eq!(big.len(), 20_000);
        // The i-th first appearance got index i.
        assert!((0..20_000u32).all(|i| big.get(i) == format!("wm-{}", i * 7 % 20_000)));
        let i = big.intern("wm-13");
        assert_eq!(big.get(i), "wm-13");
    }

    #[test]
    fn strings_keep_order_and_append_renumbers() {
        let mut a = Strings::default();
        assert_eq!((a.len(), a.last(), a.get(0)), (0, None, ""));
        assert_eq!([a.push("wm-1"), a.push(""), a.push("wm-1")], [0, 1, 2]);
        assert_eq!(a.last(), Some("wm-1"));
        let mut b = Strings::default();
        b.push("x");
        b.push("yz");
        assert_eq!(a.append(&b), 3);
        assert_eq!(a.iter().collect::<Vec<_>>(), ["wm-1", "", "wm-1", "x", "yz"]);
        assert_eq!(a.get(4), "yz");
        assert_eq!(a.get(5), "");
    }
}
