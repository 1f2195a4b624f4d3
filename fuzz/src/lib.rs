//! What the fuzz targets share: the oracles (what must hold for any input, beyond "no panic")
//! and the structured mutation of the shipped rule files.
//!
//! Every oracle is an `assert!`: libFuzzer reports a failed assertion as a crash, with the
//! input that caused it.

use std::fmt::Display;
use std::sync::Arc;

use arbitrary::Arbitrary;
use sportello::anomaly::Anomaly;
use sportello::engine::{compute, Inputs, Month, MonthResult, PayrollRow};
use sportello::input::teams::{ReadOptions, TeamsError};
use sportello::input::text::decode;
use sportello::register::Register;
use sportello::rules::{RuleBook, RuleError, Selection, Status, EMBEDDED};

/// The byte that separates staff, attendance and sessions in the `month` target's input
/// (ASCII "record separator": never in a real CSV).
pub const SEPARATOR: u8 = 0x1E;

/// A file name as the importers take it.
pub fn name(s: &str) -> Arc<str> {
    Arc::from(s)
}

/// A whole-file error must start with the file's name, so that the user knows which file to fix.
pub fn assert_names_file(file: &str, e: &impl Display) {
    let msg = e.to_string();
    assert!(msg.starts_with(&format!("{file}:")), "the error does not name the file {file:?}: {msg:?}");
}

/// The number of lines of a file as its importer counts them (`\n`-terminated, after decoding),
/// or `None` when the bytes do not decode.
pub fn line_count(bytes: &[u8]) -> Option<u64> {
    decode(bytes).ok().map(|(text, _)| text.matches('\n').count() as u64 + 1)
}

/// Every anomaly that has a source names `file` and a line that exists in it.
pub fn assert_sources(file: &str, bytes: &[u8], anomalies: &[Anomaly]) {
    let lines = line_count(bytes).unwrap_or(u64::MAX);
    for a in anomalies {
        if let Some(src) = &a.source {
            assert_eq!(&*src.file, file, "anomaly on another file: {a:?}");
            assert!(src.line >= 1 && src.line <= lines, "line {} outside 1..={lines}: {a:?}", src.line);
        }
        assert!(!a.message.is_empty(), "anomaly without a message: {a:?}");
    }
}

/// The month's results are sane: every payroll row pays a non-negative amount for a positive
/// number of minutes, on 1 to 31 days, at a non-negative rate, for an employee of the register
/// whose trace is there; rows are sorted. (Nothing is asserted that a rule file may change:
/// an `up` rounding can legitimately pay more than minutes × rate.)
pub fn assert_month(result: &MonthResult, register: &Register) {
    for r in &result.rows {
        assert!(r.minutes > 0, "a payroll row with {} minutes: {r:?}", r.minutes);
        assert!(r.days >= 1 && r.days <= 31, "a payroll row with {} days: {r:?}", r.days);
        assert!(!r.amount_eur.is_sign_negative(), "a negative amount: {r:?}");
        assert!(!r.rate_eur_per_hour.is_sign_negative(), "a negative rate: {r:?}");
        assert!(!r.hours.is_sign_negative(), "negative hours: {r:?}");
        assert!(register.get(&r.employee_id).is_some(), "a row for an employee not in the register: {r:?}");
        assert!(result.employees.contains_key(&r.employee_id), "a row without its trace: {r:?}");
    }
    let mut sorted = result.rows.clone();
    sorted.sort();
    assert_eq!(sorted, result.rows, "payroll rows are not sorted");
}

/// The payroll and anomalies files written from a month are UTF-8 CSV that parses back with
/// the header's number of cells, hold no NUL (finding F2), and no text cell a spreadsheet
/// would run as a formula (`=`, `+`, `-`, `@`, TAB, CR first).
pub fn assert_outputs(rows: &[PayrollRow], anomalies: &[Anomaly]) {
    let mut payroll = Vec::new();
    sportello::output::payroll::write_csv(rows, &mut payroll).expect("writing to memory");
    let mut listed = Vec::new();
    sportello::output::anomalies::write_csv(anomalies, &mut listed).expect("writing to memory");
    for (what, bytes, width) in [
        ("payroll", &payroll, sportello::output::payroll::HEADER.len()),
        ("anomalies", &listed, sportello::output::anomalies::HEADER.len()),
    ] {
        let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("the {what} file is not UTF-8: {e}"));
        assert!(!text.contains('\0'), "a NUL in the {what} file");
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes.as_slice());
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("the {what} file does not parse back: {e}"));
            assert_eq!(record.len(), width, "a {what} row of {} cells: {record:?}", record.len());
            for cell in record.iter() {
                let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
                assert!(!formula, "a cell a spreadsheet would run, in the {what} file: {cell:?}");
            }
        }
    }
}

