//! A CSV table with a header: dialect detection, column lookup by name, and the reading of its
//! rows, on several threads for a large file, with every row counted.
//!
//! The text comes from a [`TextReader`] a block of whole lines at a time and is cut into
//! records by the one [`Tokeniser`] with [`Quoting::Line`]: a table's cells never hold a line
//! break, so a quote left open at the end of a line is reported on that line
//! ([`Code::UnclosedQuote`]) and reading goes on with the next one. Since no record spans
//! lines, a block can be cut into pieces at line ends and the pieces read side by side; they
//! come back in file order.
//!
//! The delimiter is the one of `,` `;` TAB that occurs most often, outside quotes, on the header
//! line (TAB wins ties, then `;`: a header of one column has none, and reads as `,`). Header
//! names are matched ignoring case and surrounding spaces. A row with fewer cells than the
//! header is reported as [`Code::ShortRow`]; blank lines are not rows.
//!
//! **Every row counted.** Each piece keeps a [`Tally`]: rows read (records that are not blank
//! lines), rows used, rows reported. A row is reported when the tokeniser or the table refuses
//! it, when the [`RowReader`] refuses it (it then adds the anomaly that says why), or when the
//! caller's `each` refuses it (an unknown employee, a day outside the month); otherwise it is
//! used. So `read = used + reported` holds by construction, and the run checks it per file.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};
use crate::cell::trim;
use crate::message::{Arg, Message, Template};
use crate::position::Position;

use super::source::{Limits, TextReader};
use super::text::Encoding;
use super::tokeniser::{count_lines, Cells, Quoting, Record, Tokeniser};
use super::InputError;

static ROWS_UNACCOUNTED: Template = Template {
    it: "{0} righe lette, {1} usate e {2} segnalate: {3} righe né usate né segnalate \
         (un difetto di sportello, non del file: segnalatelo, per favore)",
    en: "{0} rows read, {1} used and {2} reported: {3} rows neither used nor reported \
         (a fault of sportello, not of the file: please report it)",
};

static UNCLOSED_QUOTE: Template = Template {
    it: "campo \"{0}\": la cella si apre con un \" che non si chiude sulla stessa riga; atteso un \" di \
         chiusura prima della fine della riga, oppure nessun \" all'inizio della cella; riga non usata",
    en: "field \"{0}\": a quote opens the cell and is not closed on its line; expected a closing \" before \
         the end of the line, or no \" at the start of the cell; row not used",
};

static SHORT_ROW: Template = Template {
    it: "la riga ha {0} celle, l'intestazione {1}; riga non usata",
    en: "the row has {0} cells, the header {1}; row not used",
};

static HEADER_QUOTE: Template = Template {
    it: "la cella {0} dell'intestazione apre un \" che non si chiude sulla stessa riga; attesi i nomi \
         delle colonne, ciascuno tutto tra virgolette o senza virgolette",
    en: "the header's cell {0} opens a quote that is not closed on its line; expected the column names, \
         each quoted whole or not at all",
};

/// A cell past the end of the header, named by its place.
static CELL_N: Template = Template { it: "cella {0}", en: "cell {0}" };

/// A count of rows or cells as a message writes it.
fn int(n: impl TryInto<i64>) -> Arg {
    Arg::Int(n.try_into().unwrap_or(i64::MAX))
}

/// What the reader found out about a file, for `inspect`-style reporting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// The encoding.
    pub encoding: Encoding,
    /// The field delimiter.
    pub delimiter: u8,
}

/// The rows of a file (or of a piece of one): read, used, reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records that are not blank lines (the header excluded).
    pub read: u64,
    /// Rows that went into the result.
    pub used: u64,
    /// Rows reported as anomalies and left out.
    pub reported: u64,
}

impl Tally {
    /// Adds another piece's counts.
    pub fn add(&mut self, other: &Tally) {
        self.read += other.read;
        self.used += other.used;
        self.reported += other.reported;
    }

    /// True when every row read was used or reported.
    pub fn balanced(&self) -> bool {
        self.read == self.used + self.reported
    }

