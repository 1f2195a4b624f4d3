//! Implausible data is a warning, never silent: an empty part-time share, an hourly base outside
//! the rule set's plausible range, a counter day longer than the presence, an exact repeat of an
//! attendance row, a Teams interval outside its own meeting. Each is a warning (the run exits 1)
//! with its own code, naming file, line and field where there is one; the data is still used as
//! the warning says.

use std::sync::Arc;

use crate::common::*;
use sportello::anomaly::{needs_attention, Anomaly, Code, Severity};

const PRESENT: &str = "001,2025-10-07,08:00,14:00,presence,PRES";
const COUNTER: &str = "001,2025-10-07,09:00,10:00,front_office,MFOF";

fn month(st: &str, att: &[&str]) -> Run {
    run(&embedded(), None, "2025-10", st, &attendance(att), &sessions(&[]))
}

fn only(r: &Run, code: Code) -> &Anomaly {
    let found = r.with_code(code);
    assert_eq!(found.len(), 1, "one {code} expected: {:#?}", r.anomalies);
    assert_eq!(found[0].severity(), Severity::Warning);
    assert!(needs_attention(&r.anomalies), "a warning makes the run exit 1");
    found[0]
}

fn line_of(a: &Anomaly) -> (String, u64) {
    a.source.as_ref().map_or((String::new(), 0), |s| (s.file.to_string(), s.line))
}

#[test]
fn an_empty_part_time_cell_is_read_as_full_time_and_reported() {
    let st = staff(&[ONE, "002,Luca Bianchi,RM01,,,20.00,"]);
    let r = month(
        &st,
        &[PRESENT, COUNTER, "002,2025-10-07,08:00,14:00,presence,PRES", "002,2025-10-07,09:00,10:00,front_office,MFOF"],
    );
    let a = only(&r, Code::MissingPartTime);
    assert_eq!(line_of(a), ("staff.csv".to_string(), 3));
    assert_eq!(a.employee_id.as_deref(), Some("002"));
    assert!(
        a.message.en().contains("field \"part_time_pct\"") && a.message.en().contains("full time (100)"),
        "{}",
        a.message
    );
    // Read as full time: the employee is computed.
    assert_eq!(r.amount("002", "MFOF"), "5.00");

    // A register without the column says nothing about part-time: no warning.
    let st = "employee_id,full_name,hourly_base_eur\n001,Maria Rossi,18.50\n";
    let r = month(st, &[PRESENT, COUNTER]);
    assert!(r.anomalies.is_empty(), "{:#?}", r.anomalies);
    assert_eq!(r.amount("001", "MFOF"), "4.63");
}

#[test]
fn an_hourly_base_outside_the_plausible_range_is_reported_once_and_still_used() {
    // 1850 (cents typed as euro) and a monthly base of 900 (900 / 156 = 5.76923 €/h).
    let st = staff(&[
        "001,Maria Rossi,RM01,,100,1850,",
        "002,Luca Bianchi,RM01,,100,,900",
        "003,Anna Verdi,RM01,,100,80.00,",
    ]);
    let mut att = Vec::new();
    for e in ["001", "002", "003"] {
        for day in ["06", "07"] {
            att.push(format!("{e},2025-10-{day},08:00,14:00,presence,PRES"));
            att.push(format!("{e},2025-10-{day},09:00,10:00,front_office,MFOF"));
        }
    }
    let att = attendance(&att.iter().map(String::as_str).collect::<Vec<_>>());
    for ruleset in [None, Some("scenario-remote-2025")] {
        let r = run(&embedded(), ruleset, "2025-10", &st, &att, &sessions(&[]));
        let found = r.with_code(Code::ImplausibleBase);
        // One per employee and month (two days, one row each); 80.00 is within the range.
        let who: Vec<(&str, (String, u64))> =
            found.iter().map(|a| (a.employee_id.as_deref().unwrap(), line_of(a))).collect();
        assert_eq!(who, [("001", ("staff.csv".to_string(), 2)), ("002", ("staff.csv".to_string(), 3))], "{ruleset:?}");
        assert!(found.iter().all(|a| a.severity() == Severity::Warning));
        let set = ruleset.unwrap_or("inps-ccni-2025");
        assert!(
            found[0].message.en().contains(&format!(
                "the hourly base 1,850 € (hourly_base_eur 1,850) is outside the plausible range 8.00–80.00 € of {set}"
            )),
            "{}",
            found[0].message
        );
        assert!(found[1].message.en().contains("(monthly_base_eur 900 / 156 = 5.76923)"), "{}", found[1].message);
        // The amounts are computed all the same: 120 min at 25 % of the base.
        assert_eq!(r.amount("001", "MFOF"), "925.00");
        assert_eq!(r.amount("002", "MFOF"), "2.88");
    }
    // A rule set that declares no range judges nothing.
    let r = run(&knob_book(&[]), Some("knob"), "2025-10", &st, &att, &sessions(&[]));
    assert!(!r.has(Code::ImplausibleBase), "{:#?}", r.anomalies);
}

