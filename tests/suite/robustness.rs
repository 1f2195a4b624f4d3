//! No input can crash the engine: any bytes given as any input file give either results or a
//! clear error naming the file, never a panic; hostile but plausible files (all NULs, a
//! truncated UTF-16 export, a bank statement, an absurd base pay, a ten-year session) give an
//! error or an anomaly, never a wrong number. Regression cases of the findings of
//! `docs/FUZZING.md` (F1-F3) guard their fixes; those found by fuzzing (`fuzz/`) are at the
//! end, with their minimised inputs inline.
//!
//! The property tests run a bounded number of cases so that the whole file stays well under
//! 20 seconds in a debug build.

use std::sync::Arc;

use proptest::prelude::*;
use rust_decimal::Decimal;
use sportello::anomaly::{Anomaly, Code, Severity};
use sportello::engine::{compute, Inputs, Month, MonthResult};
use sportello::input::teams::{read_file, ReadOptions, TeamsError};
use sportello::input::{self, InputError};
use sportello::register::Register;
use sportello::rules::{RuleBook, RuleError, Selection, EMBEDDED};

const STAFF: &str = "staff.csv";
const ATTENDANCE: &str = "attendance.csv";
const SESSIONS: &str = "teams/sessions.csv";
const RULES: &str = "rules/custom.toml";
const TEAMS: &str = "teams/export.csv";

const STAFF_HEADER: &str = "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur";
const ATT_HEADER: &str = "employee_id,date,start,end,kind,code";
const SES_HEADER: &str = "meeting_id,participant,upn,role,join,leave";

fn name(s: &str) -> Arc<str> {
    Arc::from(s)
}

fn october() -> Month {
    Month { year: 2025, month: 10 }
}

fn book() -> RuleBook {
    RuleBook::embedded().expect("the shipped rules load")
}

/// What reading one input file gave.
enum Read {
    /// Records were produced (possibly none), with these anomalies.
    Records(Vec<Anomaly>),
    /// The whole file was refused with this message.
    Refused(String),
}

fn read_staff(bytes: &[u8]) -> Read {
    let mut anomalies = Vec::new();
    match input::staff::read(&name(STAFF), bytes, &mut anomalies) {
        Ok(_) => Read::Records(anomalies),
        Err(e) => Read::Refused(e.to_string()),
    }
}

fn read_attendance(bytes: &[u8]) -> Read {
    let mut anomalies = Vec::new();
    match input::attendance::read(&name(ATTENDANCE), bytes, &mut anomalies) {
        Ok(_) => Read::Records(anomalies),
        Err(e) => Read::Refused(e.to_string()),
    }
}

fn read_sessions(bytes: &[u8]) -> Read {
    let mut anomalies = Vec::new();
    match input::sessions::read(&name(SESSIONS), bytes, &mut anomalies) {
        Ok(_) => Read::Records(anomalies),
        Err(e) => Read::Refused(e.to_string()),
    }
}

fn read_teams(bytes: &[u8]) -> Read {
    match read_file(&name(TEAMS), bytes, &ReadOptions::default()) {
        Ok(f) => Read::Records(f.all_anomalies()),
        Err(e) => Read::Refused(e.to_string()),
    }
}

fn read_rules(bytes: &[u8]) -> Result<RuleBook, Vec<RuleError>> {
    RuleBook::from_files(vec![(RULES.to_string(), String::from_utf8_lossy(bytes).into_owned())])
}

/// The reader's outcome is results whose anomalies point into the file, or an error that starts
/// with the file's name.
fn assert_clear(file: &str, bytes: &[u8], read: &Read) {
    // Lines end at LF, CRLF or a lone CR, as the tokeniser counts them.
    let lines = input::text::decode(bytes).map_or(u64::MAX, |(t, _)| input::tokeniser::count_lines(t.as_bytes()) + 1);
    match read {
        Read::Records(anomalies) => {
            for a in anomalies {
                assert!(!a.message.en().is_empty(), "{file}: an anomaly without a message: {a:?}");
                if let Some(src) = &a.source {
                    assert_eq!(&*src.file, file, "{a:?}");
                    assert!(src.line <= lines, "{file}: line {} of {lines}: {a:?}", src.line);
                }
            }
        }
        Read::Refused(msg) => {
            assert!(msg.starts_with(&format!("{file}: ")), "the error does not name {file}: {msg:?}");
            assert!(msg.len() > file.len() + 2, "an error that says nothing: {msg:?}");
        }
    }
}

