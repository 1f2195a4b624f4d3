//! CSV dialects (DESIGN.md section 2): the same small dataset written in every supported
//! encoding, delimiter, line ending and header spelling gives the same payroll file and the same
//! anomalies, at the same lines.

use crate::common::*;
use sportello::anomaly::Code;

/// How a table is written.
#[derive(Clone, Copy, Debug)]
struct Dialect {
    delimiter: char,
    crlf: bool,
    encoding: Enc,
    /// Header names upper-cased and padded with spaces.
    loud_header: bool,
    /// An unknown column inserted first and another last.
    extra_columns: bool,
    /// Columns in reverse order.
    reversed: bool,
    /// `18,50` instead of `18.50` in the staff register.
    decimal_comma: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Enc {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    Utf16LeNoBom,
}

const PLAIN: Dialect = Dialect {
    delimiter: ',',
    crlf: false,
    encoding: Enc::Utf8,
    loud_header: false,
    extra_columns: false,
    reversed: false,
    decimal_comma: false,
};

/// `(header, rows)` of the three inputs. Line 4 of the attendance has a broken date, line 6 an
/// unknown employee: their anomalies must keep their lines in every dialect.
fn dataset(decimal_comma: bool) -> [(Vec<&'static str>, Vec<Vec<String>>); 3] {
    let hourly = if decimal_comma { "18,50" } else { "18.50" };
    let rows =
        |v: &[&[&str]]| -> Vec<Vec<String>> { v.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect() };
    let mut staff_rows = rows(&[
        &["001", "Maria Rossi", "RM01", "m.rossi@inps.it", "", "", ""],
        &["002", "Luca Bianchì", "RM01", "", "50", "", "2500"],
    ]);
    staff_rows[0][5] = hourly.to_string();
    [
        (STAFF_HEADER.split(',').collect(), staff_rows),
        (
            ATT_HEADER.split(',').collect(),
            rows(&[
                &["001", "2025-10-06", "08:00", "14:00", "presence", "PRES"],
                &["001", "06/10/2025", "08:30", "12:30", "front_office", "MFOF"],
                &["001", "2025-13-07", "08:00", "14:00", "presence", "PRES"],
                &["001", "2025-10-07", "", "", "remote_work", "LA"],
                &["999", "2025-10-07", "08:00", "14:00", "presence", "PRES"],
                &["002", "2025-10-06", "08:00", "12:00", "presence", "PRES"],
                &["002", "2025-10-06", "09:00", "11:15", "appointment", "APP1"],
            ]),
        ),
        (
            SES_HEADER.split(',').collect(),
            rows(&[
                &[
                    "m1",
                    "Maria Rossi",
                    "m.rossi@inps.it",
                    "Organizer",
                    "2025-10-07T09:00:00+02:00",
                    "2025-10-07T09:45:00+02:00",
                ],
                &["m1", "Rossi, Mario; \"Cittadino\"", "", "Attendee", "2025-10-07T07:05:00Z", "2025-10-07T07:40:30Z"],
                &["m2", "LUCA  BIANCHÌ", "", "presenter", "2025-10-06T11:00:00+02:00", "2025-10-06T11:30:00+02:00"],
                &[
                    "m2",
                    "Cittadina",
                    "c@example.net",
                    "attendee",
                    "2025-10-06T11:00:00+02:00",
                    "2025-10-06T11:20:00+02:00",
                ],
            ]),
        ),
    ]
}

fn quote(cell: &str, delim: char) -> String {
    if cell.contains(delim) || cell.contains('"') || cell.contains('\n') || cell.contains('\r') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

fn write(header: &[&str], rows: &[Vec<String>], d: Dialect) -> Vec<u8> {
    let eol = if d.crlf { "\r\n" } else { "\n" };
    let mut head: Vec<String> = header
        .iter()
        .map(|h| if d.loud_header { format!("  {}  ", h.to_uppercase()) } else { (*h).to_string() })
        .collect();
    let mut body: Vec<Vec<String>> = rows.to_vec();
    if d.extra_columns {
        head.insert(0, "Note".into());
        head.push("Sede, descrizione".into());
        for r in &mut body {
            r.insert(0, "libero".into());
            r.push("anything; here\tat all".into());
        }
    }
    if d.reversed {
        head.reverse();
        for r in &mut body {
            r.reverse();
        }
    }
    let line = |cells: &[String]| {
        cells.iter().map(|c| quote(c, d.delimiter)).collect::<Vec<_>>().join(&d.delimiter.to_string())
    };
    let mut text = line(&head) + eol;
    for r in &body {
        text.push_str(&line(r));
        text.push_str(eol);
    }
    encode(&text, d.encoding)
}

fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Enc::Utf16LeBom | Enc::Utf16LeNoBom => {
            let mut v = if enc == Enc::Utf16LeBom { vec![0xFF, 0xFE] } else { vec![] };
            text.encode_utf16().for_each(|u| v.extend_from_slice(&u.to_le_bytes()));
            v
        }
        Enc::Utf16BeBom => {
            let mut v = vec![0xFE, 0xFF];
            text.encode_utf16().for_each(|u| v.extend_from_slice(&u.to_be_bytes()));
            v
        }
    }
}

fn run_in(d: Dialect) -> Run {
    let [(sh, sr), (ah, ar), (th, tr)] = dataset(d.decimal_comma);
    run_bytes(
        &embedded(),
        Some("scenario-remote-2025"),
        "2025-10",
        &write(&sh, &sr, d),
        &write(&ah, &ar, d),
        &[("sessions.csv", write(&th, &tr, d))],
    )
}

fn anomalies(r: &Run) -> Vec<(String, u64, Code, Option<String>)> {
    r.anomalies
        .iter()
        .map(|a| {
            let (f, l) = a.source.as_ref().map_or((String::new(), 0), |s| (s.file.to_string(), s.line));
            (f, l, a.code, a.employee_id.clone())
        })
        .collect()
}

/// The baseline: plain UTF-8, commas, LF.
fn baseline() -> Run {
    let r = run_in(PLAIN);
    // 001: 08:30–12:30 at the counter = 240 min; m1 with the citizen 09:05–09:40:30 = 35 min.
    // 002 (monthly 2500 → 16.02564 → 4.00641 €/h): appointment 09:00–11:15 = 135 min; m2 as
    // presenter, matched by name despite the accent, the case and the double space (a name
    // tagged "(Guest)" would never be staff): with the citizen 11:00–11:20, of which
    // 11:00–11:15 is already paid at the counter = 5 min.
    assert_eq!(
        r.csv,
        "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n\
         001,2025-10,MFOF,scenario-remote-2025,1,240,4.00,4.625,18.50\n\
         001,2025-10,MFOF-WEB,scenario-remote-2025,1,35,0.58,4.625,2.70\n\
         002,2025-10,MFOF,scenario-remote-2025,1,135,2.25,4.00641,9.01\n\
         002,2025-10,MFOF-WEB,scenario-remote-2025,1,5,0.08,4.00641,0.33\n"
    );
    let got = anomalies(&r);
    assert!(got.contains(&("attendance.csv".into(), 4, Code::BadValue, Some("001".into()))), "{got:?}");
    assert!(got.contains(&("attendance.csv".into(), 6, Code::UnknownEmployee, Some("999".into()))), "{got:?}");
    r
}

fn assert_same(d: Dialect, base: &Run) {
    let r = run_in(d);
    assert_eq!(r.csv, base.csv, "{d:?}");
    assert_eq!(anomalies(&r), anomalies(base), "{d:?}");
}

#[test]
fn every_encoding_gives_the_same_result() {
    let base = baseline();
    for encoding in [Enc::Utf8Bom, Enc::Utf16LeBom, Enc::Utf16BeBom, Enc::Utf16LeNoBom] {
        assert_same(Dialect { encoding, ..PLAIN }, &base);
    }
}

#[test]
fn every_delimiter_and_line_ending_gives_the_same_result() {
    let base = baseline();
    for delimiter in [',', ';', '\t'] {
        for crlf in [false, true] {
            assert_same(Dialect { delimiter, crlf, ..PLAIN }, &base);
        }
    }
}

#[test]
fn header_case_spaces_order_and_unknown_columns_do_not_matter() {
    let base = baseline();
    for (loud_header, extra_columns, reversed) in
        [(true, false, false), (false, true, false), (false, false, true), (true, true, true)]
    {
        assert_same(Dialect { loud_header, extra_columns, reversed, ..PLAIN }, &base);
    }
}

#[test]
fn a_decimal_comma_in_the_hourly_base_reads_as_a_decimal_point() {
    let base = baseline();
    for delimiter in [',', ';', '\t'] {
        assert_same(Dialect { delimiter, decimal_comma: true, ..PLAIN }, &base);
    }
}

#[test]
fn everything_at_once() {
    let base = baseline();
    for encoding in [Enc::Utf8Bom, Enc::Utf16LeBom, Enc::Utf16BeBom] {
        for delimiter in [';', '\t'] {
            let d = Dialect {
                delimiter,
                crlf: true,
                encoding,
                loud_header: true,
                extra_columns: true,
                reversed: true,
                decimal_comma: true,
            };
            assert_same(d, &base);
        }
    }
}

#[test]
fn blank_lines_and_a_missing_final_newline_keep_line_numbers() {
    let base = baseline();
    let [(sh, sr), (ah, ar), (th, tr)] = dataset(false);
    for crlf in [false, true] {
        let eol = if crlf { "\r\n" } else { "\n" };
        let plain = |h: &[&str], r: &[Vec<String>]| String::from_utf8(write(h, r, Dialect { crlf, ..PLAIN })).unwrap();
        // A blank line after the last row, and no newline at the very end of the sessions.
        let att = plain(&ah, &ar) + eol;
        let ses = plain(&th, &tr).trim_end().to_string();
        let r = run_bytes(
            &embedded(),
            Some("scenario-remote-2025"),
            "2025-10",
            plain(&sh, &sr).as_bytes(),
            att.as_bytes(),
            &[("sessions.csv", ses.into_bytes())],
        );
        assert_eq!(r.csv, base.csv, "crlf {crlf}");
        assert_eq!(anomalies(&r), anomalies(&base), "crlf {crlf}");
    }
    // A blank line in the middle shifts the following lines by one, and only them.
    let mut text = String::from_utf8(write(&ah, &ar, PLAIN)).unwrap();
    text = text.replacen("\n001,2025-13-07", "\n\n001,2025-13-07", 1);
    let r = run(
        &embedded(),
        Some("scenario-remote-2025"),
        "2025-10",
        &String::from_utf8(write(&sh, &sr, PLAIN)).unwrap(),
        &text,
        &String::from_utf8(write(&th, &tr, PLAIN)).unwrap(),
    );
    assert_eq!(r.sources_of(Code::BadValue), vec![("attendance.csv".to_string(), 5)]);
    assert_eq!(r.sources_of(Code::UnknownEmployee), vec![("attendance.csv".to_string(), 7)]);
}

#[test]
fn a_quoted_cell_cannot_span_lines_in_a_table() {
    // The code of row 3 opens a quote that the line does not close: no table cell holds a line
    // break, so the line is reported and the next line is read as the row it is.
    let att = "employee_id,date,start,end,kind,code\n\
               001,2025-10-06,08:00,14:00,presence,PRES\n\
               001,2025-10-06,08:30,12:30,front_office,\"MFOF\nsecond line\"\n\
               001,2025-13-07,08:00,14:00,presence,PRES\n";
    for eol in ["\n", "\r\n"] {
        let text = att.replace('\n', eol);
        let r = run(&embedded(), None, "2025-10", &staff(&[ONE]), &text, &sessions(&[]));
        assert_eq!(r.minutes("001", "MFOF"), 0);
        assert_eq!(r.sources_of(Code::UnclosedQuote), vec![("attendance.csv".to_string(), 3)], "{eol:?}");
        assert_eq!(r.sources_of(Code::ShortRow), vec![("attendance.csv".to_string(), 4)], "{eol:?}");
        assert_eq!(r.sources_of(Code::BadValue), vec![("attendance.csv".to_string(), 5)], "{eol:?}");
    }
}

#[test]
fn unsupported_encodings_and_missing_columns_are_refused_naming_the_file() {
    use std::sync::Arc;
    let file: Arc<str> = Arc::from("attendance.csv");
    let mut anomalies = Vec::new();
    // Latin-1 "è" is not UTF-8: read as Windows-1252, as Excel's "CSV" saves it.
    let latin1 = b"employee_id,date,start,end,kind,code\n001,2025-10-06,08:00,14:00,presence,Pr\xe8s\n";
    let (rows, dialect) = sportello::input::attendance::read(&file, latin1, &mut anomalies).unwrap();
    assert_eq!(rows[0].code, "Près");
    assert_eq!(dialect.encoding, sportello::input::text::Encoding::Windows1252);
    // A control byte is not text in any encoding.
    let binary = b"employee_id,date,start,end,kind,code\n001,2025-10-06,08:00,14:00,presence,Pr\xe8s\x02\n";
    let e = sportello::input::attendance::read(&file, binary, &mut anomalies).unwrap_err().to_string();
    assert!(e.starts_with("attendance.csv: ") && e.contains("UTF-8"), "{e}");
    let e = sportello::input::attendance::read(&file, b"employee_id;date;start;kind\n", &mut anomalies)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "attendance.csv: line 1: missing column \"end\" (the header has: \"employee_id\", \"date\", \"start\", \"kind\")");
}
