//! The calculation gives the same bytes however it is run: one thread or several, with or
//! without the trace, from owned records or from a streamed batch.

use std::path::Path;

use sportello::engine::{compute, compute_batch, Inputs, Month, Options};
use sportello::input::{load, load_batch, load_register, InputPaths};
use sportello::output::{anomalies, payroll};
use sportello::rules::{RuleBook, Selection};

fn bytes(rows: &[sportello::engine::PayrollRow], found: &[sportello::anomaly::Anomaly]) -> (Vec<u8>, Vec<u8>) {
    let (mut p, mut a) = (Vec::new(), Vec::new());
    payroll::write_csv(rows, &mut p).unwrap();
    anomalies::write_csv(found, sportello::lang::Lang::En, &|_| None, &mut a).unwrap();
    (p, a)
}

#[test]
fn threads_trace_and_loading_path_do_not_change_a_byte() {
    let book = RuleBook::embedded().unwrap();
    let month: Month = "2025-10".parse().unwrap();
    let paths = InputPaths::in_folder(Path::new("fixtures/demo"));
    for selection in [Selection::in_force(&book), Selection::selected(&book, "scenario-remote-2025").unwrap()] {
        // Reference: owned records, the convenience entry point, with the trace.
        let loaded = load(&paths).unwrap();
        let inputs = Inputs { register: &loaded.register, attendance: &loaded.attendance, sessions: &loaded.sessions };
        let reference = compute(month, inputs, &selection);
        let mut ref_anomalies = loaded.anomalies.clone();
        ref_anomalies.extend(reference.anomalies.clone());
        sportello::anomaly::sort(&mut ref_anomalies);
        let expected = bytes(&reference.rows, &ref_anomalies);
        assert!(!reference.rows.is_empty() && !reference.employees.is_empty());

        for threads in [1, 2, 3, 8] {
            for trace in [false, true] {
                let (register, mut found) = load_register(&paths).unwrap();
                let mut batch = load_batch(&register, &paths, month).unwrap();
                found.extend(batch.take_anomalies());
                let result = compute_batch(&mut batch, &selection, Options { trace, threads, progress: None });
                found.extend(result.anomalies);
                sportello::anomaly::sort(&mut found);
                assert_eq!(bytes(&result.rows, &found), expected, "threads {threads}, trace {trace}");
                assert_eq!(result.employees.is_empty(), !trace);
                if trace {
                    assert_eq!(result.employees, reference.employees, "threads {threads}");
                }
            }
        }
    }
}

/// A month big enough for its files to be read in pieces (over 1 MiB each), with what makes
/// joining pieces delicate: a meeting whose rows are far apart in the file (so its id is met in
/// two pieces), rows that are refused, employees missing from the register, a clock change.
fn write_big_month(dir: &Path) {
    use std::fmt::Write as _;
    std::fs::create_dir_all(dir.join("teams")).unwrap();
    let mut staff =
        String::from("employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur\n");
    for e in 0..400 {
        writeln!(staff, "{e:06},Operatore {e},RM{:02},op{e}@inps.example,100,{}.{:02},", e % 7, 14 + e % 5, e % 100)
            .unwrap();
    }
    let mut att = String::from("employee_id,date,start,end,kind,code\n");
    let mut ses = String::from("meeting_id,participant,upn,role,join,leave\n");
    for e in 0..410 {
        for d in 1..=31 {
            let date = format!("2025-10-{d:02}");
            writeln!(att, "{e:06},{date},08:{:02},13:00,presence,PRES", e % 60).unwrap();
            writeln!(att, "{e:06},{date},02:30,03:15,presence,PRES").unwrap();
            writeln!(att, "{e:06},{date},09:00,{:02}:30,front_office,MFOF", 10 + e % 5).unwrap();
            writeln!(
                att,
                "{e:06},{date},14:00,15:00,{},X",
                ["appointment", "specialist", "absence", "remote_work"][e % 4]
            )
            .unwrap();
            if (e + d) % 97 == 0 {
                writeln!(att, "{e:06},{date},25:00,26:00,presence,BAD").unwrap();
            }
            let m = format!("wm-{}", (e * 31 + d) % 5000);
            let h = 8 + (e + d) % 9;
            writeln!(
                ses,
                "{m},Operatore {e},op{e}@inps.example,organizer,{date}T{h:02}:00:00+02:00,{date}T{h:02}:40:00+02:00"
            )
            .unwrap();
            writeln!(ses, "{m},Cittadino {e}-{d},,attendee,{date}T{h:02}:05:00+02:00,{date}T{h:02}:35:00+02:00")
                .unwrap();
        }
    }
    std::fs::write(dir.join("staff.csv"), staff).unwrap();
    std::fs::write(dir.join("attendance.csv"), att).unwrap();
    std::fs::write(dir.join("teams/sessions.csv"), ses).unwrap();
}

#[test]
fn files_read_in_pieces_or_blocks_give_the_batch_of_one_piece() {
    let dir = std::env::temp_dir().join(format!("sportello-pieces-{}", std::process::id()));
    write_big_month(&dir);
    let paths = InputPaths::in_folder(&dir);
    assert!(std::fs::metadata(dir.join("attendance.csv")).unwrap().len() > 2 << 20);
    assert!(std::fs::metadata(dir.join("teams/sessions.csv")).unwrap().len() > 2 << 20);
    let book = RuleBook::embedded().unwrap();
    let month: Month = "2025-10".parse().unwrap();
    let selection = Selection::selected(&book, "scenario-remote-2025").unwrap();
    let run = |pieces: usize, block_bytes: usize| {
        let (register, mut found) = load_register(&paths).unwrap();
        let mut batch = sportello::input::load_batch_in_blocks(&register, &paths, month, pieces, block_bytes).unwrap();
        found.extend(batch.take_anomalies());
        let result = compute_batch(&mut batch, &selection, Options { trace: false, threads: 2, progress: None });
        found.extend(result.anomalies);
        sportello::anomaly::sort(&mut found);
        bytes(&result.rows, &found)
    };
    let whole = sportello::input::source::BLOCK_BYTES;
    let one = run(1, whole);
    // The reference from owned records agrees too.
    let loaded = load(&paths).unwrap();
    let inputs = Inputs { register: &loaded.register, attendance: &loaded.attendance, sessions: &loaded.sessions };
    let reference = compute(month, inputs, &selection);
    let mut all = loaded.anomalies.clone();
    all.extend(reference.anomalies);
    sportello::anomaly::sort(&mut all);
    assert_eq!(one, bytes(&reference.rows, &all));
    let text = String::from_utf8(one.0.clone()).unwrap();
    assert!(text.contains("MFOF-WEB") && text.lines().count() > 400, "{}", &text[..text.len().min(500)]);
    let found = String::from_utf8(one.1.clone()).unwrap();
    for code in ["UNKNOWN_EMPLOYEE", "BAD_VALUE", "DST_FOLD", "KIND_NOT_QUALIFYING"] {
        assert!(found.contains(code), "{code}");
    }
    for pieces in [2, 3, 5] {
        assert!(run(pieces, whole) == one, "{pieces} pieces");
    }
    // Streamed in blocks of 1 MiB (the smallest block): each file is two blocks or more.
    for pieces in [1, 2] {
        assert!(run(pieces, 1 << 20) == one, "{pieces} pieces per block");
    }
    std::fs::remove_dir_all(&dir).ok();
}
