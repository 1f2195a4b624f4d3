//! Runs that pay nobody say why (the issue "Nothing lost, nothing overwritten"): when a run pays
//! no one, or fewer than half of the register's employees, standard error names the likely
//! reason found in the run's own facts; `explain --employee` suggests the near ids.

use super::outputs_safe::{sportello_in, Out, Tmp};

const HEADER: &str = "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur\n";

fn staff(ids: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for (i, id) in ids.iter().enumerate() {
        s.push_str(&format!("{id},Persona {i},RM01,,100,18.50,\n"));
    }
    s
}

/// A counter morning for each id on `date`.
fn attendance(ids: &[&str], date: &str) -> String {
    let mut s = String::from("employee_id,date,start,end,kind,code\n");
    for id in ids {
        s.push_str(&format!("{id},{date},08:00,14:00,presence,PRES\n{id},{date},09:00,11:00,front_office,MFOF\n"));
    }
    s
}

/// A data folder without Teams files (an office without web meetings).
fn data(name: &str, staff: &str, attendance: &str) -> Tmp {
    let t = Tmp::data(name, staff, attendance);
    std::fs::remove_dir_all(t.path("data/teams")).expect("remove teams/");
    t
}

fn compute(t: &Tmp, extra: &[&str]) -> Out {
    let mut args = vec!["compute", "--month", "2025-10", "--data", "data"];
    args.extend_from_slice(extra);
    sportello_in(&t.0, &args)
}

/// The hint lines of standard error.
fn hints(o: &Out) -> Vec<&str> {
    o.stderr.lines().filter(|l| l.starts_with("sportello: hint:")).collect()
}

#[test]
fn ids_that_lost_their_leading_zeros_in_the_attendance_are_named() {
    let t = data("zeros-att", &staff(&["004512", "004513", "004514"]), &attendance(&["4512", "4513"], "2025-10-06"));
    let o = compute(&t, &[]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let h = hints(&o);
    assert_eq!(h.len(), 1, "{}", o.stderr);
    assert!(
        h[0].contains("data/attendance.csv has 4512 where data/staff.csv has 004512"),
        "one example of each side: {}",
        h[0]
    );
    assert!(h[0].contains("leading zeros") && h[0].contains("spreadsheet"), "{}", h[0]);
    assert!(h[0].contains("2 ids"), "how many: {}", h[0]);
    // --quiet prints no hint.
    let o = compute(&t, &["--quiet"]);
    assert_eq!(o.stderr, "");
}

#[test]
fn ids_that_lost_their_leading_zeros_in_the_register_are_named() {
    let t = data("zeros-staff", &staff(&["4512", "4513"]), &attendance(&["004512"], "2025-10-06"));
    let o = compute(&t, &["--anomalies", "a.csv"]);
    let h = hints(&o);
    assert_eq!(h.len(), 1, "{}", o.stderr);
    assert!(h[0].contains("data/staff.csv has 4512 where data/attendance.csv has 004512"), "{}", h[0]);
    assert!(h[0].contains("in data/staff.csv") && h[0].contains("1 id"), "{}", h[0]);
}

#[test]
fn a_month_the_data_does_not_cover_names_the_months_it_does() {
    let mut att = attendance(&["001", "002"], "2025-09-15");
    att.push_str(&attendance(&["001"], "2025-08-01").replace("employee_id,date,start,end,kind,code\n", ""));
    let t = data("month", &staff(&["001", "002"]), &att);
    let o = compute(&t, &[]);
    assert_eq!(o.code, 0, "outside the month is a note: {}", o.stderr);
    let h = hints(&o);
    assert_eq!(h.len(), 1, "{}", o.stderr);
    assert!(h[0].contains("no rows in 2025-10"), "{}", h[0]);
    assert!(h[0].contains("2025-09 (4 rows), 2025-08 (2 rows)"), "the months covered, most rows first: {}", h[0]);
}

#[test]
fn a_run_that_pays_most_of_the_register_gives_no_hint() {
    let t = data("no-hint", &staff(&["004512", "004513"]), &attendance(&["004512", "4513"], "2025-10-06"));
    let o = compute(&t, &[]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(hints(&o).is_empty(), "half the register is paid: {}", o.stderr);
}

#[test]
fn compare_and_arrears_give_the_hints_too() {
    let t = data("compare", &staff(&["004512", "004513"]), &attendance(&["4512"], "2025-10-06"));
    let o = sportello_in(&t.0, &["compare", "--month", "2025-10", "--data", "data", "--vs", "scenario-remote-2025"]);
    let h = hints(&o);
    assert!(h.len() == 1 && h[0].contains("has 4512 where data/staff.csv has 004512"), "{}", o.stderr);

    t.write("root/2025-10/staff.csv", staff(&["004512"]).as_bytes());
    t.write("root/2025-10/attendance.csv", attendance(&["4512"], "2025-10-06").as_bytes());
    t.write("paid.csv", b"employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n");
    let o = sportello_in(
        &t.0,
        &["arrears", "--from", "2025-10", "--to", "2025-10", "--data-root", "root", "--paid", "paid.csv"],
    );
    let h = hints(&o);
    assert!(h.len() == 1 && h[0].contains("2025-10: root/2025-10/attendance.csv has 4512 where"), "{}", o.stderr);
}

#[test]
fn explain_suggests_the_nearest_ids_of_the_register() {
    let t = data("explain", &staff(&["004512", "004521", "104512", "777"]), &attendance(&["004512"], "2025-10-06"));
    let explain = |id: &str| {
        sportello_in(&t.0, &["explain", "--employee", id, "--month", "2025-10", "--data", "data", "--out", "s.txt"])
    };
    // Equal without the leading zeros.
    let o = explain("4512");
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("\"4512\" is not in the staff register; did you mean 004512?"), "{}", o.stderr);
    // One or two edits away, nearest first, then in order.
    let o = explain("004511");
    assert!(o.stderr.contains("did you mean 004512, 004521 or 104512?"), "{}", o.stderr);
    let o = explain("0004512");
    assert!(o.stderr.contains("did you mean 004512?"), "{}", o.stderr);
    // Nothing near: no suggestion.
    let o = explain("abcdef");
    assert!(o.stderr.contains("is not in the staff register") && !o.stderr.contains("did you mean"), "{}", o.stderr);
    assert!(!t.path("s.txt").exists());
}
