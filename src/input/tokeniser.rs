//! The one tokeniser of every delimited file the engine reads: the staff register, the
//! attendance export, the normalised sessions file, the paid file and the tabular Teams exports.
//!
//! # Records and lines
//!
//! A **line** ends at LF, CRLF or a lone CR, as a text editor shows it; lines are numbered
//! from one. Every line is a **record** unless a quoted cell carries it on (only under
//! [`Quoting::Spanning`]); an empty line is a record of one empty cell, which the caller may
//! skip (tables do, Teams exports use it to end a block).
//!
//! # Quoting
//!
//! The rules are RFC 4180's as the `csv` crate reads them, through [`csv_core`]: a cell that
//! *begins* with `"` is quoted up to the next lone `"`, and `""` inside it stands for one `"`;
//! characters after the closing quote are kept; a `"` anywhere else is an ordinary character.
//! What differs between files is only whether a quoted cell may run past the end of its line:
//!
//! * [`Quoting::Line`]: no. The staff register, the attendance, the normalised sessions and the
//!   paid file have no field that could hold a line break, so a quote still open at the end of
//!   its line is a mistake (a stray `"` typed in a cell, an export cut short): the line is given
//!   as [`Record::Unclosed`], naming the cell where the quote opened, and reading resumes on the
//!   next line. One bad cell never takes the rest of the file with it.
//! * [`Quoting::Spanning`]: yes, as Excel writes a cell holding a line break; for Teams exports
//!   re-saved by Excel.
//! * [`Quoting::Off`]: `"` is an ordinary character; Teams writes its TAB exports so (a display
//!   name may hold quotes).
//!
//! # Speed
//!
//! A stretch of text without any `"` (every bulk export) is cut at delimiters and line ends with
//! `memchr`, visiting only those bytes; a line that holds a quote goes through `csv_core`'s
//! state machine. Both give the same cells for the same line (tested), so the choice is only a
//! matter of speed. Because records never span lines under [`Quoting::Line`], a large file can
//! be cut into pieces at line ends and each piece read on its own thread.

use std::ops::Range;

use memchr::{memchr, memchr2, memchr3_iter};

/// How quotes are read (module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoting {
    /// A quoted cell must close on its line.
    Line,
    /// A quoted cell may span lines.
    Spanning,
    /// `"` is an ordinary character.
    Off,
}

/// A delimiter and a quoting rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tokeniser {
    /// The cell delimiter (`,`, `;` or TAB).
    pub delimiter: u8,
    /// How quotes are read.
    pub quoting: Quoting,
}

/// The cells of one record, as byte ranges of a text: the file's own text, or the unquoted copy
/// of a quoted line.
#[derive(Clone, Copy, Debug)]
pub struct Cells<'a> {
    text: &'a str,
    bounds: &'a [(usize, usize)],
}

impl<'a> Cells<'a> {
    /// The number of cells.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// True when there is no cell (never for a record: an empty line has one empty cell).
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// The `i`-th cell, as written (quotes removed).
    pub fn get(&self, i: usize) -> Option<&'a str> {
        // Bounds fall on ASCII delimiters and line ends, or on the ends csv_core reports in a
        // copy it made of whole characters: always character boundaries.
        self.bounds.get(i).and_then(|&(s, e)| self.text.get(s..e))
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }

    /// True when every cell is empty or white space: a blank line.
    pub fn is_blank(&self) -> bool {
        self.iter().all(|c| crate::cell::trim(c).is_empty())
    }
}

/// What the tokeniser found at one place of the text.
#[derive(Clone, Copy, Debug)]
pub enum Record<'a> {
    /// A record and the line it starts on.
    Cells {
        /// The 1-based line.
        line: u64,
        /// Its cells.
        cells: Cells<'a>,
    },
    /// A line whose quote, opened in cell `field` (0-based), is not closed on the line
    /// ([`Quoting::Line`] only). The line is not a record.
    Unclosed {
        /// The 1-based line.
        line: u64,
        /// The cell where the quote opened.
        field: usize,
    },
}

impl Record<'_> {
    /// The line the record starts on.
    pub fn line(&self) -> u64 {
        match self {
            Record::Cells { line, .. } | Record::Unclosed { line, .. } => *line,
        }
    }
}

