//! Time: instants, half-open intervals of instants, and the Rome calendar.
//!
//! Two words are used with one meaning each throughout the crate:
//!
//! * an **instant** is a point on the UTC time line, stored as whole seconds since
//!   1970-01-01T00:00:00Z ([`Instant`]). All arithmetic on time is done on instants.
//! * a **Rome wall time** is what a clock in Italy shows (a date plus `HH:MM[:SS]`), with no
//!   offset. It becomes an instant only through [`rome::resolve_wall_time`], which applies the
//!   documented daylight-saving policy. Wall times are never subtracted from each other: a Rome
//!   day lasts 23, 24 or 25 hours.
//!
//! Fractions of a second (Graph writes up to seven digits) are truncated when read: the engine
//! counts whole seconds and floors to minutes later, so a truncated fraction never changes a
//! paid minute by more than the flooring already does.

pub mod interval;
mod month;
pub mod rome;

pub use interval::{Interval, IntervalSet};
pub use month::Month;
pub use rome::{DstResolution, RomeDay};

/// A point in time: whole seconds since the Unix epoch, UTC.
pub type Instant = i64;

/// Appends a duration for people: `45 min`, `2 h 5 min`, `11 h 48 min 20 s` (the same in
/// Italian and English).
pub fn write_duration(out: &mut String, seconds: i64) {
    use std::fmt::Write;
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut first = true;
    let mut part = |value: i64, unit: &str| {
        let space = if first { "" } else { " " };
        first = false;
        // Writing to a String cannot fail.
        let _ = write!(out, "{space}{value} {unit}");
    };
    if h > 0 {
        part(h, "h");
    }
    if m > 0 || (h == 0 && s == 0) {
        part(m, "min");
    }
    if s > 0 {
        part(s, "s");
    }
}
