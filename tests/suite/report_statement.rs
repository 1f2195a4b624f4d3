//! The individual statement: it adds up to the payroll file to the cent, for every employee of
//! the demo month under every rule set; its HTML is self-contained and escaped; it never names a
//! citizen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;
use sportello::engine::{self, Inputs, Month, MonthResult, PayrollRow};
use sportello::input::{self, InputPaths, Loaded};
use sportello::output::{statement, statement_html, Lang};
use sportello::register::ParticipantMatch;
use sportello::report::statement::Statement;
use sportello::rules::{RuleBook, Selection};

const DEMO: &str = "fixtures/demo";

fn demo() -> Loaded {
    assert!(Path::new(DEMO).join("staff.csv").is_file(), "{DEMO} is missing: the demo month is needed by these tests");
    input::load(&InputPaths::in_folder(Path::new(DEMO))).expect("the demo inputs load")
}

fn run(loaded: &Loaded, selection: &Selection<'_>) -> MonthResult {
    let month: Month = "2025-10".parse().unwrap();
    let inputs = Inputs { register: &loaded.register, attendance: &loaded.attendance, sessions: &loaded.sessions };
    engine::compute(month, inputs, selection)
}

fn selections(book: &RuleBook) -> Vec<(String, Selection<'_>)> {
    let mut out = vec![("in force".to_string(), Selection::in_force(book))];
    for set in book.sets() {
        out.push((set.id.clone(), Selection::selected(book, &set.id).unwrap()));
    }
    out
}

#[test]
fn every_statement_of_the_demo_adds_up_to_its_payroll_rows() {
    let loaded = demo();
    let book = RuleBook::embedded().unwrap();
    let month: Month = "2025-10".parse().unwrap();
    let mut checked_rows = 0;
    for (name, selection) in selections(&book) {
        let result = run(&loaded, &selection);
        let mut rows: BTreeMap<&str, Vec<&PayrollRow>> = BTreeMap::new();
        for r in &result.rows {
            rows.entry(r.employee_id.as_str()).or_default().push(r);
        }
        for employee in loaded.register.employees() {
            let st = Statement::build(month, employee, &result, &loaded.anomalies, &selection);
            let mine = rows.remove(employee.id.as_str()).unwrap_or_default();
            assert_eq!(st.items.len(), mine.len(), "{name} {}", employee.id);
            for (item, row) in st.items.iter().zip(&mine) {
                let ctx = format!("{name} {} {}", employee.id, row.item);
                assert_eq!(item.item, row.item, "{ctx}");
                assert_eq!(item.ruleset, row.ruleset, "{ctx}");
                assert_eq!(item.days, row.days, "{ctx}");
                assert_eq!(item.minutes, row.minutes, "{ctx}");
                assert_eq!(item.hours, row.hours, "{ctx}");
                assert_eq!(item.rate.rate_eur_per_hour, row.rate_eur_per_hour, "{ctx}");
                assert_eq!(item.amount_eur, row.amount_eur, "{ctx}");
                // The days add up to the month: the shipped rules floor each day to whole
                // minutes and have no monthly rounding or cap.
                assert_eq!(st.day_seconds(&item.item, &item.ruleset), row.minutes * 60, "{ctx}");
                let days_with_time = st
                    .days
                    .iter()
                    .filter(|d| d.ruleset.as_deref() == Some(row.ruleset.as_str()))
                    .flat_map(|d| [&d.in_person, &d.remote])
                    .filter(|c| c.item.as_deref() == Some(row.item.as_str()) && c.counted_seconds > 0)
                    .count();
                assert_eq!(u32::try_from(days_with_time).unwrap(), row.days, "{ctx}");
                checked_rows += 1;
            }
            let total: Decimal = mine.iter().map(|r| r.amount_eur).sum();
            assert_eq!(st.total_eur, total, "{name} {}", employee.id);
            // The chart counts what the days count.
            let chart: i64 = st.chart.iter().map(|d| d.in_person_counted_seconds + d.remote_counted_seconds).sum();
            let days: i64 = st.days.iter().map(|d| d.in_person.counted_seconds + d.remote.counted_seconds).sum();
            assert_eq!(chart, days, "{name} {}", employee.id);
            // Every rendering says the same total.
            let mut text = Vec::new();
            statement::write_text(&st, Lang::En, &mut text).unwrap();
            let text = String::from_utf8(text).unwrap();
            assert!(
                text.contains(&format!("TOTAL: {} €", sportello::money::format_cents(total))),
                "{name} {}",
                employee.id
            );
            let mut json = Vec::new();
            statement::write_json(&st, &mut json).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
            assert_eq!(v["total_eur"].as_str().unwrap().parse::<Decimal>().unwrap(), total);
        }
        assert!(rows.is_empty(), "{name}: payroll rows of employees outside the register: {rows:?}");
    }
    assert!(checked_rows > 20, "only {checked_rows} rows checked");
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sportello"))
}