/// Parses the three inputs of a month and computes it, under the contract in force and under
/// every scenario and draft of `book`, checking [`assert_month`] each time. The third input is
/// read as `sportello compute` reads a Teams file: any export format or the normalised CSV
/// ([`sportello::input::teams::read_file`]), then merged ([`sportello::input::teams::dedupe`]); an export that
/// cannot be read is left out (the CLI reports it and goes on). Returns false when the
/// register, the attendance or a normalised sessions file is refused as a whole (the run would
/// stop with exit code 2).
pub fn run_month(staff: &[u8], attendance: &[u8], sessions: &[u8], month: Month, book: &RuleBook) -> bool {
    let mut anomalies = Vec::new();
    let staff_name = name("staff.csv");
    let employees = match sportello::input::staff::read(&staff_name, staff, &mut anomalies) {
        Ok((rows, _)) => rows,
        Err(e) => {
            assert_names_file("staff.csv", &e);
            return false;
        }
    };
    let register = Register::new(employees);
    let att_name = name("attendance.csv");
    let attendance = match sportello::input::attendance::read(&att_name, attendance, &mut anomalies) {
        Ok((rows, _)) => rows,
        Err(e) => {
            assert_names_file("attendance.csv", &e);
            return false;
        }
    };
    let ses_name = name("teams/export.csv");
    let sessions = match sportello::input::teams::read_file(&ses_name, sessions, &ReadOptions::default()) {
        Ok(file) => sportello::input::teams::dedupe(vec![file]).0,
        Err(TeamsError::Sessions(e)) => {
            assert_names_file("teams/export.csv", &e);
            return false;
        }
        Err(e) => {
            assert_names_file("teams/export.csv", &e);
            Vec::new()
        }
    };
    let inputs = Inputs { register: &register, attendance: &attendance, sessions: &sessions };
    let result = compute(month, inputs, &Selection::in_force(book));
    assert_month(&result, &register);
    anomalies.extend(result.anomalies.iter().cloned());
    assert_outputs(&result.rows, &anomalies);
    for set in book.sets().filter(|s| s.status != Status::InForce) {
        if let Some(sel) = Selection::selected(book, &set.id) {
            let result = compute(month, inputs, &sel);
            assert_month(&result, &register);
        }
    }
    true
}

