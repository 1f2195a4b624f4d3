//! `compare` on the demo month: the unions' scenario against the contract it extends is worth,
//! to each worker, exactly their scenario MFOF-WEB amount, and never less than the contract.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use rust_decimal::Decimal;
use sportello::engine::{self, Inputs, Month};
use sportello::input::{self, InputPaths};
use sportello::report::compare;
use sportello::rules::{RuleBook, Selection};

const DEMO: &str = "fixtures/demo";

#[test]
fn the_scenario_is_worth_its_remote_amount_to_each_worker() {
    assert!(Path::new(DEMO).join("staff.csv").is_file(), "{DEMO} is missing: the demo month is needed by this test");
    let loaded = input::load(&InputPaths::in_folder(Path::new(DEMO))).unwrap();
    let book = RuleBook::embedded().unwrap();
    let month: Month = "2025-10".parse().unwrap();
    let inputs = Inputs { register: &loaded.register, attendance: &loaded.attendance, sessions: &loaded.sessions };
    let contract = engine::compute(month, inputs, &Selection::selected(&book, "inps-ccni-2025").unwrap());
    let scenario = engine::compute(month, inputs, &Selection::selected(&book, "scenario-remote-2025").unwrap());
    let c = compare::compare("2025-10", "inps-ccni-2025", &contract.rows, "scenario-remote-2025", &scenario.rows);

    let mut web: BTreeMap<&str, Decimal> = BTreeMap::new();
    for r in scenario.rows.iter().filter(|r| r.item == "MFOF-WEB") {
        *web.entry(r.employee_id.as_str()).or_default() += r.amount_eur;
    }
    assert!(web.len() >= 3, "the demo should have several workers with remote consultation: {web:?}");
    let mut total = Decimal::ZERO;
    for e in &c.employees {
        let id = e.employee_id.as_deref().expect("an employee's total names the employee");
        assert!(e.item.is_none(), "{id}: an employee's total spans every item");
        let expected = web.get(id).copied().unwrap_or_default();
        assert_eq!(e.difference_eur, expected, "{id}");
        assert!(e.difference_eur >= Decimal::ZERO, "{id} loses under the scenario");
        total += expected;
    }
    for l in &c.lines {
        assert!(l.difference_eur >= Decimal::ZERO, "{} {}", l.employee_id, l.item);
        if l.item == "MFOF" {
            assert_eq!(l.difference_eur, Decimal::ZERO, "{}: counter time changed", l.employee_id);
        }
    }
    // Every employee with a row on either side is listed.
    let ids: std::collections::BTreeSet<&str> =
        contract.rows.iter().chain(&scenario.rows).map(|r| r.employee_id.as_str()).collect();
    assert_eq!(c.employees.len(), ids.len());
    assert_eq!(c.total.difference_eur, total);
    assert_eq!(c.total.a.amount_eur, contract.rows.iter().map(|r| r.amount_eur).sum::<Decimal>());
    assert_eq!(c.total.b.amount_eur, scenario.rows.iter().map(|r| r.amount_eur).sum::<Decimal>());
}

#[test]
fn the_compare_command_writes_csv_json_and_table() {
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_sportello"))
            .args(["compare", "--month", "2025-10", "--data", DEMO, "--ruleset", "inps-ccni-2025"])
            .args(["--vs", "scenario-remote-2025", "--format", format, "--lang", "en", "--quiet"])
            .output()
            .unwrap();
        // As compute: the demo has rows to report.
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = run("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "employee_id,month,item,rulesets_a,minutes_a,amount_a_eur,rulesets_b,minutes_b,amount_b_eur,difference_eur"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let money = |cell: &str| cell.parse::<Decimal>().unwrap();
    // Only employee rows: every one carries an id, and a SUM over a column counts each euro once.
    assert!(rows.iter().all(|r| !r[0].is_empty()), "{csv}");
    let detail: Decimal = rows.iter().map(|r| money(r[9])).sum();
    let web: Decimal = rows.iter().filter(|r| r[2] == "MFOF-WEB").map(|r| money(r[8])).sum();
    assert_eq!(detail, web);
    assert!(rows.iter().all(|r| !r[9].starts_with('-')), "a negative difference:\n{csv}");

    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["total"]["difference_eur"].as_str().unwrap().parse::<Decimal>().unwrap(), detail);
    assert!(json["total"].get("employee_id").is_none(), "the office's total names no employee");
    assert_eq!(json["label_b"], "scenario-remote-2025");

    let table = run("table");
    assert!(table.starts_with("2025-10: inps-ccni-2025 (a) vs scenario-remote-2025 (b); difference = b − a\n"));
    assert!(table.contains(" 0 lose, "), "{table}");
}

#[test]
fn an_unknown_rule_set_to_compare_with_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(["compare", "--month", "2025-10", "--data", DEMO, "--vs", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--vs: no rule set \"nope\""));
}
