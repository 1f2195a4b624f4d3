//! The Rome calendar: from wall times to instants and from instants to calendar days.
//!
//! # Days are not always 24 hours
//!
//! Italy moves its clocks on the last Sunday of March (02:00 → 03:00, a 23-hour day) and of
//! October (03:00 → 02:00, a 25-hour day). A wall time may therefore not exist (the spring
//! *gap*) or exist twice (the autumn *fold*). The engine resolves both with one policy, the
//! RFC 5545 "compatible" one, and reports every resolution as an anomaly:
//!
//! * **fold**: the first occurrence (the earlier instant, still on summer time);
//! * **gap**: moved forward by the length of the gap (02:30 becomes 03:30).
//!
//! ```
//! use chrono::{NaiveDate, NaiveTime};
//! use sportello::time::rome::{resolve_wall_time, DstResolution, RomeDay};
//! let d = NaiveDate::from_ymd_opt(2025, 10, 26).unwrap();
//! let t = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
//! let (instant, how) = resolve_wall_time(d, t);
//! assert_eq!(how, DstResolution::FoldFirst);
//! assert_eq!(instant, 1761438600); // 2025-10-26T00:30:00Z = 02:30 CEST
//! // This day was 25 hours long:
//! assert_eq!(RomeDay(d).bounds().seconds(), 25 * 3600);
//!
//! let spring = NaiveDate::from_ymd_opt(2025, 3, 30).unwrap();
//! let (instant, how) = resolve_wall_time(spring, t);
//! assert_eq!(how, DstResolution::GapForward);
//! assert_eq!(instant, 1743298200); // 2025-03-30T01:30:00Z = 03:30 CEST
//! assert_eq!(RomeDay(spring).bounds().seconds(), 23 * 3600);
//! ```

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Europe::Rome;

use super::{Instant, Interval, IntervalSet};

/// How a Rome wall time became an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DstResolution {
    /// The wall time exists once.
    Exact,
    /// The wall time exists twice (autumn fold); the first occurrence was taken.
    FoldFirst,
    /// The wall time does not exist (spring gap); it was moved forward by the gap's length.
    GapForward,
}

/// A calendar day in Rome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RomeDay(pub NaiveDate);

impl RomeDay {
    /// The instants of this day: from Rome midnight to the next Rome midnight.
    ///
    /// Midnight always exists in Rome (the clocks change at 02:00 and 03:00), so both ends are
    /// exact.
    pub fn bounds(&self) -> Interval {
        let start = resolve_wall_time(self.0, NaiveTime::MIN).0;
        let next = self.0.succ_opt().unwrap_or(self.0);
        let end = resolve_wall_time(next, NaiveTime::MIN).0;
        Interval::new(start, end)
    }

    /// The Rome day that contains the instant.
    pub fn of(t: Instant) -> Option<RomeDay> {
        DateTime::from_timestamp(t, 0).map(|utc| RomeDay(utc.with_timezone(&Rome).date_naive()))
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        // Written out by hand: chrono's `format` parses its pattern on every call, and every
        // anomaly names its day.
        let d = self.0;
        let mut out = String::with_capacity(10);
        match u32::try_from(d.year()) {
            Ok(y) if y <= 9999 => push_digits(&mut out, y, 4),
            // Outside 0–9999 (never in a payroll month) the general formatter decides.
            _ => return d.format("%Y-%m-%d").to_string(),
        }
        out.push('-');
        push_digits(&mut out, d.month(), 2);
        out.push('-');
        push_digits(&mut out, d.day(), 2);
        out
    }
}

/// Reads a Rome wall time as an instant, with the crate's daylight-saving policy.
pub fn resolve_wall_time(date: NaiveDate, time: NaiveTime) -> (Instant, DstResolution) {
    let local = NaiveDateTime::new(date, time);
    match Rome.from_local_datetime(&local) {
        LocalResult::Single(dt) => (dt.timestamp(), DstResolution::Exact),
        LocalResult::Ambiguous(first, _) => (first.timestamp(), DstResolution::FoldFirst),
        LocalResult::None => {
            // Read the wall time with the offset in force just before the gap: the result lies
            // after the gap, shifted forward by exactly the gap's length.
            let before = local - Duration::hours(3);
            let offset_secs = match Rome.from_local_datetime(&before) {
                LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) => dt.offset().fix().local_minus_utc(),
                LocalResult::None => 3600,
            };
            let t = local.and_utc().timestamp() - i64::from(offset_secs);
            (t, DstResolution::GapForward)
        }
    }
}