/// The CLI's statement totals equal the CLI's payroll file, employee by employee.
#[test]
fn the_explain_command_agrees_with_the_compute_command() {
    let loaded = demo();
    for ruleset in [None, Some("scenario-remote-2025")] {
        let mut compute = bin();
        compute.args(["compute", "--month", "2025-10", "--data", DEMO, "--quiet"]);
        if let Some(r) = ruleset {
            compute.args(["--ruleset", r]);
        }
        let out = compute.output().unwrap();
        let mut totals: BTreeMap<String, Decimal> = BTreeMap::new();
        for line in String::from_utf8(out.stdout).unwrap().lines().skip(1) {
            let cells: Vec<&str> = line.split(',').collect();
            *totals.entry(cells[0].to_string()).or_default() += cells[8].parse::<Decimal>().unwrap();
        }
        for employee in loaded.register.employees() {
            let mut explain = bin();
            explain.args(["explain", "--employee", &employee.id, "--month", "2025-10", "--data", DEMO]);
            explain.args(["--format", "json", "--quiet"]);
            if let Some(r) = ruleset {
                explain.args(["--ruleset", r]);
            }
            let out = explain.output().unwrap();
            // As compute: results written, and the demo has rows to report.
            assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let got: Decimal = v["total_eur"].as_str().unwrap().parse().unwrap();
            let expected = totals.get(&employee.id).copied().unwrap_or_default();
            assert_eq!(got, expected, "{:?} {}", ruleset, employee.id);
        }
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-report-statement-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_html_page_is_self_contained_and_names_no_citizen() {
    let loaded = demo();
    let book = RuleBook::embedded().unwrap();
    let month: Month = "2025-10".parse().unwrap();
    let citizens: Vec<String> = loaded
        .sessions
        .iter()
        .filter(|s| matches!(loaded.register.match_participant(&s.participant, &s.upn), ParticipantMatch::Citizen))
        .flat_map(|s| [s.participant.clone(), s.upn.clone()])
        .filter(|x| x.trim().len() > 3)
        .collect();
    assert!(!citizens.is_empty());
    for (name, selection) in selections(&book) {
        let result = run(&loaded, &selection);
        for employee in loaded.register.employees() {
            let st = Statement::build(month, employee, &result, &loaded.anomalies, &selection);
            for lang in [Lang::It, Lang::En] {
                let mut html = Vec::new();
                statement_html::write_html(&st, lang, &mut html).unwrap();
                let html = String::from_utf8(html).unwrap();
                assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\""), "{name}");
                assert!(html.trim_end().ends_with("</html>"));
                for banned in ["<script", "src=", "<link", "@import", "url(http", "<iframe", "<img", "<object"] {
                    assert!(!html.to_lowercase().contains(banned), "{name} {}: {banned}", employee.id);
                }
                assert!(html.contains("<svg class=\"chart\""));
                assert_eq!(html.contains("class=\"mark scenario\""), st.scenario, "{name}");
                assert_eq!(html.contains("class=\"mark provisional\""), st.provisional, "{name}");
                let total = lang.number(&sportello::money::format_cents(st.total_eur));
                assert!(html.contains(&format!("{total} €")), "{name} {}", employee.id);
                let mut text = Vec::new();
                statement::write_text(&st, lang, &mut text).unwrap();
                let mut json = Vec::new();
                statement::write_json(&st, &mut json).unwrap();
                for out in [html, String::from_utf8(text).unwrap(), String::from_utf8(json).unwrap()] {
                    for c in &citizens {
                        assert!(!out.contains(c.as_str()), "{name} {}: a citizen ({c}) is named", employee.id);
                    }
                }
            }
        }
    }
}

