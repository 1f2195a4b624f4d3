//! Writing a [`Comparison`] of two rule sets: CSV, JSON, and an aligned table for people.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::formula::neutralise;
use crate::money::format_cents;
use crate::report::compare::{Comparison, Side, Total};

use super::table::write_aligned;

/// What a row of the CSV is: the `scope` column, so that totals never share a column with
/// employee ids or item codes (an employee may be called `TOTAL`, an item `ALL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One employee and item.
    Employee,
    /// The office, one item.
    OfficeItem,
    /// The office, every item.
    Office,
}

impl Scope {
    /// As written in the `scope` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Employee => "employee",
            Scope::OfficeItem => "office_item",
            Scope::Office => "office",
        }
    }
}

/// How the tables for people label the office's rows, in the employee column: in parentheses,
/// so that it never reads as an employee id.
pub(crate) const OFFICE_LABEL: &str = "(office)";
/// How the tables for people label a total over every item or month.
pub(crate) const ALL_LABEL: &str = "(all)";

/// The CSV header.
pub const HEADER: [&str; 11] = [
    "scope",
    "employee_id",
    "month",
    "item",
    "rulesets_a",
    "minutes_a",
    "amount_a_eur",
    "rulesets_b",
    "minutes_b",
    "amount_b_eur",
    "difference_eur",
];

fn cells(
    c: &Comparison,
    scope: Scope,
    employee_id: &str,
    item: &str,
    a: &Side,
    b: &Side,
    diff: Decimal,
) -> [String; 11] {
    [
        scope.as_str().to_string(),
        neutralise(employee_id).into_owned(),
        c.month.clone(),
        neutralise(item).into_owned(),
        neutralise(&a.rulesets.join("+")).into_owned(),
        a.minutes.to_string(),
        format_cents(a.amount_eur),
        neutralise(&b.rulesets.join("+")).into_owned(),
        b.minutes.to_string(),
        format_cents(b.amount_eur),
        format_cents(diff),
    ]
}

/// Writes the CSV: one row per employee and item (`scope` = `employee`), then the office's
/// totals per item (`office_item`, `employee_id` empty) and over every item (`office`,
/// `employee_id` and `item` empty). Per-employee totals are in the JSON and the table, not
/// here, so that summing a column counts each euro once among the detail rows.
pub fn write_csv<W: Write>(c: &Comparison, w: W) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w);
    out.write_record(HEADER)?;
    for l in &c.lines {
        out.write_record(cells(c, Scope::Employee, &l.employee_id, &l.item, &l.a, &l.b, l.difference_eur))?;
    }
    for t in &c.items {
        let item = t.item.as_deref().unwrap_or_default();
        out.write_record(cells(c, Scope::OfficeItem, "", item, &t.a, &t.b, t.difference_eur))?;
    }
    let t = &c.total;
    out.write_record(cells(c, Scope::Office, "", "", &t.a, &t.b, t.difference_eur))?;
    out.flush()
}

/// Writes the comparison as JSON (money as strings).
pub fn write_json<W: Write>(c: &Comparison, mut w: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, c)?;
    writeln!(w)
}

/// One row of the table for people.
fn table_row(employee_id: &str, item: &str, a: &Side, b: &Side, diff: Decimal) -> [String; 7] {
    [
        employee_id.to_string(),
        item.to_string(),
        a.minutes.to_string(),
        format_cents(a.amount_eur),
        b.minutes.to_string(),
        format_cents(b.amount_eur),
        signed(diff),
    ]
}

/// A total's row: labelled in parentheses, which neither an item code nor (in practice) an
/// employee id contains.
fn total_row(t: &Total) -> [String; 7] {
    table_row(
        t.employee_id.as_deref().unwrap_or(OFFICE_LABEL),
        t.item.as_deref().unwrap_or(ALL_LABEL),
        &t.a,
        &t.b,
        t.difference_eur,
    )
}

