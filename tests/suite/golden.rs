//! The reports for people and for programs against their committed outputs (golden files), run
//! through the binary as a user runs them: `explain` (text, JSON and HTML, Italian and English)
//! of the demo's busiest employee, `compare` of the demo month and `arrears` of
//! `fixtures/arrears/`, each in its formats, and `offices` of the demo month (CSV by month and
//! by week, Italian CSV, HTML in both languages). Any change to a byte of them fails here.
//!
//! The files are in `fixtures/golden/`, one per command line of [`CASES`]. When a change to an
//! output is intended, rewrite them and review the diff in git before committing:
//!
//! ```sh
//! SPORTELLO_BLESS=1 cargo test --test suite golden
//! git diff fixtures/golden/
//! ```
//!
//! With `SPORTELLO_BLESS` set the tests write the files and fail nothing (the same variable
//! rewrites the demo month's payroll and anomalies, `demo_golden`). Nothing in these outputs
//! depends on the day they are made: the statement's date of issue is set with the hidden
//! `--issued` flag (by default it is today's date in Rome); the HTML names the version of the
//! program (a new version rewrites the HTML goldens' heading).

use std::path::Path;
use std::process::Command;

/// Where the golden files are.
const DIR: &str = "fixtures/golden";

/// The demo's busiest employee: the most payroll rows (counter and Teams under the scenario) and
/// the most counted minutes, with time not counted for several reasons.
const EMPLOYEE: &str = "004590";

/// The explain command of the demo month, for [`EMPLOYEE`], dated so that the files do not
/// change with the day.
const EXPLAIN: &[&str] =
    &["explain", "--employee", EMPLOYEE, "--month", "2025-10", "--data", "fixtures/demo", "--issued", "2025-11-05"];
/// The explain command for the demo employee whose attendance rows overlap (14 October:
/// counter 08:30–11:00 and appointments 10:30–12:30, the half hour in common counted once).
const EXPLAIN_ROWS: &[&str] =
    &["explain", "--employee", "004518", "--month", "2025-10", "--data", "fixtures/demo", "--issued", "2025-11-05"];
/// The compare command of the demo month: the contract in force against the unions' scenario.
const COMPARE: &[&str] = &[
    "compare",
    "--month",
    "2025-10",
    "--data",
    "fixtures/demo",
    "--ruleset",
    "inps-ccni-2025",
    "--vs",
    "scenario-remote-2025",
];
/// The arrears command of `fixtures/arrears/` (as in its README).
const ARREARS: &[&str] = &[
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
];

/// The offices command of the demo month, under the unions' scenario (so that the remote time
/// is both shown and paid).
const OFFICES: &[&str] =
    &["offices", "--month", "2025-10", "--data", "fixtures/demo", "--ruleset", "scenario-remote-2025"];

/// One golden file: its name, the command line, the extra flags, and the exit code expected.
struct Case {
    file: &'static str,
    command: &'static [&'static str],
    flags: &'static [&'static str],
    /// 1 when the inputs deliberately hold rows to report (the demo), else 0.
    exit: i32,
}

