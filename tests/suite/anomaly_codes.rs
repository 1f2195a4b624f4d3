//! Every anomaly code: an input that produces it, with the source line it must name; or an
//! explicit entry in a list of codes the engine cannot produce (yet). A code added to
//! `Code::ALL` without either fails [`every_code_is_produced_or_listed`].

use crate::common::*;
use sportello::anomaly::{Code, Severity};
use sportello::rules::RuleBook;

/// Codes only the Teams importers (issue 3, `src/input/teams/`) produce. (`SHARED_ADDRESS` is tested in
/// `staff_matching`, on Graph JSON; `INTERVAL_OUTSIDE_MEETING` needs a meeting's stated start and
/// end, which the normalised sessions file has not: see `plausibility.rs`.)
const RESERVED_FOR_TEAMS: &[Code] = &[
    Code::MissingLeave,
    Code::DuplicateMeeting,
    Code::DurationMismatch,
    Code::UnreadableFile,
    Code::SharedAddress,
    Code::IntervalOutsideMeeting,
];

/// Codes only the walk of a Teams folder produces (`src/files.rs`, `tests/suite/messy_inputs.rs`).
const RESERVED_FOR_FOLDERS: &[Code] = &[Code::HiddenEntry, Code::SkippedEntry];

/// Codes no input can produce through the current importers and engine.
/// - `DUPLICATE_ROW`: only the paid file of `arrears` has it (see `report_arrears.rs`); a
///   repeated attendance row of a month is `DUPLICATE_ATTENDANCE`.
/// - `OVERFLOW`: the importers cap bases below 1,000,000 € and rule files cap rates, so the
///   checked arithmetic cannot overflow.
/// - `ROWS_UNACCOUNTED`: says a file's rows do not add up, which only a fault of the engine
///   could cause (the tally is tested in `src/input/table.rs` and `tests/suite/messy_inputs.rs`).
const NOT_PRODUCIBLE_YET: &[Code] = &[Code::DuplicateRow, Code::Overflow, Code::RowsUnaccounted];