fn assert_rule_errors_clear(bytes: &[u8], result: &Result<RuleBook, Vec<RuleError>>) {
    if let Err(errors) = result {
        assert!(!errors.is_empty());
        let lines = String::from_utf8_lossy(bytes).matches('\n').count() as u64 + 1;
        for e in errors {
            assert_eq!(e.at.file, RULES, "{e:?}");
            assert!(e.at.line <= lines, "line {} of {lines}: {e:?}", e.at.line);
            assert!(e.to_string().starts_with(RULES), "{e}");
            assert!(!e.message.is_empty(), "{e:?}");
        }
    }
}

/// Every payroll row pays a non-negative amount for more than zero minutes.
fn assert_sane(result: &MonthResult) {
    for r in &result.rows {
        assert!(r.minutes > 0, "a row with {} minutes: {r:?}", r.minutes);
        assert!(r.days >= 1, "a row on no day: {r:?}");
        assert!(!r.amount_eur.is_sign_negative() && !r.rate_eur_per_hour.is_sign_negative(), "{r:?}");
    }
}

/// A month from file bytes, with every anomaly (importers' and engine's). `None` when one file
/// is refused as a whole.
fn month(
    staff: &[u8],
    attendance: &[u8],
    sessions: &[u8],
    ruleset: Option<&str>,
) -> Option<(MonthResult, Vec<Anomaly>)> {
    let mut anomalies = Vec::new();
    let (employees, _) = input::staff::read(&name(STAFF), staff, &mut anomalies).ok()?;
    let register = Register::new(employees);
    let (attendance, _) = input::attendance::read(&name(ATTENDANCE), attendance, &mut anomalies).ok()?;
    let (sessions, _) = input::sessions::read(&name(SESSIONS), sessions, &mut anomalies).ok()?;
    let book = book();
    let selection = match ruleset {
        None => Selection::in_force(&book),
        Some(id) => Selection::selected(&book, id).expect("a shipped rule set"),
    };
    let inputs = Inputs { register: &register, attendance: &attendance, sessions: &sessions };
    let result = compute(october(), inputs, &selection);
    assert_sane(&result);
    anomalies.extend(result.anomalies.iter().cloned());
    Some((result, anomalies))
}

/// A Teams export as `compute` reads it, or `None` when it is refused with a message that names
/// the file (refusing a corrupted export is a fix too).
fn read_or_refuse(bytes: &[u8], options: &ReadOptions) -> Option<sportello::input::teams::TeamsFile> {
    match read_file(&name(TEAMS), bytes, options) {
        Ok(file) => Some(file),
        Err(e) => {
            assert!(e.to_string().starts_with("teams/export.csv: "), "{e}");
            None
        }
    }
}

/// What `teams normalize` writes for one export: the number of normalised rows, and the CSV.
fn normalised(file: sportello::input::teams::TeamsFile) -> (usize, Vec<u8>) {
    let (records, _) = sportello::input::teams::dedupe(vec![file]);
    let rows = sportello::input::teams::normalize(&records, None);
    let mut csv = Vec::new();
    sportello::output::sessions::write_normalized(&rows, &mut csv).expect("writing to memory");
    (rows.len(), csv)
}

/// The normalised CSV reads back: every row is used or reported.
fn assert_reads_back(rows: usize, csv: &[u8]) {
    let mut anomalies = Vec::new();
    let read = input::sessions::read(&name("normalized.csv"), csv, &mut anomalies);
    let (back, _) = read.unwrap_or_else(|e| panic!("the normalised CSV cannot be read back: {e}"));
    assert_eq!(back.len() + anomalies.len(), rows);
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Properties: arbitrary bytes, and CSV-shaped noise that gets past the header.

/// Cells that mean something to some column, cells at the edges, and garbage.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "004512",
            "Maria Rossi",
            "Maria  ROSSI (Guest)",
            "m.rossi@inps.it",
            "RM0101",
            "100",
            "50",
            "0",
            "101",
            "18.50",
            "18,50",
            "2455.00",
            "-3",
            "1e20",
            "100000000000000000000",
            "999999.99",
            "2025-10-06",
            "06/10/2025",
            "2025-10-26",
            "2025-03-30",
            "2025-02-29",
            "08:00",
            "02:30",
            "24:00",
            "23:59:59",
            "25:00",
            "presence",
            "front_office",
            "appointment",
            "specialist",
            "remote_work",
            "absence",
            "MFOF",
            "organizer",
            "attendee",
            "presenter",
            "wm-1",
            "2025-10-06T09:00:00+02:00",
            "2025-10-06T07:30:00Z",
            "2015-10-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "=HYPERLINK(\"x\")",
            "\"",
            "a\"b",
            "\u{feff}",
            "\t",
            "\r",
            "€",
            "😀",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,12}",
        // Any text but NUL, which refuses a whole file (a_nul_filled_file_is_refused_naming_the_file).
        any::<String>().prop_map(|s| s.chars().filter(|&c| c != '\0').take(12).collect()),
    ]
}

