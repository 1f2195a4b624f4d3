//! Writing [`Arrears`]: CSV (plain or Italian), JSON, an aligned table for people, and a
//! workbook.
//!
//! The CSV holds one row per employee, month and item, and nothing else: a SUM over a column
//! counts each euro once. Each employee's totals and the office's are in the JSON, the table and
//! the workbook's own sheet.

use std::io::{self, Write};

use crate::engine::Month;
use crate::report::arrears::{parts, Arrears, Line, Status, Total};

use super::compare::{all_label, office_label};
use super::grid::{self, Cell, Column, Dialect, Grid, Kind};
use super::payroll::{count, first_day};
use super::xlsx::{self, Sheet};
use super::Lang;

/// The CSV header.
pub const HEADER: [&str; 13] = [
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

/// The CSV's columns, with their labels for people.
fn columns() -> [Column; 13] {
    [
        Column::new(HEADER[0], "Matricola", "Employee", Kind::Text),
        Column::new(HEADER[1], "Mese", "Month", Kind::Text),
        Column::new(HEADER[2], "Voce", "Item", Kind::Text),
        Column::new(HEADER[3], "Regole (dovuto)", "Rule sets (due)", Kind::Text),
        Column::new(HEADER[4], "Minuti dovuti", "Minutes due", Kind::Minutes),
        Column::new(HEADER[5], "Dovuto €", "Due €", Kind::Money),
        Column::new(HEADER[6], "Regole (pagato)", "Rule sets (paid)", Kind::Text),
        Column::new(HEADER[7], "Minuti pagati", "Minutes paid", Kind::Minutes),
        Column::new(HEADER[8], "Pagato €", "Paid €", Kind::Money),
        Column::new(HEADER[9], "Differenza €", "Difference €", Kind::Difference),
        Column::new(HEADER[10], "Da pagare €", "To pay €", Kind::Money),
        Column::new(HEADER[11], "Da recuperare €", "To recover €", Kind::Money),
        Column::new(HEADER[12], "Esito", "Status", Kind::Text),
    ]
}

/// A line's status for people: in Italian, words; in English, the codes the CSV writes, which
/// read as words.
fn status_text(s: Status, l: Lang) -> &'static str {
    match l {
        Lang::En => s.as_str(),
        Lang::It => match s {
            Status::Ok => "in regola",
            Status::Underpaid => "pagato meno",
            Status::Overpaid => "pagato più",
            Status::NotPaid => "non pagato",
            Status::NotDue => "non dovuto",
            Status::Total => "totale",
        },
    }
}

fn line_cells(l: &Line, status: &str) -> Vec<Cell> {
    let (under, over) = parts(l.difference_eur);
    vec![
        Cell::text(&l.employee_id),
        Cell::text(&l.month),
        Cell::text(&l.item),
        Cell::text(l.due.rulesets.join("+")),
        if l.due.rulesets.is_empty() { Cell::Empty } else { Cell::Int(l.due.minutes) },
        Cell::Dec(l.due.amount_eur),
        Cell::text(l.paid.rulesets.join("+")),
        l.paid.minutes.map_or(Cell::Empty, Cell::Int),
        Cell::Dec(l.paid.amount_eur),
        Cell::Dec(l.difference_eur),
        Cell::Dec(under),
        Cell::Dec(over),
        Cell::text(status),
    ]
}

/// The lines as a grid, each status written by `status`: one row per employee, month and
/// item, nothing else.
fn grid_with(a: &Arrears, status: impl Fn(Status) -> &'static str) -> Grid {
    let mut g = Grid::new(columns());
    a.lines.iter().for_each(|l| g.push(line_cells(l, status(l.status))));
    g
}

/// The lines as the CSV writes them (statuses as codes: `ok`, `underpaid`, `overpaid`,
/// `not_paid`, `not_due`).
pub fn grid(a: &Arrears) -> Grid {
    grid_with(a, Status::as_str)
}

/// Writes the CSV: one row per employee, month and item, whose `status` is `ok`, `underpaid`,
/// `overpaid`, `not_paid` or `not_due`. The totals are not here (they are in the JSON, the
/// table and the workbook), so that summing a column counts each euro once.
pub fn write_csv<W: Write>(a: &Arrears, w: W) -> io::Result<()> {
    write_csv_as(a, Dialect::Plain, w)
}

/// Writes the CSV in `dialect`.
pub fn write_csv_as<W: Write>(a: &Arrears, dialect: Dialect, w: W) -> io::Result<()> {
    grid::write_csv(&grid(a), dialect, w)
}

/// Writes the arrears as JSON (money as strings).
pub fn write_json<W: Write>(a: &Arrears, mut w: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, a)?;
    writeln!(w)
}

/// The columns of the table for people.
fn people_columns() -> [Column; 8] {
    let c = columns();
    [c[0].clone(), c[1].clone(), c[2].clone(), c[3].clone(), c[5].clone(), c[8].clone(), c[9].clone(), c[12].clone()]
}

/// The summing-up line of an employee, and of the office (labelled in parentheses, so that it
/// never reads as an employee id).
fn all_row(t: &Total, l: Lang) -> Vec<Cell> {
    let money = |d| grid::people_text(&Cell::Dec(d), Kind::Money, l);
    let (pay, recover) = (money(t.underpaid_eur), money(t.overpaid_eur));
    vec![
        Cell::text(t.employee_id.as_deref().unwrap_or(office_label(l))),
        Cell::text(all_label(l)),
        Cell::Empty,
        Cell::Empty,
        Cell::Dec(t.due_eur),
        Cell::Dec(t.paid_eur),
        Cell::Dec(t.difference_eur),
        Cell::text(match l {
            Lang::It => format!("da pagare {pay} / da recuperare {recover}"),
            Lang::En => format!("to pay {pay} / to recover {recover}"),
        }),
    ]
}

