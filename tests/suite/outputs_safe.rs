//! Outputs that never harm inputs (the issue "Nothing lost, nothing overwritten"): an output
//! that is an input or another output under any spelling is refused with exit 2 before anything
//! is written; the outputs of a run are committed together or not at all, through temporary
//! files no one can plant; a closed standard output still commits the named files; a missing
//! `--data` or `--teams` is exit 2. Everything through the binary, each test in its own folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_sportello");

pub const STAFF: &str = "employee_id,full_name,office,teams_upn,part_time_pct,hourly_base_eur,monthly_base_eur\n\
                         001,Maria Rossi,RM01,m.rossi@inps.it,,18.50,\n";
/// A clean month with one warning (an unknown employee), so that a run exits 1.
pub const ATT: &str = "employee_id,date,start,end,kind,code\n\
                       001,2025-10-06,08:00,14:00,presence,PRES\n\
                       001,2025-10-06,08:30,12:30,front_office,MFOF\n\
                       999,2025-10-07,08:00,14:00,presence,PRES\n";
pub const SESSIONS: &str = "meeting_id,participant,upn,role,join,leave\n\
                            m1,Maria Rossi,m.rossi@inps.it,organizer,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n\
                            m1,Cittadino Uno,,attendee,2025-10-07T09:00:00+02:00,2025-10-07T09:30:00+02:00\n";

/// A temporary folder, removed when dropped.
pub struct Tmp(pub PathBuf);

impl Tmp {
    pub fn new(name: &str) -> Tmp {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sportello-safe-{}-{}-{name}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        Tmp(dir)
    }

    /// A data folder `data/` inside a fresh folder: staff.csv, attendance.csv, teams/sessions.csv.
    pub fn data(name: &str, staff: &str, attendance: &str) -> Tmp {
        let t = Tmp::new(name);
        t.write("data/staff.csv", staff.as_bytes());
        t.write("data/attendance.csv", attendance.as_bytes());
        t.write("data/teams/sessions.csv", SESSIONS.as_bytes());
        t
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("create folders");
        std::fs::write(p, bytes).expect("write a test file");
    }

    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The names in a folder of this one, sorted.
    pub fn names(&self, rel: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
            .map(|e| e.expect("a folder entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs sportello in the folder `cwd`.
pub fn sportello_in(cwd: &Path, args: &[&str]) -> Out {
    let o = crate::common::in_english(Command::new(BIN).current_dir(cwd).args(args)).output().expect("run sportello");
    let out = Out {
        code: o.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(!out.stderr.contains("panicked"), "sportello {args:?} panicked:\n{}", out.stderr);
    out
}

/// `compute --month 2025-10 --data data` in the folder, with more arguments.
fn compute_in(t: &Tmp, extra: &[&str]) -> Out {
    let mut args = vec!["compute", "--month", "2025-10", "--data", "data"];
    args.extend_from_slice(extra);
    sportello_in(&t.0, &args)
}

/// Every file of the folder tree, with its bytes (symlinks as `-> target`), to compare before
/// and after a run.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read a folder") {
            let p = entry.expect("an entry").path();
            let meta = std::fs::symlink_metadata(&p).expect("metadata");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).expect("a link");
                out.push((p, format!("-> {}", target.display()).into_bytes()));
            } else if meta.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).expect("read a file");
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// Asserts that a run exited 2, said `needle`, and left every file of the folder as it was.
fn refused_and_untouched(t: &Tmp, args: &[&str], needle: &str) -> Out {
    let before = snapshot(&t.0);
    let o = sportello_in(&t.0, args);
    assert_eq!(o.code, 2, "{args:?} must be refused:\n{}", o.stderr);
    assert!(o.stderr.contains(needle), "{args:?}: the message should say {needle:?}:\n{}", o.stderr);
    assert_eq!(o.stdout, "", "{args:?}: nothing on standard output");
    let after = snapshot(&t.0);
    assert_eq!(before, after, "{args:?}: a file of the folder changed (or one was added)");
    o
}

// ---------------------------------------------------------------------------------------------
// An output that is an input.

#[test]
fn out_naming_the_attendance_file_by_another_spelling_is_refused() {
    let t = Tmp::data("spelling", STAFF, ATT);
    t.write("data/x/keep.txt", b"x");
    let o = refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--out", "./data/x/../attendance.csv"],
        "same file",
    );
    assert!(o.stderr.contains("--out ./data/x/../attendance.csv"), "names the output as given: {}", o.stderr);
    assert!(o.stderr.contains("attendance.csv"), "{}", o.stderr);
    // The staff file, as --anomalies, by its own name.
    refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--anomalies", "data/staff.csv"],
        "same file",
    );
    // A Teams file inside the Teams folder.
    refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--out", "data/teams/./sessions.csv"],
        "same file",
    );
}

