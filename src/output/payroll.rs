//! The payroll file: `employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur`
//! — as CSV (plain, or the Italian spreadsheet dialect), JSON, a table for people, or a workbook.
//!
//! The CSV holds only the payroll rows: its header is fixed (payroll imports by name). The
//! table and the workbook are for people: their headers are labels in the reader's language, and
//! their totals are apart (a closing line; the workbook's own sheet).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::engine::{Month, PayrollRow};
use crate::money::{format_cents, format_rate};

use super::grid::{self, Cell, Column, Dialect, Grid, Kind};
use super::xlsx::{self, Sheet};
use super::Lang;

/// The header, fixed by DESIGN.md section 5.
pub const HEADER: [&str; 9] =
    ["employee_id", "month", "item", "ruleset", "days", "minutes", "hours", "rate_eur_per_hour", "amount_eur"];

/// The columns: [`HEADER`] with their labels for people.
fn columns() -> [Column; 9] {
    [
        Column::new(HEADER[0], "Matricola", "Employee", Kind::Text),
        Column::new(HEADER[1], "Mese", "Month", Kind::Text),
        Column::new(HEADER[2], "Voce", "Item", Kind::Text),
        Column::new(HEADER[3], "Regole", "Rule set", Kind::Text),
        Column::new(HEADER[4], "Giorni", "Days", Kind::Count),
        Column::new(HEADER[5], "Minuti", "Minutes", Kind::Minutes),
        Column::new(HEADER[6], "Ore", "Hours", Kind::Hours),
        Column::new(HEADER[7], "Tariffa €/h", "Rate €/h", Kind::Rate),
        Column::new(HEADER[8], "Importo €", "Amount €", Kind::Money),
    ]
}

fn cells(r: &PayrollRow) -> Vec<Cell> {
    vec![
        Cell::text(&r.employee_id),
        Cell::text(&r.month),
        Cell::text(&r.item),
        Cell::text(&r.ruleset),
        Cell::Int(i64::from(r.days)),
        Cell::Int(r.minutes),
        Cell::Dec(r.hours),
        Cell::Dec(r.rate_eur_per_hour),
        Cell::Dec(r.amount_eur),
    ]
}

/// The payroll rows as a grid: one row per payroll row, nothing else.
pub fn grid(rows: &[PayrollRow]) -> Grid {
    let mut g = Grid::new(columns());
    rows.iter().for_each(|r| g.push(cells(r)));
    g
}

/// Writes the payroll CSV (comma, `.` decimals, LF, UTF-8 without BOM).
pub fn write_csv<W: Write>(rows: &[PayrollRow], w: W) -> io::Result<()> {
    write_csv_as(rows, Dialect::Plain, w)
}

/// Writes the payroll CSV in `dialect`: the same header and rows, `;` and decimal commas in the
/// Italian one.
pub fn write_csv_as<W: Write>(rows: &[PayrollRow], dialect: Dialect, w: W) -> io::Result<()> {
    grid::write_csv(&grid(rows), dialect, w)
}

/// Writes the rows as a JSON array; money as strings so that it stays exact.
pub fn write_json<W: Write>(rows: &[PayrollRow], mut w: W) -> io::Result<()> {
    let values: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "employee_id": r.employee_id,
                "month": r.month,
                "item": r.item,
                "ruleset": r.ruleset,
                "days": r.days,
                "minutes": r.minutes,
                "hours": format_cents(r.hours),
                "rate_eur_per_hour": format_rate(r.rate_eur_per_hour),
                "amount_eur": format_cents(r.amount_eur),
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut w, &values)?;
    writeln!(w)
}

/// Writes an aligned table for people in `l`, with a total line.
pub fn write_table<W: Write>(rows: &[PayrollRow], l: Lang, mut w: W) -> io::Result<()> {
    grid::write_table(&grid(rows), l, &mut w)?;
    let total = rows.iter().fold(Decimal::ZERO, |a, r| a + r.amount_eur);
    match l {
        Lang::It => writeln!(w, "{} righe, totale {}", rows.len(), l.euro(total)),
        Lang::En => writeln!(w, "{} rows, total {}", rows.len(), l.euro(total)),
    }
}

