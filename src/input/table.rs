//! A CSV table with a header: dialect detection, column lookup by name, and reading the rows
//! of a large file on several threads.
//!
//! The delimiter is the one of `,` `;` TAB that occurs most often, outside quotes, on the header
//! line (TAB wins ties, then `;`: a header of one column has none, and reads as `,`). Header
//! names are matched ignoring case and surrounding spaces. A row with fewer cells than the
//! header is reported as [`Code::ShortRow`]; blank lines are not rows.
//!
//! **Two tokenisers, one meaning.** A file with a `"` anywhere is read by the `csv` crate,
//! which knows quoting. A file without any — every export the engine reads in bulk — is cut at
//! line ends and delimiters directly, which is several times faster and, without quotes, means
//! exactly what the `csv` crate reads (a property test holds the two together): a record ends
//! at `\n`, `\r` or `\r\n`, and lines are counted by `\n`. Only such a file can be cut into
//! pieces at line ends and read on several threads ([`read_parallel`]): inside quotes a line
//! end is not a record end, so a quoted file is always read in one piece.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};

use super::text::{decode, trim, Encoding};
use super::InputError;

/// What the reader found out about a file, for `inspect`-style reporting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// The encoding.
    pub encoding: Encoding,
    /// The field delimiter.
    pub delimiter: u8,
}

/// The cells of one record, from either tokeniser.
#[derive(Clone, Copy)]
enum Cells<'r> {
    Csv(&'r csv::StringRecord),
    /// Byte ranges of `text`.
    Split {
        text: &'r str,
        bounds: &'r [(usize, usize)],
    },
}

impl<'r> Cells<'r> {
    fn len(&self) -> usize {
        match self {
            Cells::Csv(r) => r.len(),
            Cells::Split { bounds, .. } => bounds.len(),
        }
    }

    fn get(&self, i: usize) -> Option<&'r str> {
        match *self {
            Cells::Csv(r) => r.get(i),
            // Bounds fall on ASCII delimiters and line ends: always character boundaries.
            Cells::Split { text, bounds } => bounds.get(i).and_then(|&(s, e)| text.get(s..e)),
        }
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

    /// The cells as written, for duplicate detection.
    pub fn cells(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.cells.len()).map(|i| self.cells.get(i).unwrap_or(""))
    }
}

/// The first line that is not blank, ended as the tokenisers end a record: by LF, CRLF or a
/// lone CR (`str::lines` keeps a lone CR inside the line, and would then sniff the delimiter of
/// a line that no reader sees as the header).
///
/// Quotes are not followed. A line end inside a quoted header cell ends the line here, which
/// can only get a file refused, never read as another format. Following quotes would need the
/// csv crate's rule (only a quote that opens a cell quotes), and the delimiter is what this
/// line is for: a stray `"` inside a cell must not swallow the lines after it.
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

