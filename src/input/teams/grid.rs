//! Rows and cells of a delimited export, and its blocks: title lines, key–value lines, tables.
//!
//! Teams writes TAB-separated cells and never quotes them (a cell may hold a comma:
//! `3/4/2021, 9:00:05 AM`); Excel re-saves with `,` or `;` and quotes where needed. So TAB files
//! are split without quoting, the others with RFC 4180 quoting, by the one tokeniser of every
//! delimited input. Every row keeps its 1-based line (LF, CRLF or a lone CR end a line; a line
//! break inside quotes still counts).
//!
//! Blocks are recognised by **shape**, never by words, so that a language never seen still
//! reads: a row with one non-empty cell is a *title* (`Meeting Summary`, `1. Summary`,
//! `2. Participants`…), a row with two is a *key–value* line of a summary, and a row with three
//! or more starts a *table* (its header), which runs to the next blank line or title. Trailing
//! empty cells (Excel pads rows) do not count.

use crate::input::tokeniser::{Quoting, Record, Tokeniser};

use super::clock::parse_stamp;
use super::vocab::spaces;

/// The most columns a table is examined for: Teams exports have about a dozen; the cap keeps
/// the work linear on garbage with very wide rows.
pub(crate) const MAX_COLUMNS: usize = 64;

/// One physical row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    /// The 1-based line where the row starts.
    pub(crate) line: u64,
    /// The cells, trimmed of spaces and invisible marks.
    pub(crate) cells: Vec<String>,
}

impl Row {
    /// The number of cells up to the last non-empty one.
    pub(crate) fn width(&self) -> usize {
        self.cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)
    }

    /// The `i`-th cell, `""` when the row is shorter.
    pub(crate) fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }

    /// True when some cell reads as a timestamp.
    pub(crate) fn has_stamp(&self) -> bool {
        self.cells.iter().any(|c| parse_stamp(c).is_some())
    }
}

/// Trims spaces (any Unicode space) and invisible marks at both ends.
pub(crate) fn clean(cell: &str) -> String {
    let trimmed = cell.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{061C}')
    });
    trimmed.to_string()
}

/// Splits text into rows, blank rows included, with the one tokeniser of every delimited input
/// ([`crate::input::tokeniser`]): quoted cells may span lines when `quoting` (Excel re-saves),
/// and a line break inside a cell becomes a space; without `quoting` a `"` is a character (Teams
/// writes its TAB files so).
pub(crate) fn split(text: &str, delim: char, quoting: bool) -> Vec<Row> {
    let quoting = if quoting { Quoting::Spanning } else { Quoting::Off };
    let Ok(delimiter) = u8::try_from(delim) else { return Vec::new() };
    let mut rows = Vec::new();
    Tokeniser::new(delimiter, quoting).records(text, 0..text.len(), 1, |record| {
        if let Record::Cells { line, cells } = record {
            let cells = cells.iter().map(|c| clean(&c.replace(['\r', '\n'], " "))).collect();
            rows.push(Row { line, cells });
        }
        true
    });
    rows
}