/// The totals per item and rule set (employees, minutes, amount), then, below a gap, over
/// every item.
fn totals(rows: &[PayrollRow], l: Lang) -> Grid {
    let mut g = Grid::new([
        Column::new("item", "Voce", "Item", Kind::Text),
        Column::new("ruleset", "Regole", "Rule set", Kind::Text),
        Column::new("employees", "Dipendenti", "Employees", Kind::Count),
        Column::new("minutes", "Minuti", "Minutes", Kind::Minutes),
        Column::new("amount_eur", "Importo €", "Amount €", Kind::Money),
    ]);
    type Sum<'a> = (BTreeSet<&'a str>, i64, Decimal);
    let mut by: BTreeMap<(&str, &str), Sum<'_>> = BTreeMap::new();
    for r in rows {
        let e = by.entry((&r.item, &r.ruleset)).or_default();
        e.0.insert(&r.employee_id);
        e.1 += r.minutes;
        e.2 += r.amount_eur;
    }
    for ((item, set), (who, minutes, amount)) in &by {
        g.push(vec![Cell::text(*item), Cell::text(*set), count(who.len()), Cell::Int(*minutes), Cell::Dec(*amount)]);
    }
    g.gap();
    let who: BTreeSet<&str> = rows.iter().map(|r| r.employee_id.as_str()).collect();
    g.push(vec![
        Cell::text(l.pick(ALL.0, ALL.1)),
        Cell::Empty,
        count(who.len()),
        Cell::Int(rows.iter().map(|r| r.minutes).sum()),
        Cell::Dec(rows.iter().map(|r| r.amount_eur).sum()),
    ]);
    g
}

/// The label of a total over every item, in Italian and English.
const ALL: (&str, &str) = ("(tutte le voci)", "(all items)");

/// A count as a cell.
pub(crate) fn count(n: usize) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Writes the payroll rows as a workbook in `l`: the sheet of rows (as the CSV: ids as text,
/// numbers as numbers), and the totals on their own sheet.
pub fn write_xlsx<W: Write>(rows: &[PayrollRow], month: Month, l: Lang, w: W) -> io::Result<()> {
    let data = grid(rows);
    let sums = totals(rows, l);
    let title = match l {
        Lang::It => format!(
            "Paghe di {}: totali per voce e regole; in fondo, il totale del mese",
            l.month_name(month.year, month.month)
        ),
        Lang::En => format!(
            "Payroll of {}: totals per item and rule set; at the bottom, the month's total",
            l.month_name(month.year, month.month)
        ),
    };
    let sheets = [
        Sheet { name: l.pick("Paghe", "Payroll").into(), title: Vec::new(), grid: &data, data: true },
        Sheet { name: l.pick("Totali", "Totals").into(), title: vec![title], grid: &sums, data: false },
    ];
    xlsx::write(&sheets, l, first_day(month), w)
}

/// The first day of the month (the workbook's creation date).
pub(crate) fn first_day(month: Month) -> chrono::NaiveDate {
    month.days().first().map_or(chrono::NaiveDate::MIN, |d| d.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> PayrollRow {
        PayrollRow {
            employee_id: "004512".into(),
            month: "2025-10".into(),
            item: "MFOF".into(),
            ruleset: "inps-ccni-2025".into(),
            days: 3,
            minutes: 725,
            hours: "12.08".parse().unwrap(),
            rate_eur_per_hour: "4.625".parse().unwrap(),
            amount_eur: "55.89".parse().unwrap(),
        }
    }

    #[test]
    fn csv_is_exactly_the_contract() {
        let mut buf = Vec::new();
        write_csv(&[row()], &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n004512,2025-10,MFOF,inps-ccni-2025,3,725,12.08,4.625,55.89\n"
        );
        let mut buf = Vec::new();
        write_csv_as(&[row()], Dialect::Italian, &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\u{feff}employee_id;month;item;ruleset;days;minutes;hours;rate_eur_per_hour;amount_eur\r\n004512;2025-10;MFOF;inps-ccni-2025;3;725;12,08;4,625;55,89\r\n"
        );
    }

    #[test]
    fn json_keeps_money_as_strings() {
        let mut buf = Vec::new();
        write_json(&[row()], &mut buf).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v[0]["amount_eur"], "55.89");
        assert_eq!(v[0]["rate_eur_per_hour"], "4.625");
    }

    #[test]
    fn table_has_a_total() {
        let mut buf = Vec::new();
        write_table(&[row(), row()], Lang::En, &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(
            s.starts_with("Employee  Month    Item  Rule set        Days  Minutes  Hours  Rate €/h  Amount €\n"),
            "{s}"
        );
        assert!(s.ends_with("2 rows, total 111.78 €\n"), "{s}");
        let mut buf = Vec::new();
        write_table(&[row(), row()], Lang::It, &mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        assert!(
            s.contains("004512     2025-10  MFOF  inps-ccni-2025       3     725  12,08        4,625      55,89\n"),
            "{s}"
        );
        assert!(s.ends_with("2 righe, totale 111,78 €\n"), "{s}");
    }
}
