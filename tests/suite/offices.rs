//! The office's view (`offices`) and the spreadsheet formats (`csv-it`, `xlsx`).
//!
//! * The view adds up to the payroll file: on the demo month, under the contract and the
//!   scenario, with the register cut into two offices and a few employees without one, each
//!   office's counter minutes and amounts are the sums of its staff's payroll rows, its paid
//!   remote minutes those of its remote rows, and its weeks add up to its month.
//! * The remote time is shown where the rule set does not pay it.
//! * A workbook read back (with calamine) holds ids as text, amounts as numbers, and the totals
//!   on their own sheet only; `--format xlsx` without `--out` is refused.
//! * The Italian CSV is the plain one in another dialect, and the engine reads it back as a paid
//!   file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_decimal::Decimal;
use sportello::engine::trace::ChannelKind;
use sportello::engine::{self, Month, MonthResult, Options};
use sportello::input::{self, InputPaths};
use sportello::register::Register;
use sportello::report::offices::{Figures, Offices};
use sportello::rules::{RuleBook, Selection};

const DEMO: &str = "fixtures/demo";

/// The demo's register with its offices rewritten: the first four employees in RM0102, the
/// last two without an office, the others in RM0101 as before.
fn register_in_offices() -> Register {
    let paths = InputPaths::in_folder(Path::new(DEMO));
    let (register, _, _) = input::load_register_counted(&paths).expect("the demo's register");
    let mut staff: Vec<_> = register.employees().cloned().collect();
    let n = staff.len();
    for (i, e) in staff.iter_mut().enumerate() {
        if i < 4 {
            e.office = "RM0102".into();
        } else if i >= n - 2 {
            e.office = String::new();
        }
    }
    Register::new(staff)
}

fn computed(register: &Register, ruleset: &str, book: &RuleBook) -> (MonthResult, Offices) {
    let month: Month = "2025-10".parse().unwrap();
    let paths = InputPaths::in_folder(Path::new(DEMO));
    let mut batch = input::load_batch(register, &paths, month).expect("the demo's month");
    let selection = Selection::selected(book, ruleset).unwrap();
    let result = engine::compute_batch(&mut batch, &selection, Options { trace: true, ..Options::default() });
    let view = Offices::build(month, register, &result, &selection);
    (result, view)
}

/// Every figure the weeks must add up to, as numbers.
fn additive(f: &Figures) -> Vec<Decimal> {
    let mut v = vec![
        Decimal::from(f.counter_minutes),
        Decimal::from(f.remote_minutes),
        Decimal::from(f.remote_paid_minutes),
        f.amount_eur,
    ];
    v.extend(f.amounts.iter().map(|a| a.amount_eur));
    v
}

#[test]
fn each_office_adds_up_to_its_staffs_payroll_rows_and_its_weeks_to_its_month() {
    let book = RuleBook::embedded().unwrap();
    let register = register_in_offices();
    for ruleset in ["inps-ccni-2025", "scenario-remote-2025"] {
        let (result, view) = computed(&register, ruleset, &book);
        let names: Vec<&str> = view.offices.iter().map(|o| o.office.as_str()).collect();
        assert_eq!(names, ["RM0101", "RM0102", ""], "the office without a code comes last");
        let remote_items: Vec<&str> =
            view.items.iter().filter(|i| i.channel == ChannelKind::Remote).map(|i| i.item.as_str()).collect();
        for o in &view.offices {
            let staff: Vec<&str> =
                register.employees().filter(|e| e.office == o.office).map(|e| e.id.as_str()).collect();
            let rows: Vec<_> = result.rows.iter().filter(|r| staff.contains(&r.employee_id.as_str())).collect();
            let counter: i64 =
                rows.iter().filter(|r| !remote_items.contains(&r.item.as_str())).map(|r| r.minutes).sum();
            let remote: i64 = rows.iter().filter(|r| remote_items.contains(&r.item.as_str())).map(|r| r.minutes).sum();
            let amount: Decimal = rows.iter().map(|r| r.amount_eur).sum();
            assert_eq!(o.month.employees, staff.len(), "{ruleset} {}", o.office);
            assert_eq!(o.month.counter_minutes, counter, "{ruleset} {}", o.office);
            assert_eq!(o.month.remote_paid_minutes, remote, "{ruleset} {}", o.office);
            assert_eq!(o.month.amount_eur, amount, "{ruleset} {}", o.office);
            for a in &o.month.amounts {
                let item: Decimal = rows.iter().filter(|r| r.item == a.item).map(|r| r.amount_eur).sum();
                assert_eq!(a.amount_eur, item, "{ruleset} {} {}", o.office, a.item);
            }
            // The weeks add up to the month, figure by figure.
            let mut weeks = vec![Decimal::ZERO; additive(&o.month).len()];
            for w in &o.weeks {
                for (s, x) in weeks.iter_mut().zip(additive(&w.figures)) {
                    *s += x;
                }
                assert!(w.figures.employees_counter <= o.month.employees_counter);
            }
            assert_eq!(weeks, additive(&o.month), "{ruleset} {}: the weeks", o.office);
        }
        // Every office together is the payroll file.
        assert_eq!(view.total.amount_eur, result.rows.iter().map(|r| r.amount_eur).sum::<Decimal>(), "{ruleset}");
        assert_eq!(
            view.total.counter_minutes + view.total.remote_paid_minutes,
            result.rows.iter().map(|r| r.minutes).sum::<i64>()
        );
        let weeks: Decimal = view.weeks.iter().map(|w| w.figures.amount_eur).sum();
        assert_eq!(weeks, view.total.amount_eur, "{ruleset}: every office's weeks");
    }
}

