//! Workbooks (`.xlsx`) for people, through `rust_xlsxwriter`: a data sheet and a totals sheet,
//! each a [`Grid`] written with its cells' types.
//!
//! * Text is a text cell (format `@`), so that an id keeps its leading zeros (`004512`) and a
//!   code is never read as a number or a date; it is neutralised as in the CSV, so that editing
//!   a cell cannot turn a text from the data into a formula.
//! * Numbers are number cells with their format: amounts and hours `#,##0.00`, differences with
//!   their sign, rates with every decimal they have, minutes `#,##0`, shares as percentages.
//!   The spreadsheet stores a number as a binary floating-point value: an exact decimal crosses
//!   into one only here, through its decimal text, and is written only when the value read back
//!   is the same decimal (always, for amounts to the cent below ten thousand billion); otherwise it
//!   is written as text rather than changed.
//! * The data sheet has the header on its first row, frozen, an autofilter, and sensible widths;
//!   its rows are the CSV's rows, never a total, so that a SUM over a column counts each euro
//!   once. Totals are on their own sheet, under a title, with a blank row between blocks.
//!
//! The workbook is written to memory and then to the caller's writer (the output commit). Its
//! creation date is fixed by the caller (the first day of the month it is about), so the same
//! inputs give the same bytes.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::formula::neutralise;

use super::grid::{people_text, Cell, Grid, Kind};
use super::Lang;

/// One sheet of a workbook.
pub struct Sheet<'a> {
    /// Its name, in the reader's language (at most 31 characters, none of `[]:*?/\`).
    pub name: String,
    /// Lines written above the table (a totals sheet's title); none on a data sheet.
    pub title: Vec<String>,
    /// The table.
    pub grid: &'a Grid,
    /// A data sheet: the header frozen and an autofilter over the rows.
    pub data: bool,
}

/// Writes a workbook of `sheets`, in `l`, created on `created`.
pub fn write<W: Write>(sheets: &[Sheet<'_>], l: Lang, created: NaiveDate, mut w: W) -> io::Result<()> {
    let bytes = workbook(sheets, l, created).map_err(|e| io::Error::other(format!("xlsx: {e}")))?;
    w.write_all(&bytes)?;
    w.flush()
}

fn workbook(sheets: &[Sheet<'_>], l: Lang, created: NaiveDate) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let month = u8::try_from(created.month()).unwrap_or(1);
    let day = u8::try_from(created.day()).unwrap_or(1);
    let year = u16::try_from(created.year()).unwrap_or(2000);
    let date = ExcelDateTime::from_ymd(year, month, day)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&date).set_author("sportello"));
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&s.name)?;
        write_sheet(sheet, s, l)?;
    }
    book.save_to_buffer()
}

/// The number format of a kind.
fn format_of(kind: Kind) -> Format {
    let f = Format::new();
    match kind {
        Kind::Text => f.set_num_format("@"),
        Kind::Count => f.set_num_format("0"),
        Kind::Minutes => f.set_num_format("#,##0"),
        Kind::Hours | Kind::Money => f.set_num_format("#,##0.00"),
        Kind::Difference => f.set_num_format("+#,##0.00;-#,##0.00;0.00"),
        Kind::Rate => f.set_num_format("#,##0.00####"),
        Kind::Share => f.set_num_format("0.00%"),
    }
}

fn write_sheet(sheet: &mut Worksheet, s: &Sheet<'_>, l: Lang) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let mut row: u32 = 0;
    for line in &s.title {
        sheet.write_string_with_format(row, 0, line, &bold)?;
        row += 1;
    }
    if !s.title.is_empty() {
        row += 1;
    }
    let header = Format::new().set_bold().set_text_wrap().set_border_bottom(FormatBorder::Thin);
    let first = row;
    for (c, column) in s.grid.columns.iter().enumerate() {
        sheet.write_string_with_format(first, col(c), column.label(l), &header)?;
    }
    let formats: Vec<Format> = s.grid.columns.iter().map(|c| format_of(c.kind)).collect();
    for cells in &s.grid.rows {
        row += 1;
        for (c, (cell, format)) in cells.iter().zip(&formats).enumerate() {
            write_cell(sheet, row, col(c), cell, format)?;
        }
    }
    let last_col = col(s.grid.columns.len().saturating_sub(1));
    if s.data {
        sheet.set_freeze_panes(first + 1, 0)?;
        sheet.autofilter(first, 0, row.max(first), last_col)?;
    }
    for (c, width) in widths(s.grid, l).into_iter().enumerate() {
        sheet.set_column_width(col(c), width)?;
    }
    Ok(())
}