const fn case(file: &'static str, command: &'static [&'static str], flags: &'static [&'static str], exit: i32) -> Case {
    Case { file, command, flags, exit }
}

/// Every golden file, and how it is made.
const CASES: &[Case] = &[
    case("explain-004590-in-force-it.txt", EXPLAIN, &["--format", "text", "--lang", "it"], 1),
    case("explain-004590-in-force-en.txt", EXPLAIN, &["--format", "text", "--lang", "en"], 1),
    case(
        "explain-004590-scenario-remote-2025-it.txt",
        EXPLAIN,
        &["--lang", "it", "--ruleset", "scenario-remote-2025"],
        1,
    ),
    case(
        "explain-004590-scenario-remote-2025-en.txt",
        EXPLAIN,
        &["--lang", "en", "--ruleset", "scenario-remote-2025"],
        1,
    ),
    case("explain-004518-in-force-it.txt", EXPLAIN_ROWS, &["--lang", "it"], 1),
    case("explain-004590-in-force.json", EXPLAIN, &["--format", "json"], 1),
    case(
        "explain-004590-scenario-remote-2025.json",
        EXPLAIN,
        &["--format", "json", "--ruleset", "scenario-remote-2025"],
        1,
    ),
    case("explain-004590-in-force-it.html", EXPLAIN, &["--format", "html", "--lang", "it"], 1),
    case("explain-004590-in-force-en.html", EXPLAIN, &["--format", "html", "--lang", "en"], 1),
    case(
        "explain-004590-scenario-remote-2025-it.html",
        EXPLAIN,
        &["--format", "html", "--lang", "it", "--ruleset", "scenario-remote-2025"],
        1,
    ),
    case(
        "explain-004590-scenario-remote-2025-en.html",
        EXPLAIN,
        &["--format", "html", "--lang", "en", "--ruleset", "scenario-remote-2025"],
        1,
    ),
    case("compare-inps-ccni-2025-vs-scenario-remote-2025.csv", COMPARE, &["--format", "csv"], 1),
    case("compare-inps-ccni-2025-vs-scenario-remote-2025.json", COMPARE, &["--format", "json"], 1),
    case("compare-inps-ccni-2025-vs-scenario-remote-2025.txt", COMPARE, &["--format", "table"], 1),
    case("arrears-2025-08-2025-10.csv", ARREARS, &["--format", "csv"], 0),
    case("arrears-2025-08-2025-10.json", ARREARS, &["--format", "json"], 0),
    case("arrears-2025-08-2025-10.txt", ARREARS, &["--format", "table"], 0),
    case("offices-2025-10-scenario-remote-2025.csv", OFFICES, &["--format", "csv"], 1),
    case("offices-2025-10-scenario-remote-2025-by-week.csv", OFFICES, &["--format", "csv", "--by", "week"], 1),
    case("offices-2025-10-scenario-remote-2025-by-week-it.csv", OFFICES, &["--format", "csv-it", "--by", "week"], 1),
    case("offices-2025-10-scenario-remote-2025-it.html", OFFICES, &["--format", "html", "--lang", "it"], 1),
    case("offices-2025-10-scenario-remote-2025-en.html", OFFICES, &["--format", "html", "--lang", "en"], 1),
];

/// Runs the case's command and compares its standard output with its golden file (or, with
/// `SPORTELLO_BLESS` set, writes the file).
fn check(name: &str) {
    let case = CASES.iter().find(|c| c.file == name).unwrap_or_else(|| panic!("no golden case {name}"));
    // The locale must not choose the language: every case names it, or wants the default of a
    // locale that is not Italian.
    let out = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .args(case.command)
        .args(case.flags)
        .arg("--quiet")
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(case.exit), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    let path = Path::new(DIR).join(name);
    if std::env::var_os("SPORTELLO_BLESS").is_some() {
        std::fs::create_dir_all(DIR).expect("create the golden folder");
        std::fs::write(&path, &out.stdout).expect("write a golden file");
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (run SPORTELLO_BLESS=1 cargo test --test suite golden to create it)", path.display())
    });
    if out.stdout != expected {
        let got = String::from_utf8_lossy(&out.stdout);
        let expected = String::from_utf8_lossy(&expected);
        let first = expected.lines().zip(got.lines()).position(|(a, b)| a != b);
        let at = first.map_or_else(
            || format!("one is a prefix of the other ({} vs {} lines)", expected.lines().count(), got.lines().count()),
            |i| {
                let a = expected.lines().nth(i).unwrap_or_default();
                let b = got.lines().nth(i).unwrap_or_default();
                format!("line {}:\n  expected {a}\n  got      {b}", i + 1)
            },
        );
        panic!(
            "{} differs; if the change is intended, run SPORTELLO_BLESS=1 cargo test --test suite golden and review \
             the diff\n{at}",
            path.display()
        );
    }
}

#[test]
fn explain_text_in_italian() {
    check("explain-004590-in-force-it.txt");
    check("explain-004590-scenario-remote-2025-it.txt");
    check("explain-004518-in-force-it.txt");
}

#[test]
fn explain_text_in_english() {
    check("explain-004590-in-force-en.txt");
    check("explain-004590-scenario-remote-2025-en.txt");
}

#[test]
fn explain_json() {
    check("explain-004590-in-force.json");
    check("explain-004590-scenario-remote-2025.json");
}

#[test]
fn explain_html_in_italian() {
    check("explain-004590-in-force-it.html");
    check("explain-004590-scenario-remote-2025-it.html");
}

#[test]
fn explain_html_in_english() {
    check("explain-004590-in-force-en.html");
    check("explain-004590-scenario-remote-2025-en.html");
}

#[test]
fn compare_csv_json_and_table() {
    check("compare-inps-ccni-2025-vs-scenario-remote-2025.csv");
    check("compare-inps-ccni-2025-vs-scenario-remote-2025.json");
    check("compare-inps-ccni-2025-vs-scenario-remote-2025.txt");
}

#[test]
fn arrears_csv_json_and_table() {
    check("arrears-2025-08-2025-10.csv");
    check("arrears-2025-08-2025-10.json");
    check("arrears-2025-08-2025-10.txt");
}

#[test]
fn offices_csv_and_html() {
    check("offices-2025-10-scenario-remote-2025.csv");
    check("offices-2025-10-scenario-remote-2025-by-week.csv");
    check("offices-2025-10-scenario-remote-2025-by-week-it.csv");
    check("offices-2025-10-scenario-remote-2025-it.html");
    check("offices-2025-10-scenario-remote-2025-en.html");
}

/// Every golden file in the folder is checked by a test, and every case has its file: a file
/// left behind by a renamed case would otherwise pass for guarded.
#[test]
fn every_golden_file_has_its_case() {
    if std::env::var_os("SPORTELLO_BLESS").is_some() {
        return; // the files are being written beside this test
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(DIR)
        .expect("fixtures/golden exists")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    on_disk.sort();
    let mut cases: Vec<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    cases.sort();
    assert_eq!(on_disk, cases);
}

/// No golden output names a citizen of the demo (the statement names meetings by id and file).
#[test]
fn no_golden_output_names_a_citizen() {
    use sportello::input::{load, InputPaths};
    use sportello::register::ParticipantMatch;
    let loaded = load(&InputPaths::in_folder(Path::new("fixtures/demo"))).expect("the demo loads");
    let secrets: Vec<&str> = loaded
        .sessions
        .iter()
        .filter(|s| loaded.register.match_participant(&s.participant, &s.upn) == ParticipantMatch::Citizen)
        .flat_map(|s| [s.participant.as_str(), s.upn.as_str()])
        .filter(|s| s.trim().len() > 3)
        .collect();
    assert!(secrets.len() > 10, "the demo should have citizens");
    for c in CASES {
        let Ok(text) = std::fs::read_to_string(Path::new(DIR).join(c.file)) else { continue };
        for s in &secrets {
            assert!(!text.contains(s), "{} names a citizen", c.file);
        }
    }
}