/// A small office that touches every clause: an hourly and a monthly base, part time, counter
/// time beyond presence, appointment and specialist rows, the autumn DST day, remote work
/// days, consultations with a citizen's rejoin, a presenter, an attendee-only employee, a
/// no-show, a Teams meeting overlapping counter time and one across the start of the month.
pub const MINI_STAFF: &str = "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur
001,Maria Rossi,RM01,m.rossi@inps.it,100,20.00,
002,Luca Bianchi,RM01,,50,,2455.00
003,Anna Verdi,RM01,a.verdi@inps.it,100,18.50,
";
/// The small office's attendance.
pub const MINI_ATTENDANCE: &str = "employee_id,date,start,end,kind,code
001,2025-10-06,08:00,14:12,presence,PRES
001,2025-10-06,08:30,12:30,front_office,MFOF
001,2025-10-07,08:00,14:00,presence,PRES
001,2025-10-07,09:00,10:00,appointment,APP
001,2025-10-07,10:00,10:20,specialist,SPEC
001,2025-10-26,01:00,04:00,presence,PRES
001,2025-10-26,02:30,03:30,front_office,MFOF
002,2025-10-06,08:00,11:00,presence,PRES
002,2025-10-06,08:00,12:00,front_office,MFOF
002,2025-10-08,,,remote_work,LA
003,2025-10-09,,,remote_work,LA
003,2025-10-10,08:00,14:00,presence,PRES
";
/// The small office's Teams sessions.
pub const MINI_SESSIONS: &str = "meeting_id,participant,upn,role,join,leave
m1,Maria Rossi,m.rossi@inps.it,organizer,2025-10-06T12:00:00+02:00,2025-10-06T13:30:00+02:00
m1,Cittadino Uno (Guest),,attendee,2025-10-06T12:05:00+02:00,2025-10-06T12:40:00+02:00
m1,Cittadino Uno (Guest),,attendee,2025-10-06T12:41:30+02:00,2025-10-06T13:10:00+02:00
m2,Luca Bianchi,,presenter,2025-10-08T09:00:00+02:00,2025-10-08T10:00:00+02:00
m2,Cittadina Due,,attendee,2025-10-08T09:10:00+02:00,2025-10-08T09:50:00+02:00
m3,Anna Verdi,a.verdi@inps.it,organizer,2025-10-09T09:00:00+02:00,2025-10-09T09:30:00+02:00
m3,Nessuno,,attendee,2025-10-09T09:00:10+02:00,2025-10-09T09:00:40+02:00
m4,Anna Verdi,a.verdi@inps.it,attendee,2025-10-10T09:00:00+02:00,2025-10-10T10:00:00+02:00
m4,Cittadino Tre,,attendee,2025-10-10T09:00:00+02:00,2025-10-10T10:00:00+02:00
m5,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T09:30:00+02:00,2025-10-07T10:30:00+02:00
m5,Cittadino Quattro,,attendee,2025-10-07T09:30:00+02:00,2025-10-07T10:30:00+02:00
m6,Maria Rossi,m.rossi@inps.it,organizer,2025-09-30T23:30:00+02:00,2025-10-01T00:30:00+02:00
m6,Cittadino Cinque,,attendee,2025-09-30T23:30:00+02:00,2025-10-01T00:30:00+02:00
";

/// The small office's October 2025 under a rule book (fast enough to run on every input).
pub fn run_mini_month(book: &RuleBook) {
    let month = Month { year: 2025, month: 10 };
    let ok = run_month(MINI_STAFF.as_bytes(), MINI_ATTENDANCE.as_bytes(), MINI_SESSIONS.as_bytes(), month, book);
    assert!(ok, "the small office's inputs were refused");
}

/// Rule-file errors name one of the files given, with a line that exists in it.
pub fn assert_rule_errors(files: &[(String, String)], errors: &[RuleError]) {
    assert!(!errors.is_empty(), "Err(vec![]) from RuleBook::from_files");
    for e in errors {
        let texts: Vec<&String> = files.iter().filter(|(n, _)| *n == e.at.file).map(|(_, t)| t).collect();
        assert!(!texts.is_empty(), "a rule error on a file that was not given: {e:?}");
        let lines = texts.iter().map(|t| t.matches('\n').count() as u64 + 1).max().unwrap_or(0);
        assert!(e.at.line <= lines, "line {} of a file of {lines} lines: {e:?}", e.at.line);
        assert!(e.at.line == 0 || e.column >= 1, "line without column: {e:?}");
        assert!(!e.message.is_empty(), "an empty message: {e:?}");
    }
}

/// Loads rule files, checks the errors or runs the small office's month under the book.
pub fn check_rule_files(files: Vec<(String, String)>) {
    match RuleBook::from_files(files.clone()) {
        Ok(book) => {
            for set in book.sets() {
                assert!(set.valid_to.is_none_or(|to| to >= set.valid_from), "validity ends before it starts: {set:?}");
            }
            run_mini_month(&book);
        }
        Err(errors) => assert_rule_errors(&files, &errors),
    }
}

/// The shipped rule files, as `(file name, text)`.
pub fn embedded_files() -> Vec<(String, String)> {
    EMBEDDED.iter().map(|(n, t)| (format!("rules/{n}"), t.to_string())).collect()
}

// ---------------------------------------------------------------------------------------------
// Structured mutation of the shipped rule files.

