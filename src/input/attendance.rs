//! `attendance.csv`: intervals and day codes of the attendance export.
//!
//! Each row is read on its own Rome calendar day: `start` and `end` are wall times of that day,
//! resolved to instants with the daylight-saving policy of [`crate::time::rome`] (every
//! resolution is reported), and an interval never crosses midnight (`24:00` ends the day).
//! A row without times is a whole-day code and covers the whole Rome day.

use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::attendance::{AttendanceRecord, Kind};
use crate::message::{Arg, Message, Template};
use crate::time::rome::{DstResolution, RomeClock, RomeDay};
use crate::time::{Instant, Interval};

use super::table::{self, Dialect};
use super::values::{field_not_used, parse_date, parse_wall_time, shown, WallTime, EXPECTED_MATRICOLA};
use super::InputError;
use chrono::NaiveDate;

static EXPECTED_KIND: Template =
    Template { it: "atteso uno tra {0}, trovato \"{1}\"", en: "expected one of {0}, found \"{1}\"" };
static NEEDS_TIMES: Template = Template {
    it: "una riga {0} richiede un orario di inizio e uno di fine",
    en: "a {0} row needs a start and an end time",
};
static EXPECTED_BOTH_TIMES: Template = Template {
    it: "atteso un orario nel formato HH:MM, cella vuota (indicare sia inizio sia fine, o nessuno dei due per \
         un codice di giornata intera)",
    en: "expected a time as HH:MM, found nothing (give both start and end, or neither for a whole-day code)",
};
static END_OF_DAY_STARTS: Template =
    Template { it: "24:00 può solo chiudere una giornata", en: "24:00 can only end a day" };
static DST_FOLD: Template = Template {
    it: "campo \"{0}\": {1} del {2} ricorre due volte (si torna all'ora solare); letto come la prima volta, \
         in ora legale",
    en: "field \"{0}\": {1} on {2} occurs twice (clocks go back); read as its first occurrence, on summer time",
};
static DST_GAP: Template = Template {
    it: "campo \"{0}\": {1} del {2} non esiste (si passa all'ora legale); spostato avanti di un'ora",
    en: "field \"{0}\": {1} on {2} does not exist (clocks go forward); moved forward by one hour",
};
static END_BEFORE_START: Template = Template { it: "{0} è prima dell'inizio {1}", en: "{0} is before the start {1}" };
static EMPTY_INTERVAL: Template =
    Template { it: "{0} coincide con l'inizio; niente da contare", en: "{0} equals the start; nothing to count" };

const REQUIRED: &[&str] = &["employee_id", "date", "start", "end", "kind"];
const OPTIONAL: &[&str] = &["code"];

/// One usable attendance row as read, its text borrowed from the file: what [`Rows`]
/// hands over without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttendanceRow<'a> {
    /// The matricola.
    pub employee_id: &'a str,
    /// The Rome calendar day.
    pub date: chrono::NaiveDate,
    /// The instants covered (the whole day for a whole-day code).
    pub span: crate::time::Interval,
    /// True for a row without start and end.
    pub whole_day: bool,
    /// What the row records.
    pub kind: Kind,
    /// The giustificativo as written.
    pub code: &'a str,
    /// The 1-based line.
    pub line: u64,
}

impl AttendanceRow<'_> {
    /// The owned record.
    pub fn to_record(&self, file: &Arc<str>) -> AttendanceRecord {
        AttendanceRecord {
            employee_id: self.employee_id.to_string(),
            date: self.date,
            span: self.span,
            whole_day: self.whole_day,
            kind: self.kind,
            code: self.code.to_string(),
            source: SourceRef::new(file, self.line),
        }
    }
}

/// Reads the attendance rows.
pub fn read(
    file: &Arc<str>,
    bytes: &[u8],
    anomalies: &mut Vec<Anomaly>,
) -> Result<(Vec<AttendanceRecord>, Dialect), InputError> {
    let mut out = Vec::new();
    let (dialect, _) = table::read_rows(&Rows, file, bytes, anomalies, |row| {
        out.push(row.to_record(file));
        true
    })?;
    Ok((out, dialect))
}

/// Reads attendance rows without copying them, for [`table::read_rows`] and
/// [`table::read_from`].
pub struct Rows;