    fn outcome(&mut self, used: bool) {
        self.read += 1;
        if used {
            self.used += 1;
        } else {
            self.reported += 1;
        }
    }
}

/// The rows of one file: read, used, reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRows {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// Its rows.
    pub tally: Tally,
}

impl FileRows {
    /// The anomaly that says the file's rows do not add up, when they do not.
    pub fn unaccounted(&self) -> Option<Anomaly> {
        let t = &self.tally;
        (!t.balanced()).then(|| {
            Anomaly::new(
                Code::RowsUnaccounted,
                Some(SourceRef::new(&self.file, 0)),
                Message::new(
                    &ROWS_UNACCOUNTED,
                    [int(t.read), int(t.used), int(t.reported), int(t.read.abs_diff(t.used + t.reported))],
                ),
            )
        })
    }

    /// `staff.csv: 12 rows, 11 used, 1 reported`.
    pub fn summary(&self) -> String {
        let t = &self.tally;
        format!("{}: {} rows, {} used, {} reported", self.file, t.read, t.used, t.reported)
    }
}

/// One data row, with its columns looked up by the names the importer asked for.
pub struct Row<'r> {
    /// 1-based line of the row in the file (the header is line 1 when it is the first line).
    pub line: u64,
    cells: Cells<'r>,
    columns: &'r [Option<usize>],
}

impl<'r> Row<'r> {
    /// The trimmed cell of the `i`-th requested column; `""` when the column is absent.
    pub fn get(&self, i: usize) -> &'r str {
        self.columns.get(i).copied().flatten().and_then(|c| self.cells.get(c)).map(trim).unwrap_or("")
    }

    /// True when the `i`-th requested column is in the file's header.
    pub fn has_column(&self, i: usize) -> bool {
        self.columns.get(i).copied().flatten().is_some()
    }

    /// The cells as written, for duplicate detection.
    pub fn cells(&self) -> impl Iterator<Item = &'r str> + '_ {
        self.cells.iter()
    }
}

/// The first line that is not blank, ended as the tokeniser ends a line: by LF, CRLF or a lone
/// CR. The delimiter is sniffed on it.
///
/// Quotes are not followed: a line end inside a quoted header cell ends the line here, which
/// can only get a file refused, never read as another format; and a stray `"` inside a cell
/// must not swallow the lines after it.
pub fn first_line(text: &str) -> &str {
    text.split(['\n', '\r']).find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Picks the delimiter from a header line.
pub fn sniff_delimiter(header_line: &str) -> u8 {
    let (mut tabs, mut semis, mut commas, mut quoted) = (0, 0, 0, false);
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => tabs += 1,
            ';' if !quoted => semis += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if tabs > 0 && tabs >= semis && tabs >= commas {
        b'\t'
    } else if semis > 0 && semis >= commas {
        b';'
    } else {
        b','
    }
}

/// The tokeniser of a table whose header line is `header_line`.
fn tokeniser_for(text: &str) -> Tokeniser {
    Tokeniser::new(sniff_delimiter(first_line(text)), Quoting::Line)
}

/// The header's cells as the readers see them: the first record, with the delimiter sniffed
/// from the first line; empty when there is none or it cannot be read. A file's format is
/// decided on these, so that a file is never taken for a format whose reader then sees another
/// header (and refuses it quoting its cells).
pub fn header_cells(text: &str) -> Vec<String> {
    tokeniser_for(text).first_record(text).ok().flatten().map(|(cells, _, _)| cells).unwrap_or_default()
}

/// The name a header cell is matched by: trimmed, without a BOM, lower-cased.
pub fn column_key(cell: &str) -> String {
    cell.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// How an importer turns a table row into its own row: the columns it asks for, the state it
/// keeps from one row to the next, and the reading itself (which reports a row it refuses).
pub trait RowReader: Sync {
    /// What one reader remembers between rows (each piece of a file has its own).
    type State: Default + Send;
    /// A usable row, borrowing the file's text.
    type Row<'a>;
    /// Columns that must be in the header.
    const REQUIRED: &'static [&'static str];
    /// Columns that may be.
    const OPTIONAL: &'static [&'static str];
    /// Reads one row, or reports why it cannot be used (and returns `None`).
    fn read<'a>(
        &self,
        file: &Arc<str>,
        row: &Row<'a>,
        state: &mut Self::State,
        anomalies: &mut Vec<Anomaly>,
    ) -> Option<Self::Row<'a>>;
}

