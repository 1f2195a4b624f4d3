//! Writing a [`Comparison`] of two rule sets: CSV (plain or Italian), JSON, an aligned table for
//! people, and a workbook.
//!
//! The CSV holds one row per employee and item, and nothing else: a SUM over a column counts
//! each euro once. The totals — each employee's, the office's per item and over every item — are
//! in the JSON, the table and the workbook's own sheet.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::engine::Month;
use crate::report::compare::{Comparison, Side, Total};

use super::grid::{self, Cell, Column, Dialect, Grid, Kind};
use super::payroll::first_day;
use super::xlsx::{self, Sheet};
use super::Lang;

/// How the tables for people label the office's rows, in the employee column: in parentheses,
/// so that it never reads as an employee id.
pub(crate) fn office_label(l: Lang) -> &'static str {
    l.pick("(sede)", "(office)")
}

/// How the tables for people label a total over every item or month.
pub(crate) fn all_label(l: Lang) -> &'static str {
    l.pick("(tutte)", "(all)")
}

/// The CSV header.
pub const HEADER: [&str; 10] = [
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

/// The CSV's columns, with their labels for people.
fn columns() -> [Column; 10] {
    [
        Column::new(HEADER[0], "Matricola", "Employee", Kind::Text),
        Column::new(HEADER[1], "Mese", "Month", Kind::Text),
        Column::new(HEADER[2], "Voce", "Item", Kind::Text),
        Column::new(HEADER[3], "Regole (a)", "Rule sets (a)", Kind::Text),
        Column::new(HEADER[4], "Minuti (a)", "Minutes (a)", Kind::Minutes),
        Column::new(HEADER[5], "Importo (a) €", "Amount (a) €", Kind::Money),
        Column::new(HEADER[6], "Regole (b)", "Rule sets (b)", Kind::Text),
        Column::new(HEADER[7], "Minuti (b)", "Minutes (b)", Kind::Minutes),
        Column::new(HEADER[8], "Importo (b) €", "Amount (b) €", Kind::Money),
        Column::new(HEADER[9], "Differenza €", "Difference €", Kind::Difference),
    ]
}

fn side(s: &Side) -> [Cell; 3] {
    [Cell::text(s.rulesets.join("+")), Cell::Int(s.minutes), Cell::Dec(s.amount_eur)]
}

/// The employee rows as a grid: one per employee and item, nothing else.
pub fn grid(c: &Comparison) -> Grid {
    let mut g = Grid::new(columns());
    for l in &c.lines {
        let mut row = vec![Cell::text(&l.employee_id), Cell::text(&c.month), Cell::text(&l.item)];
        row.extend(side(&l.a));
        row.extend(side(&l.b));
        row.push(Cell::Dec(l.difference_eur));
        g.push(row);
    }
    g
}

/// Writes the CSV: one row per employee and item. The totals are not here (they are in the
/// JSON, the table and the workbook), so that summing a column counts each euro once.
pub fn write_csv<W: Write>(c: &Comparison, w: W) -> io::Result<()> {
    write_csv_as(c, Dialect::Plain, w)
}

/// Writes the CSV in `dialect`.
pub fn write_csv_as<W: Write>(c: &Comparison, dialect: Dialect, w: W) -> io::Result<()> {
    grid::write_csv(&grid(c), dialect, w)
}

/// Writes the comparison as JSON (money as strings).
pub fn write_json<W: Write>(c: &Comparison, mut w: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, c)?;
    writeln!(w)
}

/// The columns of the table for people and of the totals sheet.
fn people_columns() -> [Column; 7] {
    let all = columns();
    [all[0].clone(), all[2].clone(), all[4].clone(), all[5].clone(), all[7].clone(), all[8].clone(), all[9].clone()]
}

/// One row of the table for people.
fn people_row(employee_id: &str, item: &str, a: &Side, b: &Side, diff: Decimal) -> Vec<Cell> {
    vec![
        Cell::text(employee_id),
        Cell::text(item),
        Cell::Int(a.minutes),
        Cell::Dec(a.amount_eur),
        Cell::Int(b.minutes),
        Cell::Dec(b.amount_eur),
        Cell::Dec(diff),
    ]
}

/// A total's row: labelled in parentheses, which neither an item code nor (in practice) an
/// employee id contains.
fn total_row(t: &Total, l: Lang) -> Vec<Cell> {
    people_row(
        t.employee_id.as_deref().unwrap_or(office_label(l)),
        t.item.as_deref().unwrap_or(all_label(l)),
        &t.a,
        &t.b,
        t.difference_eur,
    )
}

/// The line above the table: what is compared with what.
fn heading(c: &Comparison, l: Lang) -> String {
    match l {
        Lang::It => format!("{}: {} (a) e {} (b); differenza = b − a", c.month, c.label_a, c.label_b),
        Lang::En => format!("{}: {} (a) vs {} (b); difference = b − a", c.month, c.label_a, c.label_b),
    }
}

