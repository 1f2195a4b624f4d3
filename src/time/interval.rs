//! Half-open intervals `[start, end)` of instants and sets of them.
//!
//! An [`IntervalSet`] is always *normalised*: its intervals are sorted, non-empty, and neither
//! overlap nor touch (touching intervals are merged). Every operation returns a normalised set,
//! so two sets are equal exactly when they cover the same instants, and
//! [`IntervalSet::seconds`] never counts an instant twice.
//!
//! ```
//! use sportello::time::{Interval, IntervalSet};
//! let counter = IntervalSet::from_intervals([Interval::new(0, 3600), Interval::new(1800, 5400)]);
//! assert_eq!(counter.seconds(), 5400); // the overlap counts once
//! let presence = IntervalSet::from_intervals([Interval::new(600, 4000)]);
//! assert_eq!(counter.intersect(&presence).seconds(), 3400);
//! assert_eq!(counter.subtract(&presence).seconds(), 2000);
//! ```

use super::Instant;

/// A half-open interval `[start, end)`. Empty when `end <= start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// First instant inside the interval.
    pub start: Instant,
    /// First instant after the interval.
    pub end: Instant,
}

impl Interval {
    /// An interval from `start` (included) to `end` (excluded).
    pub const fn new(start: Instant, end: Instant) -> Self {
        Interval { start, end }
    }

    /// True when the interval holds no instant.
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Length in seconds (0 when empty).
    pub const fn seconds(&self) -> i64 {
        if self.end > self.start {
            self.end - self.start
        } else {
            0
        }
    }

    /// The common part of two intervals, if any.
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let i = Interval::new(self.start.max(other.start), self.end.min(other.end));
        (!i.is_empty()).then_some(i)
    }
}

/// A normalised set of disjoint, non-touching, sorted intervals.
///
/// Most sets the calculation builds — a day's presence, one meeting's consultation — hold one
/// or two intervals, so up to [`INLINE`] are kept in place and only larger sets allocate.
#[derive(Clone, Default)]
pub struct IntervalSet {
    parts: Parts,
}

/// How many intervals a set holds without allocating.
pub const INLINE: usize = 2;

/// The intervals of a set: in place up to [`INLINE`], else on the heap.
#[derive(Clone)]
enum Parts {
    Inline(u8, [Interval; INLINE]),
    Heap(Vec<Interval>),
}

impl Default for Parts {
    fn default() -> Self {
        Parts::Inline(0, [Interval::new(0, 0); INLINE])
    }
}

impl Parts {
    fn with_capacity(n: usize) -> Self {
        if n <= INLINE {
            Parts::default()
        } else {
            Parts::Heap(Vec::with_capacity(n))
        }
    }

    fn as_slice(&self) -> &[Interval] {
        match self {
            Parts::Inline(len, items) => &items[..usize::from(*len)],
            Parts::Heap(v) => v,
        }
    }

    fn as_mut_slice(&mut self) -> &mut [Interval] {
        match self {
            Parts::Inline(len, items) => &mut items[..usize::from(*len)],
            Parts::Heap(v) => v,
        }
    }

    fn push(&mut self, iv: Interval) {
        match self {
            Parts::Inline(len, items) if usize::from(*len) < INLINE => {
                items[usize::from(*len)] = iv;
                *len += 1;
            }
            Parts::Inline(_, items) => {
                let mut v = Vec::with_capacity(2 * INLINE);
                v.extend_from_slice(items);
                v.push(iv);
                *self = Parts::Heap(v);
            }
            Parts::Heap(v) => v.push(iv),
        }
    }

    fn truncate(&mut self, n: usize) {
        match self {
            Parts::Inline(len, _) => *len = (*len).min(u8::try_from(n).unwrap_or(u8::MAX)),
            Parts::Heap(v) => v.truncate(n),
        }
    }
}

impl PartialEq for IntervalSet {
    fn eq(&self, other: &Self) -> bool {
        self.intervals() == other.intervals()
    }
}

impl Eq for IntervalSet {}

impl PartialOrd for IntervalSet {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IntervalSet {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.intervals().cmp(other.intervals())
    }
}

impl std::hash::Hash for IntervalSet {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.intervals().hash(state);
    }
}

impl std::fmt::Debug for IntervalSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.intervals()).finish()
    }
}

impl IntervalSet {
    /// The empty set.
    pub fn new() -> Self {
        IntervalSet::default()
    }

