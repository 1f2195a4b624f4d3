//! The wording of the engine's anomaly messages: a duration (`2 h 5 min`) and the clock spans of
//! a set of instants (`09:00–10:30, 14:00–14:15`).
//!
//! Only the sentences of anomalies use these; the outputs' own formats (the statement's
//! `245 min`, the CSV columns) are written by `report` and `output`. The `write_` forms append to
//! a sentence being built, so the commonest anomaly of a month costs one string.

use crate::time::rome::DayTable;
use crate::time::IntervalSet;

/// `45 min`, `2 h 5 min`, `11 h 48 min 20 s`.
pub(super) fn minutes_text(seconds: i64) -> String {
    let mut out = String::with_capacity(16);
    write_minutes(&mut out, seconds);
    out
}

/// [`minutes_text`] at the end of `out`.
pub(super) fn write_minutes(out: &mut String, seconds: i64) {
    crate::time::write_duration(out, seconds);
}

/// `09:00–10:30, 14:00–14:15`: each interval of `set` by its Rome wall clock.
pub(super) fn span_text(days: &DayTable, set: &IntervalSet) -> String {
    let mut out = String::with_capacity(16 * set.intervals().len());
    write_span(&mut out, days, set);
    out
}

/// [`span_text`] at the end of `out`.
pub(super) fn write_span(out: &mut String, days: &DayTable, set: &IntervalSet) {
    for (i, iv) in set.intervals().iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        days.write_clock(iv.start, out);
        out.push('–');
        days.write_clock(iv.end, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::rome::days_of_month;
    use crate::time::Interval;

    #[test]
    fn durations_name_hours_minutes_and_seconds_only_when_there_are_some() {
        assert_eq!(minutes_text(0), "0 min");
        assert_eq!(minutes_text(45 * 60), "45 min");
        assert_eq!(minutes_text(2 * 3600), "2 h");
        assert_eq!(minutes_text(2 * 3600 + 5 * 60), "2 h 5 min");
        assert_eq!(minutes_text(11 * 3600 + 48 * 60 + 20), "11 h 48 min 20 s");
        assert_eq!(minutes_text(3600 + 7), "1 h 7 s");
        assert_eq!(minutes_text(30), "30 s");
    }

    #[test]
    fn spans_are_rome_wall_clocks_even_across_the_autumn_change() {
        let october = DayTable::new(days_of_month(2025, 10));
        // 2025-10-01 09:00 and 14:00 Rome (UTC+2).
        let nine = 1_759_302_000;
        let set = IntervalSet::from_intervals([
            Interval::new(nine, nine + 5400),
            Interval::new(nine + 5 * 3600, nine + 5 * 3600 + 15 * 60 + 30),
        ]);
        assert_eq!(span_text(&october, &set), "09:00–10:30, 14:00–14:15:30");
        // 2025-10-26: 02:30 summer time, then 02:30 again on winter time an hour later.
        let fold = 1_761_438_600;
        assert_eq!(span_text(&october, &IntervalSet::single(Interval::new(fold, fold + 3600))), "02:30–02:30");
        assert_eq!(span_text(&october, &IntervalSet::new()), "");
    }
}
