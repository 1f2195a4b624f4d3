//! The `sportello` command as users run it: exit codes (DESIGN.md section 5), messages that
//! name file, line and field, the rule commands, output formats, a closed pipe, and a hostile
//! citizen name that must never come out.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_sportello");

const STAFF: &str = "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur\n\
                     001,Maria Rossi,RM01,m.rossi@inps.it,100,18.50,\n";
const CLEAN_ATT: &str = "employee_id,date,start,end,kind,code\n\
                         001,2025-10-06,08:00,14:00,presence,PRES\n\
                         001,2025-10-06,08:30,12:30,front_office,MFOF\n\
                         001,2025-10-06,12:30,13:00,specialist,CONS\n\
                         001,2025-10-07,,,remote_work,LA\n";
const SESSIONS: &str = "meeting_id,participant,upn,role,join,leave\n\
                        m1,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n\
                        m1,Cittadino Uno,,attendee,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n";
const HEADER: &str = "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n";

/// A temporary folder, removed when dropped.
struct Tmp(PathBuf);

impl Tmp {
    fn new(name: &str) -> Tmp {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sportello-cli-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        Tmp(dir)
    }

    /// A data folder: staff.csv, attendance.csv, teams/sessions.csv.
    fn data(name: &str, staff: &str, attendance: &str, sessions: &str) -> Tmp {
        let t = Tmp::new(name);
        t.write("staff.csv", staff.as_bytes());
        t.write("attendance.csv", attendance.as_bytes());
        t.write("teams/sessions.csv", sessions.as_bytes());
        t
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    fn s(&self, rel: &str) -> String {
        self.path(rel).to_string_lossy().into_owned()
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("create folders");
        std::fs::write(p, bytes).expect("write a test file");
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sportello(args: &[&str]) -> Out {
    let o = crate::common::in_english(Command::new(BIN).args(args)).output().expect("run sportello");
    let out = Out {
        code: o.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(!out.stderr.contains("panicked"), "sportello {args:?} panicked:\n{}", out.stderr);
    out
}

fn compute(data: &Tmp, extra: &[&str]) -> Out {
    let dir = data.0.to_string_lossy().into_owned();
    let mut args = vec!["compute", "--month", "2025-10", "--data", dir.as_str()];
    args.extend_from_slice(extra);
    sportello(&args)
}

// ---------------------------------------------------------------------------------------------
// Exit codes.

#[test]
fn exit_0_when_every_row_is_used_and_only_notes_remain() {
    let data = Tmp::data("exit0", STAFF, CLEAN_ATT, SESSIONS);
    let o = compute(&data, &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // Specialist and the meeting are notes under the contract in force (not paid, not errors).
    assert_eq!(o.stdout, format!("{HEADER}001,2025-10,MFOF,inps-ccni-2025,1,240,4.00,4.625,18.50\n"));
    assert!(
        o.stderr.contains("1 payroll rows for 1 employees, total 18.50 €; anomalies: 0 errors, 0 warnings, 2 notes"),
        "{}",
        o.stderr
    );
    // The scenario pays the meeting.
    let o = compute(&data, &["--ruleset", "scenario-remote-2025"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.ends_with("001,2025-10,MFOF-WEB,scenario-remote-2025,1,30,0.50,4.625,2.31\n"), "{}", o.stdout);
    // --quiet silences the summary, not the result.
    let o = compute(&data, &["--quiet"]);
    assert_eq!((o.code, o.stderr.as_str()), (0, ""));
    assert!(o.stdout.starts_with(HEADER));
}

#[test]
fn exit_1_when_rows_are_reported_and_results_are_still_written() {
    let att = format!("{CLEAN_ATT}999,2025-10-07,08:00,14:00,presence,PRES\n");
    let data = Tmp::data("exit1", STAFF, &att, SESSIONS);
    let o = compute(&data, &[]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains("001,2025-10,MFOF,inps-ccni-2025,1,240"), "{}", o.stdout);
    let warning = o.stderr.lines().find(|l| l.contains("UNKNOWN_EMPLOYEE")).expect("the warning is listed");
    assert!(warning.starts_with("warning ") && warning.contains("attendance.csv:6 999 2025-10-07"), "{warning}");

    let out = Tmp::new("exit1-out");
    let o = compute(&data, &["--out", &out.s("payroll.csv"), "--anomalies", &out.s("anomalies.csv")]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    assert!(out.read("payroll.csv").starts_with(HEADER));
    let an = out.read("anomalies.csv");
    assert!(an.starts_with("severity,source,line,employee_id,employee_name,date,code,message,what_to_do\n"), "{an}");
    // An id not in the register has no name.
    assert!(an.contains(",6,999,,2025-10-07,UNKNOWN_EMPLOYEE,"), "{an}");
    assert!(an.contains("KIND_NOT_QUALIFYING"), "notes go to the file too: {an}");
    // With an anomalies file, warnings are not repeated on standard error.
    assert!(!o.stderr.contains("UNKNOWN_EMPLOYEE") && o.stderr.contains("anomalies.csv"), "{}", o.stderr);
}

/// Runs a command that must fail with exit code 2 and write nothing to `--out` or
/// `--anomalies`; returns its standard error.
fn fails_with_2(name: &str, args: &[&str]) -> String {
    let out = Tmp::new(name);
    let (payroll, anomalies) = (out.s("payroll.csv"), out.s("anomalies.csv"));
    let mut all: Vec<&str> = args.to_vec();
    all.extend_from_slice(&["--out", &payroll, "--anomalies", &anomalies]);
    let o = sportello(&all);
    assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
    assert_eq!(o.stdout, "", "{args:?}");
    assert!(!Path::new(&payroll).exists(), "{args:?}: the payroll file was written");
    assert!(!Path::new(&anomalies).exists(), "{args:?}: the anomalies file was written");
    assert!(!o.stderr.trim().is_empty());
    o.stderr
}

#[test]
fn exit_2_for_a_missing_column_and_nothing_is_written() {
    let att = CLEAN_ATT.replace(",kind,", ",type,");
    let data = Tmp::data("missing-column", STAFF, &att, SESSIONS);
    let err = fails_with_2("missing-column-out", &["compute", "--month", "2025-10", "--data", &data.s("")]);
    assert!(err.contains(&format!("{}: line 1: missing column \"kind\"", data.s("attendance.csv"))), "{err}");
    assert!(err.contains("\"type\""), "the message lists the columns found: {err}");
    let ses = SESSIONS.replace("join,", "joined,");
    let data = Tmp::data("missing-column-teams", STAFF, CLEAN_ATT, &ses);
    let err = fails_with_2("missing-column-teams-out", &["compute", "--month", "2025-10", "--data", &data.s("")]);
    assert!(err.contains("sessions.csv: line 1: missing column \"join\""), "{err}");
}

#[test]
fn exit_2_for_an_unreadable_file() {
    let data = Tmp::data("unreadable", STAFF, CLEAN_ATT, SESSIONS);
    let missing = data.s("no-such-staff.csv");
    let args = ["compute", "--month", "2025-10", "--staff", &missing, "--attendance", &data.s("attendance.csv")];
    let err = fails_with_2("unreadable-out", &args);
    assert!(err.contains(&format!("{missing}: cannot read")), "{err}");
    // Bytes that are not text in a supported encoding.
    data.write("attendance.csv", &[0x50, 0x4B, 0x03, 0x04, 0xff, 0x00, 0x80, 0x81]);
    let err = fails_with_2("unreadable-out2", &["compute", "--month", "2025-10", "--data", &data.s("")]);
    assert!(err.contains("attendance.csv") && err.contains("UTF"), "{err}");
}

#[test]
fn exit_2_for_a_bad_month_or_an_unknown_rule_set_or_missing_inputs() {
    let data = Tmp::data("usage", STAFF, CLEAN_ATT, SESSIONS);
    let dir = data.s("");
    let err = fails_with_2("usage-month", &["compute", "--month", "2025-13", "--data", &dir]);
    assert!(err.contains("--month") && err.contains("2025-13"), "{err}");
    let err = fails_with_2("usage-month2", &["compute", "--month", "10/2025", "--data", &dir]);
    assert!(err.contains("YYYY-MM"), "{err}");
    let err = fails_with_2("usage-ruleset", &["compute", "--month", "2025-10", "--data", &dir, "--ruleset", "nope"]);
    assert!(err.contains("--ruleset: no rule set \"nope\"") && err.contains("scenario-remote-2025"), "{err}");
    let err = fails_with_2("usage-inputs", &["compute", "--month", "2025-10"]);
    assert!(err.contains("--data"), "{err}");
    fails_with_2("usage-nomonth", &["compute", "--data", &dir]);
    fails_with_2("usage-both", &["compute", "--month", "2025-10", "--data", &dir, "--staff", &data.s("staff.csv")]);
}

#[test]
fn exit_2_for_a_bad_rule_folder() {
    let data = Tmp::data("bad-rules", STAFF, CLEAN_ATT, SESSIONS);
    let rules = Tmp::new("bad-rules-dir");
    rules.write("x.toml", b"schema = 1\nid = \"x\"\ntitle = \"t\"\nstatus = \"in_force\"\nbogus = 3\n");
    let dir = data.s("");
    let err =
        fails_with_2("bad-rules-out", &["compute", "--month", "2025-10", "--data", &dir, "--rules", &rules.s("")]);
    assert!(err.contains(&format!("{}:5:1: unknown field `bogus`", rules.s("x.toml"))), "{err}");
    let empty = Tmp::new("empty-rules-dir");
    let err =
        fails_with_2("empty-rules-out", &["compute", "--month", "2025-10", "--data", &dir, "--rules", &empty.s("")]);
    assert!(err.contains("no rule file"), "{err}");
    let gone = empty.s("gone");
    let err = fails_with_2("gone-rules-out", &["compute", "--month", "2025-10", "--data", &dir, "--rules", &gone]);
    assert!(err.contains("gone"), "{err}");
}

#[test]
fn exit_2_when_the_anomalies_file_cannot_be_created_and_nothing_is_written() {
    let data = Tmp::data("anomalies-unwritable", STAFF, CLEAN_ATT, SESSIONS);
    let out = Tmp::new("anomalies-unwritable-out");
    let o = compute(&data, &["--out", &out.s("payroll.csv"), "--anomalies", &out.s("no/such/dir/anomalies.csv")]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("anomalies.csv"), "{}", o.stderr);
    assert!(!out.path("payroll.csv").exists(), "payroll.csv was written by a run that failed");
}

// ---------------------------------------------------------------------------------------------
// Messages name the file, the line and the field.

/// The first line of standard error about `code`.
fn line_about(o: &Out, code: &str) -> String {
    o.stderr.lines().find(|l| l.contains(code)).unwrap_or_else(|| panic!("no {code} in:\n{}", o.stderr)).to_string()
}

#[test]
fn bad_rows_are_reported_with_file_line_and_field() {
    let att = "employee_id,date,start,end,kind,code\n\
               001,2025-10-06,08:00,14:00,presence,PRES\n\
               001,2025-10-32,08:30,12:30,front_office,MFOF\n\
               001,2025-10-07,14:00,08:00,presence,PRES\n\
               042,2025-10-07,08:00,14:00,presence,PRES\n\
               001,2025-10-08,8h,14:00,presence,PRES\n";
    let staff = format!("{STAFF}001,Mario Rossi,RM02,,,18.50,\n");
    let data = Tmp::data("messages", &staff, att, SESSIONS);
    let o = compute(&data, &[]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let (att_file, staff_file) = (data.s("attendance.csv"), data.s("staff.csv"));
    let date = line_about(&o, "BAD_VALUE: field \"date\"");
    assert!(date.contains(&format!("{att_file}:3 ")) && date.contains("2025-10-32"), "{date}");
    let end = line_about(&o, "END_BEFORE_START");
    assert!(end.contains(&format!("{att_file}:4 ")) && end.contains("field \"end\""), "{end}");
    let time = line_about(&o, "field \"start\"");
    assert!(time.contains(&format!("{att_file}:6 ")) && time.contains("8h"), "{time}");
    let dup = o
        .stderr
        .lines()
        .find(|l| l.contains("DUPLICATE_EMPLOYEE") && l.contains(&staff_file))
        .unwrap_or_else(|| panic!("{}", o.stderr));
    assert!(
        dup.contains(&format!("{staff_file}:3 ")) && dup.contains("field \"employee_id\"") && dup.contains("line 2"),
        "{dup}"
    );
    // The unknown employee is on line 5; the duplicated id leaves 001 out entirely.
    let unknown = line_about(&o, "UNKNOWN_EMPLOYEE");
    assert!(unknown.contains(&format!("{att_file}:5 ")) && unknown.contains("field \"employee_id\""), "{unknown}");
    assert_eq!(o.stdout, HEADER);
}

#[test]
fn bad_rule_files_are_reported_with_file_line_and_column() {
    let rules = Tmp::new("rules-messages");
    let good = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/inps-ccni-2025.toml"))
        .expect("the shipped rule file");
    rules.write("inps-ccni-2025.toml", good.as_bytes());
    let bad = good
        .replace("id = \"inps-ccni-2025\"", "id = \"other\"")
        .replace("from = 2025-01-01", "from = 2026-01-01\nto = 2025-12-31")
        .replace("clip_to = \"presence\"", "clip_to = \"presence\"\nclipped = true");
    rules.write("other.toml", bad.as_bytes());
    let o = sportello(&["rules", "check", &rules.s("")]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    let other = rules.s("other.toml");
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(o.stderr.contains(&format!("{other}:{}:1: unknown field `clipped`", line_of("clipped"))), "{}", o.stderr);
    assert!(o.stderr.contains("mistake(s)"), "{}", o.stderr);
    // Fixed unknown key: the dates are next, with their position.
    rules.write("other.toml", bad.replace("\nclipped = true", "").as_bytes());
    let o = sportello(&["rules", "check", &rules.s("")]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains(&format!(
            "{other}:{}:6: [validity]: to: 2025-12-31 is before from 2026-01-01",
            line_of("to = 2025")
        )),
        "{}",
        o.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// The rule commands.

#[test]
fn rules_check_accepts_the_shipped_rules_and_a_good_folder() {
    let o = sportello(&["rules", "check"]);
    assert_eq!((o.code, o.stdout.as_str()), (0, "built-in rules: 3 rule set(s), no mistakes\n"), "{}", o.stderr);
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let o = sportello(&["rules", "check", &shipped.to_string_lossy()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.ends_with(": 3 rule set(s), no mistakes\n"), "{}", o.stdout);
}

#[test]
fn rules_list_shows_every_set_with_its_status_validity_terms_and_provisional_marks() {
    let o = sportello(&["rules", "list"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let s = &o.stdout;
    for needle in [
        "inps-ccni-2024  [in_force]  2024-01-01 – 2024-12-31",
        "inps-ccni-2025  [in_force]  2025-01-01 – open",
        "scenario-remote-2025  [scenario]  2025-07-01 – open",
        "extends inps-ccni-2025",
        "in person: item MFOF, kinds front_office, appointment, specialist, clipped to presence",
        "in person: item MFOF, kinds front_office, appointment, clipped to presence",
        "remote: not recognised",
        "remote: item MFOF-WEB, roles organizer, presenter, rejoin tolerance 120 s, minimum 60 s, clipped to working_time",
        "rate: 20% of the hourly base",
        "rate: 25% of the hourly base",
        "PROVISIONAL [rate]",
        "PROVISIONAL [validity]",
        "PROVISIONAL [remote]: The payroll code MFOF-WEB is a placeholder",
    ] {
        assert!(s.contains(needle), "missing {needle:?} in:\n{s}");
    }
    // In id order.
    let pos = |id: &str| s.find(&format!("{id}  [")).unwrap();
    assert!(pos("inps-ccni-2024") < pos("inps-ccni-2025") && pos("inps-ccni-2025") < pos("scenario-remote-2025"));
}

// ---------------------------------------------------------------------------------------------
// Formats and flags.

#[test]
fn json_output_parses_and_matches_the_csv() {
    let data = Tmp::data("json", STAFF, CLEAN_ATT, SESSIONS);
    let csv = compute(&data, &["--ruleset", "scenario-remote-2025"]);
    let json = compute(&data, &["--ruleset", "scenario-remote-2025", "--format", "json"]);
    assert_eq!(json.code, csv.code);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap_or_else(|e| panic!("{e}: {}", json.stdout));
    let rows = v.as_array().expect("an array of rows");
    let lines: Vec<&str> = csv.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), lines.len());
    for (row, line) in rows.iter().zip(lines) {
        let cells: Vec<&str> = line.split(',').collect();
        let s = |k: &str| row[k].as_str().map(str::to_string).unwrap_or_else(|| row[k].to_string());
        let from_json: Vec<String> = HEADER.trim_end().split(',').map(s).collect();
        assert_eq!(from_json, cells);
        assert!(row["amount_eur"].is_string() && row["rate_eur_per_hour"].is_string(), "money stays exact: {row}");
    }
    let table = compute(&data, &["--ruleset", "scenario-remote-2025", "--format", "table", "--lang", "en"]);
    assert!(table.stdout.ends_with("2 rows, total 20.81 €\n"), "{}", table.stdout);
}

#[test]
fn data_is_a_shortcut_for_the_three_input_flags() {
    let data =
        Tmp::data("shortcut", STAFF, &format!("{CLEAN_ATT}999,2025-10-07,08:00,14:00,presence,PRES\n"), SESSIONS);
    let out = Tmp::new("shortcut-out");
    let short = compute(&data, &["--ruleset", "scenario-remote-2025", "--anomalies", &out.s("a.csv")]);
    let (staff, att, teams) = (data.s("staff.csv"), data.s("attendance.csv"), data.s("teams"));
    let long = sportello(&[
        "compute",
        "--month",
        "2025-10",
        "--staff",
        &staff,
        "--attendance",
        &att,
        "--teams",
        &teams,
        "--ruleset",
        "scenario-remote-2025",
        "--anomalies",
        &out.s("b.csv"),
    ]);
    assert_eq!((short.code, &short.stdout), (long.code, &long.stdout));
    assert!(short.stdout.contains("MFOF-WEB"), "the teams folder was read: {}", short.stdout);
    assert_eq!(out.read("a.csv"), out.read("b.csv"));
}

// ---------------------------------------------------------------------------------------------
// A closed pipe.

/// Runs with standard output a pipe closed before anything is written.
fn with_closed_stdout(args: &[&str]) -> (i32, String) {
    let mut child = crate::common::in_english(Command::new(BIN).args(args))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sportello");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("wait for sportello");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// A data folder with more output than a pipe holds, so that writing fails whatever the
/// timing; and with a warning, so that the exit code would otherwise be 1.
fn big_month(name: &str) -> Tmp {
    let mut staff = String::from(STAFF);
    let mut att = String::from(CLEAN_ATT);
    for i in 0..1500 {
        staff.push_str(&format!("9{i:05},Persona {i},RM01,,,18.50,\n"));
        att.push_str(&format!(
            "9{i:05},2025-10-06,08:00,14:00,presence,PRES\n9{i:05},2025-10-06,09:00,10:00,front_office,MFOF\n"
        ));
    }
    att.push_str("999,2025-10-07,08:00,14:00,presence,PRES\n");
    Tmp::data(name, &staff, &att, SESSIONS)
}

#[test]
fn a_closed_pipe_exits_0_without_a_panic() {
    let data = big_month("pipe");
    let dir = data.s("");
    for format in ["json", "table"] {
        let (code, stderr) = with_closed_stdout(&["compute", "--month", "2025-10", "--data", &dir, "--format", format]);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(code, 0, "{format}: {stderr}");
    }
}

#[test]
fn a_closed_pipe_exits_0_with_the_csv_format_too() {
    let data = big_month("pipe-csv");
    let (code, stderr) = with_closed_stdout(&["compute", "--month", "2025-10", "--data", &data.s("")]);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn rules_commands_on_a_closed_pipe_exit_0_without_a_panic() {
    for args in [&["rules", "list"][..], &["rules", "check"][..]] {
        let (code, stderr) = with_closed_stdout(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }
}

// ---------------------------------------------------------------------------------------------
// Citizens' privacy and formula injection.

#[test]
fn a_hostile_citizen_name_never_comes_out() {
    let evil = "\"=HYPERLINK(\"\"http://evil\"\")\"";
    let sessions = format!(
        "meeting_id,participant,upn,role,join,leave\n\
         m1,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n\
         m1,{evil},evil@evil.example,attendee,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n\
         m1,{evil},evil@evil.example,guest,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n\
         m1,{evil},evil@evil.example,attendee,2025-10-07T09:40:00+02:00,2025-10-07T09:35:00+02:00\n\
         m1,{evil},evil@evil.example,attendee,2025-10-07 09:00,2025-10-07T09:35:00+02:00\n\
         m1,{evil},evil@evil.example,attendee,2025-10-07T09:40:00+02:00,2025-10-07T09:40:00+02:00\n\
         m2,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T19:00:00+02:00,2025-10-07T19:30:00+02:00\n\
         m2,{evil},,attendee,2025-10-07T19:00:00+02:00,2025-10-07T19:00:30+02:00\n\
         m3,Maria Rossi,m.rossi@inps.it,organizer,2025-09-07T19:00:00+02:00,2025-09-07T19:30:00+02:00\n\
         m3,{evil},,attendee,2025-09-07T19:00:00+02:00,2025-09-07T19:30:00+02:00\n\
         m4,Maria Rossi,m.rossi@inps.it,attendee,2025-10-08T10:00:00+02:00,2025-10-08T10:30:00+02:00\n\
         m4,{evil},,presenter,2025-10-08T10:00:00+02:00,2025-10-08T10:30:00+02:00\n"
    );
    let att = "employee_id,date,start,end,kind,code\n001,2025-10-07,08:00,14:00,presence,PRES\n";
    let data = Tmp::data("hostile", STAFF, att, &sessions);
    let out = Tmp::new("hostile-out");
    for ruleset in ["inps-ccni-2025", "scenario-remote-2025"] {
        for format in ["csv", "json", "table"] {
            let o = compute(&data, &["--ruleset", ruleset, "--format", format]);
            assert_eq!(o.code, 1, "{}", o.stderr);
            for text in [&o.stdout, &o.stderr] {
                assert!(!text.contains("HYPERLINK") && !text.contains("evil"), "{ruleset} {format}:\n{text}");
            }
        }
        let o = compute(&data, &["--ruleset", ruleset, "--anomalies", &out.s("anomalies.csv")]);
        let an = out.read("anomalies.csv");
        assert!(an.lines().count() > 5, "the hostile rows are reported: {an}");
        assert!(!an.contains("HYPERLINK") && !an.contains("evil"), "{an}");
        assert!(!o.stderr.contains("HYPERLINK") && !o.stderr.contains("evil"), "{}", o.stderr);
    }
}

#[test]
fn text_cells_that_look_like_formulas_are_neutralised_in_the_anomalies_file() {
    let att = "employee_id,date,start,end,kind,code\n\
               =1+1,2025-10-07,08:00,14:00,presence,PRES\n\
               @SUM(A1),2025-10-07,08:00,14:00,presence,PRES\n";
    let data = Tmp::data("formula", STAFF, att, SESSIONS);
    let out = Tmp::new("formula-out");
    let o = compute(&data, &["--anomalies", &out.s("anomalies.csv")]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let an = out.read("anomalies.csv");
    for l in an.lines().skip(1) {
        for cell in l.split(',') {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "a formula cell: {cell} in {l}");
        }
    }
    assert!(an.contains(",'=1+1,") && an.contains(",'@SUM(A1),"), "{an}");
}