#[cfg(unix)]
#[test]
fn out_naming_an_input_through_a_symlink_or_a_hard_link_is_refused() {
    let t = Tmp::data("links", STAFF, ATT);
    std::os::unix::fs::symlink(t.path("data/attendance.csv"), t.path("link.csv")).expect("a symlink");
    std::fs::hard_link(t.path("data/attendance.csv"), t.path("hard.csv")).expect("a hard link");
    let o = refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--out", "link.csv"],
        "same file",
    );
    assert!(o.stderr.contains("link.csv"), "{}", o.stderr);
    refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--anomalies", "hard.csv"],
        "same file",
    );
    // A symlinked folder around the input.
    std::os::unix::fs::symlink(t.path("data"), t.path("alias")).expect("a symlink to the folder");
    refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--out", "alias/attendance.csv"],
        "same file",
    );
    assert!(std::fs::symlink_metadata(t.path("link.csv")).expect("the link").file_type().is_symlink());
}

#[test]
fn every_command_refuses_an_output_that_is_one_of_its_inputs() {
    let t = Tmp::data("commands", STAFF, ATT);
    t.write("paid.csv", b"employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n");
    t.write("root/2025-10/staff.csv", STAFF.as_bytes());
    t.write("root/2025-10/attendance.csv", ATT.as_bytes());
    t.write("root/2025-10/teams/sessions.csv", SESSIONS.as_bytes());
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for f in std::fs::read_dir(&shipped).expect("the shipped rules") {
        let p = f.expect("an entry").path();
        if p.extension().is_some_and(|x| x == "toml") {
            let name = p.file_name().expect("a name").to_string_lossy().into_owned();
            t.write(&format!("rules/{name}"), &std::fs::read(&p).expect("a rule file"));
        }
    }
    let data = ["--month", "2025-10", "--data", "data"];
    let cases: Vec<Vec<&str>> = vec![
        [&["compute"][..], &data, &["--rules", "rules", "--out", "rules/inps-ccni-2025.toml"]].concat(),
        [&["compute"][..], &data, &["--teams", "data/teams/sessions.csv", "--anomalies", "data/teams/sessions.csv"]]
            .concat(),
        [&["explain", "--employee", "001"][..], &data, &["--out", "data/staff.csv"]].concat(),
        [&["compare"][..], &data, &["--vs", "scenario-remote-2025", "--out", "data/attendance.csv"]].concat(),
        [&["compare"][..], &data, &["--vs", "scenario-remote-2025", "--anomalies", "data/teams/sessions.csv"]].concat(),
        vec![
            "arrears",
            "--from",
            "2025-10",
            "--to",
            "2025-10",
            "--data-root",
            "root",
            "--paid",
            "paid.csv",
            "--out",
            "paid.csv",
        ],
        vec![
            "arrears",
            "--from",
            "2025-10",
            "--to",
            "2025-10",
            "--data-root",
            "root",
            "--paid",
            "paid.csv",
            "--anomalies",
            "root/2025-10/attendance.csv",
        ],
        vec!["teams", "normalize", "data/teams", "--out", "data/teams/sessions.csv"],
        vec!["teams", "normalize", "data/teams", "--staff", "data/staff.csv", "--anomalies", "./data/staff.csv"],
    ];
    for args in cases {
        refused_and_untouched(&t, &args, "same file");
    }
}

