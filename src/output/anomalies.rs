//! The anomalies file: `severity,source,line,employee_id,date,code,message`.

use std::io::{self, Write};

use crate::anomaly::Anomaly;

use super::csv_safe::neutralise;

/// The header, fixed by DESIGN.md section 5.
pub const HEADER: [&str; 7] = ["severity", "source", "line", "employee_id", "date", "code", "message"];

/// Writes the anomalies CSV (comma, LF, UTF-8 without BOM), in the order given.
pub fn write_csv<W: Write>(anomalies: &[Anomaly], w: W) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w);
    out.write_record(HEADER).map_err(super::csv_io)?;
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
            &neutralise(&a.message),
        ])
        .map_err(super::csv_io)?;
    }
    out.flush()
}

/// One line for people: `warning attendance.csv:12 004512 2025-10-06 OUTSIDE_PRESENCE: …`.
pub fn line(a: &Anomaly) -> String {
    let mut s = a.severity().as_str().to_string();
    if let Some(src) = &a.source {
        s.push(' ');
        s.push_str(&src.to_string());
    }
    for part in [a.employee_id.as_deref(), a.date.as_deref()].into_iter().flatten() {
        s.push(' ');
        s.push_str(part);
    }
    format!("{s} {}: {}", a.code, a.message)
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
        write_csv(std::slice::from_ref(&a), &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "severity,source,line,employee_id,date,code,message\nerror,teams/x.csv,7,001,2025-10-06,BAD_VALUE,'-bad\n"
        );
        assert_eq!(line(&a), "error teams/x.csv:7 001 2025-10-06 BAD_VALUE: -bad");
    }
}