/// Where reading stopped: the offset after the last record read and the line it is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    /// The byte offset after the last record (and its line end).
    pub offset: usize,
    /// The line that starts there.
    pub line: u64,
}

impl Tokeniser {
    /// A tokeniser.
    pub fn new(delimiter: u8, quoting: Quoting) -> Self {
        Tokeniser { delimiter, quoting }
    }

    /// Hands every record of `text[range]` to `each`, in order, until `each` returns false.
    /// `range` must start at the beginning of a line, numbered `line`.
    pub fn records(
        &self,
        text: &str,
        range: Range<usize>,
        line: u64,
        mut each: impl FnMut(Record<'_>) -> bool,
    ) -> Stop {
        let bytes = text.as_bytes();
        let end = range.end.min(bytes.len());
        let start = range.start.min(end);
        let mut scan = Scan { text, bounds: Vec::with_capacity(16), line, stopped: false };
        let quoted = self.quoting != Quoting::Off && memchr(b'"', &bytes[start..end]).is_some();
        if !quoted {
            let offset = scan.split(start..end, self.delimiter, &mut each);
            return Stop { offset, line: scan.line };
        }
        let mut quotes = QuotedLines::new(self.delimiter);
        let mut pos = start;
        while pos < end && !scan.stopped {
            let eol = memchr2(b'\n', b'\r', &bytes[pos..end]).map_or(end, |i| pos + i);
            let next = after_line_end(bytes, eol, end);
            if memchr(b'"', &bytes[pos..eol]).is_none() {
                scan.split(pos..next, self.delimiter, &mut each);
                pos = next;
                continue;
            }
            pos = match quotes.read(text, pos, end, self.quoting, &mut scan.line) {
                Quoted::Record { line, next } => {
                    let cells = Cells { text: quotes.text(), bounds: &quotes.bounds };
                    scan.stopped = !each(Record::Cells { line, cells });
                    next
                }
                Quoted::Unclosed { line, field, next } => {
                    scan.stopped = !each(Record::Unclosed { line, field });
                    next
                }
            };
        }
        Stop { offset: pos, line: scan.line }
    }

    /// The first record that is not a blank line, its cells copied, the line it is on and the
    /// offset after it; `Err` with the line and cell when its quote is not closed. `Ok(None)`
    /// when the text holds no record but blank lines.
    #[allow(clippy::type_complexity)]
    pub fn first_record(&self, text: &str) -> Result<Option<(Vec<String>, u64, usize)>, (u64, usize)> {
        let mut found = Ok(None);
        let mut at = None;
        let stop = self.records(text, 0..text.len(), 1, |record| match record {
            Record::Cells { cells, .. } if cells.is_blank() => true,
            Record::Cells { line, cells } => {
                found = Ok(Some((cells.iter().map(str::to_string).collect(), line)));
                false
            }
            Record::Unclosed { line, field } => {
                found = Err((line, field));
                false
            }
        });
        if found.as_ref().is_ok_and(Option::is_some) {
            at = Some(stop.offset);
        }
        found.map(|f| f.map(|(cells, line)| (cells, line, at.unwrap_or(text.len()))))
    }
}

/// The offset after the line end at `eol` (LF, CRLF or a lone CR), or `end` at the end.
fn after_line_end(bytes: &[u8], eol: usize, end: usize) -> usize {
    match bytes.get(eol) {
        _ if eol >= end => end,
        Some(b'\r') if eol + 1 < end && bytes.get(eol + 1) == Some(&b'\n') => eol + 2,
        _ => eol + 1,
    }
}

/// The number of line ends (LF, CRLF or a lone CR) in `bytes`.
pub fn count_lines(bytes: &[u8]) -> u64 {
    let mut n = 0u64;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // A CR followed by LF is one line end, counted at the LF.
        if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
            n += 1;
        }
    }
    n
}

/// The cutting of unquoted text.
struct Scan<'t> {
    text: &'t str,
    bounds: Vec<(usize, usize)>,
    line: u64,
    stopped: bool,
}