/// Keys of the rule-file schema, so that mutations mostly produce files the loader reads past
/// its TOML and serde stages and into validation and the engine.
const KEYS: &[&str] = &[
    "schema",
    "id",
    "title",
    "status",
    "extends",
    "sources",
    "validity",
    "from",
    "to",
    "cite",
    "provisional",
    "note",
    "hourly_base",
    "monthly_divisor",
    "divisor_rounding",
    "dp",
    "mode",
    "rate",
    "percent_of_hourly_base",
    "eur_per_hour",
    "in_person",
    "item",
    "kinds",
    "clip_to",
    "remote",
    "recognised",
    "roles",
    "rejoin_tolerance_seconds",
    "minimum_consultation_seconds",
    "overlap",
    "priority",
    "time",
    "unit_seconds",
    "level",
    "part_time",
    "daily_minimum_minutes",
    "daily_cap_minutes",
    "monthly_cap_minutes",
    "money",
    "rounding",
    "hours_rounding",
    "title",
    "url",
    "date",
];

/// Strings the schema reads (enumerations, ids, decimals at and beyond their bounds).
const STRINGS: &[&str] = &[
    "",
    "0",
    "-1",
    "0.0000000001",
    "1e20",
    "100000000000000000000",
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "25",
    "20",
    "100",
    "1000",
    "1000.0001",
    "10000",
    "4.625",
    "18,50",
    "NaN",
    "inps-ccni-2024",
    "inps-ccni-2025",
    "scenario-remote-2025",
    "in_force",
    "scenario",
    "draft",
    "front_office",
    "appointment",
    "specialist",
    "presence",
    "remote_work",
    "absence",
    "organizer",
    "presenter",
    "attendee",
    "working_time",
    "nothing",
    "in_person",
    "remote",
    "down",
    "up",
    "nearest",
    "half_up",
    "half_even",
    "interval",
    "day",
    "month",
    "row",
    "employee",
    "none",
    "scale_limits",
    "MFOF",
    "MFOF-WEB",
    "engine-policy",
    "reg-ce-1103-97",
];

/// Integers at the bounds the loader checks, and beyond.
const INTS: &[i64] = &[
    0,
    1,
    -1,
    2,
    5,
    10,
    11,
    28,
    59,
    60,
    61,
    120,
    156,
    900,
    1000,
    1001,
    3599,
    3600,
    3601,
    86_400,
    86_401,
    44_640,
    44_641,
    i32::MAX as i64,
    u32::MAX as i64,
    i64::MAX,
    i64::MIN,
];

/// A TOML value to write.
#[derive(Arbitrary, Debug, Clone)]
pub enum Val {
    /// One of [`STRINGS`].
    KnownStr(u8),
    /// Any string.
    Str(String),
    /// One of [`INTS`].
    KnownInt(u8),
    /// Any integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A plain date (possibly invalid).
    Date(u16, u8, u8),
    /// An array.
    Array(Vec<Val>),
    /// An inline rounding `{ dp, mode }`.
    Rounding(i64, u8),
}

impl Val {
    fn to_toml(&self, depth: u32) -> toml::Value {
        use toml::Value;
        match self {
            Val::KnownStr(i) => Value::String(STRINGS[usize::from(*i) % STRINGS.len()].to_string()),
            Val::Str(s) => Value::String(s.clone()),
            Val::KnownInt(i) => Value::Integer(INTS[usize::from(*i) % INTS.len()]),
            Val::Int(i) => Value::Integer(*i),
            Val::Float(f) => Value::Float(*f),
            Val::Bool(b) => Value::Boolean(*b),
            Val::Date(y, m, d) => Value::Datetime(toml::value::Datetime {
                date: Some(toml::value::Date { year: *y % 10_000, month: *m, day: *d }),
                time: None,
                offset: None,
            }),
            Val::Array(items) if depth < 3 => {
                Value::Array(items.iter().take(8).map(|v| v.to_toml(depth + 1)).collect())
            }
            Val::Array(_) => Value::Array(Vec::new()),
            Val::Rounding(dp, mode) => {
                let mut t = toml::Table::new();
                t.insert("dp".into(), Value::Integer(*dp));
                let modes = ["half_up", "half_even", "down", "up", "bogus"];
                t.insert("mode".into(), Value::String(modes[usize::from(*mode) % modes.len()].into()));
                Value::Table(t)
            }
        }
    }
}

/// Which key an edit touches in the table it reached.
#[derive(Arbitrary, Debug, Clone)]
pub enum Key {
    /// The n-th key present (modulo their number).
    Existing(u8),
    /// One of the schema's key names.
    Known(u8),
    /// Any name.
    Any(String),
}