#[test]
fn remote_time_is_shown_where_the_contract_does_not_pay_it() {
    let book = RuleBook::embedded().unwrap();
    let register = register_in_offices();
    let (_, contract) = computed(&register, "inps-ccni-2025", &book);
    let (_, scenario) = computed(&register, "scenario-remote-2025", &book);
    assert!(contract.items.iter().all(|i| i.channel == ChannelKind::InPerson), "{:?}", contract.items);
    assert_eq!(contract.total.remote_paid_minutes, 0);
    assert!(contract.total.remote_minutes > 0, "the Teams time the contract does not pay is shown");
    assert!(contract.total.employees_remote > 0);
    assert!(contract.total.remote_share.is_some_and(|s| s > Decimal::ZERO));
    assert!(scenario.total.remote_paid_minutes > 0);
    assert!(scenario.total.remote_paid_minutes <= scenario.total.remote_minutes);
    assert!(!contract.scenario && scenario.scenario);
    // The counter is the same under both: the scenario only adds the remote time.
    assert_eq!(contract.total.counter_minutes, scenario.total.counter_minutes);
}

// ---------------------------------------------------------------------------------------------
// Through the binary.

fn sportello(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .args(args)
        .arg("--quiet")
        .output()
        .expect("the binary runs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-offices-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A sheet's rows, as calamine reads them.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

fn names(path: &Path) -> Vec<String> {
    let book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
}

#[test]
fn a_payroll_workbook_keeps_ids_as_text_amounts_as_numbers_and_totals_apart() {
    let dir = temp("payroll");
    let book = dir.join("paghe.xlsx");
    let out = sportello(&[
        "compute",
        "--month",
        "2025-10",
        "--data",
        DEMO,
        "--ruleset",
        "scenario-remote-2025",
        "--format",
        "xlsx",
        "--lang",
        "it",
        "--out",
        s(&book),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(names(&book), ["Paghe", "Totali"]);
    let rows = sheet(&book, "Paghe");
    assert_eq!(rows[0][0], Data::String("Matricola".into()));
    assert_eq!(rows[0][8], Data::String("Importo €".into()));
    // The first payroll row of the demo: 004512, 2880 minutes, 240.00 €.
    assert_eq!(rows[1][0], Data::String("004512".into()), "an id is text, with its zeros");
    assert_eq!(rows[1][5], Data::Float(2880.0), "minutes are a number");
    assert_eq!(rows[1][8], Data::Float(240.0), "an amount is a number");
    assert_eq!(rows[2][7], Data::Float(4.625), "a rate keeps its decimals");
    // Only payroll rows: the amounts of the data sheet add up to the month's total, once.
    let sum: f64 = rows[1..].iter().map(|r| if let Data::Float(x) = r[8] { x } else { panic!("{r:?}") }).sum();
    assert!((sum - 1947.60).abs() < 1e-6, "{sum}");
    let totals = sheet(&book, "Totali");
    let last = totals.last().unwrap();
    assert_eq!(last[0], Data::String("(tutte le voci)".into()));
    assert_eq!(last[4], Data::Float(1947.6));
    // The same inputs give the same bytes.
    let again = dir.join("again.xlsx");
    let args =
        ["compute", "--month", "2025-10", "--data", DEMO, "--ruleset", "scenario-remote-2025", "--format", "xlsx"];
    let out = sportello(&[&args[..], &["--lang", "it", "--out", s(&again)]].concat());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&book).unwrap(), std::fs::read(&again).unwrap());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn compare_arrears_and_offices_workbooks_have_their_totals_sheet() {
    let dir = temp("others");
    let compare = dir.join("confronto.xlsx");
    let out = sportello(&[
        "compare",
        "--month",
        "2025-10",
        "--data",
        DEMO,
        "--ruleset",
        "inps-ccni-2025",
        "--vs",
        "scenario-remote-2025",
        "--format",
        "xlsx",
        "--lang",
        "en",
        "--out",
        s(&compare),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(names(&compare), ["Comparison", "Totals"]);
    let rows = sheet(&compare, "Comparison");
    assert!(rows[1..].iter().all(|r| matches!(&r[0], Data::String(id) if id.starts_with("00"))), "only employees");
    let totals = sheet(&compare, "Totals");
    let office = totals.last().unwrap();
    assert_eq!((&office[0], &office[1]), (&Data::String("(office)".into()), &Data::String("(all)".into())));
    assert_eq!(office[6], Data::Float(123.99));

    let arrears = dir.join("arretrati.xlsx");
    let out = sportello(&[
        "arrears",
        "--from",
        "2025-08",
        "--to",
        "2025-10",
        "--data-root",
        "fixtures/arrears/data",
        "--rules",
        "fixtures/arrears/rules",
        "--paid",
        "fixtures/arrears/paid.csv",
        "--format",
        "xlsx",
        "--lang",
        "it",
        "--out",
        s(&arrears),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(names(&arrears), ["Arretrati", "Totali"]);
    let rows = sheet(&arrears, "Arretrati");
    assert_eq!(rows.len(), 11, "a header and the ten lines");
    assert_eq!(rows[1][12], Data::String("pagato meno".into()));
    let office = sheet(&arrears, "Totali").last().unwrap().clone();
    assert_eq!(
        (&office[0], &office[4], &office[5]),
        (&Data::String("(sede)".into()), &Data::Float(43.3), &Data::Float(9.0))
    );

    let offices = dir.join("sedi.xlsx");
    let out = sportello(&[
        "offices",
        "--month",
        "2025-10",
        "--data",
        DEMO,
        "--ruleset",
        "scenario-remote-2025",
        "--by",
        "week",
        "--format",
        "xlsx",
        "--lang",
        "it",
        "--out",
        s(&offices),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(names(&offices), ["Sedi", "Totali"]);
    let rows = sheet(&offices, "Sedi");
    assert_eq!(rows.len(), 6, "a header and five weeks");
    assert_eq!(rows[1][1], Data::String("2025-W40".into()));
    let amounts: f64 = rows[1..].iter().map(|r| if let Data::Float(x) = r[11] { x } else { panic!("{r:?}") }).sum();
    assert!((amounts - 1947.60).abs() < 1e-6, "the weeks add up to the month: {amounts}");
    let all = sheet(&offices, "Totali").last().unwrap().clone();
    assert_eq!((&all[0], &all[11]), (&Data::String("(tutte le sedi)".into()), &Data::Float(1947.6)));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_workbook_needs_a_file() {
    for args in [
        &["compute", "--month", "2025-10", "--data", DEMO, "--format", "xlsx"][..],
        &["offices", "--month", "2025-10", "--data", DEMO, "--format", "xlsx", "--out", "-"][..],
    ] {
        let out = sportello(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--out FILE"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_italian_csv_is_the_same_file_for_italian_spreadsheets_and_reads_back_as_paid() {
    let run = |format: &str| {
        let out = sportello(&["compute", "--month", "2025-10", "--data", DEMO, "--format", format]);
        assert_eq!(out.status.code(), Some(1));
        out.stdout
    };
    let plain = String::from_utf8(run("csv")).unwrap();
    let italian = run("csv-it");
    assert!(italian.starts_with(b"\xEF\xBB\xBF"), "a BOM");
    let italian = String::from_utf8(italian[3..].to_vec()).unwrap();
    assert!(italian.lines().count() > 5 && italian.split("\r\n").count() == italian.lines().count() + 1, "CRLF");
    let expected: String = plain.lines().map(|l| format!("{}\r\n", l.replace(',', ";").replace('.', ","))).collect();
    // Neither ids nor codes hold a `.` or a `,` in the demo: the dialect changes only those.
    assert_eq!(italian, expected);
    assert!(italian.contains(";4,625;"), "{italian}");

    // arrears reads it as a paid file: everything paid is what is due.
    let root = temp("paid-it");
    let month = root.join("2025-10");
    std::os::unix::fs::symlink(std::fs::canonicalize(DEMO).unwrap(), &month).unwrap();
    let paid = root.join("paid-it.csv");
    std::fs::write(&paid, [&b"\xEF\xBB\xBF"[..], italian.as_bytes()].concat()).unwrap();
    let out =
        sportello(&["arrears", "--from", "2025-10", "--to", "2025-10", "--data-root", s(&root), "--paid", s(&paid)]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    let statuses: BTreeMap<&str, usize> = csv.lines().skip(1).fold(BTreeMap::new(), |mut m, l| {
        *m.entry(l.rsplit(',').next().unwrap()).or_default() += 1;
        m
    });
    assert_eq!(statuses.keys().copied().collect::<Vec<_>>(), ["ok"], "{csv}");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn the_offices_csv_has_no_total_row_and_the_table_speaks_the_language() {
    let base = ["offices", "--month", "2025-10", "--data", DEMO, "--ruleset", "scenario-remote-2025"];
    let out = sportello(&[&base[..], &["--by", "week"]].concat());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.lines().skip(1).all(|l| l.starts_with("RM0101,2025-W")), "only office and week rows:\n{csv}");
    let out = sportello(&[&base[..], &["--format", "table", "--lang", "it"]].concat());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.starts_with("Sedi, ottobre 2025 (regole: scenario-remote-2025): sportello e Teams\nSede "),
        "{table}"
    );
    assert!(table.contains("(tutte le sedi)") && table.contains("1.947,60"), "{table}");
}