impl Scan<'_> {
    /// Cuts `range` (no cell in it is quoted) at delimiters and line ends, handing each record
    /// over; gives the offset reached.
    fn split(&mut self, range: Range<usize>, delimiter: u8, each: &mut impl FnMut(Record<'_>) -> bool) -> usize {
        let bytes = self.text.as_bytes();
        let (start, end) = (range.start, range.end);
        let mut cell_start = start;
        for i in memchr3_iter(delimiter, b'\n', b'\r', &bytes[start..end]).map(|i| start + i) {
            if bytes[i] == delimiter {
                self.bounds.push((cell_start, i));
                cell_start = i + 1;
                continue;
            }
            // The LF of a CRLF: the CR ended the record.
            let crlf_tail = bytes[i] == b'\n' && i > start && bytes[i - 1] == b'\r';
            if !crlf_tail {
                self.bounds.push((cell_start, i));
                if !self.emit(each) {
                    return after_line_end(bytes, i, end);
                }
            }
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                self.line += 1;
            }
            cell_start = i + 1;
        }
        if cell_start < end || !self.bounds.is_empty() {
            self.bounds.push((cell_start, end));
            self.emit(each);
        }
        end
    }

    fn emit(&mut self, each: &mut impl FnMut(Record<'_>) -> bool) -> bool {
        strip_bom(self.text.as_bytes(), &mut self.bounds);
        let cells = Cells { text: self.text, bounds: &self.bounds };
        let go_on = each(Record::Cells { line: self.line, cells });
        self.bounds.clear();
        self.stopped = !go_on;
        go_on
    }
}

/// A byte-order mark at the start of a line (files concatenated with their BOMs) is not part of
/// the first cell.
fn strip_bom(bytes: &[u8], bounds: &mut [(usize, usize)]) {
    if let Some(first) = bounds.first_mut() {
        if bytes.get(first.0..first.0 + 3) == Some(b"\xEF\xBB\xBF".as_slice()) && first.1 >= first.0 + 3 {
            first.0 += 3;
        }
    }
}

/// What a quoted line gave.
enum Quoted {
    Record { line: u64, next: usize },
    Unclosed { line: u64, field: usize, next: usize },
}

/// Lines holding a quote, read by `csv_core` into an unquoted copy.
struct QuotedLines {
    reader: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The cells of the last record, as ranges of `out`.
    bounds: Vec<(usize, usize)>,
}

impl QuotedLines {
    fn new(delimiter: u8) -> Self {
        let reader = csv_core::ReaderBuilder::new().delimiter(delimiter).quote(b'"').double_quote(true).build();
        QuotedLines { reader, out: Vec::new(), ends: Vec::new(), bounds: Vec::new() }
    }

    /// The unquoted copy (whole characters of UTF-8 text: only ASCII quotes were dropped).
    fn text(&self) -> &str {
        std::str::from_utf8(&self.out).unwrap_or("")
    }

    /// Reads the record that starts at `pos` (a line holding a quote), advancing `line` past
    /// the lines it covers.
    fn read(&mut self, text: &str, pos: usize, end: usize, quoting: Quoting, line: &mut u64) -> Quoted {
        let bytes = text.as_bytes();
        let first_line = *line;
        let (mut nout, mut nend) = (0usize, 0usize);
        let mut at = pos;
        // A BOM at the start of the line is dropped, as on unquoted lines.
        if bytes.get(at..at + 3) == Some(b"\xEF\xBB\xBF".as_slice()) {
            at += 3;
        }
        loop {
            let eol = memchr2(b'\n', b'\r', &bytes[at..end]).map_or(end, |i| at + i);
            let next = after_line_end(bytes, eol, end);
            // The line, then its line end (a made-up LF after the last line), fed apart: the
            // record is complete after the line end exactly when every quote closed.
            let closed = self.feed(&bytes[at..eol], &mut nout, &mut nend)
                || self.feed(if eol < end { &bytes[eol..next] } else { b"\n" }, &mut nout, &mut nend);
            *line += u64::from(eol < end);
            if closed {
                self.finish(nout, nend);
                return Quoted::Record { line: first_line, next };
            }
            if quoting == Quoting::Line {
                self.reader.reset();
                return Quoted::Unclosed { line: first_line, field: nend, next };
            }
            if next >= end {
                // The text ends inside a quoted cell: the cell ends there.
                self.feed(&[], &mut nout, &mut nend);
                self.finish(nout, nend);
                self.reader.reset();
                return Quoted::Record { line: first_line, next };
            }
            at = next;
        }
    }

