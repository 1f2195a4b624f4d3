//! A CSV table with a header: dialect detection and column lookup by name.
//!
//! The delimiter is the one of `,` `;` TAB that occurs most often, outside quotes, on the header
//! line (TAB wins ties, then `;`: a header of one column has none, and reads as `,`). Header
//! names are matched ignoring case and surrounding spaces. A row with fewer cells than the
//! header is reported as [`Code::ShortRow`]; blank lines are not rows.

use std::collections::HashMap;
use std::sync::Arc;

use crate::anomaly::{Anomaly, Code, SourceRef};

use super::text::{decode, Encoding};
use super::InputError;

/// What the reader found out about a file, for `inspect`-style reporting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialect {
    /// The encoding.
    pub encoding: Encoding,
    /// The field delimiter.
    pub delimiter: u8,
}

/// One data row, with its columns looked up by the names the importer asked for.
pub struct Row<'r> {
    /// 1-based line of the row in the file (the header is line 1 when it is the first line).
    pub line: u64,
    record: &'r csv::StringRecord,
    columns: &'r [Option<usize>],
}

impl Row<'_> {
    /// The trimmed cell of the `i`-th requested column; `""` when the column is absent.
    pub fn get(&self, i: usize) -> &str {
        self.columns.get(i).copied().flatten().and_then(|c| self.record.get(c)).map(str::trim).unwrap_or("")
    }

    /// The cells as written, for duplicate detection.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        self.record.iter()
    }
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
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = sniff_delimiter(first_line);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    // csv's own line count skips blank lines and misreads CRLF, so lines are counted here from
    // each record's byte offset (records arrive in increasing byte order).
    let bytes_of_text = text.as_bytes();
    let mut counted_to = 0usize;
    let mut line_at = 1u64;
    let mut line_of = |record: &csv::StringRecord| -> u64 {
        let mut byte =
            record.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)).min(bytes_of_text.len());
        // The reported offset can sit before the line terminator and blank lines that precede
        // the record.
        while byte < bytes_of_text.len() && matches!(bytes_of_text[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > counted_to {
            line_at += bytecount_newlines(&bytes_of_text[counted_to..byte]);
            counted_to = byte;
        }
        line_at
    };
    let expected = required.join(", ");
    // One record buffer for the whole file: no allocation per row.
    let mut record = csv::StringRecord::new();
    let header = match reader.read_record(&mut record) {
        Ok(true) => record.clone(),
        Ok(false) => return Err(InputError::Empty { file: file.to_string(), expected }),
        Err(e) => return Err(malformed(file, &e)),
    };
    let header_line = line_of(&header);
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        // The first of two equal names wins.
        names.entry(h.trim().trim_start_matches('\u{feff}').to_lowercase()).or_insert(i);
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
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(malformed(file, &e)),
        }
        let line = line_of(&record);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() < needed {
            anomalies.push(Anomaly::new(
                Code::ShortRow,
                Some(SourceRef::new(file, line)),
                format!("the row has {} cells, the header {}; row not used", record.len(), header.len()),
            ));
            continue;
        }
        each(&Row { line, record: &record, columns: &columns }, anomalies);
    }
    Ok(Dialect { encoding, delimiter })
}

fn bytecount_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

fn malformed(file: &Arc<str>, e: &csv::Error) -> InputError {
    let line = e.position().map_or(0, |p| p.line());
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
}