/// Reads a CSV file with a header, calling `each` for every complete data row.
///
/// `required` columns must be in the header, else the whole file is refused; `optional` ones may
/// be missing. The row's columns are indexed in the order `required` then `optional`.
pub fn read(
    file: &Arc<str>,
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
    anomalies: &mut Vec<Anomaly>,
    mut each: impl FnMut(&Row<'_>, &mut Vec<Anomaly>),
) -> Result<Dialect, InputError> {
    let (text, encoding) = decode(bytes).map_err(|reason| InputError::Encoding { file: file.to_string(), reason })?;
    let table = Table::open(file, &text, required, optional, Tokeniser::choose(&text))?;
    table.rows(table.body.clone(), table.body_line, anomalies, &mut each)?;
    Ok(Dialect { encoding, delimiter: table.delimiter })
}

/// What one piece of a file gave: the reader's state and the anomalies found in it.
pub type Piece<S> = (S, Vec<Anomaly>);

/// [`read`] on up to `threads` threads, for files of millions of rows.
///
/// The rows are cut into contiguous pieces at line ends (only when the file has no quotes; else
/// it is one piece). Each piece gets its own state from `init` and its own anomaly list; the
/// pieces come back in file order, so the caller can join them into the result one thread
/// would have given.
pub fn read_parallel<S: Send>(
    file: &Arc<str>,
    bytes: &[u8],
    required: &[&str],
    optional: &[&str],
    threads: usize,
    init: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, &Row<'_>, &mut Vec<Anomaly>) + Sync,
) -> Result<(Vec<Piece<S>>, Dialect), InputError> {
    let (text, encoding) = decode(bytes).map_err(|reason| InputError::Encoding { file: file.to_string(), reason })?;
    let (table, pieces) = Table::open_in_pieces(file, &text, required, optional, threads)?;
    let parts = table.read_pieces(pieces, &init, &each)?;
    Ok((parts, Dialect { encoding, delimiter: table.delimiter }))
}

/// A file without quotes read block by block: the memory of one block, whatever the file's
/// size. The caller reads the blocks, each of whole lines, and hands them over in file order:
/// the first to [`Blocks::open`], which reads the header, then each to [`Blocks::read_rows`].
/// The pieces of every block come back in file order, as [`read_rows_parallel`] gives them for
/// the whole file.
pub struct Blocks<'f> {
    /// The header's findings (its text is not kept).
    head: Table<'f>,
    /// The line the next block starts on.
    line: u64,
    encoding: Encoding,
}

impl<'f> Blocks<'f> {
    /// Reads the header from the first block (whole lines of UTF-8 text) and gives the offset
    /// where its rows start. `None` when the block cannot begin a streamed read — it has a quote
    /// (quoted files are read whole, by the `csv` crate), or no usable header — so that the file
    /// is read whole and judged as a whole.
    pub fn open(
        file: &'f Arc<str>,
        first: &str,
        encoding: Encoding,
        required: &[&str],
        optional: &[&str],
    ) -> Option<(Blocks<'f>, usize)> {
        if Tokeniser::choose(first) != Tokeniser::Split {
            return None;
        }
        // A file whose header is refused is read whole, so that it is refused as a whole.
        let table = Table::open(file, first, required, optional, Tokeniser::Split).ok()?;
        // Field by field: the header's findings outlive the block's text.
        let head = Table {
            file,
            text: "",
            tokeniser: Tokeniser::Split,
            delimiter: table.delimiter,
            header_cells: table.header_cells,
            columns: table.columns,
            needed: table.needed,
            body: 0..0,
            body_line: table.body_line,
        };
        Some((Blocks { head, line: table.body_line, encoding }, table.body.start))
    }

    /// The rows of the next block of whole lines, cut into up to `threads` pieces read side
    /// by side. `None` when the block has a quote: the file must then be read whole.
    pub fn read_rows<R: RowReader, S: Send>(
        &mut self,
        reader: &R,
        text: &str,
        threads: usize,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, R::Row<'_>) + Sync,
    ) -> Result<Option<Vec<Piece<S>>>, InputError> {
        if Tokeniser::choose(text) != Tokeniser::Split {
            return Ok(None);
        }
        let table =
            Table { text, body: 0..text.len(), body_line: self.line, columns: self.head.columns.clone(), ..self.head };
        let (pieces, next_line) = table.pieces(threads, MIN_PARALLEL_BYTES);
        self.line = next_line;
        table.read_pieces_through(reader, pieces, init, each).map(Some)
    }

    /// What was found out about the file.
    pub fn dialect(&self) -> Dialect {
        Dialect { encoding: self.encoding, delimiter: self.head.delimiter }
    }
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
    /// Reads one row, or reports why it cannot be used.
    fn read<'a>(
        &self,
        file: &Arc<str>,
        row: &Row<'a>,
        state: &mut Self::State,
        anomalies: &mut Vec<Anomaly>,
    ) -> Option<Self::Row<'a>>;
}

