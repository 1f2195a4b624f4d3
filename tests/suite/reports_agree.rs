//! `arrears` and `compare` agree with `compute`: ids are matched exactly as `compute` writes
//! them (neutralised against formula injection), a paid row for someone the register does not
//! list is reported, and totals never share a column with ids (an employee may be called
//! `TOTAL`). The HTML statement links only `http(s)` sources and forbids scripts and remote loads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{attendance, staff};

/// A folder of this test run.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-reports-agree-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sportello(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sportello")).args(args).output().unwrap()
}

fn text(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A month folder `root/2025-10` whose employees each served one hour at the counter on
/// 7 October 2025, inside their presence.
fn month_folder(root: &Path, ids: &[&str]) -> PathBuf {
    let dir = root.join("2025-10");
    std::fs::create_dir_all(&dir).unwrap();
    let staff_lines: Vec<String> =
        ids.iter().enumerate().map(|(i, id)| format!("{id},Persona {},RM01,,100,20.00,", i + 1)).collect();
    let mut att_lines = Vec::new();
    for id in ids {
        att_lines.push(format!("{id},2025-10-07,08:00,14:00,presence,PRES"));
        att_lines.push(format!("{id},2025-10-07,09:00,10:00,front_office,MFOF"));
    }
    let staff_text = staff(&staff_lines.iter().map(String::as_str).collect::<Vec<_>>());
    let att_text = attendance(&att_lines.iter().map(String::as_str).collect::<Vec<_>>());
    std::fs::write(dir.join("staff.csv"), staff_text).unwrap();
    std::fs::write(dir.join("attendance.csv"), att_text).unwrap();
    dir
}

/// The rows of a CSV as maps from column name to cell (no cell of these files is quoted).
fn records(csv: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect()
}

#[test]
fn ids_neutralised_by_compute_are_matched_by_arrears() {
    let root = temp("neutralised");
    let ids = ["-0042", "=7", "+39", "@x", "004512"];
    let dir = month_folder(&root, &ids);
    let paid = root.join("paid.csv");
    let out = sportello(&["compute", "--month", "2025-10", "--data", text(&dir), "--out", text(&paid), "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let payroll = std::fs::read_to_string(&paid).unwrap();
    // compute neutralised the ids that could start a formula…
    assert!(payroll.contains("\n'-0042,2025-10,MFOF,"), "{payroll}");
    assert!(payroll.contains("\n'=7,2025-10,MFOF,"), "{payroll}");

    // …and arrears reads them back as the employees they are: every line is settled.
    let out = sportello(&[
        "arrears",
        "--from",
        "2025-10",
        "--to",
        "2025-10",
        "--data-root",
        text(&root),
        "--paid",
        text(&paid),
        "--quiet",
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}\n{csv}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<_> = records(&csv).into_iter().filter(|r| r["status"] != "total").collect();
    assert_eq!(lines.len(), ids.len(), "one line per employee:\n{csv}");
    for l in &lines {
        assert_eq!(l["status"], "ok", "{l:?}\n{csv}");
        assert_eq!(l["due_eur"], "5.00", "{l:?}");
        assert_eq!(l["paid_eur"], "5.00", "{l:?}");
    }
    // The arrears file neutralises the ids again, as every CSV output does.
    assert!(csv.contains("\n'-0042,2025-10,MFOF,"), "{csv}");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_paid_row_for_an_employee_not_in_the_register_is_reported_and_compared() {
    let root = temp("unknown");
    month_folder(&root, &["004512"]);
    let paid = root.join("paid.csv");
    std::fs::write(
        &paid,
        "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n\
         004512,2025-10,MFOF,inps-ccni-2025,1,60,1.00,5.00,5.00\n\
         009999,2025-10,MFOF,inps-ccni-2025,1,60,1.00,5.00,5.00\n",
    )
    .unwrap();
    let anomalies = root.join("anomalies.csv");
    let out = sportello(&[
        "arrears",
        "--from",
        "2025-10",
        "--to",
        "2025-10",
        "--data-root",
        text(&root),
        "--paid",
        text(&paid),
        "--anomalies",
        text(&anomalies),
        "--quiet",
    ]);
    // A warning: the run asks for attention.
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let a = std::fs::read_to_string(&anomalies).unwrap();
    let name = paid.to_string_lossy().replace('\\', "/");
    let expected = format!("warning,{name},3,009999,,,UNKNOWN_EMPLOYEE,");
    let row = a.lines().find(|l| l.starts_with(&expected)).unwrap_or_else(|| panic!("{expected}…\n{a}"));
    assert!(row.contains("2025-10"), "the month is named: {row}");
    assert!(row.contains("employee_id"), "the field is named: {row}");
    assert_eq!(a.lines().filter(|l| l.contains("UNKNOWN_EMPLOYEE")).count(), 1, "{a}");
    // The row still takes part: it was paid, and nothing is due — money to recover.
    let csv = String::from_utf8(out.stdout).unwrap();
    let line = records(&csv).into_iter().find(|r| r["employee_id"] == "009999").expect("the paid row is compared");
    assert_eq!((line["status"].as_str(), line["overpaid_eur"].as_str()), ("not_due", "5.00"), "{csv}");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn an_employee_called_total_never_collides_with_the_totals() {
    let root = temp("total");
    let dir = month_folder(&root, &["ALL", "TOTAL"]);

    // compare: the employee TOTAL has their own line; the CSV has no office rows (the totals
    // are in the JSON and the table).
    let out = sportello(&[
        "compare",
        "--month",
        "2025-10",
        "--data",
        text(&dir),
        "--ruleset",
        "inps-ccni-2025",
        "--vs",
        "scenario-remote-2025",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv,
        "employee_id,month,item,rulesets_a,minutes_a,amount_a_eur,rulesets_b,minutes_b,amount_b_eur,difference_eur\n\
         ALL,2025-10,MFOF,inps-ccni-2025,60,5.00,scenario-remote-2025,60,5.00,0.00\n\
         TOTAL,2025-10,MFOF,inps-ccni-2025,60,5.00,scenario-remote-2025,60,5.00,0.00\n"
    );
    let json = sportello(&[
        "compare",
        "--month",
        "2025-10",
        "--data",
        text(&dir),
        "--vs",
        "scenario-remote-2025",
        "--format",
        "json",
        "--quiet",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["total"].get("employee_id").is_none(), "{v}");
    assert!(v["items"][0].get("employee_id").is_none(), "{v}");
    let employees: Vec<&str> =
        v["employees"].as_array().unwrap().iter().map(|e| e["employee_id"].as_str().unwrap()).collect();
    assert_eq!(employees, ["ALL", "TOTAL"]);
    let table = sportello(&[
        "compare",
        "--month",
        "2025-10",
        "--data",
        text(&dir),
        "--vs",
        "scenario-remote-2025",
        "--format",
        "table",
        "--lang",
        "en",
        "--quiet",
    ]);
    let table = String::from_utf8(table.stdout).unwrap();
    // Only the employee's own line starts with TOTAL.
    assert_eq!(table.lines().filter(|l| l.starts_with("TOTAL")).count(), 1, "{table}");
    assert!(table.lines().any(|l| l.starts_with("(office)")), "{table}");

    // arrears: the same.
    let paid = root.join("paid.csv");
    let out = sportello(&["compute", "--month", "2025-10", "--data", text(&dir), "--out", text(&paid), "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = sportello(&[
        "arrears",
        "--from",
        "2025-10",
        "--to",
        "2025-10",
        "--data-root",
        text(&root),
        "--paid",
        text(&paid),
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv,
        "employee_id,month,item,due_rulesets,due_minutes,due_eur,paid_rulesets,paid_minutes,paid_eur,difference_eur,underpaid_eur,overpaid_eur,status\n\
         ALL,2025-10,MFOF,inps-ccni-2025,60,5.00,inps-ccni-2025,60,5.00,0.00,0.00,0.00,ok\n\
         TOTAL,2025-10,MFOF,inps-ccni-2025,60,5.00,inps-ccni-2025,60,5.00,0.00,0.00,0.00,ok\n"
    );
    let json = sportello(&[
        "arrears",
        "--from",
        "2025-10",
        "--to",
        "2025-10",
        "--data-root",
        text(&root),
        "--paid",
        text(&paid),
        "--format",
        "json",
        "--quiet",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["total"].get("employee_id").is_none(), "{v}");
    assert_eq!(v["total"]["due_eur"], "10.00");
    assert_eq!(v["employees"][1]["employee_id"], "TOTAL");
    std::fs::remove_dir_all(&root).ok();
}

/// The shipped rule files with one source's address replaced, in a folder for `--rules`.
fn rules_with_url(dir: &Path, replacements: &[(&str, &str)]) {
    for (name, text) in sportello::rules::EMBEDDED {
        let mut t = text.to_string();
        for (from, to) in replacements {
            t = t.replace(from, to);
        }
        std::fs::write(dir.join(name), t).unwrap();
    }
}

#[test]
fn the_html_statement_links_only_web_sources_and_forbids_scripts() {
    let root = temp("html");
    let dir = month_folder(&root, &["004512"]);
    let rules = root.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    rules_with_url(
        &rules,
        &[
            ("https://www.fpcgil.it/?p=212346", "javascript:alert(document.cookie)"),
            (
                "https://lawinsider.com/it/clause/calcolo-della-retribuzione-oraria-e-giornaliera/_1",
                " JavaScript:void(0)",
            ),
            (
                "http://www.e-glossa.it/wiki/regolamento_ce_del_1997_numero_1103_art._5.aspx",
                "data:text/html,<script>alert(1)</script>",
            ),
            (
                "https://www.fpcgil.it/2026/02/19/inps-sportello-e-blocca-carriere-le-consulenze-ignorate",
                "../local/page.html",
            ),
        ],
    );
    let out = sportello(&[
        "explain",
        "--employee",
        "004512",
        "--month",
        "2025-10",
        "--data",
        text(&dir),
        "--rules",
        text(&rules),
        "--format",
        "html",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    let lower = html.to_lowercase();
    // No live link but web ones.
    assert!(!lower.contains("href=\"javascript:"), "{html}");
    assert!(!lower.contains("href=\" javascript:"), "{html}");
    assert!(!lower.contains("href=\"data:"), "{html}");
    assert!(!lower.contains("href=\"../"), "{html}");
    for a in lower.match_indices("href=\"").map(|(i, _)| &lower[i + 6..]) {
        assert!(
            a.starts_with("http://") || a.starts_with("https://") || a.starts_with('#'),
            "{}",
            &a[..40.min(a.len())]
        );
    }
    // The addresses are still shown, as text.
    assert!(html.contains("javascript:alert(document.cookie)"), "{html}");
    assert!(html.contains("data:text/html,&#60;script&#62;"), "{html}");
    assert!(html.contains("../local/page.html"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    // A web source is a link.
    assert!(html.contains("<a href=\"https://www.confintesafp.it/"), "{html}");
    // The page forbids scripts and every remote load.
    let head = &html[..html.find("</head>").unwrap()];
    assert!(
        head.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        ),
        "{head}"
    );
    std::fs::remove_dir_all(&root).ok();
}