/// What one piece of a file gave: the caller's state, the anomalies found in it, its rows.
#[derive(Debug)]
pub struct Piece<S> {
    /// The state `each` filled.
    pub state: S,
    /// The anomalies of the piece's rows, in file order.
    pub anomalies: Vec<Anomaly>,
    /// The piece's rows.
    pub tally: Tally,
}

/// A whole file read: its pieces in file order, its dialect and its rows.
#[derive(Debug)]
pub struct ReadFile<S> {
    /// The pieces, in file order.
    pub pieces: Vec<Piece<S>>,
    /// What was found out about the file.
    pub dialect: Dialect,
    /// Every row of the file.
    pub tally: Tally,
}

/// Below this many bytes of rows a block is read on one thread: starting threads costs more.
const MIN_PARALLEL_BYTES: usize = 1 << 20;

/// Reads a table through `reader`, from a [`TextReader`] block by block, each block cut into up
/// to `threads` pieces read side by side. Each piece gets its own state from `init`; `each` takes
/// every usable row and says whether it used it (`false`: it reported it).
pub fn read_from<R: RowReader, S: Send, Src: Read>(
    reader: &R,
    source: &mut TextReader<Src>,
    threads: usize,
    init: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, R::Row<'_>) -> bool + Sync,
) -> Result<ReadFile<S>, InputError> {
    let mut pieces = Vec::new();
    let mut tally = Tally::default();
    let dialect = for_each_block(source, R::REQUIRED, R::OPTIONAL, |table, block, body, line| {
        let (cuts, next_line) = table.pieces(block, body, line, threads, MIN_PARALLEL_BYTES);
        let read = |(range, at): &(Range<usize>, u64)| {
            let mut piece = Piece { state: init(), anomalies: Vec::new(), tally: Tally::default() };
            let mut rows = R::State::default();
            table.rows(block, range.clone(), *at, &mut piece.anomalies, &mut piece.tally, |row, anomalies| {
                match read_one(reader, &table.file, row, &mut rows, anomalies) {
                    Some(r) => each(&mut piece.state, r),
                    None => false,
                }
            });
            piece
        };
        // One thread per piece: the pieces were cut for the threads.
        for piece in crate::parallel::map_in_order(&cuts, cuts.len(), read) {
            tally.add(&piece.tally);
            pieces.push(piece);
        }
        next_line
    })?;
    Ok(ReadFile { pieces, dialect, tally })
}

/// [`read_from`] of a file's bytes in memory, on one thread, handing every usable row to `each`
/// (which says whether it used it). The anomalies go to `anomalies`.
pub fn read_rows<R: RowReader>(
    reader: &R,
    file: &Arc<str>,
    bytes: &[u8],
    anomalies: &mut Vec<Anomaly>,
    mut each: impl FnMut(R::Row<'_>) -> bool,
) -> Result<(Dialect, Tally), InputError> {
    let mut source = TextReader::new(bytes, file, &Limits::default());
    let mut tally = Tally::default();
    let mut rows = R::State::default();
    let dialect = for_each_block(&mut source, R::REQUIRED, R::OPTIONAL, |table, block, body, line| {
        table.rows(block, body, line, anomalies, &mut tally, |row, anomalies| {
            match read_one(reader, &table.file, row, &mut rows, anomalies) {
                Some(r) => each(r),
                None => false,
            }
        })
    })?;
    Ok((dialect, tally))
}

/// One row through `reader`, which reports every row it refuses (checked in debug builds).
fn read_one<'a, R: RowReader>(
    reader: &R,
    file: &Arc<str>,
    row: &Row<'a>,
    state: &mut R::State,
    anomalies: &mut Vec<Anomaly>,
) -> Option<R::Row<'a>> {
    let before = anomalies.len();
    let read = reader.read(file, row, state, anomalies);
    debug_assert!(read.is_some() || anomalies.len() > before, "{file}:{}: a row left out without a word", row.line);
    read
}