/// A column index as the library takes it (a grid has a few dozen columns at most).
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn write_cell(sheet: &mut Worksheet, row: u32, c: u16, cell: &Cell, format: &Format) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => {
            sheet.write_string_with_format(row, c, neutralise(s), format)?;
        }
        Cell::Int(i) => match whole(*i) {
            Some(f) => {
                sheet.write_number_with_format(row, c, f, format)?;
            }
            None => {
                sheet.write_string(row, c, i.to_string())?;
            }
        },
        Cell::Dec(d) => match number(*d) {
            Some(f) => {
                sheet.write_number_with_format(row, c, f, format)?;
            }
            None => {
                sheet.write_string(row, c, d.to_string())?;
            }
        },
        Cell::Empty => {}
    }
    Ok(())
}

/// The floating-point value of an exact decimal, when it is the same number: read from the
/// decimal's text (correctly rounded), and accepted only if it prints back as that text, which
/// is what the workbook will hold.
pub fn number(d: Decimal) -> Option<f64> {
    let text = d.normalize().to_string();
    let f: f64 = text.parse().ok()?;
    (f.is_finite() && format!("{f}") == text).then_some(f)
}

/// A whole number as a floating-point value, when it is exact (below 2^53).
fn whole(i: i64) -> Option<f64> {
    const EXACT: i64 = 1 << 53;
    (-EXACT..=EXACT).contains(&i).then_some(i as f64)
}

/// Each column's width, in characters: its widest cell as a person reads it, or its label up
/// to 12 characters (a longer label wraps, word by word), plus a margin; between 6 and 48.
fn widths(g: &Grid, l: Lang) -> Vec<f64> {
    g.columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = c.label(l);
            let longest_word = label.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
            let cells = g.rows.iter().filter_map(|r| r.get(i)).map(|cell| people_text(cell, c.kind, l).chars().count());
            let widest = cells.chain([longest_word, label.chars().count().min(12)]).max().unwrap_or(0);
            f64::from(u32::try_from(widest.clamp(4, 46) + 2).unwrap_or(48))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_cross_into_numbers_only_when_exact() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(number(d("55.89")), Some(55.89));
        assert_eq!(number(d("4.625")), Some(4.625));
        assert_eq!(number(d("3.934295")), Some(3.934295));
        assert_eq!(number(d("-3.00")), Some(-3.0));
        assert_eq!(number(d("1234567890123.45")), Some(1234567890123.45));
        // More significant digits than a double holds: not a number cell.
        assert_eq!(number(d("12345678901234567.89")), None);
        assert_eq!(whole(1 << 53), Some(9007199254740992.0));
        assert_eq!(whole((1 << 53) + 1), None);
    }

    #[test]
    fn the_same_grid_gives_the_same_bytes() {
        use super::super::grid::Column;
        let mut g = Grid::new([Column::new("employee_id", "Matricola", "Employee", Kind::Text)]);
        g.push(vec![Cell::text("004512")]);
        let day = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        let one = |_| {
            let mut out = Vec::new();
            let sheets = [Sheet { name: "Dati".into(), title: Vec::new(), grid: &g, data: true }];
            write(&sheets, Lang::It, day, &mut out).unwrap();
            out
        };
        let a = one(0);
        assert!(a.starts_with(b"PK"), "a zip file");
        assert_eq!(a, one(1));
    }
}