    /// The union of any intervals, in any order; empty intervals are ignored.
    pub fn from_intervals<I: IntoIterator<Item = Interval>>(intervals: I) -> Self {
        let iter = intervals.into_iter();
        let mut parts = Parts::with_capacity(iter.size_hint().0);
        for iv in iter.filter(|i| !i.is_empty()) {
            parts.push(iv);
        }
        let slice = parts.as_mut_slice();
        slice.sort_unstable();
        // Merge in place: `kept` intervals are final, the next one extends the last or follows.
        let mut kept = 0;
        for i in 0..slice.len() {
            let iv = slice[i];
            if kept > 0 && iv.start <= slice[kept - 1].end {
                slice[kept - 1].end = slice[kept - 1].end.max(iv.end);
            } else {
                slice[kept] = iv;
                kept += 1;
            }
        }
        parts.truncate(kept);
        IntervalSet { parts }
    }

    /// A set of one interval (empty if the interval is).
    pub fn single(interval: Interval) -> Self {
        let mut parts = Parts::default();
        if !interval.is_empty() {
            parts.push(interval);
        }
        IntervalSet { parts }
    }

    /// The intervals, sorted and disjoint.
    pub fn intervals(&self) -> &[Interval] {
        self.parts.as_slice()
    }

    /// True when the set covers no instant.
    pub fn is_empty(&self) -> bool {
        self.intervals().is_empty()
    }

    /// Total covered seconds; no instant is counted twice.
    pub fn seconds(&self) -> i64 {
        self.intervals().iter().map(Interval::seconds).sum()
    }

    /// Instants in either set.
    pub fn union(&self, other: &IntervalSet) -> IntervalSet {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        IntervalSet::from_intervals(self.intervals().iter().chain(other.intervals()).copied())
    }

    /// Instants in both sets (a linear merge of the two sorted lists).
    pub fn intersect(&self, other: &IntervalSet) -> IntervalSet {
        let (a, b) = (self.intervals(), other.intervals());
        let (mut i, mut j) = (0, 0);
        let mut out = Parts::default();
        while i < a.len() && j < b.len() {
            if let Some(common) = a[i].intersect(&b[j]) {
                out.push(common);
            }
            if a[i].end <= b[j].end {
                i += 1;
            } else {
                j += 1;
            }
        }
        // Pieces of two normalised sets intersect into sorted, disjoint pieces; they can touch
        // only where both inputs touch, which normalised inputs never do.
        IntervalSet { parts: out }
    }

    /// Instants in `self` and not in `other`.
    pub fn subtract(&self, other: &IntervalSet) -> IntervalSet {
        let mut out = Parts::default();
        let b = other.intervals();
        let mut j = 0;
        for iv in self.intervals() {
            let mut cursor = iv.start;
            while j < b.len() && b[j].end <= cursor {
                j += 1;
            }
            let mut k = j;
            while k < b.len() && b[k].start < iv.end {
                if b[k].start > cursor {
                    out.push(Interval::new(cursor, b[k].start));
                }
                cursor = cursor.max(b[k].end);
                if cursor >= iv.end {
                    break;
                }
                k += 1;
            }
            if cursor < iv.end {
                out.push(Interval::new(cursor, iv.end));
            }
        }
        IntervalSet { parts: out }
    }

    /// The instants of the set inside `window`.
    pub fn clip(&self, window: Interval) -> IntervalSet {
        self.intersect(&IntervalSet::single(window))
    }

    /// Fills every gap between consecutive pieces that lasts at most `tolerance` seconds
    /// (inclusive): a citizen who drops and rejoins within the tolerance counts as connected.
    pub fn bridge_gaps(&self, tolerance: i64) -> IntervalSet {
        let mut out = Parts::with_capacity(self.intervals().len());
        let mut last: Option<Interval> = None;
        for iv in self.intervals() {
            match last.as_mut() {
                Some(l) if iv.start - l.end <= tolerance => l.end = iv.end,
                _ => {
                    if let Some(l) = last.replace(*iv) {
                        out.push(l);
                    }
                }
            }
        }
        if let Some(l) = last {
            out.push(l);
        }
        IntervalSet { parts: out }
    }

    /// True when the instant lies inside the set.
    pub fn contains(&self, t: Instant) -> bool {
        let parts = self.intervals();
        let idx = parts.partition_point(|iv| iv.end <= t);
        parts.get(idx).is_some_and(|iv| iv.start <= t)
    }
}

/// In JSON an interval is `{"from": "2025-10-06T08:00:00+02:00", "to": …, "seconds": 3600}`:
/// Rome time with its offset, so that the two 02:30 of a fold day are told apart.
impl serde::Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = ser.serialize_struct("Interval", 3)?;
        st.serialize_field("from", &super::rome::format_rome(self.start))?;
        st.serialize_field("to", &super::rome::format_rome(self.end))?;
        st.serialize_field("seconds", &self.seconds())?;
        st.end()
    }
}