/// The line above the table.
fn heading(a: &Arrears, l: Lang) -> String {
    match l {
        Lang::It => {
            format!("arretrati {} – {}: differenza = dovuto − pagato (+ pagato meno, − pagato più)", a.from, a.to)
        }
        Lang::En => format!("arrears {} – {}: difference = due − paid (+ underpaid, − overpaid)", a.from, a.to),
    }
}

/// Writes an aligned table for people in `l`, employee by employee, then the office.
pub fn write_table<W: Write>(a: &Arrears, l: Lang, mut w: W) -> io::Result<()> {
    writeln!(w, "{}", heading(a, l))?;
    let mut table = Grid::new(people_columns());
    for t in &a.employees {
        for line in a.lines.iter().filter(|line| t.employee_id.as_deref() == Some(line.employee_id.as_str())) {
            let c = line_cells(line, status_text(line.status, l));
            table.push(vec![
                c[0].clone(),
                c[1].clone(),
                c[2].clone(),
                c[3].clone(),
                c[5].clone(),
                c[8].clone(),
                c[9].clone(),
                c[12].clone(),
            ]);
        }
        table.push(all_row(t, l));
    }
    let t = &a.total;
    table.push(all_row(t, l));
    grid::write_table(&table, l, &mut w)?;
    let money = |d| grid::people_text(&Cell::Dec(d), Kind::Money, l);
    let net = grid::people_text(&Cell::Dec(t.difference_eur), Kind::Difference, l);
    let (n, k, pay, recover) = (a.lines.len(), t.lines_to_settle, money(t.underpaid_eur), money(t.overpaid_eur));
    match l {
        Lang::It => {
            writeln!(w, "{n} righe, {k} da regolare: da pagare {pay} €, da recuperare {recover} € (netto {net} €)")
        }
        Lang::En => writeln!(w, "{n} lines, {k} to settle: to pay {pay} €, to recover {recover} € (net {net} €)"),
    }
}

/// The totals sheet: each employee's totals, then (below a gap) the office's.
fn totals(a: &Arrears, l: Lang) -> Grid {
    let mut g = Grid::new([
        Column::new("employee_id", "Matricola", "Employee", Kind::Text),
        Column::new("due_eur", "Dovuto €", "Due €", Kind::Money),
        Column::new("paid_eur", "Pagato €", "Paid €", Kind::Money),
        Column::new("difference_eur", "Differenza €", "Difference €", Kind::Difference),
        Column::new("underpaid_eur", "Da pagare €", "To pay €", Kind::Money),
        Column::new("overpaid_eur", "Da recuperare €", "To recover €", Kind::Money),
        Column::new("lines_to_settle", "Righe da regolare", "Lines to settle", Kind::Count),
    ]);
    let row = |t: &Total| {
        vec![
            Cell::text(t.employee_id.as_deref().unwrap_or(office_label(l))),
            Cell::Dec(t.due_eur),
            Cell::Dec(t.paid_eur),
            Cell::Dec(t.difference_eur),
            Cell::Dec(t.underpaid_eur),
            Cell::Dec(t.overpaid_eur),
            count(t.lines_to_settle),
        ]
    };
    a.employees.iter().for_each(|t| g.push(row(t)));
    g.gap();
    g.push(row(&a.total));
    g
}

/// Writes the arrears as a workbook in `l`: the lines (as the CSV, statuses in words), and the
/// totals on their own sheet.
pub fn write_xlsx<W: Write>(a: &Arrears, l: Lang, w: W) -> io::Result<()> {
    let data = grid_with(a, |s| status_text(s, l));
    let sums = totals(a, l);
    let title = vec![
        heading(a, l),
        l.pick(
            "Totali per dipendente; in fondo, quelli della sede",
            "Each employee's totals; at the bottom, the office's",
        )
        .to_string(),
    ];
    let sheets = [
        Sheet { name: l.pick("Arretrati", "Arrears").into(), title: Vec::new(), grid: &data, data: true },
        Sheet { name: l.pick("Totali", "Totals").into(), title, grid: &sums, data: false },
    ];
    let created = a.from.parse::<Month>().map_or(chrono::NaiveDate::MIN, first_day);
    xlsx::write(&sheets, l, created, w)
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
    fn the_csv_holds_only_the_lines_and_the_table_sums_them_up() {
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
        assert_eq!(
            csv,
            "employee_id,month,item,due_rulesets,due_minutes,due_eur,paid_rulesets,paid_minutes,paid_eur,difference_eur,underpaid_eur,overpaid_eur,status\n\
             1,2025-09,MFOF,b,60,5.00,b,60,4.00,1.00,1.00,0.00,underpaid\n\
             4,2025-09,MFOF,,,0.00,a,60,3.00,-3.00,0.00,3.00,not_due\n"
        );
        let mut t = Vec::new();
        write_table(&a, Lang::En, &mut t).unwrap();
        let t = String::from_utf8(t).unwrap();
        assert!(t.ends_with("2 lines, 2 to settle: to pay 1.00 €, to recover 3.00 € (net -2.00 €)\n"), "{t}");
        assert!(t.contains("\n(office)  (all) "), "{t}");
        let mut t = Vec::new();
        write_table(&a, Lang::It, &mut t).unwrap();
        let t = String::from_utf8(t).unwrap();
        assert!(t.ends_with("2 righe, 2 da regolare: da pagare 1,00 €, da recuperare 3,00 € (netto -2,00 €)\n"), "{t}");
        assert!(t.contains(" pagato meno\n"), "{t}");
    }
}