#[test]
fn a_counter_day_longer_than_the_presence_is_reported_once_for_the_day() {
    let r = month(
        &staff(&[ONE]),
        &[
            "001,2025-10-07,08:00,10:00,presence,PRES",
            "001,2025-10-07,08:00,09:30,front_office,MFOF",
            "001,2025-10-07,09:15,10:30,appointment,APP1",
            "001,2025-10-07,10:30,10:50,specialist,CONS",
            // Within presence: nothing to say.
            "001,2025-10-08,08:00,14:00,presence,PRES",
            "001,2025-10-08,09:00,12:00,front_office,MFOF",
            "001,2025-10-08,09:00,12:00,appointment,APP1",
            // Counter time with no presence at all.
            "001,2025-10-09,09:00,10:00,front_office,MFOF",
        ],
    );
    let found = r.with_code(Code::ServiceExceedsPresence);
    let days: Vec<&str> = found.iter().map(|a| a.date.as_deref().unwrap()).collect();
    assert_eq!(days, ["2025-10-07", "2025-10-09"], "{:#?}", r.anomalies);
    assert!(found.iter().all(|a| a.severity() == Severity::Warning && a.employee_id.as_deref() == Some("001")));
    // Service united: 08:00–10:50 = 2 h 50 min; presence 2 h.
    assert!(
        found[0].message.en().contains("lasts 2 h 50 min in the day but presence only 2 h"),
        "{}",
        found[0].message
    );
    assert!(found[1].message.en().contains("lasts 1 h in the day but presence only 0 min"), "{}", found[1].message);
    // The day is still computed as the rules say (the part outside presence is cut, as before).
    assert!(r.has(Code::OutsidePresence));
}

#[test]
fn an_exact_repeat_of_an_attendance_row_is_kept_once_and_reported() {
    let rows = [
        PRESENT,                                         // line 2
        COUNTER,                                         // line 3
        "001,2025-10-07,08:00,14:00,presence,PRES",      // line 4: repeats 2
        "001,2025-10-07,09:00,10:00,front_office,MFOF",  // line 5: repeats 3
        "001,2025-10-07,09:00,10:00,front_office,MFOF2", // line 6: another code, not a repeat
        "001,2025-10-07,09:00,10:00,front_office,MFOF",  // line 7: repeats 3 again
        "001,2025-10-07,13:00,15:00,front_office,MFOF",  // line 8: outside presence
        "001,2025-10-07,13:00,15:00,front_office,MFOF",  // line 9: repeats 8
    ];
    let r = month(&staff(&[ONE]), &rows);
    let found = r.with_code(Code::DuplicateAttendance);
    let got: Vec<(u64, String)> = found.iter().map(|a| (line_of(a).1, a.message.to_string())).collect();
    let says =
        |n: u64| format!("the row repeats line {n} exactly (employee, date, start, end, kind and code); counted once");
    assert_eq!(got, [(4, says(2)), (5, says(3)), (7, says(3)), (9, says(8))]);
    assert!(found.iter().all(|a| a.severity() == Severity::Warning && a.date.as_deref() == Some("2025-10-07")));
    // The repeats are not used: one OUTSIDE_PRESENCE (line 8), not two; the trace lists each
    // counter interval once per code.
    assert_eq!(r.sources_of(Code::OutsidePresence), [("attendance.csv".to_string(), 8)]);
    let day = &r.result.employees["001"].days[0];
    assert_eq!(day.in_person.plus.len(), 3, "{:#?}", day.in_person.plus);
    // The pay is that of the rows without their repeats: 09:00–10:00 and 13:00–14:00.
    assert_eq!(r.minutes("001", "MFOF"), 120);

    // In another order, the same rows kept and the same repeats reported (the first by line).
    let mut reversed = rows;
    reversed.reverse();
    let r2 = month(&staff(&[ONE]), &reversed);
    let got2: Vec<u64> = r2.with_code(Code::DuplicateAttendance).iter().map(|a| line_of(a).1).collect();
    // Reversed, line n holds what was line 11 − n: the first of each group is now the last.
    assert_eq!(got2, [3, 6, 8, 9]);
    assert_eq!(r2.csv, r.csv);

    // A batch computed twice (compare computes it under two rule selections) reports the
    // repeats both times, though the first computation dropped them.
    let file: Arc<str> = Arc::from("staff.csv");
    let (employees, _) = sportello::input::staff::read(&file, staff(&[ONE]).as_bytes(), &mut Vec::new()).unwrap();
    let register = sportello::register::Register::new(employees);
    let book = embedded();
    let month: sportello::engine::Month = "2025-10".parse().unwrap();
    let mut batch = sportello::engine::Batch::from_records(&register, month, &r.attendance, &[]);
    for selection in [
        sportello::rules::Selection::in_force(&book),
        sportello::rules::Selection::selected(&book, "scenario-remote-2025").unwrap(),
    ] {
        let result = sportello::engine::compute_batch(&mut batch, &selection, sportello::engine::Options::default());
        let lines: Vec<u64> =
            result.anomalies.iter().filter(|a| a.code == Code::DuplicateAttendance).map(|a| line_of(a).1).collect();
        assert_eq!(lines, [4, 5, 7, 9]);
        assert_eq!(result.rows.iter().map(|r| r.minutes).sum::<i64>(), 120);
    }
}

