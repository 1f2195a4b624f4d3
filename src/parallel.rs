//! Independent pieces of work on every core, with results in the pieces' order: the pieces of
//! a file being read, the chunks of the anomalies file, meetings, employees.
//!
//! Pieces differ in cost, so a fixed share per thread leaves one core idle
//! while the other finishes its share: each thread instead takes the next piece as soon as it is
//! done with one. Results are put back in the pieces' order, so the outcome is the one of a
//! single thread, whichever thread took which piece.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many pieces to cut work into per thread: enough for the threads to finish close
/// together, few enough that joining the results costs nothing.
pub(crate) const PIECES_PER_THREAD: usize = 16;

/// `f` of every piece, in the pieces' order, computed on up to `threads` threads.
///
/// A panic in `f` is a bug: it is passed on, never turned into missing results.
pub(crate) fn map_in_order<P: Sync, R: Send>(pieces: &[P], threads: usize, f: impl Fn(&P) -> R + Sync) -> Vec<R> {
    let threads = threads.min(pieces.len());
    if threads <= 1 {
        return pieces.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(piece) = pieces.get(k) else { return done };
            done.push((k, f(piece)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(take)).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    results.sort_unstable_by_key(|&(k, _)| k);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_pieces_order_whatever_the_threads() {
        let pieces: Vec<u64> = (0..100).collect();
        // Uneven costs, so that threads finish pieces out of order.
        let f = |&p: &u64| (0..(p % 7) * 10_000).fold(p, |a, b| a.wrapping_mul(31).wrapping_add(b));
        let expected: Vec<u64> = pieces.iter().map(f).collect();
        for threads in [0, 1, 2, 3, 8, 200] {
            assert_eq!(map_in_order(&pieces, threads, f), expected, "{threads} threads");
        }
        assert!(map_in_order(&[] as &[u64], 4, f).is_empty());
    }
}
