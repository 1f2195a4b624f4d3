//! Writing [`Arrears`]: CSV, JSON, and an aligned table for people.

use std::io::{self, Write};

use crate::formula::neutralise;
use crate::money::format_cents;
use crate::report::arrears::{parts, Arrears, Line, Status, Total};

use super::compare::{signed, ALL_LABEL, OFFICE_LABEL};
use super::table::write_aligned;

/// What a row of the CSV is: the `scope` column, so that totals never share a column with
/// employee ids (an employee may be called `TOTAL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One employee, month and item.
    Employee,
    /// One employee, every month and item.
    EmployeeTotal,
    /// The office, every employee, month and item.
    Office,
}

impl Scope {
    /// As written in the `scope` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Employee => "employee",
            Scope::EmployeeTotal => "employee_total",
            Scope::Office => "office",
        }
    }
}

/// The CSV header.
pub const HEADER: [&str; 14] = [
    "scope",
    "employee_id",
    "month",
    "item",
    "due_rulesets",
    "due_minutes",
    "due_eur",
    "paid_rulesets",
    "paid_minutes",
    "paid_eur",
    "difference_eur",
    "underpaid_eur",
    "overpaid_eur",
    "status",
];

fn line_cells(l: &Line) -> [String; 14] {
    let (under, over) = parts(l.difference_eur);
    [
        Scope::Employee.as_str().to_string(),
        neutralise(&l.employee_id).into_owned(),
        l.month.clone(),
        neutralise(&l.item).into_owned(),
        neutralise(&l.due.rulesets.join("+")).into_owned(),
        if l.due.rulesets.is_empty() { String::new() } else { l.due.minutes.to_string() },
        format_cents(l.due.amount_eur),
        neutralise(&l.paid.rulesets.join("+")).into_owned(),
        l.paid.minutes.map(|m| m.to_string()).unwrap_or_default(),
        format_cents(l.paid.amount_eur),
        format_cents(l.difference_eur),
        format_cents(under),
        format_cents(over),
        l.status.as_str().to_string(),
    ]
}

/// A total spans every month and item: those cells are empty.
fn total_cells(t: &Total) -> [String; 14] {
    let scope = if t.employee_id.is_some() { Scope::EmployeeTotal } else { Scope::Office };
    [
        scope.as_str().to_string(),
        neutralise(t.employee_id.as_deref().unwrap_or_default()).into_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format_cents(t.due_eur),
        String::new(),
        String::new(),
        format_cents(t.paid_eur),
        format_cents(t.difference_eur),
        format_cents(t.underpaid_eur),
        format_cents(t.overpaid_eur),
        Status::Total.as_str().to_string(),
    ]
}

/// Writes the CSV: one row per employee, month and item (`scope` = `employee`), then one row
/// per employee with their totals (`employee_total`, `month` and `item` empty), then the
/// office's (`office`, `employee_id` empty too). The detail rows' `status` is `ok`,
/// `underpaid`, `overpaid`, `not_paid` or `not_due`; totals' is `total`.
pub fn write_csv<W: Write>(a: &Arrears, w: W) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w);
    out.write_record(HEADER)?;
    for l in &a.lines {
        out.write_record(line_cells(l))?;
    }
    for t in a.employees.iter().chain(std::iter::once(&a.total)) {
        out.write_record(total_cells(t))?;
    }
    out.flush()
}

/// Writes the arrears as JSON (money as strings).
pub fn write_json<W: Write>(a: &Arrears, mut w: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, a)?;
    writeln!(w)
}

/// The summing-up line of an employee, and of the office (labelled in parentheses, so that it
/// never reads as an employee id).
fn all_row(t: &Total) -> [String; 8] {
    [
        t.employee_id.clone().unwrap_or_else(|| OFFICE_LABEL.to_string()),
        ALL_LABEL.to_string(),
        String::new(),
        String::new(),
        format_cents(t.due_eur),
        format_cents(t.paid_eur),
        signed(t.difference_eur),
        format!("to pay {} / to recover {}", format_cents(t.underpaid_eur), format_cents(t.overpaid_eur)),
    ]
}