/// Where the anomaly must point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    /// A file and line.
    Line(&'static str, u64),
    /// A fact about a day or a month, with no single source row.
    NoSource,
    /// Either: a note that may name the first row concerned or sum up several rows.
    LineOrNone(&'static str, u64),
}

struct Case {
    code: Code,
    book: RuleBook,
    ruleset: Option<&'static str>,
    month: &'static str,
    staff: String,
    attendance: String,
    sessions: String,
    at: At,
    employee: Option<&'static str>,
    date: Option<&'static str>,
    /// A word the message must contain (a field name, a meeting id…).
    says: &'static str,
}

const SCENARIO: Option<&str> = Some("scenario-remote-2025");
/// A citizen's name: it must never appear in a message.
const CITIZEN: &str = "Cittadina Segreta";

fn case(
    code: Code,
    att: &[&str],
    at: At,
    employee: Option<&'static str>,
    date: Option<&'static str>,
    says: &'static str,
) -> Case {
    Case {
        code,
        book: embedded(),
        ruleset: None,
        month: "2025-10",
        staff: staff(&[ONE]),
        attendance: attendance(att),
        sessions: sessions(&[]),
        at,
        employee,
        date,
        says,
    }
}

fn with_sessions(mut c: Case, ruleset: Option<&'static str>, rows: &[String]) -> Case {
    c.ruleset = ruleset;
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    c.sessions = sessions(&refs);
    c
}

fn organizer(meeting: &str, role: &str, from: &str, to: &str) -> String {
    format!("{meeting},Maria Rossi,m.rossi@inps.it,{role},2025-10-07T{from}:00+02:00,2025-10-07T{to}:00+02:00")
}

fn citizen(meeting: &str, from: &str, to: &str) -> String {
    format!("{meeting},{CITIZEN},cittadina@example.net,attendee,2025-10-07T{from}:00+02:00,2025-10-07T{to}:00+02:00")
}

const PRESENT: &str = "001,2025-10-07,08:00,14:00,presence,PRES";
const REMOTE_DAY: &str = "001,2025-10-07,,,remote_work,LA";

fn cases() -> Vec<Case> {
    use At::*;
    let oct7 = Some("2025-10-07");
    let e001 = Some("001");
    let mut v = vec![
        case(Code::MissingValue, &["001,,08:00,09:00,presence,"], Line("attendance.csv", 2), e001, None, "\"date\""),
        case(
            Code::BadValue,
            &["001,2025-13-45,08:00,09:00,presence,"],
            Line("attendance.csv", 2),
            e001,
            None,
            "\"date\"",
        ),
        case(Code::ShortRow, &[PRESENT, "001,2025-10-07"], Line("attendance.csv", 3), None, None, "cells"),
        case(
            Code::UnclosedQuote,
            &[PRESENT, "001,2025-10-07,08:30,\"12:30,front_office,MFOF"],
            Line("attendance.csv", 3),
            None,
            None,
            "field \"end\"",
        ),
        case(
            Code::EndBeforeStart,
            &["001,2025-10-07,14:00,08:00,presence,"],
            Line("attendance.csv", 2),
            e001,
            oct7,
            "\"end\"",
        ),
        case(
            Code::EmptyInterval,
            &["001,2025-10-07,08:00,08:00,presence,"],
            Line("attendance.csv", 2),
            e001,
            oct7,
            "\"end\"",
        ),
        case(
            Code::UnknownEmployee,
            &["999,2025-10-07,08:00,09:00,presence,"],
            Line("attendance.csv", 2),
            Some("999"),
            oct7,
            "employee_id",
        ),
        case(
            Code::OutsideMonth,
            &["001,2025-09-30,08:00,09:00,presence,"],
            Line("attendance.csv", 2),
            e001,
            Some("2025-09-30"),
            "outside 2025-10",
        ),
        case(
            Code::DstFold,
            &["001,2025-10-26,02:30,03:30,presence,"],
            Line("attendance.csv", 2),
            e001,
            Some("2025-10-26"),
            "\"start\"",
        ),
        case(
            Code::KindNotQualifying,
            &[PRESENT, "001,2025-10-07,09:00,10:00,specialist,CONS"],
            Line("attendance.csv", 3),
            e001,
            oct7,
            "specialist",
        ),
        case(
            Code::OutsidePresence,
            &[PRESENT, "001,2025-10-07,13:00,15:00,front_office,MFOF"],
            Line("attendance.csv", 3),
            e001,
            oct7,
            "front_office",
        ),
        case(
            Code::AbsenceOverlap,
            &[PRESENT, "001,2025-10-07,09:00,11:00,front_office,MFOF", "001,2025-10-07,10:00,12:00,absence,PERM"],
            Line("attendance.csv", 3),
            e001,
            oct7,
            "absence",
        ),
        case(
            Code::NoRuleSet,
            &[PRESENT, "001,2025-10-07,09:00,10:00,front_office,MFOF"],
            NoSource,
            e001,
            oct7,
            "rule set",
        ),
        case(
            Code::LimitApplied,
            &[PRESENT, "001,2025-10-07,09:00,12:00,front_office,MFOF"],
            NoSource,
            e001,
            oct7,
            "daily cap of 120 minutes",
        ),
        case(
            Code::NoBase,
            &["002,2025-10-07,08:00,14:00,presence,PRES", "002,2025-10-07,09:00,10:00,front_office,MFOF"],
            Line("staff.csv", 3),
            Some("002"),
            None,
            "hourly_base_eur",
        ),
        case(
            Code::DuplicateEmployee,
            &["001,2025-10-07,08:00,09:00,presence,"],
            Line("staff.csv", 3),
            e001,
            None,
            "already on line 2",
        ),
        with_sessions(
            case(
                Code::RemoteNotRecognised,
                &[REMOTE_DAY],
                LineOrNone("sessions.csv", 2),
                e001,
                None,
                "does not recognise remote consultation",
            ),
            None,
            &[organizer("m1", "organizer", "09:00", "10:00"), citizen("m1", "09:00", "10:00")],
        ),
        with_sessions(
            case(Code::RoleNotQualifying, &[REMOTE_DAY], Line("sessions.csv", 3), e001, None, "attendee"),
            SCENARIO,
            &[citizen("m1", "09:00", "10:00"), organizer("m1", "attendee", "09:00", "10:00")],
        ),
        with_sessions(
            case(
                Code::BelowMinimumConsultation,
                &[REMOTE_DAY],
                Line("sessions.csv", 2),
                e001,
                oct7,
                "meeting of 2025-10-07 at 09:00 (sessions.csv)",
            ),
            SCENARIO,
            &[
                organizer("m1", "organizer", "09:00", "09:10"),
                "m1,Cittadina Segreta,,attendee,2025-10-07T09:05:00+02:00,2025-10-07T09:05:30+02:00".to_string(),
            ],
        ),
        with_sessions(
            case(
                Code::OutsideWorkingTime,
                &[PRESENT],
                Line("sessions.csv", 2),
                e001,
                oct7,
                "meeting of 2025-10-07 at 13:00 (sessions.csv)",
            ),
            SCENARIO,
            &[organizer("m1", "organizer", "13:00", "15:00"), citizen("m1", "13:00", "15:00")],
        ),
        with_sessions(
            case(
                Code::OverlappingMeetings,
                &[REMOTE_DAY],
                Line("sessions.csv", 2),
                e001,
                oct7,
                "the meeting of 2025-10-07 at 09:00 (sessions.csv, line 2) and the meeting of 2025-10-07 at 09:30 \
                 (sessions.csv, line 4) overlap for 30 min",
            ),
            SCENARIO,
            &[
                organizer("m1", "organizer", "09:00", "10:00"),
                citizen("m1", "09:00", "10:00"),
                organizer("m2", "organizer", "09:30", "10:30"),
                citizen("m2", "09:30", "10:30"),
            ],
        ),
        with_sessions(
            case(
                Code::ChannelOverlap,
                &[PRESENT, "001,2025-10-07,09:00,10:00,front_office,MFOF"],
                Line("sessions.csv", 2),
                e001,
                oct7,
                "30 min",
            ),
            SCENARIO,
            &[organizer("m1", "organizer", "09:30", "10:30"), citizen("m1", "09:30", "10:30")],
        ),
        with_sessions(
            case(
                Code::NoStaffParticipant,
                &[REMOTE_DAY],
                Line("sessions.csv", 2),
                None,
                None,
                "meeting of 2025-10-07 at 09:00 (sessions.csv)",
            ),
            SCENARIO,
            &[
                "m9,Rossi Maria,,organizer,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00".to_string(),
                citizen("m9", "09:00", "10:00"),
            ],
        ),
        with_sessions(
            case(Code::AmbiguousParticipant, &[REMOTE_DAY], Line("sessions.csv", 4), None, None, "002, 003"),
            SCENARIO,
            &[
                organizer("m1", "organizer", "09:00", "10:00"),
                citizen("m1", "09:00", "10:00"),
                "m1,Anna  Verdi,,attendee,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00".to_string(),
            ],
        ),
        with_sessions(
            case(Code::HomonymParticipant, &[REMOTE_DAY], Line("sessions.csv", 4), e001, oct7, "employee 001"),
            SCENARIO,
            &[
                organizer("m1", "organizer", "09:00", "10:00"),
                citizen("m1", "09:00", "10:00"),
                "m1,MARIA ROSSI,,attendee,2025-10-07T09:10:00+02:00,2025-10-07T09:50:00+02:00".to_string(),
            ],
        ),
        case(Code::MissingPartTime, &[], Line("staff.csv", 2), e001, None, "\"part_time_pct\""),
        case(
            Code::ImplausibleBase,
            &[PRESENT, "001,2025-10-07,09:00,10:00,front_office,MFOF"],
            Line("staff.csv", 2),
            e001,
            None,
            "plausible range 8.00–80.00",
        ),
        case(
            Code::ServiceExceedsPresence,
            &["001,2025-10-07,08:00,09:00,presence,PRES", "001,2025-10-07,08:00,10:00,front_office,MFOF"],
            Line("attendance.csv", 3),
            e001,
            oct7,
            "presence only 1 h",
        ),
        case(
            Code::DuplicateAttendance,
            &[PRESENT, "001,2025-10-07,09:00,10:00,front_office,MFOF", PRESENT],
            Line("attendance.csv", 4),
            e001,
            oct7,
            "repeats line 2",
        ),
    ];
    for c in &mut v {
        match c.code {
            Code::NoRuleSet => {
                c.month = "2023-10";
                c.attendance = c.attendance.replace("2025-10-07", "2023-10-09");
                c.date = Some("2023-10-09");
            }
            Code::LimitApplied => {
                let t = "unit_seconds = 60\nmode = \"down\"\nlevel = \"day\"\ndaily_cap_minutes = 120\npart_time = \"none\"";
                c.book = knob_book(&[("time", t)]);
                c.ruleset = Some("knob");
            }
            Code::NoBase => c.staff = staff(&[ONE, "002,Luca Bianchi,RM01,,,,"]),
            Code::MissingPartTime => c.staff = staff(&["001,Maria Rossi,RM01,m.rossi@inps.it,,18.50,"]),
            Code::ImplausibleBase => c.staff = staff(&["001,Maria Rossi,RM01,m.rossi@inps.it,100,1850,"]),
            Code::DuplicateEmployee => c.staff = staff(&[ONE, "001,Maria Rossi Bis,RM02,,,18.50,"]),
            Code::AmbiguousParticipant => {
                c.staff = staff(&[ONE, "002,Anna Verdi,RM01,,,18.50,", "003,anna verdi,RM02,,,18.50,"]);
            }
            _ => {}
        }
    }
    // The spring gap is in March.
    let mut gap = case(
        Code::DstGap,
        &["001,2025-03-30,02:30,04:00,presence,"],
        At::Line("attendance.csv", 2),
        e001,
        Some("2025-03-30"),
        "\"start\"",
    );
    gap.month = "2025-03";
    v.push(gap);
    v
}

fn check(c: &Case) -> Result<(), String> {
    let r = run(&c.book, c.ruleset, c.month, &c.staff, &c.attendance, &c.sessions);
    let found = r.with_code(c.code);
    if found.is_empty() {
        return Err(format!("{}: not produced; got {:?}", c.code, r.codes()));
    }
    let matching = found.iter().find(|a| {
        let at = match &a.source {
            Some(s) => At::Line(
                if &*s.file == "staff.csv" {
                    "staff.csv"
                } else if &*s.file == "attendance.csv" {
                    "attendance.csv"
                } else {
                    "sessions.csv"
                },
                s.line,
            ),
            None => At::NoSource,
        };
        let at_ok = match c.at {
            At::LineOrNone(file, line) => at == At::NoSource || at == At::Line(file, line),
            expected => at == expected,
        };
        at_ok
            && (c.employee.is_none() || a.employee_id.as_deref() == c.employee)
            && (c.date.is_none() || a.date.as_deref() == c.date)
            && a.message.en().contains(c.says)
    });
    let Some(a) = matching else {
        return Err(format!(
            "{}: expected at {:?} (employee {:?}, date {:?}, message with {:?}), got {:#?}",
            c.code, c.at, c.employee, c.date, c.says, found
        ));
    };
    if a.severity() != c.code.severity() {
        return Err(format!("{}: severity {:?}", c.code, a.severity()));
    }
    if let Some(leak) =
        r.anomalies.iter().find(|a| a.message.en().contains("Segreta") || a.message.en().contains("cittadina@"))
    {
        return Err(format!("{}: a citizen's name or address in a message: {}", c.code, leak.message));
    }
    Ok(())
}

#[test]
fn every_code_is_produced_or_listed() {
    let cases = cases();
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).err()).collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));

    let tested: Vec<Code> = cases.iter().map(|c| c.code).collect();
    for code in Code::ALL {
        let n = tested.iter().filter(|c| *c == code).count()
            + usize::from(RESERVED_FOR_TEAMS.contains(code))
            + usize::from(RESERVED_FOR_FOLDERS.contains(code))
            + usize::from(NOT_PRODUCIBLE_YET.contains(code));
        assert_eq!(n, 1, "{code}: needs exactly one test case or one entry in a reserved list (has {n})");
    }
    for listed in tested.iter().chain(RESERVED_FOR_TEAMS).chain(RESERVED_FOR_FOLDERS).chain(NOT_PRODUCIBLE_YET) {
        assert!(Code::ALL.contains(listed), "{listed} is not in Code::ALL");
    }
}

