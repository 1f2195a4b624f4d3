//! The anomalies file: `severity,source,line,employee_id,employee_name,date,code,message,what_to_do`
//! (DESIGN.md section 5), and the one-line form of an anomaly for the terminal.
//!
//! The message and what to do are written in the reader's language; the employee's name is
//! looked up by the caller (from the register), the anomaly carrying only the id.

use std::io::{self, Write};

use crate::anomaly::Anomaly;
use crate::lang::Lang;

use crate::formula::neutralise;

/// The header, fixed by DESIGN.md section 5: the columns keep their names in every language.
pub const HEADER: [&str; 9] =
    ["severity", "source", "line", "employee_id", "employee_name", "date", "code", "message", "what_to_do"];

/// The name of an employee by id, as the register has it (`None` for an id not in it).
pub type Names<'n> = dyn Fn(&str) -> Option<&'n str> + Sync + 'n;

/// Writes the anomalies CSV (comma, LF, UTF-8 without BOM), in the order given, in `lang`; the
/// employee's name beside the id is `names`' (empty when it has none).
///
/// A long list is formatted in chunks on every core, each into its own buffer, a round of one
/// chunk per core at a time, and the buffers are written in order: a CSV record does not depend
/// on the one before, so the bytes are those of one writer (tested). Only a round's buffers are
/// held at once, not the whole file.
pub fn write_csv<W: Write>(anomalies: &[Anomaly], lang: Lang, names: &Names<'_>, mut w: W) -> io::Result<()> {
    let mut out = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    out.write_record(HEADER).map_err(super::csv_io)?;
    w.write_all(&out.into_inner().map_err(|e| e.into_error())?)?;
    let threads = crate::parallel::threads().max(1);
    // Rounds of one chunk per thread, the chunks of about equal size (at most CHUNK_MIN).
    let rounds = anomalies.len().div_ceil(threads * CHUNK_MIN).max(1);
    let chunk = if anomalies.len() < CHUNK_MIN * 2 {
        anomalies.len().max(1)
    } else {
        anomalies.len().div_ceil(rounds * threads).max(1)
    };
    for round in anomalies.chunks(chunk * threads) {
        let chunks: Vec<&[Anomaly]> = round.chunks(chunk).collect();
        for buffer in crate::parallel::map_in_order(&chunks, threads, |c| records(c, lang, names)) {
            w.write_all(&buffer?)?;
        }
    }
    w.flush()
}

/// Below twice this many anomalies a list is formatted on one thread; above, in chunks of at
/// most this many.
const CHUNK_MIN: usize = 20_000;

/// The CSV records of `anomalies`, without the header.
fn records(anomalies: &[Anomaly], lang: Lang, names: &Names<'_>) -> io::Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        // A row is about 250 bytes (the English of the commonest, with what to do).
        .from_writer(Vec::with_capacity(anomalies.len() * 256));
    let (mut line, mut message) = (String::new(), String::new());
    // Anomalies come sorted by file and line: an employee's are often neighbours, and their
    // name is looked up once.
    let mut last: Option<(&str, &str)> = None;
    for a in anomalies {
        use std::fmt::Write as _;
        line.clear();
        message.clear();
        a.message.write_to(lang, &mut message);
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
        let id = a.employee_id.as_deref().unwrap_or("");
        let name = match last {
            Some((last_id, name)) if last_id == id => name,
            _ if id.is_empty() => "",
            _ => {
                let name = names(id).unwrap_or("");
                last = Some((id, name));
                name
            }
        };
        let todo = a.code.what_to_do();
        out.write_record([
            a.severity().as_str(),
            &neutralise(file),
            &line,
            &neutralise(id),
            &neutralise(name),
            a.date.as_deref().unwrap_or(""),
            a.code.as_str(),
            &neutralise(&message),
            lang.pick(todo.it, todo.en),
        ])
        .map_err(super::csv_io)?;
    }
    out.into_inner().map_err(|e| e.into_error())
}

