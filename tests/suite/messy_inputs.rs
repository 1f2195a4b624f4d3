//! The files an office really has: a stray quote in any table, a Teams folder with subfolders,
//! hidden files, links and pipes, inputs past the limits. Each row is used or reported, nothing
//! is read that the user did not name, and one bad row never takes the others with it.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use sportello::anomaly::Code;
use sportello::input::table::Tally;

use crate::common::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_sportello");
const GOLDEN: &str = "fixtures/demo/expected/payroll-inps-ccni-2025.csv";

/// A copy of the demo office, to spoil.
fn demo_copy(name: &str) -> TempDir {
    let t = TempDir::new(name);
    t.copy_tree(Path::new("fixtures/demo"), "demo");
    t
}

/// `compute` on a data folder; exit code, payroll, anomalies and standard error.
fn compute(data: &Path, extra: &[&str]) -> (i32, String, String, String) {
    let out = data.join("out-payroll.csv");
    let anomalies = data.join("out-anomalies.csv");
    let o = crate::common::in_english(&mut Command::new(BIN))
        .args(["compute", "--month", "2025-10", "--data"])
        .arg(data)
        .arg("--out")
        .arg(&out)
        .arg("--anomalies")
        .arg(&anomalies)
        .args(extra)
        .output()
        .expect("run sportello");
    (
        o.status.code().unwrap_or(-1),
        std::fs::read_to_string(&out).unwrap_or_default(),
        std::fs::read_to_string(&anomalies).unwrap_or_default(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The payroll rows of every employee but `except`.
fn others(payroll: &str, except: &str) -> Vec<String> {
    payroll.lines().filter(|l| !l.starts_with(except)).map(str::to_string).collect()
}

/// Replaces line `n` (1-based) of a file.
fn spoil_line(path: &Path, n: usize, with: &str) {
    let text = std::fs::read_to_string(path).expect("a text file");
    let mut lines: Vec<&str> = text.split('\n').collect();
    lines[n - 1] = with;
    std::fs::write(path, lines.join("\n")).expect("write");
}

fn has(anomalies: &str, file_end: &str, line: u64, code: &str) -> bool {
    anomalies.lines().any(|l| {
        let cells: Vec<&str> = l.split(',').collect();
        cells.len() > 6 && cells[1].ends_with(file_end) && cells[2] == line.to_string() && cells[6] == code
    })
}

#[test]
fn a_stray_quote_in_the_attendance_costs_its_row_only() {
    let golden = std::fs::read_to_string(GOLDEN).unwrap();
    // At the start of a cell, in the id, in the middle of a cell.
    let cases = [
        ("004512,2025-10-01,\"08:00,14:12,presence,PRES", "UNCLOSED_QUOTE"),
        ("\"004512,2025-10-01,08:00,14:12,presence,PRES", "UNCLOSED_QUOTE"),
        ("004512,2025-10-01,08:00,14:12,pres\"ence,PRES", "BAD_VALUE"),
        ("0045\"12,2025-10-01,08:00,14:12,presence,PRES", "UNKNOWN_EMPLOYEE"),
    ];
    for (i, (line, code)) in cases.into_iter().enumerate() {
        let t = demo_copy(&format!("stray-att-{i}"));
        let data = t.path("demo");
        spoil_line(&data.join("attendance.csv"), 2, line);
        let (exit, payroll, anomalies, stderr) = compute(&data, &[]);
        assert_eq!(exit, 1, "{line}: {stderr}");
        assert!(has(&anomalies, "attendance.csv", 2, code), "{line}: no {code} at line 2:\n{anomalies}");
        // Every other employee is paid exactly as before: the rest of the file was read.
        assert_eq!(others(&payroll, "004512"), others(&golden, "004512"), "{line}");
        assert!(stderr.contains("attendance.csv: 386 rows, 383 used, 3 reported"), "{line}: {stderr}");
    }
}

#[test]
fn a_stray_quote_in_the_register_costs_its_employee_only() {
    let golden = std::fs::read_to_string(GOLDEN).unwrap();
    // At the start of a cell and in the id: the row is reported, the others are read.
    for (i, line) in
        ["004518,\"Luca Bianchi,RM0101,,100,18.50,", "\"004518,Luca Bianchi,RM0101,,100,18.50,"].into_iter().enumerate()
    {
        let t = demo_copy(&format!("stray-staff-{i}"));
        let data = t.path("demo");
        spoil_line(&data.join("staff.csv"), 3, line);
        let (exit, payroll, anomalies, stderr) = compute(&data, &[]);
        assert_eq!(exit, 1, "{stderr}");
        assert!(has(&anomalies, "staff.csv", 3, "UNCLOSED_QUOTE"), "{anomalies}");
        assert!(!payroll.contains("\n004518,"), "{payroll}");
        assert_eq!(others(&payroll, "004518"), others(&golden, "004518"));
        assert!(stderr.contains("staff.csv: 12 rows, 11 used, 1 reported"), "{stderr}");
    }
    // In the middle of a cell a quote is a character: the name is read as written.
    let t = demo_copy("stray-staff-middle");
    let data = t.path("demo");
    spoil_line(&data.join("staff.csv"), 3, "004518,Luca Bi\"anchi,RM0101,,100,18.50,");
    let (_, payroll, _, stderr) = compute(&data, &[]);
    assert_eq!(payroll, golden);
    assert!(stderr.contains("staff.csv: 12 rows, 12 used, 0 reported"), "{stderr}");
}

#[test]
fn a_stray_quote_in_a_sessions_file_or_a_paid_file_costs_its_row_only() {
    use sportello::input;
    let file: Arc<str> = Arc::from("sessions.csv");
    let sessions = "meeting_id,participant,upn,role,join,leave\n\
                    m1,\"Operatore,op@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n\
                    m1,Cittadino \"Uno\",,attendee,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n\
                    \"m2,Operatore,op@inps.it,organizer,2025-10-07T10:00:00+02:00,2025-10-07T10:30:00+02:00\n\
                    m2,Cittadino,,attendee,2025-10-07T10:00:00+02:00,2025-10-07T10:30:00+02:00\n";
    let mut found = Vec::new();
    let (rows, _) = input::sessions::read(&file, sessions.as_bytes(), &mut found).unwrap();
    assert_eq!(rows.iter().map(|r| r.source.line).collect::<Vec<_>>(), [3, 5]);
    let got: Vec<(u64, Code)> = found.iter().map(|a| (a.source.as_ref().unwrap().line, a.code)).collect();
    assert_eq!(got, [(2, Code::UnclosedQuote), (4, Code::UnclosedQuote)]);
    // No cell of a sessions file is ever quoted back (it may hold a citizen's name).
    assert!(found.iter().all(|a| !a.message.en().contains("Operatore") && a.message.en().contains("field \"")));

    let paid: Arc<str> = Arc::from("paid.csv");
    let text = "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n\
                004512,2025-10,MFOF,x,1,60,1.00,4.00,\"4.00\n\
                \"004513,2025-10,MFOF,x,1,60,1.00,4.00,4.00\n\
                0045\"14,2025-10,MFOF,x,1,60,1.00,4.00,4.00\n\
                004518,2025-10,MFOF,x,1,60,1.00,4.00,4.00\n";
    let month: sportello::engine::Month = "2025-10".parse().unwrap();
    let mut found = Vec::new();
    let (rows, tally) =
        sportello::input::paid::read_paid_counted(&paid, text.as_bytes(), month, month, &mut found).unwrap();
    assert_eq!(rows.iter().map(|r| r.employee_id.as_str()).collect::<Vec<_>>(), ["0045\"14", "004518"]);
    assert_eq!(found.iter().map(|a| a.code).collect::<Vec<_>>(), [Code::UnclosedQuote, Code::UnclosedQuote]);
    assert_eq!((tally.read, tally.used, tally.reported), (4, 2, 2));
}

/// Runs `cmd`, killing it after `seconds` (a reader that opened a FIFO would wait for ever).
fn run_with_timeout(cmd: &mut Command, seconds: u64) -> std::process::Output {
    let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed().as_secs() > seconds {
            child.kill().ok();
            panic!("sportello did not finish within {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn every_entry_of_a_teams_folder_is_read_or_reported() {
    let golden = std::fs::read_to_string(GOLDEN).unwrap();
    let t = demo_copy("folder");
    let teams = t.path("demo/teams");
    // Two reports moved into a subfolder (read, in name order), and entries that are not read.
    std::fs::create_dir_all(teams.join("week 2/late")).unwrap();
    for (from, to) in [
        ("Consulenza INPS 2510-036 - Attendance report 13-10-25.csv", "week 2/036.csv"),
        ("meetingAttendanceList (3).csv", "week 2/late/list 3.csv"),
    ] {
        std::fs::rename(teams.join(from), teams.join(to)).unwrap();
    }
    std::fs::write(teams.join(".DS_Store"), b"\0\0\x01Bud1").unwrap();
    std::fs::create_dir_all(teams.join(".git")).unwrap();
    std::os::unix::fs::symlink(t.path("demo/staff.csv"), teams.join("link.csv")).unwrap();
    let fifo = teams.join("pipe.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let data = t.path("demo");
    let out = run_with_timeout(
        crate::common::in_english(&mut Command::new(BIN))
            .args(["compute", "--month", "2025-10", "--data"])
            .arg(&data)
            .arg("--out")
            .arg(data.join("p.csv"))
            .arg("--anomalies")
            .arg(data.join("a.csv")),
        120,
    );
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(data.join("p.csv")).unwrap(), golden, "the subfolders' reports are read");
    let anomalies = std::fs::read_to_string(data.join("a.csv")).unwrap();
    for (name, code) in [
        (".DS_Store", "HIDDEN_ENTRY"),
        (".git", "HIDDEN_ENTRY"),
        ("link.csv", "SKIPPED_ENTRY"),
        ("pipe.csv", "SKIPPED_ENTRY"),
    ] {
        assert!(
            anomalies.lines().any(|l| l.contains(&format!("teams/{name},")) && l.contains(code)),
            "{name}: no {code}\n{anomalies}"
        );
    }
    assert!(anomalies.contains("symbolic link") && anomalies.contains("FIFO"), "{anomalies}");
}

#[test]
fn a_named_path_that_does_not_exist_is_a_usage_error() {
    let t = demo_copy("missing");
    let data = t.path("demo");
    let (exit, _, _, stderr) = compute(&data, &["--teams", "no-such-folder"]);
    assert_eq!(exit, 2, "{stderr}");
    assert!(stderr.contains("no-such-folder"), "{stderr}");
}

#[test]
fn each_limit_refuses_its_file_naming_the_limit() {
    // One input file: the attendance is larger than 1 MiB.
    let t = demo_copy("limit-input");
    let data = t.path("demo");
    let mut att = std::fs::read_to_string(data.join("attendance.csv")).unwrap();
    while att.len() < 3 << 20 {
        att.push_str("004512,2025-10-31,08:00,09:00,presence,PRES\n");
    }
    std::fs::write(data.join("attendance.csv"), &att).unwrap();
    let (exit, payroll, _, stderr) = compute(&data, &["--max-input-mib", "1"]);
    assert_eq!(exit, 2, "{stderr}");
    assert!(
        stderr.contains("attendance.csv: more than 1048576 bytes") && stderr.contains("--max-input-mib"),
        "{stderr}"
    );
    assert!(payroll.is_empty());

    // One line.
    let t = demo_copy("limit-line");
    let data = t.path("demo");
    spoil_line(&data.join("attendance.csv"), 10, &"x".repeat(3000));
    let (exit, _, _, stderr) = compute(&data, &["--max-line-kib", "2"]);
    assert_eq!(exit, 2, "{stderr}");
    assert!(stderr.contains("line 10") && stderr.contains("--max-line-kib"), "{stderr}");

    // One Teams export: a UTF-16 report of 2 MiB is reported and not read; the others are.
    let t = demo_copy("limit-teams");
    let data = t.path("demo");
    let mut big = vec![0xFF, 0xFE];
    big.extend("1. Summary\n".repeat(100_000).encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(data.join("teams/huge.csv"), &big).unwrap();
    let (exit, payroll, anomalies, stderr) = compute(&data, &["--max-teams-export-mib", "1"]);
    assert_eq!(exit, 1, "{stderr}");
    assert_eq!(payroll, std::fs::read_to_string(GOLDEN).unwrap());
    assert!(
        anomalies.lines().any(|l| l.contains("teams/huge.csv")
            && l.contains("UNREADABLE_FILE")
            && l.contains("--max-teams-export-mib")),
        "{anomalies}"
    );
}

#[cfg(unix)]
#[test]
fn an_endless_stream_stops_at_the_limit() {
    let t = demo_copy("fifo");
    let data = t.path("demo");
    let fifo = data.join("endless.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // A writer that never stops: `yes` into the FIFO (it dies of the closed pipe afterwards).
    let mut writer = Command::new("sh")
        .arg("-c")
        .arg(format!("yes '004512,2025-10-01,08:00,14:00,presence,PRES' > '{}'", fifo.display()))
        .spawn()
        .unwrap();
    let out = run_with_timeout(
        Command::new(BIN)
            .args(["compute", "--month", "2025-10", "--staff"])
            .arg(data.join("staff.csv"))
            .arg("--attendance")
            .arg(&fifo)
            .args(["--max-input-mib", "2", "--out"])
            .arg(data.join("p.csv")),
        120,
    );
    writer.kill().ok();
    writer.wait().ok();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("endless.csv") && stderr.contains("--max-input-mib"), "{stderr}");
    assert!(!data.join("p.csv").exists());
}

/// Every non-blank record of a table, as the one tokeniser cuts lines: the rows a reader must
/// account for.
fn records(text: &str) -> u64 {
    let mut n = 0u64;
    let t = sportello::input::tokeniser::Tokeniser::new(b',', sportello::input::tokeniser::Quoting::Line);
    t.records(text, 0..text.len(), 1, |r| {
        if !matches!(r, sportello::input::tokeniser::Record::Cells { cells, .. } if cells.is_blank()) {
            n += 1;
        }
        true
    });
    n.saturating_sub(1)
}

mod accounting {
    use super::*;
    use proptest::prelude::*;

    const ATTENDANCE: &[&str] = &[
        "employee_id,date,start,end,kind,code",
        "001,2025-10-06,08:00,14:00,presence,PRES",
        "001,2025-10-06,08:30,12:30,front_office,MFOF",
        "002,06/10/2025,,,remote_work,LA",
        "001,2025-10-07,24:00,08:00,presence,",
        "003,2025-10-08,09:00,10:00,appointment,APP",
    ];
    const SESSIONS: &[&str] = &[
        "meeting_id,participant,upn,role,join,leave",
        "m1,Operatore,op@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00",
        "m1,Cittadino,,attendee,2025-10-07T09:00:00Z,2025-10-07T09:30:00Z",
        "m2,,,attendee,2025-10-07T09:00:00Z,2025-10-07T08:30:00Z",
    ];

    /// The table with some cells replaced by text holding the characters that break CSV.
    fn mutated(lines: &'static [&'static str]) -> impl Strategy<Value = String> {
        let cells = lines.iter().map(|l| l.split(',').count()).sum::<usize>();
        proptest::collection::vec((0..cells, "[a0-9]{0,3}[\"\r\n;,\t][a0-9\"]{0,3}"), 0..6).prop_map(move |edits| {
            let mut table: Vec<Vec<String>> =
                lines.iter().map(|l| l.split(',').map(str::to_string).collect()).collect();
            for (at, text) in edits {
                let mut k = at;
                for row in table.iter_mut().skip(1) {
                    if k < row.len() {
                        row[k] = text.clone();
                        break;
                    }
                    k -= row.len().min(k);
                }
            }
            let mut s: String = table.iter().map(|r| r.join(",")).collect::<Vec<_>>().join("\n");
            s.push('\n');
            s
        })
    }

    fn check(text: &str, tally: Tally, reported: usize) -> Result<(), TestCaseError> {
        prop_assert!(tally.balanced(), "{tally:?}");
        prop_assert_eq!(tally.read, records(text), "{:?}", text);
        prop_assert!(tally.reported as usize <= reported, "{tally:?}");
        Ok(())
    }

    const STAFF: &[&str] = &[
        "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur",
        "001,Maria Rossi,RM01,m.rossi@inps.it,83.33,18.50,",
        "002,Luca Bianchi,RM01,,,,2600",
        "003,Anna Verdi,RM02,a@inps.it|b@inps.it,100,20,",
    ];
    const PAID: &[&str] = &[
        "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur",
        "001,2025-10,MFOF,inps-ccni-2025,3,725,12.08,4.625,55.89",
        "002,2025-10,MFOF-WEB,scenario-remote-2025,1,60,1.00,4.625,4.63",
        "'-003,2025-09,MFOF,inps-ccni-2025,1,60,1.00,4.625,4.63",
    ];
    /// A Teams report as Excel re-saves it: `;`, quoted cells, a summary, a participants table.
    const TEAMS: &[&str] = &[
        "1. Summary",
        "Meeting title;Consulenza",
        "Start time;14/10/25 09:00:00",
        "End time;14/10/25 10:00:00",
        "",
        "2. Participants",
        "Name;First join;Last leave;In-meeting duration;Email;Role",
        "Operatore Uno;14/10/25 09:00:00;14/10/25 09:40:00;40m;op@inps.it;Organizer",
        "Cittadino;14/10/25 09:01:00;14/10/25 09:30:00;29m;;Attendee",
        "Cittadina;14/10/25 09:05:00;14/10/25 09:20:00;15m;;Attendee",
    ];

    #[test]
    fn the_tables_mutated_read_whole_before_any_mutation() {
        let teams = TEAMS.join("\n") + "\n";
        let file: Arc<str> = Arc::from("report.csv");
        let f = sportello::input::teams::read_file(
            &file,
            teams.as_bytes(),
            &sportello::input::teams::ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(f.tally(|_| false).map(|t| (t.read, t.used)), Some((3, 3)));
        assert_eq!(f.records.len(), 3);
        let staff = STAFF.join("\n");
        let (rows, _, tally) =
            sportello::input::staff::read_counted(&Arc::from("s.csv"), staff.as_bytes(), &mut Vec::new()).unwrap();
        assert_eq!((rows.len(), tally.used), (3, 3));
    }

    proptest! {
        // Whatever a cell holds, every row read is used or reported, and nothing panics.
        #[test]
        fn attendance_rows_are_used_or_reported(text in mutated(ATTENDANCE)) {
            let file: Arc<str> = Arc::from("attendance.csv");
            let mut found = Vec::new();
            if let Ok((_, tally)) = sportello::input::table::read_rows(&sportello::input::attendance::Rows, &file, text.as_bytes(), &mut found, |_| true) {
                check(&text, tally, found.len())?;
            }
        }

        #[test]
        fn session_rows_are_used_or_reported(text in mutated(SESSIONS)) {
            let file: Arc<str> = Arc::from("sessions.csv");
            let mut found = Vec::new();
            if let Ok((_, tally)) = sportello::input::table::read_rows(&sportello::input::sessions::Rows, &file, text.as_bytes(), &mut found, |_| true) {
                check(&text, tally, found.len())?;
            }
        }

        #[test]
        fn register_rows_are_used_or_reported(text in mutated(STAFF)) {
            let file: Arc<str> = Arc::from("staff.csv");
            let mut found = Vec::new();
            if let Ok((_, _, tally)) = sportello::input::staff::read_counted(&file, text.as_bytes(), &mut found) {
                check(&text, tally, found.len())?;
            }
        }

        #[test]
        fn paid_rows_are_used_or_reported(text in mutated(PAID)) {
            let file: Arc<str> = Arc::from("paid.csv");
            let (from, to) = ("2025-08".parse().unwrap(), "2025-10".parse().unwrap());
            let mut found = Vec::new();
            if let Ok((_, tally)) = sportello::input::paid::read_paid_counted(&file, text.as_bytes(), from, to, &mut found) {
                check(&text, tally, found.len())?;
            }
        }

        // A Teams export: every row of the table it reads goes into a record or is reported.
        #[test]
        fn teams_export_rows_are_used_or_reported(text in mutated(TEAMS)) {
            let file: Arc<str> = Arc::from("report.csv");
            if let Ok(f) = sportello::input::teams::read_file(&file, text.as_bytes(), &sportello::input::teams::ReadOptions::default()) {
                if let Some(t) = f.tally(|_| false) {
                    prop_assert!(t.balanced(), "{t:?}");
                }
            }
        }
    }
}