/// Writes an aligned table for people: the lines, each employee's total (when they have
/// several lines), the office totals.
pub fn write_table<W: Write>(c: &Comparison, mut w: W) -> io::Result<()> {
    writeln!(w, "{}: {} (a) vs {} (b); difference = b − a", c.month, c.label_a, c.label_b)?;
    let head = ["employee_id", "item", "minutes_a", "amount_a_eur", "minutes_b", "amount_b_eur", "difference_eur"];
    let several: BTreeSet<&str> = {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for l in &c.lines {
            *count.entry(&l.employee_id).or_default() += 1;
        }
        count.into_iter().filter(|(_, n)| *n > 1).map(|(e, _)| e).collect()
    };
    let mut table: Vec<[String; 7]> = vec![head.map(String::from)];
    for emp in &c.employees {
        let id = emp.employee_id.as_deref().unwrap_or_default();
        table.extend(
            c.lines
                .iter()
                .filter(|l| l.employee_id == id)
                .map(|l| table_row(&l.employee_id, &l.item, &l.a, &l.b, l.difference_eur)),
        );
        if several.contains(id) {
            table.push(total_row(emp));
        }
    }
    table.extend(c.items.iter().map(total_row));
    table.push(total_row(&c.total));
    write_aligned(&table, |i| i >= 2, &mut w)?;
    let gain = c.employees.iter().filter(|l| l.difference_eur > Decimal::ZERO).count();
    let loss = c.employees.iter().filter(|l| l.difference_eur < Decimal::ZERO).count();
    writeln!(
        w,
        "{} employees: {gain} gain, {loss} lose, {} unchanged; office difference {} €",
        c.employees.len(),
        c.employees.len() - gain - loss,
        signed(c.total.difference_eur)
    )
}

/// `+52.01`, `-3.00`, `0.00`.
pub(crate) fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", format_cents(d))
    } else {
        format_cents(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::PayrollRow;
    use crate::report::compare::compare;

    fn row(emp: &str, item: &str, set: &str, minutes: i64, amount: &str) -> PayrollRow {
        PayrollRow {
            employee_id: emp.into(),
            month: "2025-10".into(),
            item: item.into(),
            ruleset: set.into(),
            days: 1,
            minutes,
            hours: Decimal::ZERO,
            rate_eur_per_hour: Decimal::ONE,
            amount_eur: amount.parse().unwrap(),
        }
    }

    #[test]
    fn csv_rows_say_their_scope_and_tables_label_totals() {
        let a = [row("1", "MFOF", "c", 60, "5.00"), row("2", "MFOF", "c", 30, "2.50")];
        let b = [
            row("1", "MFOF", "s", 60, "5.00"),
            row("1", "MFOF-WEB", "s", 12, "1.00"),
            row("2", "MFOF", "s", 30, "2.50"),
            row("3", "MFOF-WEB", "s", 6, "0.50"),
        ];
        let c = compare("2025-10", "c", &a, "s", &b);
        let mut csv = Vec::new();
        write_csv(&c, &mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert!(csv.starts_with("scope,employee_id,month,item,rulesets_a,minutes_a,amount_a_eur,rulesets_b,minutes_b,amount_b_eur,difference_eur\nemployee,1,2025-10,MFOF,c,60,5.00,s,60,5.00,0.00\nemployee,1,2025-10,MFOF-WEB,,0,0.00,s,12,1.00,1.00\n"), "{csv}");
        assert!(csv.contains("\noffice_item,,2025-10,MFOF-WEB,,0,0.00,s,18,1.50,1.50\n"), "{csv}");
        assert!(csv.ends_with("\noffice,,2025-10,,c,90,7.50,s,108,9.00,1.50\n"), "{csv}");
        let mut t = Vec::new();
        write_table(&c, &mut t).unwrap();
        let t = String::from_utf8(t).unwrap();
        assert!(t.contains("3 employees: 2 gain, 0 lose, 1 unchanged; office difference +1.50 €"), "{t}");
        assert!(t.contains("\n1            (all) "), "{t}");
        assert!(t.contains("\n(office)     MFOF-WEB "), "{t}");
        assert!(t.contains("\n(office)     (all) "), "{t}");
    }

    #[test]
    fn differences_carry_their_sign() {
        assert_eq!(signed("52.01".parse().unwrap()), "+52.01");
        assert_eq!(signed("-3".parse().unwrap()), "-3.00");
        assert_eq!(signed(Decimal::ZERO), "0.00");
    }
}