/// Reads a CSV file with a header, calling `each` for every complete data row; `each` reports
/// a row it cannot use in the anomalies it is given, and says whether it used the row.
///
/// `required` columns must be in the header, else the whole file is refused; `optional` ones may
/// be missing. The row's columns are indexed in the order `required` then `optional`.
pub fn read(
    file: &Arc<str>,
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
    anomalies: &mut Vec<Anomaly>,
    mut each: impl FnMut(&Row<'_>, &mut Vec<Anomaly>) -> bool,
) -> Result<(Dialect, Tally), InputError> {
    let mut source = TextReader::new(bytes, file, &Limits::default());
    let mut tally = Tally::default();
    let dialect = for_each_block(&mut source, required, optional, |table, block, body, line| {
        table.rows(block, body, line, anomalies, &mut tally, &mut each)
    })?;
    Ok((dialect, tally))
}

/// Reads the header, then hands each block with the range of its rows and their first line to
/// `rows`, which gives the line after them.
fn for_each_block<Src: Read>(
    source: &mut TextReader<Src>,
    required: &[&str],
    optional: &[&str],
    mut rows: impl FnMut(&Table, &str, Range<usize>, u64) -> u64,
) -> Result<Dialect, InputError> {
    let file = Arc::clone(source.file());
    let mut table: Option<Table> = None;
    let mut line = 1u64;
    while let Some(block) = source.next_block()? {
        let (table, start) = match &table {
            Some(t) => (t, 0),
            None => match Table::open(&file, block, line, required, optional)? {
                Some((opened, start, body_line)) => {
                    line = body_line;
                    (&*table.insert(opened), start)
                }
                // Only blank lines so far: the header is in a later block.
                None => {
                    line += count_lines(block.as_bytes());
                    continue;
                }
            },
        };
        line = rows(table, block, start..block.len(), line);
    }
    match table {
        Some(t) => {
            Ok(Dialect { encoding: source.encoding().unwrap_or(Encoding::Utf8), delimiter: t.tokeniser.delimiter })
        }
        None => Err(InputError::Empty { at: Position::whole_file(file.to_string()), expected: required.join(", ") }),
    }
}

/// Where a block's body is cut: contiguous ranges, each with the line it starts on.
type Cuts = Vec<(Range<usize>, u64)>;

/// A table's header, read: what every row is read with.
struct Table {
    file: Arc<str>,
    tokeniser: Tokeniser,
    /// The header's cells, for messages (the field of an unclosed quote, a short row).
    header: Vec<String>,
    columns: Vec<Option<usize>>,
    /// Cells a row needs to have every requested column present in the header.
    needed: usize,
}

impl Table {
    /// Reads the header from the first block, which starts on `line`: the table, the offset
    /// where its rows start and their first line. `None` when the block holds only blank lines.
    fn open(
        file: &Arc<str>,
        block: &str,
        line: u64,
        required: &[&str],
        optional: &[&str],
    ) -> Result<Option<(Table, usize, u64)>, InputError> {
        let tokeniser = tokeniser_for(block);
        let (header, header_line, body_start) = match tokeniser.first_record(block) {
            Ok(Some(found)) => found,
            Ok(None) => return Ok(None),
            Err((at, field)) => {
                return Err(InputError::Malformed {
                    at: Position::new(file.to_string(), line + at - 1),
                    reason: Message::new(&HEADER_QUOTE, [int(field + 1)]),
                })
            }
        };
        let header_line = line + header_line - 1;
        let mut names: HashMap<String, usize> = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            // The first of two equal names wins.
            names.entry(column_key(h)).or_insert(i);
        }
        let mut columns = Vec::with_capacity(required.len() + optional.len());
        for name in required {
            match names.get(*name) {
                Some(&i) => columns.push(Some(i)),
                None => {
                    return Err(InputError::MissingColumn {
                        at: Position::new(file.to_string(), header_line).with_field(*name),
                        found: header
                            .iter()
                            .map(|h| format!("\"{}\"", super::values::shown(h)))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
            }
        }
        columns.extend(optional.iter().map(|name| names.get(*name).copied()));
        let needed = columns.iter().flatten().max().map_or(0, |m| m + 1);
        let body_line = line + count_lines(block.as_bytes().get(..body_start).unwrap_or_default());
        let table = Table { file: Arc::clone(file), tokeniser, header, columns, needed };
        Ok(Some((table, body_start, body_line)))
    }

    /// `text[range]`, which starts on `line`, cut into about `n` pieces of at least `min_bytes`
    /// at line ends, each with the line it starts on; and the line after the range.
    fn pieces(&self, text: &str, range: Range<usize>, line: u64, n: usize, min_bytes: usize) -> (Cuts, u64) {
        let bytes = text.as_bytes();
        let n = n.clamp(1, 64).min(range.len() / min_bytes.max(1)).max(1);
        let mut out = Vec::with_capacity(n);
        let (mut start, mut line) = (range.start, line);
        for k in 1..=n {
            let end = if k == n {
                range.end
            } else {
                let target = (range.start + range.len() / n * k).max(start);
                match memchr::memchr(b'\n', bytes.get(target..range.end).unwrap_or_default()) {
                    Some(i) => target + i + 1,
                    None => range.end,
                }
            };
            if end > start {
                out.push((start..end, line));
                line += count_lines(&bytes[start..end]);
            }
            start = end;
        }
        (out, line)
    }

    /// Hands every data row of `text[range]` (which starts on `line`) to `each`, which says
    /// whether the row was used; counts the rows in `tally`. Gives the line after the range.
    fn rows(
        &self,
        text: &str,
        range: Range<usize>,
        line: u64,
        anomalies: &mut Vec<Anomaly>,
        tally: &mut Tally,
        mut each: impl FnMut(&Row<'_>, &mut Vec<Anomaly>) -> bool,
    ) -> u64 {
        let stop = self.tokeniser.records(text, range, line, |record| {
            match record {
                Record::Cells { cells, .. } if cells.is_blank() => {}
                Record::Unclosed { line, field } => {
                    tally.outcome(false);
                    anomalies.push(Anomaly::new(
                        Code::UnclosedQuote,
                        Some(SourceRef::new(&self.file, line)),
                        Message::new(&UNCLOSED_QUOTE, [self.field_name(field)]),
                    ));
                }
                Record::Cells { line, cells } if cells.len() < self.needed => {
                    tally.outcome(false);
                    anomalies.push(Anomaly::new(
                        Code::ShortRow,
                        Some(SourceRef::new(&self.file, line)),
                        Message::new(&SHORT_ROW, [int(cells.len()), int(self.header.len())]),
                    ));
                }
                Record::Cells { line, cells } => {
                    let used = each(&Row { line, cells, columns: &self.columns }, anomalies);
                    tally.outcome(used);
                }
            }
            true
        });
        stop.line
    }

    /// The header's name of a cell, or its position when the header is shorter.
    fn field_name(&self, field: usize) -> Arg {
        match self.header.get(field) {
            Some(name) => Arg::text(super::values::shown(trim(name))),
            None => Arg::Message(Box::new(Message::new(&CELL_N, [int(field + 1)]))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Collected = (Result<Dialect, InputError>, Vec<(u64, String, String)>, Vec<Anomaly>);

    fn collect(bytes: &[u8]) -> Collected {
        let file: Arc<str> = Arc::from("t.csv");
        let mut rows = Vec::new();
        let mut anomalies = Vec::new();
        let r = read(&file, bytes, &["a"], &["b", "zzz"], &mut anomalies, |row, _| {
            rows.push((row.line, row.get(0).to_string(), row.get(1).to_string()));
            assert_eq!(row.get(2), "");
            true
        });
        (r.map(|(d, _)| d), rows, anomalies)
    }

    #[test]
    fn the_first_line_ends_where_the_tokeniser_ends_a_line() {
        assert_eq!(first_line("\r\n  \na;b\r\n1;2\n"), "a;b");
        assert_eq!(first_line("a\rb,c,d\n"), "a");
        assert_eq!(first_line(" \t"), "");
        // A stray quote inside a cell does not carry the line on.
        assert_eq!(first_line("a,b\"c,d\n1;2\";3\n"), "a,b\"c,d");
        let (r, _, _) = collect(b"a,b\"c,d\n1;2\";3;4;5\n");
        assert!(r.is_ok(), "{r:?}");
        // So a lone CR before the commas leaves a header of one column, read as `,`.
        let (r, rows, _) = collect(b"a\rb;c;d\n1;2\n");
        assert!(r.is_ok());
        assert_eq!(rows.first().map(|r| r.1.as_str()), Some("b;c;d"));
    }

    #[test]
    fn delimiters_and_header_case() {
        for src in ["A,B\n1,x\n", " a ;b\r\n1;x\r\n", "a\tB\n1\tx", "\u{feff}a,b\n1,x\n"] {
            let (r, rows, _) = collect(src.as_bytes());
            assert!(r.is_ok(), "{src:?}");
            assert_eq!(rows, vec![(2, "1".to_string(), "x".to_string())], "{src:?}");
        }
        assert_eq!(sniff_delimiter("\"a;b\",c"), b',');
    }

    #[test]
    fn short_rows_and_blank_lines() {
        let (_, rows, anomalies) = collect(b"a,b\n\n1,x\n2\n,\n");
        assert_eq!(rows, vec![(3, "1".into(), "x".into())]);
        assert_eq!(anomalies.len(), 1);
        assert_eq!(anomalies[0].code, Code::ShortRow);
        assert_eq!(anomalies[0].source.as_ref().unwrap().line, 4);
    }

    #[test]
    fn a_stray_quote_costs_one_row_named_by_its_field() {
        let (r, rows, anomalies) = collect(b"a,b\n1,\"x\n2,y\n\"3,z\n4,\"w\"\n");
        assert!(r.is_ok());
        assert_eq!(rows, vec![(3, "2".into(), "y".into()), (5, "4".into(), "w".into())]);
        let got: Vec<_> = anomalies.iter().map(|a| (a.source.as_ref().unwrap().line, a.code)).collect();
        assert_eq!(got, vec![(2, Code::UnclosedQuote), (4, Code::UnclosedQuote)]);
        assert!(
            anomalies[0].message.en().starts_with("field \"b\": a quote opens the cell"),
            "{}",
            anomalies[0].message
        );
        assert!(anomalies[1].message.en().starts_with("field \"a\""));
        let (r, _, _) = collect(b"a,\"b\n1,2\n");
        assert!(r.unwrap_err().to_string().contains("line 1: the header's cell 2 opens a quote"));
    }

    #[test]
    fn missing_column_names_file_line_and_column() {
        let (r, _, _) = collect(b"x,b\n1,2\n");
        let msg = r.unwrap_err().to_string();
        assert_eq!(msg, "t.csv: line 1: missing column \"a\" (the header has: \"x\", \"b\")");
        let (r, _, _) = collect(b"");
        assert!(r.unwrap_err().to_string().contains("empty"));
    }

    /// A reader that keeps every row's line and cells, and refuses rows whose `a` is `no`.
    struct Keep;

    impl RowReader for Keep {
        type State = ();
        type Row<'a> = (u64, Vec<String>);
        const REQUIRED: &'static [&'static str] = &["a"];
        const OPTIONAL: &'static [&'static str] = &["b"];
        fn read<'a>(&self, f: &Arc<str>, row: &Row<'a>, _: &mut (), found: &mut Vec<Anomaly>) -> Option<Self::Row<'a>> {
            if row.get(0) == "no" {
                found.push(Anomaly::new(Code::BadValue, Some(SourceRef::new(f, row.line)), "no"));
                return None;
            }
            Some((row.line, row.cells().map(str::to_string).collect()))
        }
    }

    type Seen = (Vec<(u64, Vec<String>)>, Vec<(u64, Code)>, Tally);

    /// Every row and anomaly of `text` read in blocks of about `block` bytes on `threads`.
    fn seen(text: &str, block: usize, threads: usize) -> Result<Seen, String> {
        let file: Arc<str> = Arc::from("t.csv");
        let mut source = TextReader::with(text.as_bytes(), &file, 1 << 30, "--max-input-mib", 1 << 10, block);
        let read = read_from(&Keep, &mut source, threads, Vec::new, |rows, r| {
            let used = r.1.first().is_none_or(|c| c != "drop");
            if !used {
                // (A caller that refuses a row reports it.)
                return false;
            }
            rows.push(r);
            true
        })
        .map_err(|e| e.to_string())?;
        let rows = read.pieces.iter().flat_map(|p| p.state.iter().cloned()).collect();
        let found = read
            .pieces
            .iter()
            .flat_map(|p| p.anomalies.iter().map(|a| (a.source.as_ref().map_or(0, |s| s.line), a.code)));
        Ok((rows, found.collect(), read.tally))
    }

    /// True when csv_core reads `line` as a record of empty cells (or no record at all).
    fn blank_by_csv_core(line: &str) -> bool {
        let mut r = csv_core::ReaderBuilder::new().delimiter(b';').build();
        let (mut out, mut ends) = ([0u8; 256], [0usize; 64]);
        let (res, _, nout, _) = r.read_record(format!("{line}\n").as_bytes(), &mut out, &mut ends);
        match res {
            csv_core::ReadRecordResult::Record => out[..nout].iter().all(|b| b.is_ascii_whitespace()),
            // An unclosed quote is a row read (and reported); an empty line is no record.
            _ => !line.contains('"'),
        }
    }

    proptest::proptest! {
        // Blocks and pieces read as the whole file: the same rows, lines and anomalies, in the
        // same order; and every row read is used or reported.
        #[test]
        fn blocks_and_pieces_read_as_the_whole_file(
            body in "((no|[ab1é \"]{0,10})[;\t]([ab1\"]{0,6})(\n|\r\n|\r)){0,60}",
            block in 1024usize..3000,
            threads in 1usize..4,
        ) {
            let text = format!("a;b\n{body}");
            let whole = seen(&text, 1 << 20, 1).map_err(proptest::test_runner::TestCaseError::fail)?;
            let parts = seen(&text, block, threads).map_err(proptest::test_runner::TestCaseError::fail)?;
            proptest::prop_assert_eq!(&parts, &whole);
            let tally = whole.2;
            proptest::prop_assert!(tally.balanced(), "{:?}", tally);
            let lines: Vec<&str> = text.split("\r\n").flat_map(|l| l.split(['\n', '\r'])).skip(1).collect();
            let records = lines.iter().filter(|l| !blank_by_csv_core(l)).count();
            proptest::prop_assert_eq!(tally.read, records as u64);
            proptest::prop_assert_eq!(tally.reported as usize, whole.1.len());
        }
    }

    #[test]
    fn a_large_block_is_read_on_several_threads_in_file_order() {
        let mut text = String::from("a,b\n");
        for i in 0..300_000 {
            text.push_str(&format!("{i},x\n"));
            if i % 1000 == 0 {
                text.push_str("\r\n,\n1\n\"q,\n");
            }
        }
        let (rows1, found1, tally1) = seen(&text, 64 << 20, 1).unwrap();
        let file: Arc<str> = Arc::from("t.csv");
        let mut source = TextReader::with(text.as_bytes(), &file, 1 << 30, "--max-input-mib", 1 << 10, 64 << 20);
        let read = read_from(&Keep, &mut source, 3, Vec::new, |v: &mut Vec<_>, r| {
            v.push(r);
            true
        })
        .unwrap();
        assert!(read.pieces.len() >= 2, "a block of 2 MB or more is cut in pieces");
        let (rows3, found3, tally3) = seen(&text, 64 << 20, 3).unwrap();
        assert_eq!((rows3, found3, tally3), (rows1, found1, tally1));
        assert_eq!(tally1.reported, 2 * 300);
    }
}