/// A Graph attendance report of one meeting, 13:30:04–14:05:50 UTC, whose citizen has the given
/// interval.
fn graph_report(join: &str, leave: &str) -> String {
    format!(
        r#"{{
  "id": "5c1e7a52-0d1b-4f0e-9f6a-000000000009",
  "meetingStartDateTime": "2024-03-14T13:30:04.113Z",
  "meetingEndDateTime": "2024-03-14T14:05:50.9Z",
  "attendanceRecords": [
    {{
      "emailAddress": "operatore.uno@example.org",
      "role": "Organizer",
      "identity": {{ "displayName": "Operatore Uno" }},
      "attendanceIntervals": [
        {{ "joinDateTime": "2024-03-14T13:30:04Z", "leaveDateTime": "2024-03-14T14:05:50Z" }}
      ]
    }},
    {{
      "emailAddress": "cittadina.segreta@example.net",
      "role": "Attendee",
      "identity": {{ "displayName": "Cittadina Segreta" }},
      "attendanceIntervals": [
        {{ "joinDateTime": "{join}", "leaveDateTime": "{leave}" }}
      ]
    }}
  ]
}}"#
    )
}

fn outside_meeting(join: &str, leave: &str) -> (Vec<Anomaly>, Vec<(i64, i64)>) {
    let name: Arc<str> = Arc::from("report.json");
    let f = sportello::input::teams::read_file(&name, graph_report(join, leave).as_bytes(), &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let spans = f.records.iter().map(|r| (r.span.start, r.span.end)).collect();
    (f.all_anomalies().into_iter().filter(|a| a.code == Code::IntervalOutsideMeeting).collect(), spans)
}

#[test]
fn a_teams_interval_outside_its_meetings_start_and_end_is_reported_and_used() {
    // Within 60 s of either end (the start and end are truncated to 13:30:04 and 14:05:50):
    // nothing to say.
    let (found, _) = outside_meeting("2024-03-14T13:29:04Z", "2024-03-14T14:06:50Z");
    assert!(found.is_empty(), "{found:#?}");
    // 61 s before the start and 61 s after the end: one warning for the interval, on its line.
    let (found, spans) = outside_meeting("2024-03-14T13:29:03Z", "2024-03-14T14:06:51Z");
    assert_eq!(found.len(), 1, "{found:#?}");
    let a = &found[0];
    assert_eq!(a.severity(), Severity::Warning);
    assert_eq!(a.date.as_deref(), Some("2024-03-14"));
    let (file, line) = line_of(a);
    assert_eq!(file, "report.json");
    assert_eq!(line, 19, "the line of the citizen's interval");
    assert!(a.message.en().starts_with("meeting 5c1e7a52-0d1b-4f0e-9f6a-000000000009: the interval "), "{}", a.message);
    assert!(
        a.message.en().contains("starts 61 s before the meeting's start and ends 61 s after the meeting's end"),
        "{}",
        a.message
    );
    assert!(a.message.en().contains("used as written"), "{}", a.message);
    // Never the participant.
    assert!(!a.message.en().contains("Segreta") && !a.message.en().contains("cittadina"), "{}", a.message);
    // The interval is used as written.
    let start = 1_710_423_004 - 61; // 2024-03-14T13:30:04Z − 61 s
    assert!(spans.contains(&(start, 1_710_425_150 + 61)), "{spans:?}");
    // Only one end outside: the message says which.
    let (found, _) = outside_meeting("2024-03-14T13:40:00Z", "2024-03-14T14:10:00Z");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.en().contains("ends 250 s after the meeting's end")
            && !found[0].message.en().contains("before")
    );
}