#[test]
fn teams_normalize_onto_its_own_input_is_refused() {
    let t = Tmp::new("normalize-self");
    t.write("x.csv", SESSIONS.as_bytes());
    refused_and_untouched(&t, &["teams", "normalize", "x.csv", "--out", "x.csv"], "same file");
}

// ---------------------------------------------------------------------------------------------
// Two outputs that are one file.

#[test]
fn out_and_anomalies_naming_one_file_are_refused_and_nothing_is_written() {
    let t = Tmp::data("two-spellings", STAFF, ATT);
    t.write("out/keep.txt", b"keep");
    // A file that does not exist yet, named twice.
    let o = refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--out", "out/r.csv", "--anomalies", "./out/../out/r.csv"],
        "same file",
    );
    assert!(
        o.stderr.contains("--out out/r.csv") && o.stderr.contains("--anomalies ./out/../out/r.csv"),
        "{}",
        o.stderr
    );
    assert!(!t.path("out/r.csv").exists());
    // An existing file keeps its content.
    t.write("out/r.csv", b"last month's payroll\n");
    refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--out", "out/r.csv", "--anomalies", "out//r.csv"],
        "same file",
    );
    assert_eq!(t.bytes("out/r.csv"), b"last month's payroll\n");
}

/// `scripts/perf.sh` runs with `--out /dev/null --anomalies /dev/null`: a device is written in
/// place, never renamed over (as root, a rename would replace /dev/null with a file).
#[cfg(unix)]
#[test]
fn the_same_device_may_be_named_twice() {
    use std::os::unix::fs::FileTypeExt;
    if !Path::new("/dev/null").exists() {
        return;
    }
    let t = Tmp::data("dev-null", STAFF, ATT);
    let o = compute_in(&t, &["--out", "/dev/null", "--anomalies", "/dev/null"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    assert!(std::fs::symlink_metadata("/dev/null").expect("/dev/null").file_type().is_char_device());
}

// ---------------------------------------------------------------------------------------------
// Temporary files no one can plant.

#[cfg(unix)]
#[test]
fn a_planted_symlink_in_the_output_folder_is_never_followed() {
    let t = Tmp::data("planted", STAFF, ATT);
    t.write("victim.txt", b"precious\n");
    t.write("out/payroll.csv", b"old payroll\n");
    let victim = t.path("victim.txt");
    // The old predictable names, and a few others.
    let planted = [
        ".payroll.csv.sportello-tmp",
        ".anomalies.csv.sportello-tmp",
        ".sportello-tmp",
        "payroll.csv.tmp",
        ".sportello-",
    ];
    for name in planted {
        std::os::unix::fs::symlink(&victim, t.path(&format!("out/{name}"))).expect("plant a symlink");
    }
    let o = compute_in(&t, &["--out", "out/payroll.csv", "--anomalies", "out/anomalies.csv"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(t.bytes("victim.txt"), b"precious\n", "the symlink's target was written");
    for name in planted {
        let p = t.path(&format!("out/{name}"));
        assert_eq!(std::fs::read_link(&p).expect("the planted link is still there"), victim);
    }
    for name in ["payroll.csv", "anomalies.csv"] {
        let meta = std::fs::symlink_metadata(t.path(&format!("out/{name}"))).expect("the output");
        assert!(meta.file_type().is_file(), "{name} must be a regular file, not a symlink");
    }
    assert!(String::from_utf8_lossy(&t.bytes("out/payroll.csv")).starts_with("employee_id,month,"));
    let mut expected: Vec<String> = planted.iter().map(|s| s.to_string()).collect();
    expected.extend(["anomalies.csv".to_string(), "payroll.csv".to_string()]);
    expected.sort();
    assert_eq!(t.names("out"), expected, "no temporary file is left");
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symlink_to_another_file_is_replaced_not_followed() {
    let t = Tmp::data("output-link", STAFF, ATT);
    t.write("elsewhere.csv", b"not an input\n");
    std::os::unix::fs::symlink(t.path("elsewhere.csv"), t.path("payroll.csv")).expect("a symlink");
    let o = compute_in(&t, &["--out", "payroll.csv"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    // The link is replaced by the payroll file; the file it pointed to is untouched.
    assert!(std::fs::symlink_metadata(t.path("payroll.csv")).expect("payroll").file_type().is_file());
    assert!(String::from_utf8_lossy(&t.bytes("payroll.csv")).starts_with("employee_id,month,"));
    assert_eq!(t.bytes("elsewhere.csv"), b"not an input\n");
}

// ---------------------------------------------------------------------------------------------
// All outputs or none.

#[test]
fn when_one_output_cannot_be_created_the_other_is_not_replaced() {
    let t = Tmp::data("one-fails", STAFF, ATT);
    t.write("out/payroll.csv", b"old payroll\n");
    t.write("blocker", b"a file where a folder should be\n");
    for (out, anomalies) in [("out/payroll.csv", "blocker/anomalies.csv"), ("blocker/payroll.csv", "out/payroll.csv")] {
        let o = compute_in(&t, &["--out", out, "--anomalies", anomalies]);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("blocker"), "{}", o.stderr);
        assert_eq!(t.bytes("out/payroll.csv"), b"old payroll\n");
        assert_eq!(t.names("out"), ["payroll.csv"], "no temporary file is left");
        assert_eq!(t.names(""), ["blocker", "data", "out"]);
    }
}

/// Writing to /dev/full fails with "no space left" whoever runs it (root included): the other
/// output, complete and ready, must not replace its destination either.
#[cfg(target_os = "linux")]
#[test]
fn when_one_output_cannot_be_written_the_other_is_not_replaced() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let t = Tmp::data("full", STAFF, ATT);
    t.write("out/payroll.csv", b"old payroll\n");
    t.write("out/anomalies.csv", b"old anomalies\n");
    for (out, anomalies) in [("out/payroll.csv", "/dev/full"), ("/dev/full", "out/anomalies.csv")] {
        let o = compute_in(&t, &["--out", out, "--anomalies", anomalies]);
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("/dev/full"), "{}", o.stderr);
        assert_eq!(t.bytes("out/payroll.csv"), b"old payroll\n");
        assert_eq!(t.bytes("out/anomalies.csv"), b"old anomalies\n");
        assert_eq!(t.names("out"), ["anomalies.csv", "payroll.csv"], "no temporary file is left");
    }
}

// ---------------------------------------------------------------------------------------------
// A closed standard output or standard error.

/// More payroll rows than a pipe holds, so that writing standard output fails whatever the
/// timing; and a warning, so that the run's exit code is 1.
fn big_month(name: &str) -> Tmp {
    let mut staff = String::from(STAFF);
    let mut att = String::from(ATT);
    for i in 0..1500 {
        staff.push_str(&format!("9{i:05},Persona {i},RM01,,,18.50,\n"));
        att.push_str(&format!(
            "9{i:05},2025-10-06,08:00,14:00,presence,PRES\n9{i:05},2025-10-06,09:00,10:00,front_office,MFOF\n"
        ));
    }
    Tmp::data(name, &staff, &att)
}

/// Runs with standard output, standard error or both pipes closed before anything is written.
fn with_closed(t: &Tmp, args: &[&str], stdout: bool, stderr: bool) -> (i32, String) {
    let mut child = Command::new(BIN)
        .current_dir(&t.0)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sportello");
    if stdout {
        drop(child.stdout.take());
    }
    if stderr {
        drop(child.stderr.take());
    }
    let o = child.wait_with_output().expect("wait for sportello");
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn a_closed_standard_output_still_commits_the_named_files() {
    let t = big_month("closed-stdout");
    let args = ["compute", "--month", "2025-10", "--data", "data", "--anomalies", "anomalies.csv"];
    let (code, stderr) = with_closed(&t, &args, true, false);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, 1, "the run's exit code (a warning): {stderr}");
    let an = String::from_utf8_lossy(&t.bytes("anomalies.csv")).into_owned();
    assert!(an.contains("UNKNOWN_EMPLOYEE"), "{an}");
    assert_eq!(t.names(""), ["anomalies.csv", "data"], "no temporary file is left");
    // Through a shell, as users write it.
    if Path::new("/bin/sh").exists() {
        std::fs::remove_file(t.path("anomalies.csv")).expect("remove");
        let o = Command::new("/bin/sh")
            .current_dir(&t.0)
            .args(["-c", &format!("'{BIN}' compute --month 2025-10 --data data --anomalies a.csv | head -c0")])
            .output()
            .expect("run sh");
        assert!(o.status.success());
        assert!(String::from_utf8_lossy(&t.bytes("a.csv")).contains("UNKNOWN_EMPLOYEE"));
    }
}

#[test]
fn a_closed_standard_error_is_no_panic_and_the_files_are_written() {
    let t = big_month("closed-stderr");
    let args = ["compute", "--month", "2025-10", "--data", "data", "--out", "p.csv", "--anomalies", "a.csv"];
    let (code, _) = with_closed(&t, &args, false, true);
    assert_eq!(code, 1, "the run's exit code, not a panic's (101)");
    assert!(String::from_utf8_lossy(&t.bytes("p.csv")).starts_with("employee_id,month,"));
    // Both closed, and the lines listed on standard error (no --anomalies).
    let (code, _) = with_closed(&t, &["compute", "--month", "2025-10", "--data", "data", "--out", "q.csv"], true, true);
    assert_eq!(code, 1);
    assert!(String::from_utf8_lossy(&t.bytes("q.csv")).starts_with("employee_id,month,"));
    // Standard output alone, closed: exit 0 as before (README "Exit codes").
    let (code, _) = with_closed(&t, &["compute", "--month", "2025-10", "--data", "data"], true, true);
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------------------------------------
// Missing inputs.

#[test]
fn a_missing_data_folder_or_teams_path_is_exit_2_naming_it() {
    let t = Tmp::data("missing", STAFF, ATT);
    let o = refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "/nonexistent/sportello", "--out", "p.csv"],
        "--data",
    );
    assert!(o.stderr.contains("/nonexistent/sportello"), "{}", o.stderr);
    let o = refused_and_untouched(
        &t,
        &["compute", "--month", "2025-10", "--data", "data", "--teams", "/nonexistent/teams", "--out", "p.csv"],
        "--teams",
    );
    assert!(o.stderr.contains("/nonexistent/teams"), "{}", o.stderr);
    let o = refused_and_untouched(
        &t,
        &[
            "compute",
            "--month",
            "2025-10",
            "--staff",
            "data/staff.csv",
            "--attendance",
            "data/attendance.csv",
            "--teams",
            "data/teams/gone.csv",
            "--anomalies",
            "a.csv",
        ],
        "data/teams/gone.csv",
    );
    assert!(o.stderr.contains("--teams"), "{}", o.stderr);
    refused_and_untouched(&t, &["teams", "normalize", "/nonexistent/teams", "--out", "p.csv"], "/nonexistent/teams");
    // A data folder without teams/ is an office without web meetings: allowed.
    std::fs::remove_dir_all(t.path("data/teams")).expect("remove teams/");
    let o = compute_in(&t, &["--out", "p.csv"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(t.path("p.csv").exists());
}