/// A memo of Rome days, for reading many wall times fast.
///
/// Most days have no clock change: a wall time is then the day's midnight plus the seconds of
/// the day, with no time-zone lookup. Days with a change (two a year) go through
/// [`resolve_wall_time`]. The results are those of [`resolve_wall_time`], only faster.
#[derive(Clone, Debug, Default)]
pub struct RomeClock {
    days: crate::hash::FastMap<NaiveDate, (Instant, Instant, bool)>,
    /// The day asked last: rows come day after day.
    last: Option<(NaiveDate, (Instant, Instant, bool))>,
}

impl RomeClock {
    /// A clock with an empty memo.
    pub fn new() -> Self {
        RomeClock::default()
    }

    /// (midnight, next midnight, true when the day has 24 hours).
    fn day(&mut self, date: NaiveDate) -> (Instant, Instant, bool) {
        if let Some((d, known)) = self.last {
            if d == date {
                return known;
            }
        }
        let known = *self.days.entry(date).or_insert_with(|| {
            let b = RomeDay(date).bounds();
            (b.start, b.end, b.seconds() == 86_400)
        });
        self.last = Some((date, known));
        known
    }

    /// The instants of the day.
    pub fn bounds(&mut self, date: NaiveDate) -> Interval {
        let (start, end, _) = self.day(date);
        Interval::new(start, end)
    }

    /// [`resolve_wall_time`], memoised per day.
    pub fn resolve(&mut self, date: NaiveDate, time: NaiveTime) -> (Instant, DstResolution) {
        let (midnight, _, plain) = self.day(date);
        if plain {
            (midnight + i64::from(time.num_seconds_from_midnight()), DstResolution::Exact)
        } else {
            resolve_wall_time(date, time)
        }
    }
}

/// Formats an instant as Rome local time with its offset, e.g. `2025-10-26T02:30:00+02:00`,
/// so that the two 02:30 of a fold day can never be confused.
pub fn format_rome(t: Instant) -> String {
    match DateTime::from_timestamp(t, 0) {
        Some(utc) => utc.with_timezone(&Rome).format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        None => format!("@{t}"),
    }
}

/// Formats an instant as a Rome wall clock `HH:MM` (or `HH:MM:SS` when seconds are not zero).
pub fn format_rome_clock(t: Instant) -> String {
    match DateTime::from_timestamp(t, 0) {
        Some(utc) => {
            let local = utc.with_timezone(&Rome);
            if local.timestamp() % 60 == 0 {
                local.format("%H:%M").to_string()
            } else {
                local.format("%H:%M:%S").to_string()
            }
        }
        None => format!("@{t}"),
    }
}

/// Appends the Rome wall clock of `t` to `out`: `HH:MM`, or `HH:MM:SS` when the seconds are not
/// zero (what [`format_rome_clock`] gives). The offset of each UTC day is looked up once per
/// thread and kept: sentences are written by the hundred thousand.
pub fn write_clock(out: &mut String, t: Instant) {
    match offset_of_day(t) {
        Some(offset) => {
            // 0 to 86,399 seconds: the parts fit a `u32`.
            let s = u32::try_from((t + offset).rem_euclid(86_400)).unwrap_or(0);
            push_digits(out, s / 3600, 2);
            out.push(':');
            push_digits(out, s % 3600 / 60, 2);
            if t.rem_euclid(60) != 0 {
                out.push(':');
                push_digits(out, s % 60, 2);
            }
        }
        None => out.push_str(&format_rome_clock(t)),
    }
}

/// Rome's offset from UTC, in seconds, over the whole UTC day of `t`; `None` on the days the
/// clocks change (the slow path decides those instant by instant).
fn offset_of_day(t: Instant) -> Option<i64> {
    use std::cell::RefCell;
    thread_local! {
        static DAYS: RefCell<Vec<(i64, Option<i64>)>> = const { RefCell::new(Vec::new()) };
    }
    let day = t.div_euclid(86_400);
    DAYS.with(|days| {
        let mut days = days.borrow_mut();
        if let Some(&(_, offset)) = days.iter().find(|(d, _)| *d == day) {
            return offset;
        }
        let at = |s: i64| {
            DateTime::from_timestamp(s, 0)
                .map(|utc| i64::from(chrono::Offset::fix(utc.with_timezone(&Rome).offset()).local_minus_utc()))
        };
        let (first, last) = (at(day * 86_400), at(day * 86_400 + 86_399));
        let offset = first.filter(|&f| Some(f) == last);
        if days.len() >= 64 {
            days.clear();
        }
        days.push((day, offset));
        offset
    })
}