#[test]
fn severities_follow_the_exit_code_contract() {
    // Notes that explain a decision on input used as intended must not change the exit code.
    for info in [
        Code::KindNotQualifying,
        Code::RemoteNotRecognised,
        Code::RoleNotQualifying,
        Code::BelowMinimumConsultation,
        Code::OverlappingMeetings,
        Code::ChannelOverlap,
        Code::LimitApplied,
        Code::OutsideMonth,
    ] {
        assert_eq!(info.severity(), Severity::Info, "{info}");
    }
    // Input that was not used, or read by a policy, must.
    for code in [
        Code::MissingValue,
        Code::BadValue,
        Code::ShortRow,
        Code::EndBeforeStart,
        Code::UnknownEmployee,
        Code::DuplicateEmployee,
        Code::DstFold,
        Code::DstGap,
        Code::OutsidePresence,
        Code::OutsideWorkingTime,
        Code::AmbiguousParticipant,
        Code::NoStaffParticipant,
        Code::NoBase,
        Code::NoRuleSet,
        Code::HomonymParticipant,
        Code::SharedAddress,
        Code::MissingPartTime,
        Code::ImplausibleBase,
        Code::ServiceExceedsPresence,
        Code::DuplicateAttendance,
        Code::IntervalOutsideMeeting,
    ] {
        assert!(code.severity() >= Severity::Warning, "{code}");
    }
}

