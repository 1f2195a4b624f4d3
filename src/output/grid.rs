//! A result as a grid of typed cells — text, whole numbers, exact decimals — under typed
//! columns, written three ways from the same cells: as CSV in a [`Dialect`] (for payroll
//! imports and spreadsheets), as an aligned table for people in a [`Lang`], and as a worksheet
//! ([`super::xlsx`]).
//!
//! A column has two names: its CSV name, fixed because payroll imports by name and never
//! translated, and its label for people (Italian and English), which the table and the
//! workbook show. Its [`Kind`] says how its numbers are written: minutes as whole numbers,
//! amounts and hours to the cent, rates exact, a share as a percentage.

use std::borrow::Cow;
use std::io::{self, Write};

use rust_decimal::{Decimal, RoundingStrategy};

use crate::formula::neutralise;
use crate::money::{format_cents, format_rate};

use super::Lang;

/// What a column holds, and so how its numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text: ids, codes, months, labels.
    Text,
    /// A count (days, employees, rows).
    Count,
    /// Whole minutes.
    Minutes,
    /// Hours to two decimals.
    Hours,
    /// A rate in euro per hour, exact (`4.625`).
    Rate,
    /// An amount in euro, to the cent.
    Money,
    /// A difference in euro, to the cent; tables for people show its sign (`+52.01`).
    Difference,
    /// A share: a fraction (`0.375`), written as a percentage with two decimals (`37.50`).
    Share,
}

impl Kind {
    /// True for the kinds a table aligns to the right.
    pub fn is_number(self) -> bool {
        self != Kind::Text
    }
}

/// A column: its CSV name, its label for people in each language, its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The CSV header's name (stable; payroll imports by name).
    pub name: Cow<'static, str>,
    /// The label in Italian.
    pub it: Cow<'static, str>,
    /// The label in English.
    pub en: Cow<'static, str>,
    /// What it holds.
    pub kind: Kind,
}

impl Column {
    /// A column whose names are known when the program is built.
    pub const fn new(name: &'static str, it: &'static str, en: &'static str, kind: Kind) -> Column {
        Column { name: Cow::Borrowed(name), it: Cow::Borrowed(it), en: Cow::Borrowed(en), kind }
    }

    /// A column named from the data (an item code).
    pub fn owned(name: String, it: String, en: String, kind: Kind) -> Column {
        Column { name: Cow::Owned(name), it: Cow::Owned(it), en: Cow::Owned(en), kind }
    }

    /// The label in `l`.
    pub fn label(&self, l: Lang) -> &str {
        l.pick(&self.it, &self.en)
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text, as it is (CSV neutralises it against formulas when it writes it).
    Text(String),
    /// A whole number.
    Int(i64),
    /// An exact decimal, written as its column's kind says.
    Dec(Decimal),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
}

/// Typed columns and their rows. In a grid meant for totals, an empty row is a gap between
/// blocks (a workbook leaves a blank row there); a data grid has none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each as long as `columns` (or empty: a gap).
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// A grid of these columns, no rows yet.
    pub fn new(columns: impl IntoIterator<Item = Column>) -> Grid {
        Grid { columns: columns.into_iter().collect(), rows: Vec::new() }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// Adds a gap (an empty row), unless the grid is empty or already ends with one.
    pub fn gap(&mut self) {
        if self.rows.last().is_some_and(|r| !r.is_empty()) {
            self.rows.push(Vec::new());
        }
    }
}

/// How a CSV is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// The interchange: `,` between cells, `.` as the decimal point, LF, UTF-8 without BOM.
    Plain,
    /// As Italian Excel and LibreOffice open a file by double-click: `;` between cells, `,` as
    /// the decimal point, CRLF, UTF-8 with a BOM (without it Excel reads the bytes as Windows-1252).
    /// No thousands separator (Excel would read `1.234,56` but a program may not). An id with
    /// leading zeros (`004512`) is still written as it is: a spreadsheet opening the file by
    /// double-click reads it as a number and drops the zeros; only the workbook (xlsx), or an
    /// import that declares the column as text, keeps them (docs/payroll-guide.md).
    Italian,
}

/// The byte-order mark of UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Dialect {
    /// A CSV writer over `w` in this dialect (the BOM already written, for the Italian one).
    pub fn writer<W: Write>(self, mut w: W) -> io::Result<csv::Writer<W>> {
        let mut b = csv::WriterBuilder::new();
        Ok(match self {
            Dialect::Plain => b.terminator(csv::Terminator::Any(b'\n')).from_writer(w),
            Dialect::Italian => {
                w.write_all(BOM)?;
                b.delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(w)
            }
        })
    }

    /// A number written with `.` as its decimal point, in this dialect.
    pub fn number(self, text: String) -> String {
        match self {
            Dialect::Plain => text,
            Dialect::Italian => text.replace('.', ","),
        }
    }
}

/// The cell as the CSV writes it in `dialect`: text neutralised, numbers as their kind says.
pub fn csv_text(cell: &Cell, kind: Kind, dialect: Dialect) -> String {
    match cell {
        Cell::Text(s) => neutralise(s).into_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Dec(d) => dialect.number(plain_number(*d, kind)),
        Cell::Empty => String::new(),
    }
}

/// A decimal as the plain CSV writes it: to the cent, a rate exact, a share as a percentage.
fn plain_number(d: Decimal, kind: Kind) -> String {
    match kind {
        Kind::Rate => format_rate(d),
        Kind::Share => format_cents(percent(d)),
        _ => format_cents(d),
    }
}