/// [`read`] through a [`RowReader`], handing each usable row to `each`.
pub fn read_rows<R: RowReader>(
    reader: &R,
    file: &Arc<str>,
    bytes: &[u8],
    anomalies: &mut Vec<Anomaly>,
    mut each: impl FnMut(R::Row<'_>),
) -> Result<Dialect, InputError> {
    let mut state = R::State::default();
    read(file, bytes, R::REQUIRED, R::OPTIONAL, anomalies, |row, anomalies| {
        if let Some(r) = reader.read(file, row, &mut state, anomalies) {
            each(r);
        }
    })
}

/// [`read_parallel`] through a [`RowReader`]: each piece of the file fills its own state from
/// `init`, and the pieces come back in file order with the anomalies found in each.
pub fn read_rows_parallel<R: RowReader, S: Send>(
    reader: &R,
    file: &Arc<str>,
    bytes: &[u8],
    threads: usize,
    init: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, R::Row<'_>) + Sync,
) -> Result<(Vec<Piece<S>>, Dialect), InputError> {
    let (text, encoding) = decode(bytes).map_err(|reason| InputError::Encoding { file: file.to_string(), reason })?;
    let (table, pieces) = Table::open_in_pieces(file, &text, R::REQUIRED, R::OPTIONAL, threads)?;
    let parts = table.read_pieces_through(reader, pieces, init, each)?;
    Ok((parts, Dialect { encoding, delimiter: table.delimiter }))
}

/// Below this many bytes of rows a file is read on one thread: starting threads costs more.
const MIN_PARALLEL_BYTES: usize = 1 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tokeniser {
    /// The `csv` crate: any file.
    Csv,
    /// Cutting at line ends and delimiters: files without a `"`.
    Split,
}

impl Tokeniser {
    fn choose(text: &str) -> Tokeniser {
        if super::text::has_byte(text.as_bytes(), b'"') {
            Tokeniser::Csv
        } else {
            Tokeniser::Split
        }
    }
}

/// Where a table's body is cut: contiguous ranges, each with the line it starts on.
type Cuts = Vec<(Range<usize>, u64)>;

/// A decoded file whose header has been read.
struct Table<'t> {
    file: &'t Arc<str>,
    text: &'t str,
    tokeniser: Tokeniser,
    delimiter: u8,
    /// Cells in the header, for the message about a short row.
    header_cells: usize,
    columns: Vec<Option<usize>>,
    /// Cells a row needs to have every requested column present in the header.
    needed: usize,
    /// The bytes after the header line, and the line they start on.
    body: Range<usize>,
    body_line: u64,
}

/// The header: the first record of `text`, found by the file's own tokeniser; its cells, its
/// line and the offset where the body starts. `None` when the text has no record.
fn first_record(
    text: &str,
    delimiter: u8,
    tokeniser: Tokeniser,
) -> Result<Option<(Vec<String>, u64, usize)>, csv::Error> {
    match tokeniser {
        Tokeniser::Csv => {
            let mut reader = csv_reader(delimiter, text.as_bytes());
            let mut record = csv::StringRecord::new();
            if !reader.read_record(&mut record)? {
                return Ok(None);
            }
            let start = record_start(text.as_bytes(), &record);
            let line = 1 + count_newlines(text.as_bytes().get(..start).unwrap_or_default());
            let end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX).min(text.len());
            Ok(Some((record.iter().map(str::to_string).collect(), line, end)))
        }
        Tokeniser::Split => {
            let mut found = None;
            split_records(text, 0..text.len(), 1, delimiter, |line, bounds, end| {
                let cells = bounds.iter().map(|&(s, e)| text.get(s..e).unwrap_or("").to_string()).collect();
                found = Some((cells, line, end));
                false
            });
            Ok(found)
        }
    }
}

/// The header's cells as the readers see them: the first record, with the delimiter sniffed
/// from the first line and the tokeniser the text gets; empty when there is none or it cannot
/// be read. A file's format is decided on these, so that a file is never taken for a format
/// whose reader then sees another header (and refuses it quoting its cells).
pub fn header_cells(text: &str) -> Vec<String> {
    let delimiter = sniff_delimiter(first_line(text));
    first_record(text, delimiter, Tokeniser::choose(text)).ok().flatten().map(|(cells, _, _)| cells).unwrap_or_default()
}

