//! The anomalies file: `severity,source,line,employee_id,date,code,message`.

use std::io::{self, Write};

use crate::anomaly::Anomaly;
use crate::lang::Lang;

use crate::formula::neutralise;

/// The header, fixed by DESIGN.md section 5.
pub const HEADER: [&str; 7] = ["severity", "source", "line", "employee_id", "date", "code", "message"];

/// Writes the anomalies CSV (comma, LF, UTF-8 without BOM), in the order given.
///
/// A long list is formatted in chunks on every core, each into its own buffer, and the buffers
/// are written in order: a CSV record does not depend on the one before, so the bytes are those
/// of one writer (tested).
pub fn write_csv<W: Write>(anomalies: &[Anomaly], lang: Lang, mut w: W) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    out.write_record(HEADER).map_err(super::csv_io)?;
    w.write_all(&out.into_inner().map_err(|e| e.into_error())?)?;
    let threads = crate::parallel::threads();
    let chunk =
        if anomalies.len() < CHUNK_MIN * 2 { anomalies.len().max(1) } else { anomalies.len().div_ceil(threads) };
    let chunks: Vec<&[Anomaly]> = anomalies.chunks(chunk).collect();
    for buffer in crate::parallel::map_in_order(&chunks, threads, |c| records(c, lang)) {
        w.write_all(&buffer?)?;
    }
    w.flush()
}

/// Below this many anomalies a list is formatted on one thread.
const CHUNK_MIN: usize = 20_000;

/// The CSV records of `anomalies`, without the header.
fn records(anomalies: &[Anomaly], lang: Lang) -> io::Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(anomalies.len() * 128));
    let mut line = String::new();
    for a in anomalies {
        use std::fmt::Write as _;
        line.clear();
        let file = match &a.source {
            Some(s) => {
                if s.line != 0 {
                    // Writing to a String cannot fail.
                    let _ = write!(line, "{}", s.line);
                }
                &*s.file
            }
            None => "",
        };
        out.write_record([
            a.severity().as_str(),
            &neutralise(file),
            &line,
            &neutralise(a.employee_id.as_deref().unwrap_or("")),
            a.date.as_deref().unwrap_or(""),
            a.code.as_str(),
            &neutralise(&a.message.render(lang)),
        ])
        .map_err(super::csv_io)?;
    }
    out.into_inner().map_err(|e| e.into_error())
}

/// One line for people: `warning attendance.csv:12 004512 2025-10-06 OUTSIDE_PRESENCE: …`.
pub fn line(a: &Anomaly, lang: Lang) -> String {
    let mut s = a.severity().as_str().to_string();
    if let Some(src) = &a.source {
        s.push(' ');
        s.push_str(&src.to_string());
    }
    for part in [a.employee_id.as_deref(), a.date.as_deref()].into_iter().flatten() {
        s.push(' ');
        s.push_str(part);
    }
    format!("{s} {}: {}", a.code, a.message.render(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anomaly::{Code, SourceRef};
    use std::sync::Arc;

    #[test]
    fn csv_rows_and_neutralised_messages() {
        let f: Arc<str> = Arc::from("teams/x.csv");
        let a = Anomaly::new(Code::BadValue, Some(SourceRef::new(&f, 7)), "-bad").employee("001").on("2025-10-06");
        let mut buf = Vec::new();
        write_csv(std::slice::from_ref(&a), Lang::En, &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "severity,source,line,employee_id,date,code,message\nerror,teams/x.csv,7,001,2025-10-06,BAD_VALUE,'-bad\n"
        );
        assert_eq!(line(&a, Lang::En), "error teams/x.csv:7 001 2025-10-06 BAD_VALUE: -bad");
    }

    #[test]
    fn a_long_list_written_in_chunks_reads_as_one_writer_wrote_it() {
        let f: Arc<str> = Arc::from("a.csv");
        let list: Vec<Anomaly> = (0..3 * CHUNK_MIN as u64)
            .map(|i| {
                let message = if i % 7 == 0 { format!("=cut, \"{i}\"") } else { format!("row {i}") };
                Anomaly::new(Code::OutsidePresence, Some(SourceRef::new(&f, i)), message).employee(format!("{i:06}"))
            })
            .collect();
        let mut chunked = Vec::new();
        write_csv(&list, Lang::En, &mut chunked).unwrap();
        let mut one = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        one.write_record(HEADER).unwrap();
        let mut expected = one.into_inner().unwrap();
        expected.extend(records(&list, Lang::En).unwrap());
        assert_eq!(chunked, expected);
        let text = String::from_utf8(chunked).unwrap();
        assert_eq!(text.lines().count(), 1 + list.len());
        assert!(text.contains("\nwarning,a.csv,7,000007,,OUTSIDE_PRESENCE,\"'=cut, \"\"7\"\"\"\n"), "{}", &text[..400]);
    }
}