/// In JSON a set is the list of its intervals.
impl serde::Serialize for IntervalSet {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_seq(self.intervals().iter())
    }
}

impl FromIterator<Interval> for IntervalSet {
    fn from_iter<T: IntoIterator<Item = Interval>>(iter: T) -> Self {
        IntervalSet::from_intervals(iter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(v: &[(i64, i64)]) -> IntervalSet {
        v.iter().map(|&(a, b)| Interval::new(a, b)).collect()
    }

    #[test]
    fn union_merges_overlapping_and_touching() {
        let s = set(&[(10, 20), (0, 5), (5, 8), (15, 30), (40, 40)]);
        assert_eq!(s.intervals(), &[Interval::new(0, 8), Interval::new(10, 30)]);
        assert_eq!(s.seconds(), 28);
    }

    #[test]
    fn subtract_cuts_holes() {
        let s = set(&[(0, 100)]).subtract(&set(&[(10, 20), (50, 60), (90, 200)]));
        assert_eq!(s, set(&[(0, 10), (20, 50), (60, 90)]));
    }

    #[test]
    fn bridge_is_inclusive_of_the_tolerance() {
        let s = set(&[(0, 10), (130, 140), (261, 270)]);
        assert_eq!(s.bridge_gaps(120), set(&[(0, 140), (261, 270)]));
    }

    #[test]
    fn contains_respects_half_open_bounds() {
        let s = set(&[(0, 10)]);
        assert!(s.contains(0) && s.contains(9) && !s.contains(10) && !s.contains(-1));
    }

    fn arb_set() -> impl Strategy<Value = Vec<(i64, i64)>> {
        prop::collection::vec((0i64..200, 0i64..40).prop_map(|(a, l)| (a, a + l)), 0..12)
    }

    fn covered(v: &[(i64, i64)], t: i64) -> bool {
        v.iter().any(|&(a, b)| a <= t && t < b)
    }

    proptest! {
        // Every operation agrees, instant by instant, with its set-theoretic definition.
        #[test]
        fn operations_match_pointwise_definition(a in arb_set(), b in arb_set()) {
            let (sa, sb) = (set(&a), set(&b));
            let (u, i, d) = (sa.union(&sb), sa.intersect(&sb), sa.subtract(&sb));
            for t in -1..250 {
                let (ia, ib) = (covered(&a, t), covered(&b, t));
                prop_assert_eq!(u.contains(t), ia || ib);
                prop_assert_eq!(i.contains(t), ia && ib);
                prop_assert_eq!(d.contains(t), ia && !ib);
            }
            prop_assert_eq!(i.seconds() + d.seconds(), sa.seconds());
            prop_assert_eq!(u.seconds(), sa.seconds() + sb.seconds() - i.seconds());
        }

        #[test]
        fn results_are_normalised(a in arb_set(), b in arb_set(), tol in 0i64..30) {
            let sa = set(&a);
            for s in [sa.union(&set(&b)), sa.intersect(&set(&b)), sa.subtract(&set(&b)), sa.bridge_gaps(tol)] {
                for w in s.intervals().windows(2) {
                    prop_assert!(w[0].end < w[1].start);
                }
                prop_assert!(s.intervals().iter().all(|iv| !iv.is_empty()));
            }
        }

        #[test]
        fn bridging_only_adds_short_gaps(a in arb_set(), tol in 0i64..30) {
            let sa = set(&a);
            let bridged = sa.bridge_gaps(tol);
            let added = bridged.subtract(&sa);
            prop_assert!(sa.subtract(&bridged).is_empty());
            // each added piece is a whole gap of the original of at most `tol` seconds
            for gap in added.intervals() {
                prop_assert!(gap.seconds() <= tol);
                prop_assert!(sa.contains(gap.start - 1) && sa.contains(gap.end));
            }
        }

        #[test]
        fn large_and_small_sets_agree(a in arb_set()) {
            // Built in one go, or interval by interval across the in-place limit: the same set.
            let whole = set(&a);
            let grown = a.iter().fold(IntervalSet::new(), |acc, &(x, y)| acc.union(&IntervalSet::single(Interval::new(x, y))));
            prop_assert_eq!(&whole, &grown);
            prop_assert_eq!(whole.clone(), whole.intersect(&whole));
        }

        #[test]
        fn input_order_does_not_matter(mut a in arb_set()) {
            let s1 = set(&a);
            a.reverse();
            prop_assert_eq!(s1, set(&a));
        }
    }
}