/// The name a header cell is matched by: trimmed, without a BOM, lower-cased.
pub fn column_key(cell: &str) -> String {
    cell.trim().trim_start_matches('\u{feff}').to_lowercase()
}

impl<'t> Table<'t> {
    fn open(
        file: &'t Arc<str>,
        text: &'t str,
        required: &[&str],
        optional: &[&str],
        tokeniser: Tokeniser,
    ) -> Result<Table<'t>, InputError> {
        let delimiter = sniff_delimiter(first_line(text));
        let expected = required.join(", ");
        let (header, header_line, body_start) = match first_record(text, delimiter, tokeniser) {
            Ok(Some(found)) => found,
            Ok(None) => return Err(InputError::Empty { file: file.to_string(), expected }),
            Err(e) => return Err(malformed(file, &e, 0)),
        };
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
                        file: file.to_string(),
                        line: header_line,
                        column: (*name).to_string(),
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
        let body_line = 1 + count_newlines(text.as_bytes().get(..body_start).unwrap_or_default());
        let header_cells = header.len();
        Ok(Table {
            file,
            text,
            tokeniser,
            delimiter,
            header_cells,
            columns,
            needed,
            body: body_start..text.len(),
            body_line,
        })
    }

    /// A whole decoded file, opened by the tokeniser it needs, and its body cut into up to
    /// `threads` pieces (one when it has quotes).
    fn open_in_pieces(
        file: &'t Arc<str>,
        text: &'t str,
        required: &[&str],
        optional: &[&str],
        threads: usize,
    ) -> Result<(Table<'t>, Cuts), InputError> {
        let table = Table::open(file, text, required, optional, Tokeniser::choose(text))?;
        let pieces = match table.tokeniser {
            Tokeniser::Split => table.pieces(threads, MIN_PARALLEL_BYTES).0,
            Tokeniser::Csv => vec![(table.body.clone(), table.body_line)],
        };
        Ok((table, pieces))
    }

    /// The body cut into about `n` pieces of at least `min_bytes` at line ends, each with the
    /// line it starts on; and the line after the body.
    fn pieces(&self, n: usize, min_bytes: usize) -> (Cuts, u64) {
        let bytes = self.text.as_bytes();
        let n = n.clamp(1, 64).min(self.body.len() / min_bytes.max(1)).max(1);
        let mut out = Vec::with_capacity(n);
        let (mut start, mut line) = (self.body.start, self.body_line);
        for k in 1..=n {
            let end = if k == n {
                self.body.end
            } else {
                let target = self.body.start + self.body.len() / n * k;
                match bytes.get(target.max(start)..self.body.end).and_then(|b| b.iter().position(|&c| c == b'\n')) {
                    Some(i) => target.max(start) + i + 1,
                    None => self.body.end,
                }
            };
            if end > start {
                out.push((start..end, line));
                line += count_newlines(&bytes[start..end]);
            }
            start = end;
        }
        (out, line)
    }

    /// Reads `pieces` of the body, side by side when there are several; each piece fills its
    /// own state from `init`, and the pieces come back in order.
    fn read_pieces<S: Send>(
        &self,
        pieces: Cuts,
        init: &(impl Fn() -> S + Sync),
        each: &(impl Fn(&mut S, &Row<'_>, &mut Vec<Anomaly>) + Sync),
    ) -> Result<Vec<Piece<S>>, InputError> {
        let run = |range: Range<usize>, line: u64| -> Result<Piece<S>, InputError> {
            let mut state = init();
            let mut found = Vec::new();
            self.rows(range, line, &mut found, &mut |row: &Row<'_>, a: &mut Vec<Anomaly>| each(&mut state, row, a))?;
            Ok((state, found))
        };
        // One thread per piece: the pieces were cut for the threads.
        crate::parallel::map_in_order(&pieces, pieces.len(), |(range, line)| run(range.clone(), *line))
            .into_iter()
            .collect()
    }

    /// [`Table::read_pieces`] through a [`RowReader`]: each piece keeps the reader's state
    /// beside its own, and hands each usable row to `each`.
    fn read_pieces_through<R: RowReader, S: Send>(
        &self,
        reader: &R,
        pieces: Cuts,
        init: impl Fn() -> S + Sync,
        each: impl Fn(&mut S, R::Row<'_>) + Sync,
    ) -> Result<Vec<Piece<S>>, InputError> {
        let parts = self.read_pieces(
            pieces,
            &|| (init(), R::State::default()),
            &|(state, rows): &mut (S, R::State), row: &Row<'_>, anomalies: &mut Vec<Anomaly>| {
                if let Some(r) = reader.read(self.file, row, rows, anomalies) {
                    each(state, r);
                }
            },
        )?;
        Ok(parts.into_iter().map(|((state, _), found)| (state, found)).collect())
    }

    /// Hands every data row of `range` (which starts on `line`) to `each`.
    fn rows(
        &self,
        range: Range<usize>,
        line: u64,
        anomalies: &mut Vec<Anomaly>,
        each: &mut dyn FnMut(&Row<'_>, &mut Vec<Anomaly>),
    ) -> Result<(), InputError> {
        let mut take = |line: u64, cells: Cells<'_>, anomalies: &mut Vec<Anomaly>| {
            if (0..cells.len()).all(|i| cells.get(i).is_none_or(|c| trim(c).is_empty())) {
                return;
            }
            if cells.len() < self.needed {
                anomalies.push(Anomaly::new(
                    Code::ShortRow,
                    Some(SourceRef::new(self.file, line)),
                    format!("the row has {} cells, the header {}; row not used", cells.len(), self.header_cells),
                ));
                return;
            }
            each(&Row { line, cells, columns: &self.columns }, anomalies);
        };
        match self.tokeniser {
            Tokeniser::Split => {
                split_records(self.text, range, line, self.delimiter, |line, bounds, _| {
                    take(line, Cells::Split { text: self.text, bounds }, anomalies);
                    true
                });
                Ok(())
            }
            Tokeniser::Csv => {
                let bytes = self.text.as_bytes();
                let slice = bytes.get(range.clone()).unwrap_or_default();
                let mut reader = csv_reader(self.delimiter, slice);
                // csv's own line count skips blank lines and misreads CRLF, so lines are
                // counted here from each record's byte offset (records arrive in order).
                let (mut counted_to, mut line_at) = (0usize, line);
                let mut record = csv::StringRecord::new();
                loop {
                    match reader.read_record(&mut record) {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(e) => return Err(malformed(self.file, &e, line - 1)),
                    }
                    let at = record_start(slice, &record);
                    if at > counted_to {
                        line_at += count_newlines(&slice[counted_to..at]);
                        counted_to = at;
                    }
                    take(line_at, Cells::Csv(&record), anomalies);
                }
                Ok(())
            }
        }
    }
}

fn csv_reader(delimiter: u8, bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(bytes)
}

/// Where a record read by csv starts: its reported offset can sit before the line end and the
/// blank lines that precede it.
fn record_start(bytes: &[u8], record: &csv::StringRecord) -> usize {
    let mut byte = record.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)).min(bytes.len());
    while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
        byte += 1;
    }
    byte
}