#[test]
fn every_text_from_the_data_is_escaped() {
    let dir = temp("escape");
    std::fs::create_dir_all(dir.join("teams")).unwrap();
    std::fs::write(
        dir.join("staff.csv"),
        "employee_id,full_name,office,teams_upn,hourly_base_eur\n\
         7<u>,<script>alert('x')</script> & Co,\"<i>RM\",ok@inps.it,20\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("attendance.csv"),
        "employee_id,date,start,end,kind,code\n\
         7<u>,2025-10-06,08:00,14:00,presence,PRES\n\
         7<u>,2025-10-06,08:30,12:30,front_office,<MFOF>\n\
         7<u>,2025-10-07,08:00,14:00,remote_work,\"\"\"LA\"\"\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("teams/sessions.csv"),
        "meeting_id,participant,upn,role,join,leave\n\
         <m1>,X,ok@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n\
         <m1>,<Zorro Esposito>,,attendee,2025-10-07T09:05:00+02:00,2025-10-07T09:25:00+02:00\n",
    )
    .unwrap();
    let loaded = input::load(&InputPaths::in_folder(&dir)).unwrap();
    let book = RuleBook::embedded().unwrap();
    let selection = Selection::selected(&book, "scenario-remote-2025").unwrap();
    let result = run(&loaded, &selection);
    let employee = loaded.register.get("7<u>").unwrap();
    let st = Statement::build("2025-10".parse().unwrap(), employee, &result, &loaded.anomalies, &selection);
    assert_eq!(st.total_eur.to_string(), "21.67"); // 240 + 20 min at 5.00 €/h
    let mut html = Vec::new();
    statement_html::write_html(&st, Lang::En, &mut html).unwrap();
    let html = String::from_utf8(html).unwrap();
    for raw in ["<script>", "<u>", "<i>", "<MFOF>", "<m1>", "'x'"] {
        assert!(!html.contains(raw), "{raw} unescaped");
    }
    for escaped in [
        "&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; Co",
        "7&#60;u&#62;",
        "&#60;MFOF&#62;",
        "&#60;m1&#62;",
    ] {
        assert!(html.contains(escaped), "{escaped} missing");
    }
    assert!(!html.contains("Zorro"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_statement_shows_the_part_time_share_exactly() {
    let dir = temp("part-time");
    std::fs::write(
        dir.join("staff.csv"),
        "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur\n\
         001,Maria Rossi,RM01,,83.33,20.00,\n002,Luca Bianchi,RM01,,100,20.00,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("attendance.csv"),
        "employee_id,date,start,end,kind,code\n001,2025-10-06,08:00,14:00,presence,PRES\n\
         001,2025-10-06,09:00,10:00,front_office,MFOF\n",
    )
    .unwrap();
    let loaded = input::load(&InputPaths::in_folder(&dir)).unwrap();
    let book = RuleBook::embedded().unwrap();
    let selection = Selection::in_force(&book);
    let result = run(&loaded, &selection);
    let month: Month = "2025-10".parse().unwrap();
    let render = |id: &str| {
        let st = Statement::build(month, loaded.register.get(id).unwrap(), &result, &loaded.anomalies, &selection);
        let mut out = Vec::new();
        statement::write_text(&st, Lang::It, &mut out).unwrap();
        statement::write_text(&st, Lang::En, &mut out).unwrap();
        statement_html::write_html(&st, Lang::It, &mut out).unwrap();
        statement_html::write_html(&st, Lang::En, &mut out).unwrap();
        statement::write_json(&st, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let out = render("001");
    // In the language's decimal separator (text and page alike), and exact in JSON.
    assert_eq!(out.matches("tempo parziale 83,33%").count(), 2, "{out}");
    assert_eq!(out.matches("part time 83.33%").count(), 2, "{out}");
    assert!(out.contains("\"part_time_pct\": \"83.33\""), "{out}");
    let out = render("002");
    assert_eq!(out.matches("tempo pieno (100%)").count(), 2, "{out}");
    assert_eq!(out.matches("full time (100%)").count(), 2, "{out}");
    assert!(out.contains("\"part_time_pct\": \"100\""), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `explain` loads the month as `compute` does and accounts for every row the same way.
#[test]
fn explain_accounts_for_the_rows_as_compute_does() {
    let rows_lines = |args: &[&str]| -> Vec<String> {
        let out = bin().args(args).args(["--month", "2025-10", "--data", DEMO]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stderr)
            .unwrap()
            .lines()
            .filter(|l| l.contains(" rows, ") && l.contains(" used, "))
            .map(str::to_string)
            .collect()
    };
    let compute = rows_lines(&["compute", "--out", "/dev/null"]);
    assert_eq!(compute.len(), 3, "{compute:?}"); // staff, attendance, the Teams exports together
    assert_eq!(rows_lines(&["explain", "--employee", "004590", "--out", "/dev/null"]), compute);
}

#[test]
fn explain_refuses_an_unknown_employee() {
    let out = bin()
        .args(["explain", "--employee", "999999", "--month", "2025-10", "--data", DEMO, "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--employee: \"999999\" is not in the staff register"), "{err}");
}

#[test]
fn a_month_straddling_two_rule_sets_is_explained_under_each() {
    let out = bin()
        .args(["explain", "--employee", "100003", "--month", "2025-09", "--data", "fixtures/arrears/data/2025-09"])
        .args(["--rules", "fixtures/arrears/rules", "--format", "json", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sets: Vec<&str> =
        v["rule_sets"].as_array().unwrap().iter().map(|u| u["rule_set"]["id"].as_str().unwrap()).collect();
    assert_eq!(sets, ["inps-ccni-2024-prorogued", "inps-ccni-2025-certified"]);
    let items: Vec<(&str, &str, &str)> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["ruleset"].as_str().unwrap(),
                i["rate"]["rate_eur_per_hour"].as_str().unwrap(),
                i["amount_eur"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(items, [("inps-ccni-2024-prorogued", "3.2", "6.93"), ("inps-ccni-2025-certified", "4", "16.00")]);
    assert_eq!(v["total_eur"], "22.93");
    // The specialist half hour of 15 September is not paid under the 2025 text, and says why.
    let day = v["days"].as_array().unwrap().iter().find(|d| d["date"] == "2025-09-15").unwrap();
    let minus = &day["in_person"]["minus"][0];
    assert_eq!((&minus["reason"], &minus["code"]), (&"kind_not_paid".into(), &"KIND_NOT_QUALIFYING".into()));
    assert_eq!(minus["clause"]["clause"], "in_person");
}

/// Words of the English statement that are not Italian words: none may appear in the Italian
/// one. (Identifiers stay as they are in both: codes, ids, column names, file names.)
const ENGLISH: &[&str] = &[
    "the",
    "of",
    "and",
    "from",
    "with",
    "counter",
    "meeting",
    "meetings",
    "paid",
    "item",
    "items",
    "rate",
    "amount",
    "hours",
    "hourly",
    "monthly",
    "before",
    "after",
    "counted",
    "rounding",
    "rounded",
    "sources",
    "cites",
    "front",
    "office",
    "appointment",
    "specialist",
    "consultation",
    "presence",
    "remote",
    "organizer",
    "presenter",
    "attendee",
    "validity",
    "overlap",
    "overlapping",
    "day",
    "days",
    "month",
    "total",
    "notes",
    "warning",
    "error",
    "statement",
    "employee",
    "issued",
    "files",
    "full",
    "part",
    "time",
    "force",
    "flat",
    "exact",
    "nearest",
    "half",
    "down",
    "citizen",
    "connected",
    "working",
    "absence",
    "recorded",
    "taken",
    "away",
    "why",
    "under",
    "channel",
    "already",
    "recognised",
    "sum",
    "whole",
    "minutes",
    "cap",
    "minimum",
    "draft",
    "nothing",
    "allowance",
    "rules",
    "rule",
    "set",
    "these",
    "not",
    "counts",
    "once",
    "common",
    "rows",
    "within",
    "site",
    "any",
    "decimals",
    "summed",
    "bridged",
    "gaps",
    "less",
    "than",
    "each",
    "every",
    "page",
    "open",
    "ended",
    "attention",
    "only",
    "used",
    "when",
];

/// The text a person reads: a page without its style sheet and tags, with its entities read.
fn visible(html: &str) -> String {
    let body = match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    };
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'").replace("&#34;", "\"").replace("&#38;", "&").replace("&nbsp;", " ")
}

/// The numbers of `text` not written as a language writes them: `group` between thousands
/// (always three digits after it), `point` before decimals.
fn misspelt_numbers(text: &str, group: char, point: char) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut bad = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !(chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_alphanumeric())) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',') {
            i += 1;
        }
        let mut run: String = chars[start..i].iter().collect();
        // A full stop or a comma of the sentence after the number.
        while run.ends_with(['.', ',']) {
            run.pop();
        }
        let (whole, fraction) = run.split_once(point).unwrap_or((run.as_str(), ""));
        let ok = fraction.chars().all(|c| c.is_ascii_digit())
            && whole.split(group).skip(1).all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            bad.push(run);
        }
    }
    bad
}

/// Under `--lang it` the statement has no English word and writes every number the Italian way
/// (`1.234,56`), text and page alike; under `--lang en` the English way. The anomaly notes and
/// the sources' titles are left out: the notes are the anomalies' sentences (written in the
/// language by `Message::render`, checked with the anomalies), the titles are documents' own.
#[test]
fn the_statement_speaks_one_language_and_writes_its_numbers_so() {
    let loaded = demo();
    let book = RuleBook::embedded().unwrap();
    let month: Month = "2025-10".parse().unwrap();
    let mut seen_english = std::collections::BTreeSet::new();
    for (name, selection) in selections(&book) {
        let result = run(&loaded, &selection);
        for employee in loaded.register.employees() {
            let mut st = Statement::build(month, employee, &result, &loaded.anomalies, &selection)
                .issued_on(chrono::NaiveDate::from_ymd_opt(2025, 11, 5).unwrap());
            st.notes.clear();
            st.sources.clear();
            // File names are the user's, meeting ids the exports': identifiers.
            let mut files: Vec<String> = loaded.attendance.iter().map(|a| a.source.file.to_string()).collect();
            files.extend(loaded.sessions.iter().map(|s| s.source.file.to_string()));
            files.push(employee.source.file.to_string());
            files.sort_by_key(|f| std::cmp::Reverse(f.len()));
            files.dedup();
            for lang in [Lang::It, Lang::En] {
                let mut text = Vec::new();
                statement::write_text(&st, lang, &mut text).unwrap();
                let mut html = Vec::new();
                statement_html::write_html(&st, lang, &mut html).unwrap();
                for (format, mut out) in
                    [("text", String::from_utf8(text).unwrap()), ("html", visible(&String::from_utf8(html).unwrap()))]
                {
                    for f in &files {
                        out = out.replace(f.as_str(), " ").replace(st.short(f).as_str(), " ");
                    }
                    out = out.replace(&format!("sportello {}", env!("CARGO_PKG_VERSION")), " ");
                    let words: Vec<String> = out
                        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                        .filter(|w| !w.is_empty() && !w.contains(|c: char| c.is_ascii_digit() || c == '_' || c == '-'))
                        .map(str::to_lowercase)
                        .collect();
                    let english: Vec<&String> = words.iter().filter(|w| ENGLISH.contains(&w.as_str())).collect();
                    let ctx = format!("{name} {} {lang} {format}", employee.id);
                    let (group, point) = match lang {
                        Lang::It => {
                            assert!(english.is_empty(), "{ctx}: English words {english:?}");
                            ('.', ',')
                        }
                        Lang::En => {
                            seen_english.extend(english.into_iter().cloned());
                            (',', '.')
                        }
                    };
                    let bad = misspelt_numbers(&out, group, point);
                    assert!(bad.is_empty(), "{ctx}: numbers not written as {lang} writes them: {bad:?}");
                }
            }
        }
    }
    // The list is about this document: most of its words are in the English statements.
    assert!(seen_english.len() * 4 > ENGLISH.len() * 3, "{seen_english:?}");
    // The busiest employee's figures, in each language.
    let selection = Selection::selected(&book, "scenario-remote-2025").unwrap();
    let result = run(&loaded, &selection);
    let st = Statement::build(month, loaded.register.get("004590").unwrap(), &result, &loaded.anomalies, &selection);
    for (lang, figures) in [
        (Lang::It, ["9:46 (9,77 h)", "5,325 €/h", "52,0075 €", "52,01 €", "243,71 €", "2.160 min"]),
        (Lang::En, ["9:46 (9.77 h)", "5.325 €/h", "52.0075 €", "52.01 €", "243.71 €", "2,160 min"]),
    ] {
        let mut text = Vec::new();
        statement::write_text(&st, lang, &mut text).unwrap();
        statement_html::write_html(&st, lang, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        for f in figures {
            assert!(text.contains(f), "{lang}: {f} missing");
        }
    }
}