    /// Feeds `input` to the reader, growing the buffers as needed; true when a record ended.
    fn feed(&mut self, input: &[u8], nout: &mut usize, nend: &mut usize) -> bool {
        use csv_core::ReadRecordResult::*;
        let mut input = input;
        loop {
            if self.out.len() < *nout + input.len() + 1 {
                self.out.resize(*nout + input.len() + 1, 0);
            }
            if self.ends.len() < *nend + 2 {
                self.ends.resize(*nend + 16, 0);
            }
            let (result, nin, o, e) = self.reader.read_record(input, &mut self.out[*nout..], &mut self.ends[*nend..]);
            *nout += o;
            *nend += e;
            input = &input[nin..];
            match result {
                Record => return true,
                // An empty input (the end of the text) yields the last record, then End.
                End => return false,
                InputEmpty if input.is_empty() => return false,
                InputEmpty | OutputFull | OutputEndsFull => {}
            }
        }
    }

    /// Keeps the record's cells and makes ready for the next one.
    fn finish(&mut self, nout: usize, nend: usize) {
        self.out.truncate(nout);
        self.bounds.clear();
        let mut start = 0;
        for &e in self.ends.iter().take(nend) {
            self.bounds.push((start, e));
            start = e;
        }
        // A record that ended at its line end with a made-up or real LF: csv_core never copies
        // the line end into a cell it closes, so `out` holds exactly the cells.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record as (line, cells) or (line, "UNCLOSED field").
    fn all(text: &str, delimiter: u8, quoting: Quoting) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        let t = Tokeniser::new(delimiter, quoting);
        t.records(text, 0..text.len(), 1, |r| {
            match r {
                Record::Cells { line, cells } => out.push((line, cells.iter().map(str::to_string).collect())),
                Record::Unclosed { line, field } => out.push((line, vec![format!("UNCLOSED {field}")])),
            }
            true
        });
        out
    }

    fn rows(spec: &[(u64, &[&str])]) -> Vec<(u64, Vec<String>)> {
        spec.iter().map(|(l, c)| (*l, c.iter().map(|s| s.to_string()).collect())).collect()
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        assert_eq!(
            all("a,b\r\nc\rd\n\ne,f", b',', Quoting::Line),
            rows(&[(1, &["a", "b"]), (2, &["c"]), (3, &["d"]), (4, &[""]), (5, &["e", "f"])])
        );
        assert_eq!(count_lines(b"a,b\r\nc\rd\n\ne,f"), 4);
        assert_eq!(all("", b',', Quoting::Line), rows(&[]));
        assert_eq!(all("x\n", b',', Quoting::Line), rows(&[(1, &["x"])]));
    }

    #[test]
    fn quoted_cells_are_read_as_the_csv_crate_reads_them() {
        let text = "\"a,1\",\"say \"\"hi\"\"\",b\"c\n\"x\"y,z\n";
        assert_eq!(all(text, b',', Quoting::Line), rows(&[(1, &["a,1", "say \"hi\"", "b\"c"]), (2, &["xy", "z"])]));
    }

    #[test]
    fn an_unclosed_quote_costs_its_line_only() {
        let text = "id,name\n004512,\"Rossi\n004518,Bianchi\n\"004533,Esposito\r\n004547,\"Romano\"\n";
        assert_eq!(
            all(text, b',', Quoting::Line),
            rows(&[
                (1, &["id", "name"]),
                (2, &["UNCLOSED 1"]),
                (3, &["004518", "Bianchi"]),
                (4, &["UNCLOSED 0"]),
                (5, &["004547", "Romano"]),
            ])
        );
        // The last line, without a line end.
        assert_eq!(all("a\n\"b", b',', Quoting::Line), rows(&[(1, &["a"]), (2, &["UNCLOSED 0"])]));
    }

    #[test]
    fn spanning_quotes_carry_a_record_over_lines() {
        let text = "a;b\r\n\"x; \"\"y\"\"\";\"multi\nline\"\r\n\r\nlast;1";
        assert_eq!(
            all(text, b';', Quoting::Spanning),
            rows(&[(1, &["a", "b"]), (2, &["x; \"y\"", "multi\nline"]), (4, &[""]), (5, &["last", "1"])])
        );
        // Unclosed to the end: the cell ends with the text.
        assert_eq!(all("\"open\nrest", b',', Quoting::Spanning), rows(&[(1, &["open\nrest\n"])]));
    }