/// One line for people: `warning attendance.csv:12 004512 2025-10-06 OUTSIDE_PRESENCE: …`.
pub fn line(a: &Anomaly, lang: Lang) -> String {
    named_line(a, None, lang)
}

/// [`line`] with the employee's name after the id:
/// `warning attendance.csv:12 004512 (Maria Rossi) 2025-10-06 OUTSIDE_PRESENCE: …`.
pub fn named_line(a: &Anomaly, name: Option<&str>, lang: Lang) -> String {
    let mut s = a.severity().as_str().to_string();
    if let Some(src) = &a.source {
        s.push(' ');
        s.push_str(&src.to_string());
    }
    if let Some(id) = a.employee_id.as_deref() {
        s.push(' ');
        s.push_str(id);
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            s.push_str(" (");
            s.push_str(name);
            s.push(')');
        }
    }
    if let Some(date) = a.date.as_deref() {
        s.push(' ');
        s.push_str(date);
    }
    format!("{s} {}: {}", a.code, a.message.render(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anomaly::{Code, SourceRef};
    use crate::message::{Arg, Message, Template};
    use std::sync::Arc;

    fn no_names(_: &str) -> Option<&'static str> {
        None
    }

    #[test]
    fn csv_rows_and_neutralised_messages_and_names() {
        let f: Arc<str> = Arc::from("teams/x.csv");
        let a = Anomaly::new(Code::BadValue, Some(SourceRef::new(&f, 7)), "-bad").employee("001").on("2025-10-06");
        let names = |id: &str| (id == "001").then_some("=Rossi, Maria");
        let mut buf = Vec::new();
        write_csv(std::slice::from_ref(&a), Lang::En, &names, &mut buf).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "severity,source,line,employee_id,employee_name,date,code,message,what_to_do\n\
             error,teams/x.csv,7,001,\"'=Rossi, Maria\",2025-10-06,BAD_VALUE,'-bad,\"correct the value in the row as the message says (a date, time, number, kind…) and run again\"\n"
        );
        assert_eq!(line(&a, Lang::En), "error teams/x.csv:7 001 2025-10-06 BAD_VALUE: -bad");
        assert_eq!(
            named_line(&a, Some("Maria Rossi"), Lang::En),
            "error teams/x.csv:7 001 (Maria Rossi) 2025-10-06 BAD_VALUE: -bad"
        );
    }

    #[test]
    fn the_message_and_what_to_do_follow_the_language_and_the_columns_do_not() {
        static CUT: Template = Template { it: "{0} tagliati", en: "{0} cut" };
        let a = Anomaly::new(Code::UnknownEmployee, None, Message::new(&CUT, [Arg::Duration(5400)])).employee("9");
        let mut it = Vec::new();
        write_csv(std::slice::from_ref(&a), Lang::It, &no_names, &mut it).unwrap();
        assert_eq!(
            String::from_utf8(it).unwrap(),
            "severity,source,line,employee_id,employee_name,date,code,message,what_to_do\n\
             warning,,,9,,,UNKNOWN_EMPLOYEE,1 h 30 min tagliati,aggiungere il dipendente a staff.csv o correggere la matricola nella riga (zeri iniziali?)\n"
        );
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
        let names = |id: &str| (id == "000007").then_some("Sette");
        let mut chunked = Vec::new();
        write_csv(&list, Lang::En, &names, &mut chunked).unwrap();
        let mut one = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        one.write_record(HEADER).unwrap();
        let mut expected = one.into_inner().unwrap();
        expected.extend(records(&list, Lang::En, &names).unwrap());
        assert_eq!(chunked, expected);
        let text = String::from_utf8(chunked).unwrap();
        assert_eq!(text.lines().count(), 1 + list.len());
        assert!(
            text.contains(
                "\nwarning,a.csv,7,000007,Sette,,OUTSIDE_PRESENCE,\"'=cut, \"\"7\"\"\",\"check the day's presence"
            ),
            "{}",
            &text[..400]
        );
    }
}
