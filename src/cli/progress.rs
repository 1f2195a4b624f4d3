//! A progress line on standard error, for long runs on a terminal only.
//!
//! Nothing is drawn when standard error is not a terminal (a pipe, a file, CI) or for runs
//! shorter than a second: payroll scripts see exactly the same output as before.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sportello::engine::Progress;
use sportello::parallel::Beside;

/// Draws `reading inputs… 3 s` then `computing 12,345 / 25,000 employees` until stopped.
pub struct ProgressMeter {
    stop: Arc<AtomicBool>,
    drawer: Option<Beside>,
}

impl ProgressMeter {
    /// Starts drawing, if `wanted` and standard error is a terminal.
    pub fn start(progress: Arc<Progress>, wanted: bool) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        if !wanted || !std::io::stderr().is_terminal() {
            return ProgressMeter { stop, drawer: None };
        }
        let flag = Arc::clone(&stop);
        let drawer = Beside::start(move || {
            let started = Instant::now();
            let mut drawn = false;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                if started.elapsed() < Duration::from_secs(1) {
                    continue;
                }
                let (done, total) = (progress.done.load(Ordering::Relaxed), progress.total.load(Ordering::Relaxed));
                let line = if total == 0 {
                    format!("sportello: reading inputs… {} s", started.elapsed().as_secs())
                } else {
                    format!("sportello: computing {done} / {total} employees")
                };
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r{line:<60}");
                let _ = err.flush();
                drawn = true;
            }
            if drawn {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r{:<60}\r", "");
                let _ = err.flush();
            }
        });
        ProgressMeter { stop, drawer: Some(drawer) }
    }

    /// Stops drawing and clears the line.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for ProgressMeter {
    /// Also on an early error return: the line never stays on the screen.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(d) = self.drawer.take() {
            d.stop();
        }
    }
}
