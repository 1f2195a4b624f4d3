//! Writing the office's view ([`Offices`]): CSV (plain or Italian), JSON, an aligned table for
//! people, and a workbook; the page is [`super::offices_html`].
//!
//! The CSV has one row per office (`--by month`) or per office and ISO week (`--by week`), and
//! nothing else: no total of every office, and no office's month beside its weeks, so that a SUM
//! over a column counts each minute and euro once. Its columns are fixed but for the amounts
//! per item, one column per payroll item of the month's rule sets (`amount_MFOF_eur`, …).
//! Employees without an office are on a row whose `office` is empty; the table, the workbook
//! and the page call them "(senza sede)" / "(no office)".

use std::io::{self, Write};

use crate::engine::Month;
use crate::report::offices::{Figures, Office, Offices, Week};

use super::grid::{self, Cell, Column, Dialect, Grid, Kind};
use super::payroll::{count, first_day};
use super::xlsx::{self, Sheet};
use super::Lang;

/// Rows per month or per ISO week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// One row per office.
    Month,
    /// One row per office and ISO week.
    Week,
}

/// The label of the employees without an office.
pub fn no_office(l: Lang) -> &'static str {
    l.pick("(senza sede)", "(no office)")
}

/// The label of every office together.
pub fn all_offices(l: Lang) -> &'static str {
    l.pick("(tutte le sedi)", "(all offices)")
}

/// An office's name for people.
pub fn office_name(office: &str, l: Lang) -> &str {
    if office.is_empty() {
        no_office(l)
    } else {
        office
    }
}

/// The columns: fixed, then one amount per item.
fn columns(v: &Offices) -> Vec<Column> {
    let mut c = vec![
        Column::new("office", "Sede", "Office", Kind::Text),
        Column::new("period", "Periodo", "Period", Kind::Text),
        Column::new("from", "Dal", "From", Kind::Text),
        Column::new("to", "Al", "To", Kind::Text),
        Column::new("employees", "Dipendenti", "Employees", Kind::Count),
        Column::new("employees_counter", "Con sportello", "With counter", Kind::Count),
        Column::new("employees_remote", "Con Teams", "With Teams", Kind::Count),
        Column::new("counter_minutes", "Sportello min", "Counter min", Kind::Minutes),
        Column::new("remote_minutes", "Teams min", "Teams min", Kind::Minutes),
        Column::new("remote_paid_minutes", "Teams pagato min", "Teams paid min", Kind::Minutes),
        Column::new("remote_share_pct", "Quota Teams", "Teams share", Kind::Share),
        Column::new("amount_eur", "Importo €", "Amount €", Kind::Money),
    ];
    for i in &v.items {
        c.push(Column::owned(
            format!("amount_{}_eur", i.item),
            format!("Importo {} €", i.item),
            format!("Amount {} €", i.item),
            Kind::Money,
        ));
    }
    c
}

/// One row: who, when, and the figures.
fn row(office: &str, period: &str, from: String, to: String, f: &Figures) -> Vec<Cell> {
    let mut r = vec![
        Cell::text(office),
        Cell::text(period),
        Cell::Text(from),
        Cell::Text(to),
        count(f.employees),
        count(f.employees_counter),
        count(f.employees_remote),
        Cell::Int(f.counter_minutes),
        Cell::Int(f.remote_minutes),
        Cell::Int(f.remote_paid_minutes),
        f.remote_share.map_or(Cell::Empty, Cell::Dec),
        Cell::Dec(f.amount_eur),
    ];
    r.extend(f.amounts.iter().map(|a| Cell::Dec(a.amount_eur)));
    r
}

fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn month_row(v: &Offices, office: &str, f: &Figures) -> Vec<Cell> {
    row(office, &v.month, iso(v.from), iso(v.to), f)
}

fn week_row(office: &str, w: &Week) -> Vec<Cell> {
    row(office, &w.week, iso(w.from), iso(w.to), &w.figures)
}

/// The rows of one office: its month, or its weeks.
fn office_rows(v: &Offices, o: &Office, name: &str, by: By) -> Vec<Vec<Cell>> {
    match by {
        By::Month => vec![month_row(v, name, &o.month)],
        By::Week => o.weeks.iter().map(|w| week_row(name, w)).collect(),
    }
}

