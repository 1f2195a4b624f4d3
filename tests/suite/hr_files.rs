//! HR's files as they come: Excel's "CSV (separato da punto e virgola)" in Windows-1252, a
//! report re-saved by Excel without seconds, workbooks saved as `.xlsx`, header-only exports,
//! legacy lists downloaded while the meeting ran, and `teams inspect` on a whole folder.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use sportello::anomaly::Code;
use sportello::input::teams::{dedupe, read_file, ReadOptions, TeamsError};
use sportello::input::text::Encoding;
use sportello::lang::Lang;

fn sportello(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sportello-hr-{}-{name}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn cp1252(text: &str) -> Vec<u8> {
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!lossy);
    bytes.into_owned()
}

fn utf16(text: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Sample 05 (`fixtures/teams-samples/`), as Teams wrote it.
const SAMPLE_05: &str = "fixtures/teams-samples/05_report-sectioned_en-US_rejoin_guest.csv";

/// Sample 05 opened in Excel (Italian) and saved again as "CSV (separato da punto e virgola)":
/// Windows-1252, `;`, dates day first and times without their seconds (cut, not rounded). (Its
/// title has an accent, for the encoding to show; the title only feeds the meeting's id.)
const SAMPLE_05_RESAVED: &str = "1. Summary\r\n\
Meeting title;Consulenza NASpI - pratica 0002 - è\r\n\
Attended participants;3\r\n\
Start time;14/03/2024 14:30\r\n\
End time;14/03/2024 15:05\r\n\
Meeting duration;35m 46s\r\n\
Average attendance time;29m 23s\r\n\
\r\n\
2. Participants\r\n\
Name;First Join;Last Leave;In-Meeting Duration;Email;Participant ID (UPN);Role\r\n\
Operatore Uno;14/03/2024 14:30;14/03/2024 15:05;35m 46s;operatore.uno@example.org;operatore.uno@example.org;Organizer\r\n\
Cittadino Due;14/03/2024 14:31;14/03/2024 15:05;33m 53s;cittadino.due@example.net;cittadino.due@example.net;Attendee\r\n\
Cittadina Tre (Unverified);14/03/2024 14:40;14/03/2024 14:58;18m 30s;;;Attendee\r\n\
\r\n\
3. In-Meeting Activities\r\n\
Name;Join Time;Leave Time;Duration;Email;Role\r\n\
Operatore Uno;14/03/2024 14:30;14/03/2024 15:05;35m 46s;operatore.uno@example.org;Organizer\r\n\
Cittadino Due;14/03/2024 14:31;14/03/2024 14:44;12m 52s;cittadino.due@example.net;Attendee\r\n\
Cittadino Due;14/03/2024 14:44;14/03/2024 15:05;21m 1s;cittadino.due@example.net;Attendee\r\n\
Cittadina Tre (Unverified);14/03/2024 14:40;14/03/2024 14:58;18m 30s;;Attendee\r\n";

fn read(name: &str, bytes: &[u8]) -> sportello::input::teams::TeamsFile {
    read_file(&Arc::from(name), bytes, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_report_saved_again_by_excel_without_seconds_is_the_meeting_already_read() {
    let original = read(SAMPLE_05, &std::fs::read(SAMPLE_05).unwrap());
    // Its name sorts before the original's: the original is kept all the same.
    let copy_name = "fixtures/teams-samples/05_report-sectioned_en-US_rejoin_guest - copia.csv";
    let copy = read(copy_name, &cp1252(SAMPLE_05_RESAVED));
    assert_eq!(copy.encoding, Encoding::Windows1252);
    assert_eq!(copy.delimiter, Some(';'));
    assert_ne!(copy.meetings[0].id, original.meetings[0].id, "the start lost its seconds, so did the id");
    for files in [vec![copy.clone(), original.clone()], vec![original.clone(), copy.clone()]] {
        let (records, anomalies) = dedupe(files);
        assert_eq!(records, {
            let mut r = original.records.clone();
            r.sort_by(|a, b| (&a.meeting_id, a.span, &a.participant).cmp(&(&b.meeting_id, b.span, &b.participant)));
            r
        });
        let dup: Vec<_> = anomalies.iter().filter(|a| a.code == Code::DuplicateMeeting).collect();
        assert_eq!(dup.len(), 1, "{anomalies:?}");
        assert_eq!(dup[0].source.as_ref().map(|s| &*s.file), Some(copy_name));
        let en = dup[0].message.en();
        assert!(en.contains("without their seconds, as Excel saves them"), "{en}");
        assert!(en.contains(&original.meetings[0].id) && en.contains(SAMPLE_05), "{en}");
        assert!(dup[0].message.render(Lang::It).contains("senza i secondi"));
    }
    // A copy whose times are not the original's floored (rounded up here) is another meeting.
    let rounded = SAMPLE_05_RESAVED.replace("14:31;14/03/2024 14:44", "14:31;14/03/2024 14:45");
    let other = read(copy_name, &cp1252(&rounded));
    let (_, anomalies) = dedupe(vec![original, other]);
    assert!(anomalies.iter().all(|a| a.code != Code::DuplicateMeeting), "{anomalies:?}");
}

#[test]
fn excel_semicolon_csv_in_windows_1252_reads_with_its_accents() {
    let dir = folder("cp1252");
    // Staff and attendance as Excel saves "CSV (separato da punto e virgola)" on Italian Windows.
    let staff = dir.join("staff.csv");
    std::fs::write(
        &staff,
        cp1252("employee_id;full_name;office;teams_upn;part_time_pct;hourly_base_eur\r\n004512;Nicolò Ferrà;RM01;;100;18,50\r\n"),
    )
    .unwrap();
    let attendance = dir.join("attendance.csv");
    std::fs::write(
        &attendance,
        cp1252("employee_id;date;start;end;kind;code\r\n004512;06/10/2025;08:00;14:00;presence;Presenza è\r\n004512;06/10/2025;09:00;11:00;front_office;MFOF\r\n"),
    )
    .unwrap();
    // A legacy attendance list re-saved the same way, the operator known only by name.
    let teams = dir.join("teams");
    std::fs::create_dir_all(&teams).unwrap();
    std::fs::write(
        teams.join("meetingAttendanceList.csv"),
        cp1252("Full Name;User Action;Timestamp\r\nNicolò Ferrà;Joined;14/10/2025 09:00:00\r\nCittadina Città;Joined;14/10/2025 09:01:00\r\nCittadina Città;Left;14/10/2025 09:20:00\r\nNicolò Ferrà;Left;14/10/2025 09:30:00\r\n"),
    )
    .unwrap();
    let (code, out, err) = sportello(&[
        "--lang",
        "en",
        "compute",
        "--month",
        "2025-10",
        "--staff",
        path(&staff),
        "--attendance",
        path(&attendance),
    ]);
    assert!(code <= 1, "{err}");
    assert!(out.contains("004512,2025-10,MFOF,inps-ccni-2025,1,120,"), "{out}");
    // The staff's accented name matches the list's: staff kept by name, the citizen hidden.
    let (code, out, err) = sportello(&["--lang", "en", "teams", "normalize", path(&teams), "--staff", path(&staff)]);
    assert!(code <= 1, "{err}");
    assert!(out.contains("Nicolò Ferrà,,organizer"), "{out}");
    assert!(out.contains("citizen-1,,attendee") && !out.contains("Città"), "{out}");
    let (_, out, _) = sportello(&["--lang", "it", "teams", "inspect", path(&teams.join("meetingAttendanceList.csv"))]);
    assert!(out.contains("codifica:") && out.contains("Windows-1252"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_workbook_that_cannot_be_read_is_refused_saying_how_to_save_it_as_csv() {
    let dir = folder("xlsx");
    let book = dir.join("presenze.xlsx");
    std::fs::write(&book, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xd5\x8e\x10\x01").unwrap();
    let (code, out, _) = sportello(&["--lang", "it", "teams", "inspect", path(&book)]);
    assert_eq!(code, 2);
    assert!(out.contains("cartella di lavoro di Excel (.xlsx) che non si riesce a leggere"), "{out}");
    assert!(out.contains("salvarla come CSV (File › Salva con nome › CSV UTF-8"), "{out}");
    let staff = dir.join("staff.csv");
    std::fs::write(&staff, "employee_id,full_name\n1,A\n").unwrap();
    let (code, _, err) = sportello(&[
        "--lang",
        "en",
        "compute",
        "--month",
        "2025-10",
        "--staff",
        path(&staff),
        "--attendance",
        path(&book),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("an Excel workbook (.xlsx) that cannot be read") && err.contains("Save as"), "{err}");
    assert!(!err.contains("invalid UTF-8"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_export_with_its_header_and_no_participant_is_no_participants() {
    let list =
        read_file(&Arc::from("list.csv"), &utf16("Full Name\tUser Action\tTimestamp\n"), &ReadOptions::default());
    let Err(e @ TeamsError::NoParticipants { .. }) = list else { panic!("{list:?}") };
    assert!(e.to_string().starts_with("list.csv: no participants: "), "{e}");
    assert!(e.message().render(Lang::It).contains("nessun partecipante"), "{e}");
    // A report whose summary says when: the meeting is named by its start.
    let report =
        "1. Summary\nMeeting title\tConsulenza\nStart time\t2025-10-14 09:00:37\nEnd time\t2025-10-14 09:40:00\n\n\
                  2. Participants\nName\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n\n\
                  3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n";
    let read = read_file(&Arc::from("r.csv"), &utf16(report), &ReadOptions::default());
    let Err(e @ TeamsError::NoParticipants { .. }) = read else { panic!("{read:?}") };
    assert!(e.to_string().contains("(meeting started 2025-10-14 09:00:37)"), "{e}");
    assert!(e.message().render(Lang::It).contains("(riunione iniziata il 14/10/2025 09:00:37)"), "{e}");
}

#[test]
fn a_list_downloaded_while_the_meeting_ran_says_so_once() {
    let mut text = String::from("Full Name\tUser Action\tTimestamp\nOperatore Uno\tJoined\t14/10/2025, 09:00:00\n");
    for i in 1..=30 {
        text.push_str(&format!("Cittadino {i}\tJoined\t14/10/2025, 09:{i:02}:00\n"));
    }
    text.push_str("Cittadino 1\tLeft\t14/10/2025, 09:40:00\n");
    let f = read("list.csv", &utf16(&text));
    let missing: Vec<_> = f.all_anomalies().into_iter().filter(|a| a.code == Code::MissingLeave).collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    let en = missing[0].message.en();
    assert!(en.contains("30 participant(s) with no leave after their last join"), "{en}");
    assert!(en.contains("closed at the list's last time (2025-10-14T09:40:00+02:00)"), "{en}");
    assert!(en.contains("joins on lines 2, 4, 5, 6, 7, 8, 9, 10, 11, 12 … (+20)"), "{en}");
    assert!(!en.contains("Cittadino"), "{en}");
    let it = missing[0].message.render(Lang::It);
    assert!(it.contains("partecipanti senza uscita dopo l'ultimo ingresso: 30"), "{it}");
    assert_eq!(missing[0].source.as_ref().map(|s| s.line), Some(2));
    // Every one of them still counts, to the list's last time.
    assert_eq!(f.records.len(), 31);
    assert!(f.records.iter().all(|r| r.span.end == 1_760_427_600));
}

#[test]
fn inspect_on_a_folder_prints_a_line_per_entry_in_the_chosen_language() {
    let dir = folder("inspect");
    std::fs::copy(SAMPLE_05, dir.join("a-report.csv")).unwrap();
    std::fs::write(dir.join("b-report - copia.csv"), cp1252(SAMPLE_05_RESAVED)).unwrap();
    std::fs::write(dir.join("c-empty-list.csv"), utf16("Full Name\tUser Action\tTimestamp\n")).unwrap();
    std::fs::write(dir.join("d-bank.csv"), "Date;Description;Amount\n01/10/2025;Bonifico;100,00\n").unwrap();
    std::fs::write(dir.join(".DS_Store"), "x").unwrap();
    let staff = dir.join("staff.csv");
    let (code, out, _) = sportello(&["--lang", "en", "teams", "inspect", path(&dir)]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].ends_with(".DS_Store: not read: a hidden entry (its name starts with a dot)"), "{out}");
    assert!(lines[1].contains("a-report.csv: Teams attendance report (summary, participants, activities); 2024-03-14 14:30:04–15:05:50; 1 staff, 2 citizens; anomalies: 0 errors, 0 warnings, 0 notes"), "{out}");
    assert!(lines[2].contains("b-report - copia.csv: Teams attendance report (summary, participants, activities) (Windows-1252 (ISO-8859-1)); 2024-03-14 14:30–15:05; 1 staff, 2 citizens; 1 meeting already read from another file (counted once)"), "{out}");
    assert!(lines[3].starts_with("refused: ") && lines[3].contains("c-empty-list.csv: no participants"), "{out}");
    assert!(lines[4].contains("d-bank.csv: not a Teams attendance export"), "{out}");
    for c in ["Cittadino", "cittadino.due", "Cittadina"] {
        assert!(!out.contains(c), "{out}");
    }
    // With the register, staff are those it names (none here): everyone is a citizen.
    std::fs::write(&staff, "employee_id,full_name,teams_upn\n9,Someone Else,someone@example.org\n").unwrap();
    std::fs::remove_file(dir.join("d-bank.csv")).unwrap();
    let (_, out, _) = sportello(&["--lang", "it", "teams", "inspect", path(&dir), "--staff", path(&staff)]);
    assert!(out.contains("a-report.csv: report presenze di Teams (riepilogo, partecipanti, attività); 14/03/2024 14:30:04–15:05:50; 0 dipendenti, 3 cittadini; anomalie: 0 errori, 0 avvisi, 0 note"), "{out}");
    assert!(out.contains("rifiutato: ") && out.contains("nessun partecipante"), "{out}");
    assert!(out.contains(".DS_Store: non letto: voce nascosta"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A cell of a small workbook written for the tests.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    /// A serial date and time, shown with the style `0`-based index given (1: date, 2: time,
    /// 3: date and time), as Excel keeps them.
    Serial(f64, u8),
}

/// An `.xlsx` with one sheet of `rows`, as Excel writes one: shared strings, built-in date
/// formats (14, 21, 22), rows from A1.
fn xlsx(rows: &[Vec<Cell<'_>>]) -> Vec<u8> {
    use std::io::Write;
    let mut strings: Vec<String> = Vec::new();
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            match cell {
                Cell::Text(t) => {
                    let i = strings.iter().position(|s| s == t).unwrap_or_else(|| {
                        strings.push(t.to_string());
                        strings.len() - 1
                    });
                    sheet.push_str(&format!(r#"<c r="{at}" t="s"><v>{i}</v></c>"#));
                }
                Cell::Number(n) => sheet.push_str(&format!(r#"<c r="{at}"><v>{n}</v></c>"#)),
                Cell::Serial(v, style) => sheet.push_str(&format!(r#"<c r="{at}" s="{style}"><v>{v}</v></c>"#)),
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let escaped = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let shared: String = strings.iter().map(|s| format!("<si><t>{}</t></si>", escaped(s))).collect();
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Foglio1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_string()),
        ("xl/styles.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="21" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>"#.to_string()),
        ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{shared}</sst>"#)),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in files {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A Rome wall time as Excel's serial: days since 1899-12-30 and the fraction of the day.
fn serial(date: (i32, u32, u32), time: (u32, u32, u32)) -> f64 {
    let days = chrono::NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap()
        - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    days.num_days() as f64 + f64::from(time.0 * 3600 + time.1 * 60 + time.2) / 86_400.0
}

#[test]
fn workbooks_are_read_from_their_first_sheet() {
    use Cell::{Number, Serial, Text};
    let dir = folder("workbooks");
    let staff = dir.join("staff.xlsx");
    std::fs::write(
        &staff,
        xlsx(&[
            vec![
                Text("employee_id"),
                Text("full_name"),
                Text("teams_upn"),
                Text("part_time_pct"),
                Text("hourly_base_eur"),
            ],
            vec![Text("004512"), Text("Nicolò Ferrà"), Text(""), Number(83.33), Number(18.5)],
        ]),
    )
    .unwrap();
    let day = (2025, 10, 6);
    let attendance = dir.join("attendance.xlsx");
    std::fs::write(
        &attendance,
        xlsx(&[
            vec![Text("employee_id"), Text("date"), Text("start"), Text("end"), Text("kind"), Text("code")],
            vec![
                Text("004512"),
                Serial(serial(day, (0, 0, 0)), 1),
                Serial(serial((1899, 12, 30), (8, 0, 0)), 2),
                Serial(serial((1899, 12, 30), (14, 0, 0)), 2),
                Text("presence"),
                Text("PRES"),
            ],
            vec![
                Text("004512"),
                Serial(serial(day, (0, 0, 0)), 1),
                Serial(serial((1899, 12, 30), (9, 0, 0)), 2),
                Serial(serial((1899, 12, 30), (11, 0, 0)), 2),
                Text("front_office"),
                Text("MFOF"),
            ],
        ]),
    )
    .unwrap();
    let (code, out, err) = sportello(&[
        "--lang",
        "en",
        "compute",
        "--month",
        "2025-10",
        "--staff",
        path(&staff),
        "--attendance",
        path(&attendance),
    ]);
    assert!(code <= 1, "{err}");
    // 120 minutes at 25% of 18.50.
    assert_eq!(out.lines().nth(1), Some("004512,2025-10,MFOF,inps-ccni-2025,1,120,2.00,4.625,9.25"), "{out}");

    // The legacy attendance list, saved by Excel as a workbook: its times kept to the second.
    let list = dir.join("meetingAttendanceList.xlsx");
    let at = |h, m, s| Serial(serial((2025, 10, 14), (h, m, s)), 3);
    std::fs::write(
        &list,
        xlsx(&[
            vec![Text("Full Name"), Text("User Action"), Text("Timestamp")],
            vec![Text("Nicolò Ferrà"), Text("Joined"), at(9, 0, 37)],
            vec![Text("Cittadina Città"), Text("Joined"), at(9, 1, 2)],
            vec![Text("Cittadina Città"), Text("Left"), at(9, 20, 59)],
            vec![Text("Nicolò Ferrà"), Text("Left"), at(9, 30, 0)],
        ]),
    )
    .unwrap();
    let (code, out, _) = sportello(&["--lang", "en", "teams", "inspect", path(&list)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("format:       Teams attendance list"), "{out}");
    assert!(out.contains("encoding:     spreadsheet workbook (xlsx, xls, ods), its first sheet"), "{out}");
    assert!(out.contains("intervals:    2"), "{out}");
    let f = read("list.xlsx", &std::fs::read(&list).unwrap());
    let mut spans: Vec<(i64, i64)> = f.records.iter().map(|r| (r.span.start, r.span.end)).collect();
    spans.sort();
    // 09:00:37 CEST = 07:00:37Z on 2025-10-14.
    assert_eq!(spans[0], (1_760_425_237, 1_760_427_000));
    assert_eq!(spans[1], (1_760_425_262, 1_760_426_459));
    std::fs::remove_dir_all(&dir).ok();
}

/// Demo meeting 2510-031 (an en-US report: `10/9/25, 10:20:15 AM`) re-saved by an Italian Excel
/// as "CSV (separato da punto e virgola)": dates turned day first, seconds cut, Windows-1252.
const DEMO_031_RESAVED: &str = "1. Summary\r\nMeeting title;Consulenza INPS 2510-031 - Città\r\n\
Attended participants;2\r\nStart time;09/10/2025 10:20\r\nEnd time;09/10/2025 10:34\r\n\
Meeting duration;13m 58s\r\nAverage attendance time;13m 51s\r\n\r\n2. Participants\r\n\
Name;First Join;Last Leave;In-Meeting Duration;Email;Participant ID (UPN);Role\r\n\
Greco Stefano;09/10/2025 10:20;09/10/2025 10:34;13m 58s;stefano.greco@inps.it;stefano.greco@inps.it;Organizer\r\n\
Carla Campione;09/10/2025 10:20;09/10/2025 10:34;13m 44s;carla.campione@example.net;carla.campione@example.net;Attendee\r\n\
\r\n3. In-Meeting Activities\r\nName;Join Time;Leave Time;Duration;Email;Role\r\n\
Greco Stefano;09/10/2025 10:20;09/10/2025 10:34;13m 58s;stefano.greco@inps.it;Organizer\r\n\
Carla Campione;09/10/2025 10:20;09/10/2025 10:34;13m 44s;carla.campione@example.net;Attendee\r\n";

#[test]
fn an_en_us_report_re_saved_by_an_italian_excel_is_read_day_first_and_counted_once() {
    let demo = "fixtures/demo/teams/Consulenza INPS 2510-031 - Attendance report 9-10-25.csv";
    let original = read(demo, &std::fs::read(demo).unwrap());
    let copy = read("teams/031 - copia.csv", &cp1252(DEMO_031_RESAVED));
    // No day above 12 and English headers with a 24-hour clock: the `;` says day first.
    assert_eq!(copy.date_order_basis, sportello::input::teams::DateOrderBasis::Semicolons);
    assert_eq!(copy.records[0].span.start - copy.records[0].span.start % 60, original.records[0].span.start / 60 * 60);
    let (records, anomalies) = dedupe(vec![copy, original.clone()]);
    assert_eq!(records.len(), original.records.len());
    assert!(records.iter().all(|r| &*r.source.file == demo));
    assert_eq!(anomalies.iter().filter(|a| a.code == Code::DuplicateMeeting).count(), 1);
}
