//! Helpers shared by the integration tests: running a month from CSV text through the public
//! library API, and writing rule files for custom rule books.

use std::sync::Arc;

use rust_decimal::Decimal;
use sportello::anomaly::{self, Anomaly, Code};
use sportello::engine::{self, Inputs, Month, MonthResult, PayrollRow};
use sportello::input;
use sportello::output;
use sportello::register::Register;
use sportello::rules::{RuleBook, RuleError, Selection};

/// Header of `staff.csv`.
pub const STAFF_HEADER: &str = "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur";
/// Header of `attendance.csv`.
pub const ATT_HEADER: &str = "employee_id,date,start,end,kind,code";
/// Header of the normalised sessions file.
pub const SES_HEADER: &str = "meeting_id,participant,upn,role,join,leave";

/// What one month's run gave.
pub struct Run {
    /// The engine's result (rows, engine anomalies, trace).
    pub result: MonthResult,
    /// Every anomaly: the importers' and the engine's, sorted.
    pub anomalies: Vec<Anomaly>,
    /// The payroll CSV, as the writer writes it.
    pub csv: String,
    /// The attendance records the importer produced.
    pub attendance: Vec<sportello::attendance::AttendanceRecord>,
    /// The session records the importer produced.
    pub sessions: Vec<sportello::sessions::SessionRecord>,
}

impl Run {
    /// The payroll rows.
    pub fn rows(&self) -> &[PayrollRow] {
        &self.result.rows
    }

    /// The only row of an employee and item; panics when there are several.
    pub fn row(&self, employee: &str, item: &str) -> Option<&PayrollRow> {
        let found: Vec<&PayrollRow> =
            self.rows().iter().filter(|r| r.employee_id == employee && r.item == item).collect();
        assert!(found.len() <= 1, "several {item} rows for {employee}: {found:#?}");
        found.first().copied()
    }

    /// Minutes of a row, 0 when there is no row.
    pub fn minutes(&self, employee: &str, item: &str) -> i64 {
        self.row(employee, item).map_or(0, |r| r.minutes)
    }

    /// The amount of a row as text, `"-"` when there is no row.
    pub fn amount(&self, employee: &str, item: &str) -> String {
        self.row(employee, item).map_or_else(|| "-".to_string(), |r| r.amount_eur.to_string())
    }

    /// The anomalies with this code.
    pub fn with_code(&self, code: Code) -> Vec<&Anomaly> {
        self.anomalies.iter().filter(|a| a.code == code).collect()
    }

    /// True when some anomaly carries this code.
    pub fn has(&self, code: Code) -> bool {
        self.anomalies.iter().any(|a| a.code == code)
    }

    /// `(file, line)` of every anomaly with this code (line 0 when it has no source).
    pub fn sources_of(&self, code: Code) -> Vec<(String, u64)> {
        self.with_code(code)
            .iter()
            .map(|a| a.source.as_ref().map_or((String::new(), 0), |s| (s.file.to_string(), s.line)))
            .collect()
    }

    /// Every code, for messages.
    pub fn codes(&self) -> Vec<Code> {
        self.anomalies.iter().map(|a| a.code).collect()
    }
}

/// The shipped rule book.
pub fn embedded() -> RuleBook {
    RuleBook::embedded().expect("the shipped rules load")
}

/// Runs a month from CSV texts, under `ruleset` (or the contract in force).
pub fn run(book: &RuleBook, ruleset: Option<&str>, month: &str, staff: &str, attendance: &str, sessions: &str) -> Run {
    run_bytes(
        book,
        ruleset,
        month,
        staff.as_bytes(),
        attendance.as_bytes(),
        &[("sessions.csv", sessions.as_bytes().to_vec())],
    )
}

/// Runs a month from file bytes; several session files may be given, in order.
pub fn run_bytes(
    book: &RuleBook,
    ruleset: Option<&str>,
    month: &str,
    staff: &[u8],
    attendance: &[u8],
    sessions: &[(&str, Vec<u8>)],
) -> Run {
    let mut anomalies = Vec::new();
    let staff_name: Arc<str> = Arc::from("staff.csv");
    let (employees, _) = input::staff::read(&staff_name, staff, &mut anomalies).expect("staff.csv is readable");
    anomalies.extend(input::staff::duplicate_ids(&employees));
    let register = Register::new(employees);
    let att_name: Arc<str> = Arc::from("attendance.csv");
    let (attendance, _) =
        input::attendance::read(&att_name, attendance, &mut anomalies).expect("attendance.csv is readable");
    let mut records = Vec::new();
    for (name, bytes) in sessions {
        let file: Arc<str> = Arc::from(*name);
        let (rows, _) = input::sessions::read(&file, bytes, &mut anomalies).expect("sessions file is readable");
        records.extend(rows);
    }
    let month: Month = month.parse().expect("a valid month");
    let selection = match ruleset {
        None => Selection::in_force(book),
        Some(id) => Selection::selected(book, id).expect("a known rule set"),
    };
    let result =
        engine::compute(month, Inputs { register: &register, attendance: &attendance, sessions: &records }, &selection);
    anomalies.extend(result.anomalies.iter().cloned());
    anomaly::sort(&mut anomalies);
    let mut buf = Vec::new();
    output::payroll::write_csv(&result.rows, &mut buf).expect("writing to memory");
    Run { result, anomalies, csv: String::from_utf8(buf).expect("UTF-8 output"), attendance, sessions: records }
}

/// A decimal from text.
pub fn d(s: &str) -> Decimal {
    s.parse().expect("a decimal literal")
}

