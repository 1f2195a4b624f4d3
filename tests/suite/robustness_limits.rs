//! Inputs that could eat the machine or fake a figure are refused with a clear message.

use std::io::Write;
use std::process::Command;

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sportello-limits-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn compute(data: &std::path::Path) -> (i32, String) {
    let o = crate::common::in_english(&mut Command::new(env!("CARGO_BIN_EXE_sportello")))
        .args(["compute", "--month", "2025-10", "--data", data.to_str().unwrap(), "--anomalies"])
        .arg(data.join("an.csv"))
        .output()
        .unwrap();
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into_owned())
}

const STAFF: &str = "employee_id,full_name,teams_upn,hourly_base_eur\n001,Maria Rossi,m.rossi@inps.it,18.50\n";
const ATT: &str = "employee_id,date,start,end,kind,code\n001,2025-10-07,,,remote_work,LA\n";

#[test]
fn binary_garbage_is_refused_after_the_first_chunk() {
    let d = dir("garbage");
    std::fs::write(d.join("staff.csv"), STAFF).unwrap();
    // 8 MiB of noise (the check needs only the first chunk, whatever the size).
    let mut f = std::fs::File::create(d.join("attendance.csv")).unwrap();
    let noise: Vec<u8> = (0..(8u32 << 20)).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    f.write_all(&noise).unwrap();
    let (code, err) = compute(&d);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("attendance.csv") && err.contains("expected text in UTF-8"), "{err}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn a_line_longer_than_a_mebibyte_is_refused() {
    let d = dir("longline");
    std::fs::write(d.join("staff.csv"), STAFF).unwrap();
    let mut text = String::from(ATT);
    text.push_str(&"x".repeat(3 << 20));
    std::fs::write(d.join("attendance.csv"), text).unwrap();
    let (code, err) = compute(&d);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("attendance.csv: line 3: the line is longer than 1048576 bytes"), "{err}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn a_ten_year_connection_is_an_error_not_a_month_of_pay() {
    let d = dir("tenyears");
    std::fs::write(d.join("staff.csv"), STAFF).unwrap();
    std::fs::write(d.join("attendance.csv"), ATT).unwrap();
    std::fs::create_dir_all(d.join("teams")).unwrap();
    std::fs::write(
        d.join("teams/s.csv"),
        "meeting_id,participant,upn,role,join,leave\n\
         m1,Maria Rossi,m.rossi@inps.it,organizer,2020-01-01T00:00:00Z,2030-01-01T00:00:00Z\n\
         m1,Cittadino,,attendee,2020-01-01T00:00:00Z,2030-01-01T00:00:00Z\n",
    )
    .unwrap();
    let o = crate::common::in_english(&mut Command::new(env!("CARGO_BIN_EXE_sportello")))
        .args(["compute", "--month", "2025-10", "--ruleset", "scenario-remote-2025", "--data"])
        .arg(&d)
        .args(["--anomalies"])
        .arg(d.join("an.csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "employee_id,month,item,ruleset,days,minutes,hours,rate_eur_per_hour,amount_eur\n"
    );
    let an = std::fs::read_to_string(d.join("an.csv")).unwrap();
    assert_eq!(an.matches("more than 30 hours").count(), 2, "{an}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn a_folder_of_empty_files_is_reported_file_by_file() {
    let d = dir("empties");
    std::fs::write(d.join("staff.csv"), STAFF).unwrap();
    std::fs::write(d.join("attendance.csv"), ATT).unwrap();
    std::fs::create_dir_all(d.join("teams")).unwrap();
    for i in 0..500 {
        std::fs::write(d.join(format!("teams/empty-{i:05}.csv")), b"").unwrap();
    }
    let (code, err) = compute(&d);
    assert_eq!(code, 1, "{err}");
    let an = std::fs::read_to_string(d.join("an.csv")).unwrap();
    assert_eq!(an.matches("UNREADABLE_FILE").count(), 500);
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn no_progress_line_when_standard_error_is_not_a_terminal() {
    let o = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(["compute", "--month", "2025-10", "--data", "fixtures/demo", "--out"])
        .arg(std::env::temp_dir().join(format!("sportello-progress-{}.csv", std::process::id())))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\r') && !err.contains("computing"), "{err}");
    assert!(err.contains("payroll rows"), "the summary is still printed: {err}");
}

/// `--out /dev/null` must write into the device, never rename a temporary file over it.
#[cfg(unix)]
#[test]
fn writing_to_a_device_leaves_the_device_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let o = Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args(["compute", "--month", "2025-10", "--data", "fixtures/demo", "--quiet"])
        .args(["--out", "/dev/null", "--anomalies", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
}