/// Writes an aligned table for people in `l`: the lines, each employee's total (when they have
/// several lines), the office totals.
pub fn write_table<W: Write>(c: &Comparison, l: Lang, mut w: W) -> io::Result<()> {
    writeln!(w, "{}", heading(c, l))?;
    let several: BTreeSet<&str> = {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for line in &c.lines {
            *count.entry(&line.employee_id).or_default() += 1;
        }
        count.into_iter().filter(|(_, n)| *n > 1).map(|(e, _)| e).collect()
    };
    let mut table = Grid::new(people_columns());
    for emp in &c.employees {
        let id = emp.employee_id.as_deref().unwrap_or_default();
        for line in c.lines.iter().filter(|line| line.employee_id == id) {
            table.push(people_row(&line.employee_id, &line.item, &line.a, &line.b, line.difference_eur));
        }
        if several.contains(id) {
            table.push(total_row(emp, l));
        }
    }
    c.items.iter().for_each(|t| table.push(total_row(t, l)));
    table.push(total_row(&c.total, l));
    grid::write_table(&table, l, &mut w)?;
    let gain = c.employees.iter().filter(|t| t.difference_eur > Decimal::ZERO).count();
    let loss = c.employees.iter().filter(|t| t.difference_eur < Decimal::ZERO).count();
    let same = c.employees.len() - gain - loss;
    let diff = grid::people_text(&Cell::Dec(c.total.difference_eur), Kind::Difference, l);
    match l {
        Lang::It => writeln!(
            w,
            "{} dipendenti: {gain} guadagnano, {loss} perdono, {same} invariati; differenza della sede {diff} €",
            c.employees.len()
        ),
        Lang::En => writeln!(
            w,
            "{} employees: {gain} gain, {loss} lose, {same} unchanged; office difference {diff} €",
            c.employees.len()
        ),
    }
}

/// The totals sheet: each employee's total, then the office's per item, then over every item,
/// each block below a gap.
fn totals(c: &Comparison, l: Lang) -> Grid {
    let mut g = Grid::new(people_columns());
    c.employees.iter().for_each(|t| g.push(total_row(t, l)));
    g.gap();
    c.items.iter().for_each(|t| g.push(total_row(t, l)));
    g.gap();
    g.push(total_row(&c.total, l));
    g
}

/// Writes the comparison as a workbook in `l`: the employee rows (as the CSV), and the totals
/// on their own sheet.
pub fn write_xlsx<W: Write>(c: &Comparison, l: Lang, w: W) -> io::Result<()> {
    let data = grid(c);
    let sums = totals(c, l);
    let title = vec![
        heading(c, l),
        l.pick(
            "Totali per dipendente; poi della sede per voce; in fondo, della sede su tutte le voci",
            "Each employee's totals; then the office's per item; at the bottom, the office's over every item",
        )
        .to_string(),
    ];
    let sheets = [
        Sheet { name: l.pick("Confronto", "Comparison").into(), title: Vec::new(), grid: &data, data: true },
        Sheet { name: l.pick("Totali", "Totals").into(), title, grid: &sums, data: false },
    ];
    let created = c.month.parse::<Month>().map_or(chrono::NaiveDate::MIN, first_day);
    xlsx::write(&sheets, l, created, w)
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
    fn the_csv_holds_only_employee_rows_and_tables_label_totals() {
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
        assert_eq!(
            csv,
            "employee_id,month,item,rulesets_a,minutes_a,amount_a_eur,rulesets_b,minutes_b,amount_b_eur,difference_eur\n\
             1,2025-10,MFOF,c,60,5.00,s,60,5.00,0.00\n1,2025-10,MFOF-WEB,,0,0.00,s,12,1.00,1.00\n\
             2,2025-10,MFOF,c,30,2.50,s,30,2.50,0.00\n3,2025-10,MFOF-WEB,,0,0.00,s,6,0.50,0.50\n"
        );
        let mut t = Vec::new();
        write_table(&c, Lang::En, &mut t).unwrap();
        let t = String::from_utf8(t).unwrap();
        assert!(t.contains("3 employees: 2 gain, 0 lose, 1 unchanged; office difference +1.50 €"), "{t}");
        assert!(t.contains("\n1         (all) "), "{t}");
        assert!(t.contains("\n(office)  MFOF-WEB "), "{t}");
        assert!(t.contains("\n(office)  (all) "), "{t}");
        let mut t = Vec::new();
        write_table(&c, Lang::It, &mut t).unwrap();
        let t = String::from_utf8(t).unwrap();
        assert!(t.starts_with("2025-10: c (a) e s (b); differenza = b − a\nMatricola  Voce "), "{t}");
        assert!(t.contains("3 dipendenti: 2 guadagnano, 0 perdono, 1 invariati; differenza della sede +1,50 €"), "{t}");
        assert!(t.contains("\n(sede)     (tutte) "), "{t}");
    }
}