/// The Rome days of a calendar month, in order.
pub fn days_of_month(year: i32, month: u32) -> Vec<RomeDay> {
    let mut out = Vec::with_capacity(31);
    let mut d = NaiveDate::from_ymd_opt(year, month, 1);
    while let Some(day) = d {
        if day.month() != month {
            break;
        }
        out.push(RomeDay(day));
        d = day.succ_opt();
    }
    out
}

/// The days of a stretch of calendar (a month) with their instants, to find the day of an
/// instant, split a set at midnight or show a wall clock without consulting the time zone
/// database each time. Outside its days every answer is the general one.
///
/// ```
/// use sportello::time::rome::{days_of_month, format_rome_clock, DayTable, RomeDay};
/// let october = DayTable::new(days_of_month(2025, 10));
/// let t = 1761438600; // 2025-10-26T02:30:00+02:00, the first of that day's two 02:30
/// assert_eq!(october.day_of(t), RomeDay::of(t));
/// assert_eq!(october.clock(t), format_rome_clock(t));
/// assert_eq!(october.clock(t + 3600), "02:30"); // the second one, on winter time
/// ```
#[derive(Clone, Debug, Default)]
pub struct DayTable {
    days: Vec<(RomeDay, Interval)>,
}

impl DayTable {
    /// The table of consecutive `days`.
    pub fn new(days: impl IntoIterator<Item = RomeDay>) -> Self {
        DayTable { days: days.into_iter().map(|d| (d, d.bounds())).collect() }
    }

    /// The days and their instants, in order.
    pub fn days(&self) -> &[(RomeDay, Interval)] {
        &self.days
    }

    fn index_of(&self, t: Instant) -> Option<usize> {
        let i = self.days.partition_point(|(_, b)| b.end <= t);
        self.days.get(i).filter(|(_, b)| b.start <= t).map(|_| i)
    }

    /// The Rome day of an instant ([`RomeDay::of`]).
    pub fn day_of(&self, t: Instant) -> Option<RomeDay> {
        match self.index_of(t) {
            Some(i) => self.days.get(i).map(|(d, _)| *d),
            None => RomeDay::of(t),
        }
    }

    /// [`split_by_day`]: a set within one day (a meeting, almost always) is not copied apart.
    pub fn split(&self, set: &IntervalSet) -> Vec<(RomeDay, IntervalSet)> {
        let (Some(first), Some(last)) = (set.intervals().first(), set.intervals().last()) else {
            return Vec::new();
        };
        match (self.index_of(first.start), self.index_of(last.end - 1)) {
            (Some(from), Some(to)) if from == to => {
                self.days.get(from).map(|(d, _)| vec![(*d, set.clone())]).unwrap_or_default()
            }
            (Some(from), Some(to)) => self
                .days
                .get(from..=to)
                .unwrap_or_default()
                .iter()
                .map(|(d, b)| (*d, set.clip(*b)))
                .filter(|(_, p)| !p.is_empty())
                .collect(),
            _ => split_by_day(set),
        }
    }

    /// [`format_rome_clock`].
    pub fn clock(&self, t: Instant) -> String {
        let mut out = String::with_capacity(8);
        self.write_clock(t, &mut out);
        out
    }

    /// [`DayTable::clock`], appended to `out`.
    pub fn write_clock(&self, t: Instant, out: &mut String) {
        match self.index_of(t).and_then(|i| self.days.get(i)) {
            // On a day of 24 hours the wall clock is the time since midnight.
            Some((_, b)) if b.seconds() == 86_400 => {
                // 0 to 86,399 seconds: the parts fit a `u32`.
                let s = u32::try_from(t - b.start).unwrap_or(0);
                push_digits(out, s / 3600, 2);
                out.push(':');
                push_digits(out, s % 3600 / 60, 2);
                if t.rem_euclid(60) != 0 {
                    out.push(':');
                    push_digits(out, s % 60, 2);
                }
            }
            _ => out.push_str(&format_rome_clock(t)),
        }
    }
}

/// Appends the last `width` decimal digits of `n`, zero-padded (what `{:0width$}` writes for a
/// number of at most `width` digits, without the formatting machinery).
fn push_digits(out: &mut String, n: u32, width: u32) {
    for k in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
    }
}

/// Splits a set of instants at Rome midnights: each day with some time, and its part.
pub fn split_by_day(set: &IntervalSet) -> Vec<(RomeDay, IntervalSet)> {
    let mut out: Vec<(RomeDay, IntervalSet)> = Vec::new();
    let (Some(first), Some(last)) = (set.intervals().first(), set.intervals().last()) else {
        return out;
    };
    let (Some(mut day), Some(last_day)) = (RomeDay::of(first.start), RomeDay::of(last.end - 1)) else {
        return out;
    };
    loop {
        let part = set.clip(day.bounds());
        if !part.is_empty() {
            out.push((day, part));
        }
        match day.0.succ_opt() {
            Some(next) if day < last_day => day = RomeDay(next),
            _ => break,
        }
    }
    out
}