    #[test]
    fn without_quoting_a_quote_is_a_character() {
        assert_eq!(
            all("\"Bob\", Jr\t3/4/2021, 9:00\n", b'\t', Quoting::Off),
            rows(&[(1, &["\"Bob\", Jr", "3/4/2021, 9:00"])])
        );
    }

    #[test]
    fn a_bom_at_the_start_of_a_line_is_dropped() {
        assert_eq!(
            all("a\n\u{feff}b,c\n\u{feff}\"d\",e\n", b',', Quoting::Line),
            rows(&[(1, &["a"]), (2, &["b", "c"]), (3, &["d", "e"])])
        );
    }

    #[test]
    fn reading_can_stop_and_resume() {
        let t = Tokeniser::new(b',', Quoting::Line);
        for text in ["\n\na,b\r\nc\n", "\n\n\"a\",b\r\nc\n"] {
            let (cells, line, at) = t.first_record(text).unwrap().unwrap();
            assert_eq!((cells, line, &text[at..]), (vec!["a".to_string(), "b".to_string()], 3, "c\n"), "{text:?}");
        }
        assert_eq!(t.first_record(" \n\"x\n"), Err((2, 0)));
        assert_eq!(t.first_record("\n \n"), Ok(None));
    }

    /// The reference: the csv crate, one line at a time (a line cannot hold a record end).
    fn by_csv(line: &str, delimiter: u8) -> Option<Vec<String>> {
        let bytes = format!("{line}\n").into_bytes();
        let mut r = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let mut rec = csv::StringRecord::new();
        match r.read_record(&mut rec) {
            Ok(true) => Some(rec.iter().map(str::to_string).collect()),
            _ => None,
        }
    }

    proptest::proptest! {
        // Every line reads as the csv crate reads it, whether the line is cut by memchr or by
        // csv_core, and an unclosed quote is the csv crate's quote that swallows the line end.
        #[test]
        fn lines_agree_with_the_csv_crate(lines in proptest::collection::vec("[ab,;\"é ]{0,12}", 1..6)) {
            let text = lines.join("\n") + "\n";
            let got = all(&text, b',', Quoting::Line);
            proptest::prop_assert_eq!(got.len(), lines.len());
            for (i, (line, (at, cells))) in lines.iter().zip(&got).enumerate() {
                proptest::prop_assert_eq!(*at, i as u64 + 1);
                let unclosed = cells.first().is_some_and(|c| c.starts_with("UNCLOSED"));
                let mut r = csv_core::Reader::new();
                let (mut out, mut ends) = ([0u8; 256], [0usize; 32]);
                let (res, _, _, _) = r.read_record(format!("{line}\n").as_bytes(), &mut out, &mut ends);
                let open = line.contains('"') && res != csv_core::ReadRecordResult::Record;
                proptest::prop_assert_eq!(unclosed, open, "{:?}", line);
                if !unclosed && !line.is_empty() {
                    proptest::prop_assert_eq!(Some(cells.clone()), by_csv(line, b','), "{:?}", line);
                }
            }
        }

        // Pieces cut at line ends read as the whole: the same records, lines and offsets.
        #[test]
        fn pieces_read_as_the_whole(body in "([ab,\"]{0,6}(\n|\r\n|\r)){0,20}", cut in 0usize..200) {
            let t = Tokeniser::new(b',', Quoting::Line);
            let whole = all(&body, b',', Quoting::Line);
            let ends: Vec<usize> = body.match_indices('\n').map(|(i, _)| i + 1).collect();
            let at = if ends.is_empty() { 0 } else { ends[cut % ends.len()] };
            let mut got = Vec::new();
            let mut keep = |r: Record<'_>| {
                match r {
                    Record::Cells { line, cells } => got.push((line, cells.iter().map(str::to_string).collect())),
                    Record::Unclosed { line, field } => got.push((line, vec![format!("UNCLOSED {field}")])),
                }
                true
            };
            let stop = t.records(&body, 0..at, 1, &mut keep);
            proptest::prop_assert_eq!(stop, Stop { offset: at, line: 1 + count_lines(&body.as_bytes()[..at]) });
            t.records(&body, at..body.len(), stop.line, &mut keep);
            proptest::prop_assert_eq!(got, whole);
        }
    }
}