/// Writes an aligned table for people, employee by employee, then the office.
pub fn write_table<W: Write>(a: &Arrears, mut w: W) -> io::Result<()> {
    writeln!(w, "arrears {} – {}: difference = due − paid (+ underpaid, − overpaid)", a.from, a.to)?;
    let head = ["employee_id", "month", "item", "due_rulesets", "due_eur", "paid_eur", "difference_eur", "status"];
    let mut table: Vec<[String; 8]> = vec![head.map(String::from)];
    for t in &a.employees {
        for l in a.lines.iter().filter(|l| t.employee_id.as_deref() == Some(l.employee_id.as_str())) {
            table.push([
                l.employee_id.clone(),
                l.month.clone(),
                l.item.clone(),
                l.due.rulesets.join("+"),
                format_cents(l.due.amount_eur),
                format_cents(l.paid.amount_eur),
                signed(l.difference_eur),
                l.status.as_str().to_string(),
            ]);
        }
        table.push(all_row(t));
    }
    let t = &a.total;
    table.push(all_row(t));
    // Right-align the money columns only (4, 5, 6).
    write_aligned(&table, |i| (4..=6).contains(&i), &mut w)?;
    writeln!(
        w,
        "{} lines, {} to settle: to pay {} €, to recover {} € (net {} €)",
        a.lines.len(),
        t.lines_to_settle,
        format_cents(t.underpaid_eur),
        format_cents(t.overpaid_eur),
        signed(t.difference_eur)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Month, PayrollRow};
    use crate::report::arrears::arrears;
    use rust_decimal::Decimal;

    fn due(emp: &str, amount: &str) -> PayrollRow {
        PayrollRow {
            employee_id: emp.into(),
            month: "2025-09".into(),
            item: "MFOF".into(),
            ruleset: "b".into(),
            days: 1,
            minutes: 60,
            hours: Decimal::ONE,
            rate_eur_per_hour: Decimal::ONE,
            amount_eur: amount.parse().unwrap(),
        }
    }

    #[test]
    fn csv_rows_say_their_scope_and_totals_leave_month_and_item_empty() {
        let m = |s: &str| s.parse::<Month>().unwrap();
        let text = "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n\
                    1,2025-09,MFOF,b,1,60,1.00,5.00,4.00\n4,2025-09,MFOF,a,1,60,1.00,4.00,3.00\n";
        let f: std::sync::Arc<str> = std::sync::Arc::from("paid.csv");
        let mut found = Vec::new();
        let paid = crate::input::paid::read_paid(&f, text.as_bytes(), m("2025-08"), m("2025-10"), &mut found).unwrap();
        let a = arrears(m("2025-08"), m("2025-10"), &[due("1", "5.00")], &paid);
        let mut csv = Vec::new();
        write_csv(&a, &mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.contains("\nemployee,1,2025-09,MFOF,b,60,5.00,b,60,4.00,1.00,1.00,0.00,underpaid\n"), "{csv}");
        assert!(csv.contains("\nemployee,4,2025-09,MFOF,,,0.00,a,60,3.00,-3.00,0.00,3.00,not_due\n"), "{csv}");
        assert!(csv.contains("\nemployee_total,4,,,,,0.00,,,3.00,-3.00,0.00,3.00,total\n"), "{csv}");
        assert!(csv.ends_with("\noffice,,,,,,5.00,,,7.00,-2.00,1.00,3.00,total\n"), "{csv}");
        let mut t = Vec::new();
        write_table(&a, &mut t).unwrap();
        let t = String::from_utf8(t).unwrap();
        assert!(t.ends_with("2 lines, 2 to settle: to pay 1.00 €, to recover 3.00 € (net -2.00 €)\n"), "{t}");
        assert!(t.contains("\n(office)     (all) "), "{t}");
    }
}