/// Cuts `text[range]` (which starts on `line`, at a record start) into records as the csv crate
/// would without quotes: a record ends at `\n`, `\r` or `\r\n`, empty records are skipped, and
/// cells are split at `delimiter`. `each` gets the record's line, its cells' byte ranges and
/// the offset after it, and returns false to stop.
fn split_records(
    text: &str,
    range: Range<usize>,
    mut line: u64,
    delimiter: u8,
    mut each: impl FnMut(u64, &[(usize, usize)], usize) -> bool,
) {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(16);
    let mut cell_start = range.start;
    // What a delimiter or line end at `i` does; false when `each` asks to stop.
    let mut special_at = |i: usize, bounds: &mut Vec<(usize, usize)>, cell_start: &mut usize| -> bool {
        let b = bytes[i];
        if b == delimiter {
            bounds.push((*cell_start, i));
        } else {
            // An empty record (a blank line, or the `\n` of `\r\n`) is no record.
            if !bounds.is_empty() || i > *cell_start {
                bounds.push((*cell_start, i));
                if !each(line, bounds, i + 1) {
                    return false;
                }
                bounds.clear();
            }
            if b == b'\n' {
                line += 1;
            }
        }
        *cell_start = i + 1;
        true
    };
    // Eight bytes at a time: a mask marks the delimiters and line ends of each word, and only
    // those are visited.
    let special = [u64::from(delimiter), u64::from(b'\n'), u64::from(b'\r')].map(|b| b * 0x0101_0101_0101_0101);
    let start = range.start.min(end);
    let words = bytes.get(start..end).unwrap_or_default().chunks_exact(8);
    let whole = 8 * words.len();
    for (k, w) in words.enumerate() {
        let w = word(w);
        let mut found = zero_bytes(w ^ special[0]) | zero_bytes(w ^ special[1]) | zero_bytes(w ^ special[2]);
        let at = start + 8 * k;
        while found != 0 {
            if !special_at(at + (found.trailing_zeros() / 8) as usize, &mut bounds, &mut cell_start) {
                return;
            }
            found &= found - 1;
        }
    }
    let mut i = start + whole;
    while i < end {
        let b = bytes[i];
        if (b == delimiter || b == b'\n' || b == b'\r') && !special_at(i, &mut bounds, &mut cell_start) {
            return;
        }
        i += 1;
    }
    if !bounds.is_empty() || end > cell_start {
        bounds.push((cell_start, end));
        each(line, &bounds, end);
    }
}