#[test]
fn a_conflicting_staff_id_is_reported_on_each_of_its_rows_and_never_paid() {
    let st = staff(&[ONE, "002,Luca Bianchi,RM01,,,18.50,", "001,Maria Rossi Bis,RM02,,,18.50,"]);
    let att = attendance(&[PRESENT, "001,2025-10-07,09:00,10:00,front_office,MFOF"]);
    let r = run(&embedded(), None, "2025-10", &st, &att, &sessions(&[]));
    assert!(r.rows().is_empty(), "{:#?}", r.rows());
    let mut at = r.sources_of(Code::DuplicateEmployee);
    at.sort();
    assert_eq!(
        at,
        vec![("attendance.csv".to_string(), 2), ("attendance.csv".to_string(), 3), ("staff.csv".to_string(), 4)]
    );
}

#[test]
fn session_rows_outside_the_month_and_broken_session_rows_are_reported() {
    let ses = sessions(&[
        "m1,Maria Rossi,m.rossi@inps.it,organizer,2025-09-30T09:00:00+02:00,2025-09-30T10:00:00+02:00",
        "m2,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T10:00:00+02:00,2025-10-07T09:00:00+02:00",
        "m3,Maria Rossi,m.rossi@inps.it,host,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00",
        "m4,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07 09:00,2025-10-07T10:00:00+02:00",
        ",Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T10:00:00+02:00",
    ]);
    let r = run(&embedded(), SCENARIO, "2025-10", &staff(&[ONE]), &attendance(&[REMOTE_DAY]), &ses);
    let mut got: Vec<(u64, Code)> =
        r.anomalies.iter().filter_map(|a| a.source.as_ref().map(|s| (s.line, a.code))).collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (2, Code::OutsideMonth),
            (3, Code::EndBeforeStart),
            (4, Code::BadValue),
            (5, Code::BadValue),
            (6, Code::MissingValue)
        ]
    );
    let join = r.anomalies.iter().find(|a| a.source.as_ref().is_some_and(|s| s.line == 5)).unwrap();
    assert!(join.message.en().contains("meeting m4: field \"join\""), "{}", join.message);
    // The engine's: a meeting named by its start and file, in both languages.
    let outside = r.with_code(Code::OutsideMonth);
    assert_eq!(
        outside[0].message.en(),
        "meeting of 2025-09-30 at 09:00 (sessions.csv): the meeting lies outside the month; row not used"
    );
    assert_eq!(
        outside[0].message.render(sportello::lang::Lang::It),
        "riunione del 30/09/2025 alle 09:00 (sessions.csv): la riunione è fuori dal mese; riga non usata"
    );
}