impl table::RowReader for Rows {
    type State = RowState;
    type Row<'a> = AttendanceRow<'a>;
    const REQUIRED: &'static [&'static str] = REQUIRED;
    const OPTIONAL: &'static [&'static str] = OPTIONAL;

    fn read<'a>(
        &self,
        file: &Arc<str>,
        row: &table::Row<'a>,
        state: &mut RowState,
        anomalies: &mut Vec<Anomaly>,
    ) -> Option<AttendanceRow<'a>> {
        parse_row(file, row, state, anomalies)
    }
}

/// What reading one row leaves for the next: rows come employee by employee, day by day.
#[derive(Default)]
pub struct RowState {
    clock: RomeClock,
    /// The last date cell (both accepted forms have ten characters) and its day.
    last_date: Option<([u8; 10], NaiveDate)>,
}

impl RowState {
    /// [`parse_date`], remembering the last cell.
    fn date(&mut self, cell: &str) -> Result<NaiveDate, Message> {
        if let Some((text, date)) = self.last_date {
            if cell.as_bytes() == text {
                return Ok(date);
            }
        }
        let date = parse_date(cell)?;
        if let Ok(text) = <[u8; 10]>::try_from(cell.as_bytes()) {
            self.last_date = Some((text, date));
        }
        Ok(date)
    }
}

