//! Every thread of the program starts here: independent pieces of work on every core, with
//! results in the pieces' order (the pieces of a file being read, the chunks of the anomalies
//! file, meetings, employees); two jobs side by side; and one helper beside the work (the
//! progress line). How many threads work is set once, by the command line ([`set_threads`]);
//! the library never chooses it elsewhere.
//!
//! Pieces differ in cost, so a fixed share per thread leaves one core idle
//! while the other finishes its share: each thread instead takes the next piece as soon as it is
//! done with one. Results are put back in the pieces' order, so the outcome is the one of a
//! single thread, whichever thread took which piece.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many pieces to cut work into per thread: enough for the threads to finish close
/// together, few enough that joining the results costs nothing.
pub(crate) const PIECES_PER_THREAD: usize = 16;

/// The threads work is spread over; 0 until set: the machine's cores.
static THREADS: AtomicUsize = AtomicUsize::new(0);

/// Sets how many threads the work of a run is spread over (at least 1; 0 = the machine's
/// cores). Results are byte-identical whatever the number.
pub fn set_threads(n: usize) {
    THREADS.store(n, Ordering::Relaxed);
}

/// How many threads the work of a run is spread over: as set by [`set_threads`], else the
/// machine's cores.
pub fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

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

/// `f` of every item, in place, the items cut into one contiguous share per thread.
pub(crate) fn each_mut<T: Send>(items: &mut [T], threads: usize, f: impl Fn(&mut T) + Sync) {
    let per_thread = items.len().div_ceil(threads.max(1)).max(1);
    if threads <= 1 || items.len() <= 1 {
        items.iter_mut().for_each(f);
        return;
    }
    let f = &f;
    std::thread::scope(|scope| {
        for share in items.chunks_mut(per_thread) {
            scope.spawn(move || share.iter_mut().for_each(f));
        }
    });
}

/// `a` and `b` side by side (`b` on a thread of its own when more than one thread may work):
/// while one does work for a single thread, the other keeps another core busy.
pub(crate) fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    if threads() <= 1 {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        (a, b.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    })
}

/// A helper that runs beside the work until [`Beside::stop`] (the progress line of a terminal).
pub struct Beside(Option<std::thread::JoinHandle<()>>);

impl Beside {
    /// Starts `f` on a thread of its own.
    pub fn start(f: impl FnOnce() + Send + 'static) -> Beside {
        Beside(Some(std::thread::spawn(f)))
    }

    /// No helper.
    pub fn none() -> Beside {
        Beside(None)
    }

    /// Waits for the helper to finish (it must have been told to stop).
    pub fn stop(mut self) {
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
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

    #[test]
    fn each_mut_reaches_every_item_once() {
        for threads in [1, 2, 3, 7] {
            let mut items: Vec<u64> = (0..50).collect();
            each_mut(&mut items, threads, |x| *x *= 2);
            assert_eq!(items, (0..50).map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn join_gives_both_results() {
        assert_eq!(join(|| 1 + 1, || "b"), (2, "b"));
    }
}