/// A CSV whose header holds `columns` (shuffled, some doubled, an extra one) and rows of cells.
fn csv_like(columns: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let header = Just(columns.to_vec()).prop_shuffle();
    let rows = prop::collection::vec(prop::collection::vec(cell(), 0..9), 0..12);
    let delim = prop::sample::select(vec![",", ";", "\t"]);
    let newline = prop::sample::select(vec!["\n", "\r\n"]);
    (header, rows, delim, newline, any::<bool>(), any::<bool>()).prop_map(|(h, rows, d, nl, extra, utf16)| {
        let mut h: Vec<&str> = h;
        if extra {
            h.push("note");
        }
        let quote = |c: &str| {
            if c.contains([',', ';', '\t', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_string()
            }
        };
        let mut text = h.join(d);
        for r in rows {
            text.push_str(nl);
            text.push_str(&r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(d));
        }
        text.push_str(nl);
        if utf16 {
            utf16le(&text)
        } else {
            text.into_bytes()
        }
    })
}

const STAFF_COLUMNS: &[&str] =
    &["employee_id", "full_name", "office", "teams_upn", "part_time_pct", "hourly_base_eur", "monthly_base_eur"];
const ATT_COLUMNS: &[&str] = &["employee_id", "date", "start", "end", "kind", "code"];
const SES_COLUMNS: &[&str] = &["meeting_id", "participant", "upn", "role", "join", "leave"];

fn config() -> ProptestConfig {
    ProptestConfig { cases: 192, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_as_staff_give_records_or_an_error_naming_the_file(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        assert_clear(STAFF, &bytes, &read_staff(&bytes));
    }

    #[test]
    fn any_bytes_as_attendance_give_records_or_an_error_naming_the_file(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        assert_clear(ATTENDANCE, &bytes, &read_attendance(&bytes));
    }

    #[test]
    fn any_bytes_as_sessions_give_records_or_an_error_naming_the_file(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        assert_clear(SESSIONS, &bytes, &read_sessions(&bytes));
    }

    #[test]
    fn any_bytes_as_a_teams_export_give_records_or_an_error_naming_the_file(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        assert_clear(TEAMS, &bytes, &read_teams(&bytes));
    }

    #[test]
    fn any_bytes_as_a_rule_file_give_a_book_or_errors_naming_the_file(bytes in prop::collection::vec(any::<u8>(), 0..1500)) {
        assert_rule_errors_clear(&bytes, &read_rules(&bytes));
    }

    #[test]
    fn csv_shaped_noise_is_read_row_by_row(
        staff in csv_like(STAFF_COLUMNS),
        attendance in csv_like(ATT_COLUMNS),
        sessions in csv_like(SES_COLUMNS),
    ) {
        for (file, bytes, read) in [
            (STAFF, &staff, read_staff(&staff)),
            (ATTENDANCE, &attendance, read_attendance(&attendance)),
            (SESSIONS, &sessions, read_sessions(&sessions)),
            (TEAMS, &sessions, read_teams(&sessions)),
        ] {
            assert_clear(file, bytes, &read);
            // Every required column is in the header: no reason to refuse the whole file.
            if file != TEAMS {
                if let Read::Refused(msg) = &read {
                    prop_assert!(false, "{file} refused although its header is complete: {msg}");
                }
            }
        }
        // The whole month under the contract in force and the scenario never pays a negative
        // amount or an empty row (checked inside `month`).
        month(&staff, &attendance, &sessions, None);
        month(&staff, &attendance, &sessions, Some("scenario-remote-2025"));
    }

    #[test]
    fn a_shipped_rule_file_with_one_line_changed_gives_a_book_or_located_errors(
        which in 0..EMBEDDED.len(),
        line in any::<prop::sample::Index>(),
        replacement in prop_oneof![
            cell(),
            prop::sample::select(vec![
                "percent_of_hourly_base = \"100000000000000000000\"", "eur_per_hour = \"-1\"",
                "unit_seconds = 0", "unit_seconds = 9223372036854775807", "monthly_divisor = 0",
                "daily_cap_minutes = -1", "monthly_cap_minutes = 44641", "from = 2025-02-30",
                "to = 1970-01-01", "rounding = { dp = 4294967295, mode = \"half_up\" }", "[rate]", "[[rate]]",
                "extends = \"inps-ccni-2025\"", "extends = \"scenario-remote-2025\"", "status = \"in_force\"",
            ]).prop_map(str::to_string),
        ],
    ) {
        let (file, text) = EMBEDDED[which];
        let mut lines: Vec<&str> = text.lines().collect();
        let i = line.index(lines.len());
        lines[i] = &replacement;
        let edited = lines.join("\n");
        let mut files: Vec<(String, String)> =
            EMBEDDED.iter().map(|(n, t)| (format!("rules/{n}"), t.to_string())).collect();
        files[which] = (format!("rules/{file}"), edited.clone());
        match RuleBook::from_files(files) {
            Ok(book) => {
                // Whatever the rules say, a month on the demo office pays nothing negative.
                let staff = format!("{STAFF_HEADER}\n001,Maria Rossi,RM0101,m.rossi@inps.it,100,20.00,\n");
                let att = format!("{ATT_HEADER}\n001,2025-10-06,08:00,14:00,presence,PRES\n001,2025-10-06,08:30,12:30,front_office,MFOF\n");
                let ses = format!("{SES_HEADER}\nm1,Maria Rossi,m.rossi@inps.it,organizer,2025-10-06T12:00:00+02:00,2025-10-06T13:00:00+02:00\nm1,Cittadino,,attendee,2025-10-06T12:05:00+02:00,2025-10-06T12:50:00+02:00\n");
                let mut anomalies = Vec::new();
                let (employees, _) = input::staff::read(&name(STAFF), staff.as_bytes(), &mut anomalies).unwrap();
                let register = Register::new(employees);
                let (attendance, _) = input::attendance::read(&name(ATTENDANCE), att.as_bytes(), &mut anomalies).unwrap();
                let (sessions, _) = input::sessions::read(&name(SESSIONS), ses.as_bytes(), &mut anomalies).unwrap();
                let inputs = Inputs { register: &register, attendance: &attendance, sessions: &sessions };
                assert_sane(&compute(october(), inputs, &Selection::in_force(&book)));
                for set in book.sets() {
                    if let Some(sel) = Selection::selected(&book, &set.id) {
                        assert_sane(&compute(october(), inputs, &sel));
                    }
                }
            }
            Err(errors) => {
                let lines = edited.matches('\n').count() as u64 + 1;
                for e in &errors {
                    prop_assert!(e.at.file.starts_with("rules/"), "{e:?}");
                    prop_assert!(e.at.line <= lines.max(200), "{e:?}");
                    prop_assert!(!e.message.is_empty(), "{e:?}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Specific hostile files.

#[test]
fn a_nul_filled_file_is_refused_naming_the_file() {
    let nuls = vec![0u8; 4096];
    for (file, read) in [
        (STAFF, read_staff(&nuls)),
        (ATTENDANCE, read_attendance(&nuls)),
        (SESSIONS, read_sessions(&nuls)),
        (TEAMS, read_teams(&nuls)),
    ] {
        let Read::Refused(msg) = read else { panic!("{file}: a file of NUL bytes was read as records") };
        assert!(msg.starts_with(&format!("{file}: ")), "{msg}");
        assert!(msg.contains("NUL") || msg.contains("UTF"), "{file}: the message does not say why: {msg}");
    }
    let errors = read_rules(&nuls).expect_err("a rule file of NUL bytes is refused");
    assert_eq!((errors[0].at.file.as_str(), errors[0].at.line), (RULES, 1), "{errors:?}");
    // A NUL inside otherwise good text is refused too, not read around.
    let mut staff = format!("{STAFF_HEADER}\n001,Maria Rossi,RM0101,,100,20.00,\n").into_bytes();
    staff.splice(20..20, [0u8; 3]);
    assert!(matches!(read_staff(&staff), Read::Refused(m) if m.starts_with("staff.csv: ")));
}

#[test]
fn a_truncated_utf16_file_is_refused_or_loses_only_its_last_row() {
    let text = format!(
        "{ATT_HEADER}\n001,2025-10-06,08:00,14:00,presence,PRES\n001,2025-10-06,08:30,12:30,front_office,MFOF\n"
    );
    let full = utf16le(&text);
    // Cut in the middle of a code unit: an odd number of bytes.
    let odd = &full[..full.len() - 7];
    let Read::Refused(msg) = read_attendance(odd) else { panic!("an odd-length UTF-16 file was read") };
    assert!(msg.starts_with("attendance.csv: ") && msg.contains("truncated"), "{msg}");
    let Read::Refused(msg) = read_teams(odd) else { panic!("an odd-length UTF-16 export was read") };
    assert!(msg.starts_with("teams/export.csv: "), "{msg}");
    // Cut between code units, in the last row's end time: the row is reported, the others read.
    let even = &full[..full.len() - 2 * "2:30,front_office,MFOF\n".len()];
    let mut anomalies = Vec::new();
    let (rows, _) = input::attendance::read(&name(ATTENDANCE), even, &mut anomalies).expect("the file reads");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(anomalies.len(), 1, "{anomalies:?}");
    assert_eq!(anomalies[0].source.as_ref().map(|s| s.line), Some(3));
    // Cut inside a surrogate pair (a name with an emoji): an unpaired surrogate, refused.
    let staff = utf16le(&format!("{STAFF_HEADER}\n001,Maria 😀"));
    let Read::Refused(msg) = read_staff(&staff[..staff.len() - 2]) else { panic!("an unpaired surrogate was read") };
    assert!(msg.starts_with("staff.csv: ") && msg.contains("surrogate"), "{msg}");
}

#[test]
fn a_bank_statement_is_refused_naming_the_file_and_the_missing_column() {
    let statement = "Data contabile;Data valuta;Descrizione;Dare;Avere;Saldo\n\
                     01/10/2025;01/10/2025;BONIFICO A FAVORE DI ROSSI MARIA;;1.850,00;12.345,67\n\
                     02/10/2025;02/10/2025;ADDEBITO SDD UTENZE;-84,20;;12.261,47\n";
    for (file, read, column) in [
        (STAFF, read_staff(statement.as_bytes()), "employee_id"),
        (ATTENDANCE, read_attendance(statement.as_bytes()), "employee_id"),
        (SESSIONS, read_sessions(statement.as_bytes()), "meeting_id"),
    ] {
        let Read::Refused(msg) = read else { panic!("{file}: a bank statement was read") };
        assert!(msg.starts_with(&format!("{file}: line 1: missing column \"{column}\"")), "{msg}");
    }
    let Read::Refused(msg) = read_teams(statement.as_bytes()) else { panic!("a bank statement read as Teams") };
    assert!(msg.starts_with("teams/export.csv: not a Teams attendance export"), "{msg}");
    assert!(!msg.contains("ROSSI"), "the error quotes the file: {msg}");
    let errors = read_rules(statement.as_bytes()).expect_err("a bank statement is no rule file");
    assert_eq!(errors[0].at.file, RULES);
    assert!(errors[0].at.line >= 1, "{errors:?}");
}

#[test]
fn a_huge_hourly_base_is_an_anomaly_not_a_wrong_number() {
    let staff = format!(
        "{STAFF_HEADER}\n001,Maria Rossi,RM0101,,100,100000000000000000000,\n\
         002,Luca Bianchi,RM0101,,100,,100000000000000000000\n\
         003,Anna Esposito,RM0101,,100,999999.99,\n"
    );
    let att = format!(
        "{ATT_HEADER}\n001,2025-10-06,08:00,14:00,presence,PRES\n001,2025-10-06,08:30,12:30,front_office,MFOF\n\
         002,2025-10-06,08:00,14:00,presence,PRES\n002,2025-10-06,08:30,12:30,front_office,MFOF\n\
         003,2025-10-06,08:00,14:00,presence,PRES\n003,2025-10-06,08:30,12:30,front_office,MFOF\n"
    );
    let (result, anomalies) = month(staff.as_bytes(), att.as_bytes(), SES_HEADER.as_bytes(), None).expect("reads");
    for (line, field) in [(2, "hourly_base_eur"), (3, "monthly_base_eur")] {
        let a = anomalies
            .iter()
            .find(|a| {
                a.code == Code::BadValue && a.source.as_ref().is_some_and(|s| &*s.file == STAFF && s.line == line)
            })
            .unwrap_or_else(|| panic!("no BAD_VALUE for line {line}: {anomalies:?}"));
        assert!(a.message.en().contains(&format!("field \"{field}\"")), "{a:?}");
    }
    assert!(result.rows.iter().all(|r| r.employee_id == "003"), "a row for a huge base: {:?}", result.rows);
    let unknown = anomalies.iter().filter(|a| a.code == Code::UnknownEmployee).count();
    assert_eq!(unknown, 4, "the attendance of the refused register rows is reported: {anomalies:?}");
    // The largest base accepted is paid exactly: 240 min at 25% of 999,999.99 €/h.
    let row = &result.rows[0];
    assert_eq!((row.minutes, row.amount_eur), (240, "999999.99".parse::<Decimal>().unwrap()));
}

#[test]
fn a_huge_rate_in_a_rule_file_is_an_error_with_its_line() {
    let text =
        EMBEDDED[1].1.replace("percent_of_hourly_base = \"25\"", "percent_of_hourly_base = \"100000000000000000000\"");
    assert_ne!(text, EMBEDDED[1].1);
    let files = vec![(format!("rules/{}", EMBEDDED[1].0), text.clone())];
    let errors = RuleBook::from_files(files).expect_err("a rate of 1e20 % is refused");
    let line = text.lines().position(|l| l.contains("100000000000000000000")).unwrap() as u64 + 1;
    assert!(errors.iter().any(|e| e.at.line == line && e.message.contains("percent_of_hourly_base")), "{errors:?}");
}

/// A session row joined in 2015 and left in 2025: ten years of connection are not a fact to
/// pay from. Finding F3 (docs/FUZZING.md): before 59deed4 the engine paid the part inside the
/// month's working time (12 h on 6-7 October) and reported every other day as
/// `OUTSIDE_WORKING_TIME`, as if the row were plausible; connections over 30 hours are now
/// refused.
#[test]
fn a_ten_year_session_is_reported_not_paid() {
    let staff = format!("{STAFF_HEADER}\n001,Maria Rossi,RM0101,m.rossi@inps.it,100,20.00,\n");
    let att =
        format!("{ATT_HEADER}\n001,2025-10-06,08:00,14:00,presence,PRES\n001,2025-10-07,08:00,14:00,presence,PRES\n");
    let ses = format!(
        "{SES_HEADER}\nm1,Maria Rossi,m.rossi@inps.it,organizer,2015-10-06T08:00:00+02:00,2025-10-07T14:00:00+02:00\n\
         m1,Cittadino,,attendee,2015-10-06T08:00:00+02:00,2025-10-07T14:00:00+02:00\n"
    );
    let (result, anomalies) =
        month(staff.as_bytes(), att.as_bytes(), ses.as_bytes(), Some("scenario-remote-2025")).expect("reads");
    assert!(result.rows.is_empty(), "ten years of connection were paid: {:?}", result.rows);
    let reported = anomalies.iter().any(|a| {
        a.code != Code::OutsideWorkingTime && a.source.as_ref().is_some_and(|s| &*s.file == SESSIONS && s.line == 2)
    });
    assert!(reported, "the ten-year row is not reported as such: {anomalies:?}");
}

/// A session from year 1 to year 9999 must cost no more than an ordinary one. Finding F3:
/// before 59deed4 the engine walked every Rome day of the session (3.65 million) for each
/// employee in it: 14 s and 430 MB for this one meeting in the fuzzing build, so a few such rows
/// (a few hundred bytes) stalled a month's run or exhausted memory.
#[test]
fn a_session_across_the_whole_calendar_costs_what_an_ordinary_one_does() {
    let staff = format!("{STAFF_HEADER}\n001,Maria Rossi,RM0101,m.rossi@inps.it,100,20.00,\n");
    let att = format!("{ATT_HEADER}\n001,2025-10-06,08:00,14:00,presence,PRES\n");
    let ses = format!(
        "{SES_HEADER}\nm1,Maria Rossi,m.rossi@inps.it,organizer,0001-01-01T00:00:00Z,9999-12-31T23:59:59Z\n\
         m1,Cittadino,,attendee,0001-01-01T00:00:00Z,9999-12-31T23:59:59Z\n"
    );
    for set in [None, Some("scenario-remote-2025")] {
        let started = std::time::Instant::now();
        let (result, _) = month(staff.as_bytes(), att.as_bytes(), ses.as_bytes(), set).expect("reads");
        let took = started.elapsed();
        assert!(took.as_millis() < 500, "{set:?}: one session row took {took:?}");
        assert!(result.rows.is_empty(), "{set:?}: a session across the calendar was paid: {:?}", result.rows);
    }
}

/// The same from a Teams export: a Graph report whose intervals last ten years is read (or
/// refused), and the month pays nothing from it and says why.
#[test]
fn a_ten_year_interval_in_a_graph_report_is_not_paid() {
    let json = r#"{"id":"r1","meetingStartDateTime":"2015-10-06T06:00:00Z","meetingEndDateTime":"2025-10-07T12:00:00Z",
      "attendanceRecords":[
        {"emailAddress":"m.rossi@inps.it","identity":{"displayName":"Maria Rossi"},"role":"Organizer",
         "attendanceIntervals":[{"joinDateTime":"2015-10-06T06:00:00Z","leaveDateTime":"2025-10-07T12:00:00Z","durationInSeconds":315900000}]},
        {"emailAddress":"","identity":{"displayName":"Cittadino"},"role":"Attendee",
         "attendanceIntervals":[{"joinDateTime":"2015-10-06T06:00:00Z","leaveDateTime":"2025-10-07T12:00:00Z","durationInSeconds":315900000}]}]}"#;
    let Some(file) = read_or_refuse(json.as_bytes(), &ReadOptions::default()) else { return };
    let mut anomalies = Vec::new();
    let staff = format!("{STAFF_HEADER}\n001,Maria Rossi,RM0101,m.rossi@inps.it,100,20.00,\n");
    let att = format!("{ATT_HEADER}\n001,2025-10-06,08:00,14:00,presence,PRES\n");
    let (employees, _) = input::staff::read(&name(STAFF), staff.as_bytes(), &mut anomalies).unwrap();
    let register = Register::new(employees);
    let (attendance, _) = input::attendance::read(&name(ATTENDANCE), att.as_bytes(), &mut anomalies).unwrap();
    let book = book();
    let selection = Selection::selected(&book, "scenario-remote-2025").unwrap();
    let inputs = Inputs { register: &register, attendance: &attendance, sessions: &file.records };
    let result = compute(october(), inputs, &selection);
    assert!(result.rows.is_empty(), "ten years of connection were paid: {:?}", result.rows);
    // Not an info note (the written duration's cross-check is one), not a day outside working
    // time: a warning or error about the rows themselves.
    let reported = file.all_anomalies().iter().chain(&result.anomalies).any(|a| {
        a.severity() != Severity::Info
            && a.code != Code::OutsideWorkingTime
            && a.source.as_ref().is_some_and(|s| &*s.file == TEAMS)
    });
    assert!(reported, "the ten-year intervals are not reported: {:?}", result.anomalies);
}

#[test]
fn a_missing_file_on_disk_is_an_error_naming_it() {
    let dir = std::env::temp_dir().join(format!("sportello-robustness-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("staff.csv"), vec![0u8; 64]).unwrap();
    let paths = sportello::input::InputPaths::in_folder(&dir);
    let err = sportello::input::load(&paths).expect_err("a NUL-filled register stops the run");
    assert!(matches!(err, InputError::Encoding { .. }), "{err:?}");
    assert!(err.to_string().contains("staff.csv"), "{err}");
    std::fs::write(dir.join("staff.csv"), format!("{STAFF_HEADER}\n")).unwrap();
    let err = sportello::input::load(&paths).expect_err("no attendance file");
    assert!(err.to_string().contains("attendance.csv"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn teams_errors_are_typed() {
    // The error type is an enum a caller can match on; the message names the file.
    let err = read_file(&name(TEAMS), b"", &ReadOptions::default()).expect_err("empty");
    assert!(matches!(err, TeamsError::Empty { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Regressions found by fuzzing (docs/FUZZING.md). Each holds the minimised input as bytes.

/// F1 (fixed in 239c8e0): a live-event report row with neither name nor address is kept as a
/// record (an anonymous viewer); merged with an identical copy of its file, its meeting was not
/// recognised as the same (a nameless record was never "the same person"), so the meeting was
/// kept twice. Found by the `teams` fuzz target.
#[test]
fn regression_f1_a_file_merged_with_its_copy_adds_nothing() {
    let bytes: &[u8] = b";;;;,\n2;;;1.2.22r2:01;joined\n;;;2.2.22r1:01";
    let file = read_file(&name(TEAMS), bytes, &ReadOptions::default()).expect("reads as a live-event report");
    // The same export downloaded twice, as a folder of exports often holds it.
    let mut copy = file.clone();
    copy.file = name("teams/export (1).csv");
    let (once, _) = sportello::input::teams::dedupe(vec![file.clone()]);
    let (twice, _) = sportello::input::teams::dedupe(vec![file, copy]);
    let spans = |v: &[sportello::sessions::SessionRecord]| v.iter().map(|r| r.span).collect::<Vec<_>>();
    assert_eq!(spans(&once), spans(&twice), "merging a file with its own copy changed the records");
}

/// F2 (fixed in 239c8e0): a display name holding a NUL character (a corrupted UTF-16 export)
/// was read, kept by `normalize` (the organizer keeps their name) and written into the
/// normalised CSV, which `input::sessions::read` then refused whole ("the file contains NUL
/// bytes"): `teams normalize` produced a file that `compute` could not read. Found by the
/// `teams` fuzz target.
#[test]
fn regression_f2_the_normalised_csv_of_any_readable_export_reads_back() {
    let bytes: &[u8] = b"\t\x00\t\x00T\x00\n\x00\x00\x00\t\x002\x00/\x004\x00/\x002\x005\x00,\x003\x00:\x001\x002\x00\
                         \t\x002\x00/\x004\x00/\x002\x005\x00,\x003\x00:\x002\x006\x00";
    let dmy = ReadOptions { date_order: Some(sportello::input::teams::DateOrder::Dmy) };
    // Refusing the corrupted export is a fix too.
    let Some(file) = read_or_refuse(bytes, &dmy) else { return };
    let (rows, csv) = normalised(file);
    assert_reads_back(rows, &csv);
}

/// F2, at its root (fixed in 239c8e0): `input::text::decode` refused a NUL in UTF-8 text
/// ("binary data?") but not in UTF-16 text, so a corrupted UTF-16 register and attendance
/// export put a NUL into an employee id, and from there into `payroll.csv`, with exit code 0.
#[test]
fn regression_f2_a_nul_in_utf16_text_is_refused_as_in_utf8() {
    let staff = utf16le(&format!("{STAFF_HEADER}\n00\u{0}1,Maria Rossi,RM0101,,100,20.00,\n"));
    let att = utf16le(&format!("{ATT_HEADER}\n00\u{0}1,2025-10-06,08:00,14:00,presence,PRES\n00\u{0}1,2025-10-06,08:30,12:30,front_office,MFOF\n"));
    for (file, read) in [(STAFF, read_staff(&staff)), (ATTENDANCE, read_attendance(&att))] {
        let Read::Refused(msg) = read else { panic!("{file}: a NUL inside UTF-16 text was read") };
        assert!(msg.starts_with(&format!("{file}: ")) && msg.contains("NUL"), "{msg}");
    }
}

/// F4 (open): the fix of F2 covers UTF-16 and BOM-less UTF-8, but `input::text::decode`'s
/// UTF-8-with-BOM branch still accepts NUL bytes: a register and attendance export saved with
/// a BOM (as Excel does) and holding a NUL in an employee id are computed, and the NUL is
/// written into `payroll.csv` with exit code 0. Found by the `teams` fuzz target (second round,
/// 36 of 36 crashes begin with a BOM).
#[test]
fn regression_f4_a_nul_in_utf8_text_with_bom_is_refused() {
    let bom = |text: String| [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
    let staff = bom(format!("{STAFF_HEADER}\n00\u{0}1,Maria Rossi,RM0101,,100,20.00,\n"));
    let att = bom(format!("{ATT_HEADER}\n00\u{0}1,2025-10-06,08:30,12:30,front_office,MFOF\n"));
    for (file, read) in [(STAFF, read_staff(&staff)), (ATTENDANCE, read_attendance(&att))] {
        let Read::Refused(msg) = read else { panic!("{file}: a NUL after a UTF-8 BOM was read") };
        assert!(msg.starts_with(&format!("{file}: ")) && msg.contains("NUL"), "{msg}");
    }
    let export = b"\xEF\xBB\xBFFull Name\tUser Action\tTimestamp\nA\x00\tJoined\t3/14/2024, 9:00:00 AM\nA\x00\tLeft\t3/14/2024, 9:30:00 AM\n";
    let Read::Refused(msg) = read_teams(export) else { panic!("a Teams export with a NUL after its BOM was read") };
    assert!(msg.starts_with("teams/export.csv: "), "{msg}");
}

/// F4, second door (open): JSON can write a NUL without a NUL byte (`"\u0000"`). A Graph
/// report whose display name holds one is read; `teams normalize` writes the NUL into the
/// normalised CSV (exit 0), and `compute` then stops on that file with exit code 2.
#[test]
fn regression_f4_a_nul_escaped_in_graph_json_never_reaches_the_normalised_csv() {
    let json = br#"{"id":"r1","attendanceRecords":[{"emailAddress":"","identity":{"displayName":"A\u0000"},"role":"Organizer","attendanceIntervals":[{"joinDateTime":"2025-10-06T07:00:00Z","leaveDateTime":"2025-10-06T07:30:00Z","durationInSeconds":1800}]}]}"#;
    let Some(file) = read_or_refuse(json, &ReadOptions::default()) else { return };
    let (rows, csv) = normalised(file);
    assert!(!csv.contains(&0), "a NUL in the normalised CSV: {:?}", String::from_utf8_lossy(&csv));
    assert_reads_back(rows, &csv);
}

/// F4, a third door to keep shut: JSON can escape a NUL into the meeting id as well
/// (`"id":"r\u0000"`); it must not reach the normalised CSV through `meeting_id`.
#[test]
fn regression_f4_a_nul_escaped_in_a_graph_meeting_id_never_reaches_the_normalised_csv() {
    let json = br#"{"id":"r\u0000","attendanceRecords":[{"emailAddress":"m.rossi@inps.it","identity":{"displayName":"Maria Rossi"},"role":"Organizer","attendanceIntervals":[{"joinDateTime":"2025-10-06T07:00:00Z","leaveDateTime":"2025-10-06T07:30:00Z","durationInSeconds":1800}]}]}"#;
    let Some(file) = read_or_refuse(json, &ReadOptions::default()) else { return };
    let (_, csv) = normalised(file);
    assert!(!csv.contains(&0), "a NUL in the normalised CSV: {:?}", String::from_utf8_lossy(&csv));
}