/// Eight bytes (a chunk of `chunks_exact(8)`) as one little-endian word, loaded at once: a
/// word assembled byte by byte costs four times more.
fn word(w: &[u8]) -> u64 {
    <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes)
}

/// The high bit of each zero byte of `x`, exactly (no carry crosses a byte).
fn zero_bytes(x: u64) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW) + LOW) | x | LOW)
}

/// The `\n` bytes in `bytes`, eight at a time.
pub(crate) fn count_newlines(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mut n = 0u64;
    for w in &mut words {
        n += u64::from(zero_bytes(word(w) ^ 0x0a0a_0a0a_0a0a_0a0a).count_ones());
    }
    n + words.remainder().iter().filter(|&&b| b == b'\n').count() as u64
}

fn malformed(file: &Arc<str>, e: &csv::Error, lines_before: u64) -> InputError {
    let line = e.position().map_or(0, |p| p.line() + lines_before);
    InputError::Malformed { file: file.to_string(), line, reason: format!("unreadable CSV: {e}") }
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
        });
        (r, rows, anomalies)
    }

    #[test]
    fn the_first_line_ends_where_the_tokenisers_end_a_record() {
        assert_eq!(first_line("\r\n  \na;b\r\n1;2\n"), "a;b");
        assert_eq!(first_line("a\rb,c,d\n"), "a");
        assert_eq!(first_line(" \t"), "");
        // A stray quote inside a cell does not carry the line on.
        assert_eq!(first_line("a,b\"c,d\n1;2\";3\n"), "a,b\"c,d");
        let (r, _, _) = collect(b"a,b\"c,d\n1;2\";3;4;5\n");
        assert!(r.is_ok(), "{r:?}");
        // So a lone CR before the commas leaves a header of one column, read as `,`, on both sides.
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
    fn missing_column_names_file_line_and_column() {
        let (r, _, _) = collect(b"x,b\n1,2\n");
        let msg = r.unwrap_err().to_string();
        assert_eq!(msg, "t.csv: line 1: missing column \"a\" (the header has: \"x\", \"b\")");
        let (r, _, _) = collect(b"");
        assert!(r.unwrap_err().to_string().contains("empty"));
    }

    type Seen = (Vec<(u64, Vec<String>)>, Vec<(u64, Code)>);

    /// Every row (line and cells) and anomaly of `text`, read by `tokeniser` in `pieces` pieces.
    fn seen(text: &str, tokeniser: Tokeniser, pieces: usize) -> Result<Seen, String> {
        let file: Arc<str> = Arc::from("t.csv");
        let table = Table::open(&file, text, &["a"], &["b"], tokeniser).map_err(|e| e.to_string())?;
        let (mut rows, mut anomalies) = (Vec::new(), Vec::new());
        let ranges = if pieces > 1 { table.pieces(pieces, 1).0 } else { vec![(table.body.clone(), table.body_line)] };
        for (range, line) in ranges {
            table
                .rows(range, line, &mut anomalies, &mut |row: &Row<'_>, _: &mut Vec<Anomaly>| {
                    rows.push((row.line, row.cells().map(str::to_string).collect()))
                })
                .map_err(|e| e.to_string())?;
        }
        Ok((rows, anomalies.iter().map(|a| (a.source.as_ref().map_or(0, |s| s.line), a.code)).collect()))
    }

    proptest::proptest! {
        // Without quotes, cutting at line ends and delimiters reads exactly what the csv crate
        // reads — rows, cells, lines, anomalies and errors — in one piece or in several.
        #[test]
        fn split_tokeniser_agrees_with_csv(
            header in proptest::sample::select(vec!["a,b", "A;B", "a\tb", "x", "b,a,c", "\u{feff}a,b", "", "\r\n a , b"]),
            body in "[ab1é ,;\t\r\n]{0,80}",
            pieces in 2usize..5,
        ) {
            let text = format!("{header}\n{body}");
            let by_csv = seen(&text, Tokeniser::Csv, 1);
            proptest::prop_assert_eq!(&seen(&text, Tokeniser::Split, 1), &by_csv);
            if by_csv.is_ok() {
                proptest::prop_assert_eq!(&seen(&text, Tokeniser::Split, pieces), &by_csv);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn newlines_are_counted_exactly(bytes in proptest::collection::vec(proptest::prop_oneof![proptest::prelude::any::<u8>(), proptest::prelude::Just(b'\n'), proptest::prelude::Just(0x8a)], 0..100)) {
            proptest::prop_assert_eq!(count_newlines(&bytes), bytes.iter().filter(|&&b| b == b'\n').count() as u64);
        }
    }

    #[test]
    fn quoted_files_are_read_by_csv_in_one_piece() {
        assert_eq!(Tokeniser::choose("a,b\n\"x\ny\",1\n"), Tokeniser::Csv);
        assert_eq!(Tokeniser::choose("a,b\nx,1\n"), Tokeniser::Split);
        let (rows, _) = seen("a,b\n\"x\ny\",1\n2,3\n", Tokeniser::Csv, 1).unwrap();
        assert_eq!(rows, vec![(2, vec!["x\ny".to_string(), "1".into()]), (4, vec!["2".into(), "3".into()])]);
    }

    /// A reader that keeps every row's line and cells.
    struct Keep;

    impl RowReader for Keep {
        type State = ();
        type Row<'a> = (u64, Vec<String>);
        const REQUIRED: &'static [&'static str] = &["a"];
        const OPTIONAL: &'static [&'static str] = &["b"];
        fn read<'a>(&self, _: &Arc<str>, row: &Row<'a>, _: &mut (), _: &mut Vec<Anomaly>) -> Option<Self::Row<'a>> {
            Some((row.line, row.cells().map(str::to_string).collect()))
        }
    }

    proptest::proptest! {
        // A file given block by block (each of whole lines) reads as the whole file: the same
        // rows, lines and anomalies, in the same order, and a quote in any block is noticed.
        #[test]
        fn blocks_read_as_the_whole_file(
            body in "([ab1é ;\t]{0,12}(\n|\r\n|\r)){0,40}",
            cuts in proptest::collection::vec(0usize..1000, 0..5),
            pieces in 1usize..4,
        ) {
            let file: Arc<str> = Arc::from("t.csv");
            let text = format!("a;b\n{body}");
            let whole = seen(&text, Tokeniser::Split, 1).map_err(proptest::test_runner::TestCaseError::fail)?;
            // Blocks end after a `\n`, as a reader cuts them.
            let ends: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
            let mut bounds: Vec<usize> = cuts.iter().filter_map(|c| ends.get(c % ends.len().max(1)).copied()).collect();
            bounds.extend([text.len()]);
            bounds.sort_unstable();
            bounds.dedup();
            let (first_end, rest) = (bounds[0], &bounds[1..]);
            let (mut blocks, start) =
                Blocks::open(&file, &text[..first_end], Encoding::Utf8, &["a"], &["b"]).expect("a header");
            let mut read = blocks.read_rows(&Keep, &text[start..first_end], pieces, Vec::new, |v, r| v.push(r)).unwrap().unwrap();
            let mut from = first_end;
            for &end in rest {
                read.extend(blocks.read_rows(&Keep, &text[from..end], pieces, Vec::new, |v, r| v.push(r)).unwrap().unwrap());
                from = end;
            }
            let rows: Vec<_> = read.iter().flat_map(|(rows, _)| rows.iter().cloned()).collect();
            let found: Vec<_> = read.iter().flat_map(|(_, f)| f.iter().map(|a| (a.source.as_ref().map_or(0, |s| s.line), a.code))).collect();
            proptest::prop_assert_eq!((rows, found), whole);
            proptest::prop_assert_eq!(blocks.dialect(), Dialect { encoding: Encoding::Utf8, delimiter: b';' });
            proptest::prop_assert!(blocks.read_rows(&Keep, "1;\"x\"\n", 1, Vec::new, |v, r| v.push(r)).unwrap().is_none());
        }
    }

    #[test]
    fn a_block_with_a_quote_or_no_header_cannot_open_a_stream() {
        let file: Arc<str> = Arc::from("t.csv");
        assert!(Blocks::open(&file, "a,b\n\"1\",2\n", Encoding::Utf8, &["a"], &[]).is_none());
        assert!(Blocks::open(&file, "x,b\n1,2\n", Encoding::Utf8, &["a"], &[]).is_none());
        assert!(Blocks::open(&file, "\n\n", Encoding::Utf8, &["a"], &[]).is_none());
        let (_, start) = Blocks::open(&file, "\na,b\n1,2\n", Encoding::Utf8, &["a"], &[]).unwrap();
        assert_eq!(start, 5);
    }

    #[test]
    fn parallel_reading_gives_the_rows_of_one_thread_in_order() {
        let file: Arc<str> = Arc::from("big.csv");
        let mut text = String::from("a,b\n");
        for i in 0..500_000 {
            text.push_str(&format!("{i},x\n"));
            if i % 1000 == 0 {
                text.push_str("\r\n,\n1\n");
            }
        }
        let one = {
            let mut rows = Vec::new();
            let mut found = Vec::new();
            read(&file, text.as_bytes(), &["a"], &["b"], &mut found, |row, _| {
                rows.push((row.line, row.get(0).to_string()))
            })
            .unwrap();
            (rows, found)
        };
        let (parts, _) = read_parallel(&file, text.as_bytes(), &["a"], &["b"], 3, Vec::new, |rows, row, _| {
            rows.push((row.line, row.get(0).to_string()))
        })
        .unwrap();
        assert_eq!(parts.len(), 3, "a 4 MB file is cut in three");
        let rows: Vec<_> = parts.iter().flat_map(|(r, _)| r.iter().cloned()).collect();
        let found: Vec<_> = parts.into_iter().flat_map(|(_, f)| f).collect();
        assert_eq!((rows, found), one);
    }
}