/// The codes the engine (`src/engine/`) raises; `OUTSIDE_MONTH` is the engine's for a meeting's
/// rows (the attendance's is the importer's).
const ENGINE_CODES: &[Code] = &[
    Code::KindNotQualifying,
    Code::OutsidePresence,
    Code::AbsenceOverlap,
    Code::NoRuleSet,
    Code::LimitApplied,
    Code::NoBase,
    Code::Overflow,
    Code::RemoteNotRecognised,
    Code::RoleNotQualifying,
    Code::BelowMinimumConsultation,
    Code::OutsideWorkingTime,
    Code::OverlappingMeetings,
    Code::ChannelOverlap,
    Code::NoStaffParticipant,
    Code::HomonymParticipant,
    Code::ImplausibleBase,
    Code::ServiceExceedsPresence,
    Code::DuplicateAttendance,
];

#[test]
fn every_anomaly_the_engine_raises_is_written_in_both_languages() {
    use sportello::lang::Lang;
    let mut seen = std::collections::BTreeSet::new();
    for c in cases() {
        let r = run(&c.book, c.ruleset, c.month, &c.staff, &c.attendance, &c.sessions);
        let of_the_engine = |a: &&sportello::anomaly::Anomaly| {
            ENGINE_CODES.contains(&a.code)
                || (a.code == Code::OutsideMonth && a.source.as_ref().is_some_and(|s| &*s.file == "sessions.csv"))
        };
        for a in r.anomalies.iter().filter(of_the_engine) {
            assert!(!a.message.is_plain(), "{}: a text given whole: {}", a.code, a.message);
            let (it, en) = (a.message.render(Lang::It), a.message.render(Lang::En));
            assert_ne!(it, en, "{}: the Italian is the English", a.code);
            assert!(!it.contains('{') && !en.contains('{'), "{}: a hole left unfilled: {it} / {en}", a.code);
            seen.insert(a.code);
        }
    }
    // The cases raise every code the engine can (OVERFLOW cannot be produced: see above).
    for code in ENGINE_CODES.iter().filter(|c| !NOT_PRODUCIBLE_YET.contains(c)) {
        assert!(seen.contains(code), "{code}: no case raised it");
    }
}

