//! The values of the engine's anomaly messages: the clock spans of a set of instants
//! (`09:00–10:30, 14:00–14:15`) and a meeting named as a person finds it — by its date, start and
//! file (`meeting of 2025-10-16 at 10:00 (Consulenza INPS 2510-049 - Attendance report
//! 16-10-25.csv)`), never by the hash an export's id is made of.
//!
//! Only the sentences of anomalies use these; the outputs' own formats (the statement's
//! `245 min`, the CSV columns) are written by `report` and `output`. A span set of one interval
//! (the commonest) is an [`Arg::Span`], so that the commonest anomaly of a month costs no more
//! than the one slice of its values.

use chrono::NaiveDate;

use crate::input::batch::{Batch, Ses};
use crate::message::{Arg, Message, Template};
use crate::time::rome::RomeDay;
use crate::time::IntervalSet;

/// A meeting, by its start and file: "meeting of {date} at {clock} ({file})". Without an article,
/// so that each sentence gives the one its grammar wants (`nella riunione`, `the meeting`).
static MEETING: Template = Template { it: "riunione del {0} alle {1} ({2})", en: "meeting of {0} at {1} ({2})" };

/// A meeting and the employee's row in it: where the overlap of two meetings is to be found.
static MEETING_ROW: Template =
    Template { it: "riunione del {0} alle {1} ({2}, riga {3})", en: "meeting of {0} at {1} ({2}, line {3})" };

/// A meeting whose rows are not in the batch (only a test builds one).
static SOME_MEETING: Template = Template { it: "riunione", en: "meeting" };

/// `09:00–10:30, 14:00–14:15`: each interval of `set` by its Rome wall clock.
pub(super) fn spans(set: &IntervalSet) -> Arg {
    match set.intervals() {
        [one] => Arg::Span(one.start, one.end),
        many => Arg::Spans(many.iter().map(|iv| (iv.start, iv.end)).collect()),
    }
}

/// The meeting `meeting` (its number in the batch), named by its start and file. The batch's
/// session rows must be sorted by meeting, as the calculation sorts them.
pub(super) fn meeting(batch: &Batch<'_>, meeting: u32) -> Arg {
    meeting_named(batch, meeting_rows(batch, meeting), None)
}

/// [`meeting`], with the file and line of `row` (the employee's row in it).
pub(super) fn meeting_at_row(batch: &Batch<'_>, meeting: u32, row: &Ses) -> Arg {
    meeting_named(batch, meeting_rows(batch, meeting), Some(row))
}

/// A meeting given its rows: its start is the earliest join of any of them, its file the file of
/// that row (ties go to the first by file name and line); its date and clock are Rome's.
pub(super) fn meeting_named(batch: &Batch<'_>, rows: &[Ses], row: Option<&Ses>) -> Arg {
    let files = &batch.ses_files.names;
    let name = |file: u16| files.get(usize::from(file)).map_or("?", |f| base_name(f));
    let first =
        rows.iter().min_by(|a, b| (a.span.start, name(a.file), a.line).cmp(&(b.span.start, name(b.file), b.line)));
    let Some(first) = first else {
        return Arg::Message(Box::new(Message::new(&SOME_MEETING, [])));
    };
    let start = first.span.start;
    let date = RomeDay::of(start).map_or(NaiveDate::MIN, |d| d.0);
    let mut clock = String::with_capacity(8);
    crate::time::rome::write_clock(&mut clock, start);
    let message = match row {
        None => Message::new(&MEETING, [Arg::Date(date), Arg::text(clock), Arg::text(name(first.file))]),
        Some(r) => Message::new(
            &MEETING_ROW,
            [Arg::Date(date), Arg::text(clock), Arg::text(name(r.file)), Arg::Int(i64::from(r.line))],
        ),
    };
    Arg::Message(Box::new(message))
}

/// The rows of `meeting` in the batch's session rows, sorted by meeting.
fn meeting_rows<'b>(batch: &'b Batch<'_>, meeting: u32) -> &'b [Ses] {
    let rows = &batch.sessions[..];
    let from = rows.partition_point(|r| r.meeting < meeting);
    let to = rows.partition_point(|r| r.meeting <= meeting);
    rows.get(from..to).unwrap_or_default()
}

/// The last part of a path: a file's name as its folder shows it (the anomaly's `source` column
/// has the whole path).
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::time::Interval;

    static ONE: Template = Template { it: "{0}", en: "{0}" };

    #[test]
    fn durations_name_hours_minutes_and_seconds_only_when_there_are_some() {
        let write = |seconds: i64| Message::new(&ONE, [Arg::Duration(seconds)]).render(Lang::It).into_owned();
        assert_eq!(write(0), "0 min");
        assert_eq!(write(45 * 60), "45 min");
        assert_eq!(write(2 * 3600), "2 h");
        assert_eq!(write(2 * 3600 + 5 * 60), "2 h 5 min");
        assert_eq!(write(11 * 3600 + 48 * 60 + 20), "11 h 48 min 20 s");
        assert_eq!(write(3600 + 7), "1 h 7 s");
        assert_eq!(write(30), "30 s");
    }

    #[test]
    fn spans_are_rome_wall_clocks_even_across_the_autumn_change() {
        let write = |set: &IntervalSet| Message::new(&ONE, [spans(set)]).render(Lang::En).into_owned();
        // 2025-10-01 09:00 and 14:00 Rome (UTC+2).
        let nine = 1_759_302_000;
        let set = IntervalSet::from_intervals([
            Interval::new(nine, nine + 5400),
            Interval::new(nine + 5 * 3600, nine + 5 * 3600 + 15 * 60 + 30),
        ]);
        assert_eq!(write(&set), "09:00–10:30, 14:00–14:15:30");
        let one = IntervalSet::single(Interval::new(nine, nine + 5400));
        assert!(matches!(spans(&one), Arg::Span(..)), "one span needs no slice of its own");
        assert_eq!(write(&one), "09:00–10:30");
        // 2025-10-26: 02:30 summer time, then 02:30 again on winter time an hour later.
        let fold = 1_761_438_600;
        assert_eq!(write(&IntervalSet::single(Interval::new(fold, fold + 3600))), "02:30–02:30");
        assert_eq!(write(&IntervalSet::new()), "");
    }

    #[test]
    fn a_file_is_named_by_its_last_part() {
        assert_eq!(base_name("fixtures/demo/teams/Consulenza INPS 2510-049.csv"), "Consulenza INPS 2510-049.csv");
        assert_eq!(base_name("C:\\teams\\report.csv"), "report.csv");
        assert_eq!(base_name("sessions.csv"), "sessions.csv");
    }
}