/// One edit of one rule file.
#[derive(Arbitrary, Debug, Clone)]
pub enum Edit {
    /// Sets a key (adding it if absent) in the table reached by `path`.
    Set {
        /// Which file.
        file: u8,
        /// At each step, the n-th key whose value is a table (stops when there is none).
        path: Vec<u8>,
        /// The key.
        key: Key,
        /// The value.
        value: Val,
    },
    /// Removes a key of the table reached by `path`.
    Remove {
        /// Which file.
        file: u8,
        /// As for `Set`.
        path: Vec<u8>,
        /// The key.
        key: Key,
    },
    /// Copies a whole clause table from one file to another (scenario overlays, duplicates).
    CopyTable {
        /// From which file.
        from: u8,
        /// To which file.
        to: u8,
        /// The n-th table of the source file.
        table: u8,
    },
}

/// A structured input: which shipped files take part, the edits, and whether each edited file
/// keeps its name (so that `id` and `extends` still match).
#[derive(Arbitrary, Debug, Clone)]
pub struct RuleEdits {
    /// Bit i keeps the i-th shipped file (0 keeps them all).
    pub keep: u8,
    /// The edits, applied in order.
    pub edits: Vec<Edit>,
    /// Names each file after its (edited) `id` when it is a plain string.
    pub rename_by_id: bool,
}

fn key_name(t: &toml::Table, k: &Key) -> Option<String> {
    match k {
        Key::Existing(i) if !t.is_empty() => t.keys().nth(usize::from(*i) % t.len()).cloned(),
        Key::Existing(_) => None,
        Key::Known(i) => Some(KEYS[usize::from(*i) % KEYS.len()].to_string()),
        Key::Any(s) => Some(s.clone()),
    }
}

fn reach<'t>(t: &'t mut toml::Table, path: &[u8]) -> &'t mut toml::Table {
    let tables: Vec<String> = t.iter().filter(|(_, v)| v.is_table()).map(|(k, _)| k.clone()).collect();
    match path.split_first() {
        Some((step, rest)) if !tables.is_empty() => {
            let k = &tables[usize::from(*step) % tables.len()];
            match t.get_mut(k).and_then(toml::Value::as_table_mut) {
                Some(inner) => reach(inner, rest),
                None => unreachable!("{k} was a table"),
            }
        }
        _ => t,
    }
}

impl RuleEdits {
    /// The edited files, as `(file name, text)`; `None` when an edit makes TOML that cannot
    /// be written.
    pub fn files(&self) -> Option<Vec<(String, String)>> {
        let mut docs: Vec<(String, toml::Table)> = embedded_files()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| self.keep == 0 || self.keep & (1 << i) != 0)
            .map(|(_, (n, text))| (n, text.parse::<toml::Table>().expect("the shipped rules are TOML")))
            .collect();
        if docs.is_empty() {
            return None;
        }
        let n = docs.len();
        for edit in self.edits.iter().take(16) {
            match edit {
                Edit::Set { file, path, key, value } => {
                    let t = reach(&mut docs[usize::from(*file) % n].1, &path[..path.len().min(4)]);
                    if let Some(k) = key_name(t, key) {
                        t.insert(k, value.to_toml(0));
                    }
                }
                Edit::Remove { file, path, key } => {
                    let t = reach(&mut docs[usize::from(*file) % n].1, &path[..path.len().min(4)]);
                    if let Some(k) = key_name(t, key) {
                        t.remove(&k);
                    }
                }
                Edit::CopyTable { from, to, table } => {
                    let src = &docs[usize::from(*from) % n].1;
                    let tables: Vec<(String, toml::Value)> =
                        src.iter().filter(|(_, v)| v.is_table()).map(|(k, v)| (k.clone(), v.clone())).collect();
                    if let Some((k, v)) = (!tables.is_empty()).then(|| &tables[usize::from(*table) % tables.len()]) {
                        docs[usize::from(*to) % n].1.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        docs.into_iter()
            .map(|(file, doc)| {
                let file = match doc.get("id").and_then(toml::Value::as_str) {
                    Some(id) if self.rename_by_id && !id.contains(['/', '\\', '.']) => format!("rules/{id}.toml"),
                    _ => file,
                };
                toml::to_string(&doc).ok().map(|text| (file, text))
            })
            .collect()
    }
}