use chrono::{Offset, Timelike};

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn ordinary_times_are_exact() {
        let (i, how) = resolve_wall_time(d(2025, 10, 6), t(8, 0));
        assert_eq!(how, DstResolution::Exact);
        assert_eq!(format_rome(i), "2025-10-06T08:00:00+02:00");
        let (i, _) = resolve_wall_time(d(2025, 1, 6), t(8, 0));
        assert_eq!(format_rome(i), "2025-01-06T08:00:00+01:00");
    }

    #[test]
    fn fold_takes_the_first_occurrence() {
        let (i, how) = resolve_wall_time(d(2025, 10, 26), t(2, 0));
        assert_eq!(how, DstResolution::FoldFirst);
        assert_eq!(format_rome(i), "2025-10-26T02:00:00+02:00");
        // 03:00 exists once, on winter time: two hours of wall clock, three real hours.
        let (three, how3) = resolve_wall_time(d(2025, 10, 26), t(3, 0));
        assert_eq!(how3, DstResolution::Exact);
        let (one, _) = resolve_wall_time(d(2025, 10, 26), t(1, 0));
        assert_eq!(three - one, 3 * 3600);
    }

    #[test]
    fn gap_moves_forward_by_the_gap() {
        let (i, how) = resolve_wall_time(d(2025, 3, 30), t(2, 0));
        assert_eq!(how, DstResolution::GapForward);
        assert_eq!(format_rome(i), "2025-03-30T03:00:00+02:00");
        let (i, _) = resolve_wall_time(d(2025, 3, 30), t(2, 59));
        assert_eq!(format_rome(i), "2025-03-30T03:59:00+02:00");
    }

    #[test]
    fn split_at_rome_midnight_across_the_october_change() {
        // 2025-10-25 23:00 CEST to 2025-10-26 04:00 CET: 1 h on the 25th, 5 h on the 26th.
        let start = resolve_wall_time(d(2025, 10, 25), t(23, 0)).0;
        let end = resolve_wall_time(d(2025, 10, 26), t(4, 0)).0;
        let parts = split_by_day(&IntervalSet::single(Interval::new(start, end)));
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, RomeDay(d(2025, 10, 25)));
        assert_eq!(parts[0].1.seconds(), 3600);
        assert_eq!(parts[1].1.seconds(), 5 * 3600);
    }

    #[test]
    fn the_clock_agrees_with_the_policy_on_every_minute_of_the_change_days() {
        let mut clock = RomeClock::new();
        for date in [d(2025, 3, 30), d(2025, 10, 26), d(2025, 10, 27), d(2024, 2, 29)] {
            for minute in (0..24 * 60).step_by(7) {
                let t = NaiveTime::from_hms_opt(minute / 60, minute % 60, 13).unwrap();
                assert_eq!(clock.resolve(date, t), resolve_wall_time(date, t), "{date} {t}");
            }
            assert_eq!(clock.bounds(date), RomeDay(date).bounds());
        }
    }

    #[test]
    fn month_days() {
        assert_eq!(days_of_month(2025, 10).len(), 31);
        assert_eq!(days_of_month(2024, 2).len(), 29);
        assert_eq!(RomeDay::of(resolve_wall_time(d(2025, 10, 6), t(0, 0)).0), Some(RomeDay(d(2025, 10, 6))));
    }

    proptest::proptest! {
        // The table's answers are the general ones, inside its days and out.
        #[test]
        fn day_table_agrees_with_the_time_zone(t in 1_737_000_000i64..1_766_000_000, len in 0i64..200_000) {
            // February to November 2025: both clock changes, and instants on either side.
            let table = DayTable::new((2..=11).flat_map(|m| days_of_month(2025, m)));
            proptest::prop_assert_eq!(table.day_of(t), RomeDay::of(t));
            proptest::prop_assert_eq!(table.clock(t), format_rome_clock(t));
            let set = IntervalSet::from_intervals([Interval::new(t, t + len), Interval::new(t + len + 50, t + 2 * len)]);
            proptest::prop_assert_eq!(table.split(&set), split_by_day(&set));
        }
    }

    #[test]
    fn iso_days_are_chronos() {
        for (y, m, d) in [(2025, 10, 6), (1, 1, 1), (999, 12, 31), (9999, 2, 3), (-5, 1, 1), (12345, 6, 7)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(RomeDay(date).iso(), date.format("%Y-%m-%d").to_string());
        }
    }
}