/// The clauses of a complete rule set, in file order, with simple figures: a flat 6.00 €/h (ten
/// cents a minute), in-person MFOF clipped to presence, remote WEB
/// recognised (organizer and presenter, 120 s tolerance, 60 s minimum, clipped to working
/// time), in-person priority, whole minutes floored per day, half-up cents per row.
pub const DEFAULT_CLAUSES: &[(&str, &str)] = &[
    ("hourly_base", "monthly_divisor = 156\ndivisor_rounding = { dp = 5, mode = \"half_up\" }"),
    ("rate", "eur_per_hour = \"6.00\""),
    ("in_person", "item = \"MFOF\"\nkinds = [\"front_office\", \"appointment\"]\nclip_to = \"presence\""),
    (
        "remote",
        "recognised = true\nitem = \"WEB\"\nroles = [\"organizer\", \"presenter\"]\nrejoin_tolerance_seconds = 120\nminimum_consultation_seconds = 60\nclip_to = \"working_time\"",
    ),
    ("overlap", "priority = \"in_person\""),
    ("time", "unit_seconds = 60\nmode = \"down\"\nlevel = \"day\"\npart_time = \"none\""),
    (
        "money",
        "rounding = { dp = 2, mode = \"half_up\" }\nlevel = \"row\"\nhours_rounding = { dp = 2, mode = \"half_up\" }",
    ),
];

/// A rule file: the header, `[validity]` with `validity` lines, then the given clause tables, each
/// citing the file's one source `s`.
pub fn rule_file(id: &str, status: &str, validity: &str, extends: Option<&str>, clauses: &[(&str, &str)]) -> String {
    let mut t = format!("schema = 1\nid = \"{id}\"\ntitle = \"test rule set {id}\"\nstatus = \"{status}\"\n");
    if let Some(parent) = extends {
        t.push_str(&format!("extends = \"{parent}\"\n"));
    }
    t.push_str(&format!("\n[sources.s-{id}]\ntitle = \"a test source\"\n"));
    t.push_str(&format!("\n[validity]\n{validity}\ncite = [\"s-{id}\"]\n"));
    for (name, body) in clauses {
        t.push_str(&format!("\n[{name}]\n{body}\ncite = [\"s-{id}\"]\n"));
    }
    t
}

/// A complete rule file: [`DEFAULT_CLAUSES`] with some tables replaced.
pub fn full_rule_file(id: &str, status: &str, validity: &str, overrides: &[(&str, &str)]) -> String {
    let clauses: Vec<(&str, &str)> = DEFAULT_CLAUSES
        .iter()
        .map(|&(name, body)| (name, overrides.iter().find(|(n, _)| *n == name).map_or(body, |(_, b)| *b)))
        .collect();
    rule_file(id, status, validity, None, &clauses)
}

/// Loads rule files given as `(id, text)`, named `rules/ID.toml`.
pub fn try_book(files: &[(&str, String)]) -> Result<RuleBook, Vec<RuleError>> {
    RuleBook::from_files(files.iter().map(|(id, text)| (format!("rules/{id}.toml"), text.clone())).collect())
}

/// Loads rule files that must be valid.
pub fn book(files: &[(&str, String)]) -> RuleBook {
    match try_book(files) {
        Ok(b) => b,
        Err(errs) => panic!("the test rule files should load: {errs:#?}"),
    }
}

/// A book of one in-force set `base` (from 2025-01-01, [`DEFAULT_CLAUSES`]) and a draft `knob`
/// that extends it and overrides the given clauses; run with `Some("knob")`.
pub fn knob_book(overrides: &[(&str, &str)]) -> RuleBook {
    let base = full_rule_file("base", "in_force", "from = 2025-01-01", &[]);
    let knob = rule_file("knob", "draft", "from = 2025-01-01", Some("base"), overrides);
    book(&[("base", base), ("knob", knob)])
}

/// `staff.csv` text from data lines.
pub fn staff(lines: &[&str]) -> String {
    table(STAFF_HEADER, lines)
}

/// `attendance.csv` text from data lines.
pub fn attendance(lines: &[&str]) -> String {
    table(ATT_HEADER, lines)
}

/// Sessions text from data lines.
pub fn sessions(lines: &[&str]) -> String {
    table(SES_HEADER, lines)
}

fn table(header: &str, lines: &[&str]) -> String {
    let mut t = String::from(header);
    t.push('\n');
    for l in lines {
        t.push_str(l);
        t.push('\n');
    }
    t
}

/// `cmd` in English whatever the machine's locale (as `golden.rs` runs it): a test reads the
/// English sentences of the binary unless it asks for `--lang`.
pub fn in_english(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env("LANG", "C").env_remove("LC_ALL").env_remove("LC_MESSAGES")
}

/// One employee, `001` Maria Rossi, `m.rossi@inps.it`, hourly base 18.50 (25 % = 4.625 €/h).
pub const ONE: &str = "001,Maria Rossi,RM01,m.rossi@inps.it,100,18.50,";

/// A temporary folder of the test's own, removed when dropped.
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    /// A new empty folder named after the test.
    pub fn new(name: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("sportello-test-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        TempDir(dir)
    }

    /// A path inside the folder.
    pub fn path(&self, rel: &str) -> std::path::PathBuf {
        self.0.join(rel)
    }

    /// Copies the folder `from` (files and subfolders) to `rel` inside this one.
    pub fn copy_tree(&self, from: &std::path::Path, rel: &str) {
        fn copy(from: &std::path::Path, to: &std::path::Path) {
            std::fs::create_dir_all(to).expect("create a folder");
            for entry in std::fs::read_dir(from).expect("read a folder") {
                let entry = entry.expect("an entry");
                let target = to.join(entry.file_name());
                if entry.file_type().expect("a type").is_dir() {
                    copy(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), &target).expect("copy a file");
                }
            }
        }
        copy(from, &self.path(rel));
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