#[test]
fn an_overlap_of_two_meetings_cites_the_first_of_them_and_names_both() {
    // m0 comes first in the day and overlaps nothing: it is no part of the overlap of m1 and m2.
    let ses = sessions(&[
        &organizer("m0", "organizer", "08:00", "08:30"),
        &citizen("m0", "08:00", "08:30"),
        &citizen("m2", "09:30", "10:30"),
        &organizer("m2", "organizer", "09:30", "10:30"),
        &organizer("m1", "organizer", "09:00", "10:00"),
        &citizen("m1", "09:00", "10:00"),
    ]);
    let r = run(&embedded(), SCENARIO, "2025-10", &staff(&[ONE]), &attendance(&[REMOTE_DAY]), &ses);
    let found = r.with_code(Code::OverlappingMeetings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(r.sources_of(Code::OverlappingMeetings), [("sessions.csv".to_string(), 6)]);
    assert_eq!(
        found[0].message.en(),
        "the meeting of 2025-10-07 at 09:00 (sessions.csv, line 6) and the meeting of 2025-10-07 at 09:30 \
         (sessions.csv, line 5) overlap for 30 min; the common time counts once"
    );
    assert_eq!(
        found[0].message.render(sportello::lang::Lang::It),
        "la riunione del 07/10/2025 alle 09:00 (sessions.csv, riga 6) e la riunione del 07/10/2025 alle 09:30 \
         (sessions.csv, riga 5) si sovrappongono per 30 min: il tempo in comune conta una volta sola"
    );
}

#[test]
fn three_overlapping_meetings_are_all_named() {
    let ses = sessions(&[
        &organizer("m1", "organizer", "09:00", "10:00"),
        &citizen("m1", "09:00", "10:00"),
        &organizer("m2", "organizer", "09:30", "10:30"),
        &citizen("m2", "09:30", "10:30"),
        &organizer("m3", "organizer", "10:15", "11:00"),
        &citizen("m3", "10:15", "11:00"),
    ]);
    let r = run(&embedded(), SCENARIO, "2025-10", &staff(&[ONE]), &attendance(&[REMOTE_DAY]), &ses);
    let found = r.with_code(Code::OverlappingMeetings);
    assert_eq!(
        found[0].message.en(),
        "the meeting of 2025-10-07 at 09:00 (sessions.csv, line 2), the meeting of 2025-10-07 at 09:30 \
         (sessions.csv, line 4) and the meeting of 2025-10-07 at 10:15 (sessions.csv, line 6) overlap for 45 min; \
         the common time counts once"
    );
}

#[test]
fn a_channel_overlap_cites_the_row_of_the_channel_that_loses_the_time() {
    // A meeting 08:00–08:30 that shares nothing, then the counter 09:00–10:00 and a meeting
    // 09:30–10:30 that share half an hour.
    let att = attendance(&[PRESENT, "001,2025-10-07,09:00,10:00,front_office,MFOF"]);
    let ses = sessions(&[
        &organizer("m0", "organizer", "08:00", "08:30"),
        &citizen("m0", "08:00", "08:30"),
        &organizer("m1", "organizer", "09:30", "10:30"),
        &citizen("m1", "09:30", "10:30"),
    ]);
    for (priority, at, says) in [
        ("in_person", ("sessions.csv", 4), "30 min of remote time (09:30–10:00)"),
        ("remote", ("attendance.csv", 3), "30 min of counter time (09:30–10:00)"),
    ] {
        let book = knob_book(&[("overlap", &format!("priority = \"{priority}\""))]);
        let r = run(&book, Some("knob"), "2025-10", &staff(&[ONE]), &att, &ses);
        assert_eq!(r.sources_of(Code::ChannelOverlap), [(at.0.to_string(), at.1)], "{priority}");
        let found = r.with_code(Code::ChannelOverlap);
        assert!(found[0].message.en().starts_with(says), "{priority}: {}", found[0].message);
    }
}