/// The delimiters worth trying on a text, most likely first: TAB when the text has one, then
/// `;` and `,` by how often they occur outside quotes.
pub(crate) fn candidate_delimiters(text: &str) -> Vec<char> {
    let (mut tabs, mut semis, mut commas, mut quoted) = (0usize, 0usize, 0usize, false);
    for c in text.chars().take(64 * 1024) {
        match c {
            '"' => quoted = !quoted,
            '\t' => tabs += 1,
            ';' if !quoted => semis += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(3);
    if tabs > 0 {
        out.push('\t');
    }
    if semis > commas {
        out.extend([';', ',']);
    } else {
        out.extend([',', ';']);
    }
    if tabs == 0 {
        out.push('\t');
    }
    out
}

/// A table: a header row and the rows under it.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// True when a title line comes right before the header (`2. Participants`).
    pub(crate) titled: bool,
    /// The header row.
    pub(crate) header: Row,
    /// The data rows, blank rows excluded.
    pub(crate) rows: Vec<Row>,
}

/// One block of an export.
#[derive(Clone, Debug)]
pub(crate) enum Block {
    /// A row with one cell.
    Title(Row),
    /// A row with two cells.
    Pair(Row),
    /// A header and its rows.
    Table(Table),
}

fn looks_like_header(row: Option<&Row>) -> bool {
    row.is_some_and(|r| r.width() >= 3 && !r.has_stamp())
}

/// Groups rows into blocks (module documentation).
pub(crate) fn blocks(rows: Vec<Row>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut table: Option<Table> = None;
    let mut it = rows.into_iter().peekable();
    while let Some(row) = it.next() {
        let width = row.width();
        if width == 0 {
            if let Some(t) = table.take() {
                out.push(Block::Table(t));
            }
            continue;
        }
        if let Some(t) = table.as_mut() {
            // A one-cell row inside a table is a section title only when a header follows.
            if width == 1 && looks_like_header(it.peek()) {
                if let Some(t) = table.take() {
                    out.push(Block::Table(t));
                }
                out.push(Block::Title(row));
            } else {
                t.rows.push(row);
            }
            continue;
        }
        match width {
            1 => out.push(Block::Title(row)),
            2 => out.push(Block::Pair(row)),
            _ => {
                let titled = matches!(out.last(), Some(Block::Title(_)));
                table = Some(Table { titled, header: row, rows: Vec::new() });
            }
        }
    }
    if let Some(t) = table.take() {
        out.push(Block::Table(t));
    }
    out
}

impl Table {
    /// The widest of the header and the rows, at most [`MAX_COLUMNS`].
    pub(crate) fn width(&self) -> usize {
        let widest = self.rows.iter().map(Row::width).chain(std::iter::once(self.header.width())).max();
        widest.unwrap_or(0).min(MAX_COLUMNS)
    }

    /// Columns whose non-empty cells are mostly timestamps (at least one, more than half).
    pub(crate) fn time_columns(&self) -> Vec<usize> {
        (0..self.width())
            .filter(|&c| {
                let (mut filled, mut stamps) = (0usize, 0usize);
                for r in &self.rows {
                    let cell = r.cell(c);
                    if !cell.is_empty() {
                        filled += 1;
                        if parse_stamp(cell).is_some() {
                            stamps += 1;
                        }
                    }
                }
                stamps > 0 && stamps * 2 > filled && parse_stamp(self.header.cell(c)).is_none()
            })
            .collect()
    }

    /// True when more than half of the column's non-empty cells, and one at least, satisfy
    /// `pred`: one damaged cell does not hide a column.
    pub(crate) fn column_mostly(&self, c: usize, pred: impl Fn(&str) -> bool) -> bool {
        let (mut filled, mut hits) = (0usize, 0usize);
        for r in &self.rows {
            let cell = r.cell(c);
            if !cell.is_empty() {
                filled += 1;
                if pred(cell) {
                    hits += 1;
                }
            }
        }
        hits > 0 && hits * 2 > filled
    }
}

/// Collapses inner spaces of a display name: the key of a person within one list.
pub(crate) fn person_key(name: &str) -> String {
    spaces(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(rows: &[Row]) -> Vec<(u64, Vec<&str>)> {
        rows.iter().map(|r| (r.line, r.cells.iter().map(String::as_str).collect())).collect()
    }

    #[test]
    fn tab_rows_keep_commas_and_quotes() {
        let rows = split("Full Name\tTimestamp\n\"Bob\", Jr\t3/4/2021, 9:00:05 AM\n", '\t', false);
        assert_eq!(
            cells(&rows),
            vec![(1, vec!["Full Name", "Timestamp"]), (2, vec!["\"Bob\", Jr", "3/4/2021, 9:00:05 AM"])]
        );
    }

    #[test]
    fn quoted_rows_and_line_numbers() {
        let rows = split("a,b\r\n\"x, \"\"y\"\"\",\"multi\nline\"\r\n\r\nlast,1", ',', true);
        assert_eq!(
            cells(&rows),
            vec![(1, vec!["a", "b"]), (2, vec!["x, \"y\"", "multi line"]), (4, vec![""]), (5, vec!["last", "1"])]
        );
    }

    #[test]
    fn delimiter_candidates() {
        assert_eq!(candidate_delimiters("a\tb"), vec!['\t', ',', ';']);
        assert_eq!(candidate_delimiters("a;b;\"c,d\";x, y"), vec![';', ',', '\t']);
        assert_eq!(candidate_delimiters("a,b"), vec![',', ';', '\t']);
    }

    #[test]
    fn blocks_by_shape() {
        let text = "1. Resumo\nT\tx\nStart\t3/14/24, 2:30:04 PM\n\n2. Xyz\nA\tB\tC\nn\t3/14/24, 2:30:04 PM\t3/14/24, 2:40:04 PM\n\n3. Q\nA\tB\tC\n";
        let b = blocks(split(text, '\t', false));
        let shape: Vec<String> = b
            .iter()
            .map(|b| match b {
                Block::Title(r) => format!("T{}", r.line),
                Block::Pair(r) => format!("P{}", r.line),
                Block::Table(t) => format!("{}{}:{}", if t.titled { "t" } else { "u" }, t.header.line, t.rows.len()),
            })
            .collect();
        assert_eq!(shape, vec!["T1", "P2", "P3", "T5", "t6:1", "T9", "t10:0"]);
    }
}