/// The data rows — one per office, or per office and week — with each office named as `name`
/// says (the CSV keeps the empty code; people read a label).
fn data(v: &Offices, by: By, name: impl Fn(&str) -> String) -> Grid {
    let mut g = Grid::new(columns(v));
    for o in &v.offices {
        office_rows(v, o, &name(&o.office), by).into_iter().for_each(|r| g.push(r));
    }
    g
}

/// The rows as the CSV writes them.
pub fn grid(v: &Offices, by: By) -> Grid {
    data(v, by, str::to_string)
}

/// Writes the CSV in `dialect`.
pub fn write_csv<W: Write>(v: &Offices, by: By, dialect: Dialect, w: W) -> io::Result<()> {
    grid::write_csv(&grid(v, by), dialect, w)
}

/// Writes the view as JSON: the month and the weeks of every office, and the totals, whatever
/// `--by` (money and shares as strings).
pub fn write_json<W: Write>(v: &Offices, mut w: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, v)?;
    writeln!(w)
}

/// The line above the table and the workbook's totals: the month and its rule sets.
pub fn heading(v: &Offices, l: Lang) -> String {
    let name = month_name(v, l);
    let sets = v.rulesets.join(", ");
    match l {
        Lang::It => format!("Sedi, {name} (regole: {sets}): sportello e Teams"),
        Lang::En => format!("Offices, {name} (rule sets: {sets}): counter and Teams"),
    }
}

/// The month in words: `ottobre 2025`.
pub fn month_name(v: &Offices, l: Lang) -> String {
    v.month.parse::<Month>().map_or_else(|_| v.month.clone(), |m| l.month_name(m.year, m.month))
}

/// What the Teams minutes are, said under the table.
pub fn teams_note(l: Lang) -> &'static str {
    l.pick(
        "Teams min: tutto il tempo di consulenza su Teams, anche dove le regole non lo pagano; Teams pagato min: la parte pagata. Le settimane ripartiscono i minuti e gli importi del mese in proporzione al tempo contato nei loro giorni.",
        "Teams min: all the consultation time on Teams, also where the rule set does not pay it; Teams paid min: the part paid. Weeks share out the month's minutes and amounts in proportion to the time counted on their days.",
    )
}

/// Writes an aligned table for people in `l`: the offices (with `--by week`, each office's
/// weeks and then its month), then every office together.
pub fn write_table<W: Write>(v: &Offices, by: By, l: Lang, mut w: W) -> io::Result<()> {
    writeln!(w, "{}", heading(v, l))?;
    let mut g = Grid::new(columns(v));
    for o in &v.offices {
        let name = office_name(&o.office, l);
        office_rows(v, o, name, by).into_iter().for_each(|r| g.push(r));
        if by == By::Week {
            g.push(month_row(v, name, &o.month));
        }
    }
    g.push(month_row(v, all_offices(l), &v.total));
    grid::write_table(&g, l, &mut w)?;
    writeln!(w, "{}", teams_note(l))
}

/// The totals sheet: with `--by week`, each office's month, then every office week by week;
/// then every office over the month; each block below a gap.
fn totals(v: &Offices, by: By, l: Lang) -> Grid {
    let mut g = Grid::new(columns(v));
    if by == By::Week {
        v.offices.iter().for_each(|o| g.push(month_row(v, office_name(&o.office, l), &o.month)));
        g.gap();
        v.weeks.iter().for_each(|w| g.push(week_row(all_offices(l), w)));
        g.gap();
    }
    g.push(month_row(v, all_offices(l), &v.total));
    g
}

/// Writes the view as a workbook in `l`: the rows (as the CSV, offices named for people), and
/// the totals on their own sheet.
pub fn write_xlsx<W: Write>(v: &Offices, by: By, l: Lang, w: W) -> io::Result<()> {
    let rows = data(v, by, |o| office_name(o, l).to_string());
    let sums = totals(v, by, l);
    let title = vec![heading(v, l), teams_note(l).to_string()];
    let sheets = [
        Sheet { name: l.pick("Sedi", "Offices").into(), title: Vec::new(), grid: &rows, data: true },
        Sheet { name: l.pick("Totali", "Totals").into(), title, grid: &sums, data: false },
    ];
    let created = v.month.parse::<Month>().map_or(v.from, first_day);
    xlsx::write(&sheets, l, created, w)
}