/// One row, or the anomaly that says why it cannot be used.
fn parse_row<'a>(
    file: &Arc<str>,
    row: &table::Row<'a>,
    state: &mut RowState,
    anomalies: &mut Vec<Anomaly>,
) -> Option<AttendanceRow<'a>> {
    let src = || SourceRef::new(file, row.line);
    let employee_id = row.get(0);
    let fail = |code: Code, field: &str, why: Message| {
        let a = Anomaly::new(code, Some(src()), field_not_used(field, why));
        if employee_id.is_empty() {
            a
        } else {
            a.employee(employee_id)
        }
    };
    if employee_id.is_empty() {
        anomalies.push(fail(Code::MissingValue, "employee_id", Message::new(&EXPECTED_MATRICOLA, [])));
        return None;
    }
    let date = match state.date(row.get(1)) {
        Ok(d) => d,
        Err(why) => {
            let code = if row.get(1).is_empty() { Code::MissingValue } else { Code::BadValue };
            anomalies.push(fail(code, "date", why));
            return None;
        }
    };
    let day = RomeDay(date);
    let clock = &mut state.clock;
    let kind_cell = row.get(4);
    let Some(kind) = Kind::parse(kind_cell) else {
        let expected = Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
        let code = if kind_cell.is_empty() { Code::MissingValue } else { Code::BadValue };
        anomalies.push(
            fail(code, "kind", Message::new(&EXPECTED_KIND, [Arg::text(expected), Arg::text(shown(kind_cell))]))
                .on(day.iso()),
        );
        return None;
    };
    let (start_cell, end_cell) = (row.get(2), row.get(3));
    let (span, whole_day) = if start_cell.is_empty() && end_cell.is_empty() {
        if kind.is_service() {
            anomalies.push(
                fail(Code::MissingValue, "start", Message::new(&NEEDS_TIMES, [Arg::text(kind.as_str())])).on(day.iso()),
            );
            return None;
        }
        (clock.bounds(date), true)
    } else {
        let mut times = [0 as Instant; 2];
        for (slot, (field, cell)) in [("start", start_cell), ("end", end_cell)].into_iter().enumerate() {
            if cell.is_empty() {
                anomalies.push(fail(Code::MissingValue, field, Message::new(&EXPECTED_BOTH_TIMES, [])).on(day.iso()));
                return None;
            }
            match parse_wall_time(cell) {
                Ok(WallTime::EndOfDay) if field == "end" => times[slot] = clock.bounds(date).end,
                Ok(WallTime::EndOfDay) => {
                    anomalies.push(fail(Code::BadValue, field, Message::new(&END_OF_DAY_STARTS, [])).on(day.iso()));
                    return None;
                }
                Ok(WallTime::At(t)) => {
                    let (instant, how) = clock.resolve(date, t);
                    times[slot] = instant;
                    if let Some((code, template)) = match how {
                        DstResolution::Exact => None,
                        DstResolution::FoldFirst => Some((Code::DstFold, &DST_FOLD)),
                        DstResolution::GapForward => Some((Code::DstGap, &DST_GAP)),
                    } {
                        anomalies.push(
                            Anomaly::new(
                                code,
                                Some(src()),
                                Message::new(template, [Arg::text(field), Arg::text(cell), Arg::Date(date)]),
                            )
                            .employee(employee_id)
                            .on(day.iso()),
                        );
                    }
                }
                Err(why) => {
                    anomalies.push(fail(Code::BadValue, field, why).on(day.iso()));
                    return None;
                }
            }
        }
        let span = Interval::new(times[0], times[1]);
        if span.end < span.start {
            anomalies.push(
                fail(
                    Code::EndBeforeStart,
                    "end",
                    Message::new(&END_BEFORE_START, [Arg::text(end_cell), Arg::text(start_cell)]),
                )
                .on(day.iso()),
            );
            return None;
        }
        if span.is_empty() {
            anomalies.push(
                fail(Code::EmptyInterval, "end", Message::new(&EMPTY_INTERVAL, [Arg::text(end_cell)])).on(day.iso()),
            );
            return None;
        }
        (span, false)
    };
    Some(AttendanceRow { employee_id, date, span, whole_day, kind, code: row.get(5), line: row.line })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (Vec<AttendanceRecord>, Vec<Anomaly>) {
        let file: Arc<str> = Arc::from("attendance.csv");
        let mut anomalies = Vec::new();
        let (rows, _) = read(&file, src.as_bytes(), &mut anomalies).unwrap();
        (rows, anomalies)
    }

    #[test]
    fn intervals_and_whole_days() {
        let (rows, anomalies) = run("employee_id,date,start,end,kind,code\n\
             001,2025-10-06,08:00,14:00,presence,\n\
             001,06/10/2025,08:30,12:30,front_office,MFOF\n\
             001,2025-10-07,,,remote_work,LA\n\
             001,2025-10-08,,,absence,FERIE\n\
             001,2025-10-09,20:00,24:00,presence,\n");
        assert!(anomalies.is_empty(), "{anomalies:?}");
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[1].span.seconds(), 4 * 3600);
        assert_eq!(rows[1].code, "MFOF");
        assert!(rows[2].whole_day && rows[2].span.seconds() == 86400);
        assert_eq!(rows[4].span.seconds(), 4 * 3600);
    }

    #[test]
    fn bad_rows_name_line_and_field() {
        let (rows, anomalies) = run("employee_id,date,start,end,kind\n\
             001,2025-13-06,08:00,14:00,presence\n\
             001,2025-10-06,14:00,08:00,presence\n\
             001,2025-10-06,08:00,08:00,presence\n\
             001,2025-10-06,08:00,14:00,lunch\n\
             001,2025-10-06,,,front_office\n\
             001,2025-10-06,08:00,,presence\n\
             001,2025-10-06,8h,14:00,presence\n");
        assert!(rows.is_empty());
        let got: Vec<_> = anomalies.iter().map(|a| (a.source.as_ref().unwrap().line, a.code)).collect();
        assert_eq!(
            got,
            vec![
                (2, Code::BadValue),
                (3, Code::EndBeforeStart),
                (4, Code::EmptyInterval),
                (5, Code::BadValue),
                (6, Code::MissingValue),
                (7, Code::MissingValue),
                (8, Code::BadValue)
            ]
        );
        assert!(anomalies[0].message.en().starts_with("field \"date\": expected a date"));
        assert!(anomalies[3].message.en().contains("front_office"));
    }

    #[test]
    fn dst_days_are_resolved_and_reported() {
        // 2025-10-26: 01:00 to 04:00 wall is four real hours; 02:30 is in the fold.
        let (rows, anomalies) = run("employee_id,date,start,end,kind\n\
             001,2025-10-26,01:00,04:00,presence\n\
             001,2025-10-26,02:30,03:30,front_office\n\
             001,2025-03-30,02:30,04:00,presence\n");
        assert_eq!(rows[0].span.seconds(), 4 * 3600);
        assert_eq!(rows[1].span.seconds(), 2 * 3600); // 02:30 CEST to 03:30 CET
        assert_eq!(rows[2].span.seconds(), 1800); // 02:30 → 03:30 CEST, to 04:00
        let codes: Vec<_> = anomalies.iter().map(|a| a.code).collect();
        assert_eq!(codes, vec![Code::DstFold, Code::DstGap]);
    }
}