/// A fraction as a percentage, to two decimals (half away from zero: the one rounding of a
/// share, which the report keeps to four decimals already).
pub fn percent(fraction: Decimal) -> Decimal {
    let mut p = (fraction * Decimal::ONE_HUNDRED).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    p.rescale(2);
    p
}

/// Writes the grid as CSV: the header of CSV names, then every row (a gap has no place in a
/// CSV and is skipped).
pub fn write_csv<W: Write>(g: &Grid, dialect: Dialect, w: W) -> io::Result<()> {
    let mut out = dialect.writer(w)?;
    out.write_record(g.columns.iter().map(|c| c.name.as_ref())).map_err(super::csv_io)?;
    for row in g.rows.iter().filter(|r| !r.is_empty()) {
        let cells = row.iter().zip(&g.columns).map(|(cell, c)| csv_text(cell, c.kind, dialect));
        out.write_record(cells).map_err(super::csv_io)?;
    }
    out.flush()
}

/// The cell as a table for people shows it in `l`: numbers grouped and with the language's
/// decimal point, a difference with its sign, a share as `37,50%`.
pub fn people_text(cell: &Cell, kind: Kind, l: Lang) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(i) => l.decimal(Decimal::from(*i)),
        Cell::Dec(d) => match kind {
            Kind::Rate => l.decimal(rate_scale(*d)),
            Kind::Share => format!("{}%", l.decimal(percent(*d))),
            Kind::Difference if *d > Decimal::ZERO => format!("+{}", l.decimal(cents(*d))),
            _ => l.decimal(cents(*d)),
        },
        Cell::Empty => String::new(),
    }
}

/// An amount to the cent, with exactly two decimals (as [`format_cents`]).
pub fn cents(d: Decimal) -> Decimal {
    let mut a = d;
    if a.scale() != 2 {
        a = a.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        a.rescale(2);
    }
    a
}

/// A rate with every decimal it has and at least two (as [`format_rate`]).
fn rate_scale(d: Decimal) -> Decimal {
    let mut r = d.normalize();
    if r.scale() < 2 {
        r.rescale(2);
    }
    r
}

/// Writes the grid as an aligned table for people: the labels in `l`, then the rows (a gap is
/// a blank line); numbers right-aligned.
pub fn write_table<W: Write>(g: &Grid, l: Lang, w: &mut W) -> io::Result<()> {
    let kinds: Vec<Kind> = g.columns.iter().map(|c| c.kind).collect();
    let mut lines: Vec<Vec<String>> = vec![g.columns.iter().map(|c| c.label(l).to_string()).collect()];
    for row in &g.rows {
        lines.push(row.iter().zip(&kinds).map(|(cell, k)| people_text(cell, *k, l)).collect());
    }
    super::table::write_aligned(&lines, |i| kinds.get(i).is_some_and(|k| k.is_number()), w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut g = Grid::new([
            Column::new("employee_id", "Matricola", "Employee", Kind::Text),
            Column::new("minutes", "Minuti", "Minutes", Kind::Minutes),
            Column::new("rate_eur_per_hour", "Tariffa €/h", "Rate €/h", Kind::Rate),
            Column::new("amount_eur", "Importo €", "Amount €", Kind::Money),
            Column::new("difference_eur", "Differenza €", "Difference €", Kind::Difference),
            Column::new("remote_share_pct", "Quota remota", "Remote share", Kind::Share),
        ]);
        g.push(vec![
            Cell::text("004512"),
            Cell::Int(2880),
            Cell::Dec("4.625".parse().unwrap()),
            Cell::Dec("1823.61".parse().unwrap()),
            Cell::Dec("52.01".parse().unwrap()),
            Cell::Dec("0.375".parse().unwrap()),
        ]);
        g.push(vec![
            Cell::text("=1+1"),
            Cell::Int(0),
            Cell::Empty,
            Cell::Dec("-3".parse().unwrap()),
            Cell::Empty,
            Cell::Empty,
        ]);
        g
    }

    #[test]
    fn the_plain_csv_is_the_interchange() {
        let mut out = Vec::new();
        write_csv(&grid(), Dialect::Plain, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "employee_id,minutes,rate_eur_per_hour,amount_eur,difference_eur,remote_share_pct\n\
             004512,2880,4.625,1823.61,52.01,37.50\n'=1+1,0,,-3.00,,\n"
        );
    }

    #[test]
    fn the_italian_csv_has_a_bom_semicolons_decimal_commas_and_crlf() {
        let mut out = Vec::new();
        write_csv(&grid(), Dialect::Italian, &mut out).unwrap();
        assert!(out.starts_with(BOM));
        assert_eq!(
            String::from_utf8(out[3..].to_vec()).unwrap(),
            "employee_id;minutes;rate_eur_per_hour;amount_eur;difference_eur;remote_share_pct\r\n\
             004512;2880;4,625;1823,61;52,01;37,50\r\n'=1+1;0;;-3,00;;\r\n"
        );
    }

    #[test]
    fn tables_for_people_speak_the_language() {
        let mut it = Vec::new();
        write_table(&grid(), Lang::It, &mut it).unwrap();
        let it = String::from_utf8(it).unwrap();
        assert!(it.starts_with("Matricola  Minuti  Tariffa €/h  Importo €  Differenza €  Quota remota\n"), "{it}");
        assert!(it.contains("004512      2.880        4,625   1.823,61        +52,01        37,50%\n"), "{it}");
        let mut en = Vec::new();
        write_table(&grid(), Lang::En, &mut en).unwrap();
        let en = String::from_utf8(en).unwrap();
        assert!(en.contains("004512      2,880     4.625  1,823.61        +52.01        37.50%\n"), "{en}");
        assert!(en.contains("\n=1+1            0"), "a table for people shows the text as it is: {en}");
    }
}
